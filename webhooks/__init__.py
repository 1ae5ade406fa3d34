"""Signed webhooks: other channels are told when a page is published, unpublished or
deleted; events, deliveries with retries, the subscriptions editors manage."""
