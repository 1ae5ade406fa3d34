"""Record a webhook event for every page published, unpublished or deleted.

Only pages an anonymous visitor could see produce events: a scheduled publish produces
its event when the page really goes live (``publish_scheduled``), and pages the public
may not see (``network.visibility``: under a view restriction, under an unpublished or
expired page, past their expiry date) produce none, so a receiver never learns about
private content. Deleting a page that was never published produces nothing either.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .events import record_page_event
from .models import EventType


@receiver(page_published, dispatch_uid="webhooks_page_published")
def page_was_published(sender, instance, **kwargs):
    # Wagtail sends page_published for a publish scheduled in the future too.
    if instance.live:
        record_page_event(EventType.PAGE_PUBLISHED, instance)


@receiver(page_unpublished, dispatch_uid="webhooks_page_unpublished")
def page_was_unpublished(sender, instance, **kwargs):
    record_page_event(EventType.PAGE_UNPUBLISHED, instance)


@receiver(pre_delete, sender=Page, dispatch_uid="webhooks_page_deleted")
def page_is_deleted(sender, instance, **kwargs):
    # pre_delete, because the page's URL and restrictions are gone after the delete;
    # sender=Page fires once per page of a deleted subtree.
    if instance.first_published_at is not None:
        record_page_event(EventType.PAGE_DELETED, instance)
