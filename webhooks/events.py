"""Turning a page change into a durable ``Event`` with its ``Delivery`` rows."""

import functools

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.models import Page

from network.visibility import placed_publicly_q, visible_page_q

from .models import Delivery, Event, EventType, Subscription


def page_type_label(page):
    """``app_label.ModelName`` of the page's own type, e.g. ``network.NewsPage``."""
    model = page.specific_class
    if model is None:  # a page whose model was removed from the code
        return f"{page.content_type.app_label}.{page.content_type.model}"
    return model._meta.label


def build_payload(event_id, event_type, page, occurred_at):
    """The JSON body receivers get; its ``id`` is the idempotency key."""
    url = page.get_full_url() or ""
    api_url = None
    if event_type == EventType.PAGE_PUBLISHED and url:
        site = page.get_site()
        try:
            path = reverse("wagtailapi_v3:detail_page", args=[page.pk])
        except NoReverseMatch:  # the v3 API is not mounted
            path = None
        if site is not None and path is not None:
            api_url = site.root_url + path
    return {
        "id": str(event_id),
        "idempotency_key": str(event_id),
        "type": str(event_type),
        "created_at": occurred_at.isoformat().replace("+00:00", "Z"),
        "page": {
            "id": page.pk,
            "type": page_type_label(page),
            "locale": page.locale.language_code,
            "url": url,
            "api_url": api_url,
            "title": page.title,
            "translation_key": str(page.translation_key),
        },
    }


def publicly_known(event_type, page):
    """Whether the public may know of this change: a published page must be visible;
    an unpublished or deleted one must have been where the public could see it."""
    rule = visible_page_q() if event_type == EventType.PAGE_PUBLISHED else placed_publicly_q()
    return Page.objects.filter(rule, pk=page.pk).exists()


def record_page_event(event_type, page):
    """Store the event and its deliveries now; deliver them once the transaction commits.

    Returns the ``Event``, or None when no active subscription wants it or the page is
    not public (``network.visibility``): the root; a page under a view restriction or
    an unpublished or expired page; a page published past its expiry date.
    """
    if page.depth <= 1 or not publicly_known(event_type, page):
        return None
    subscriptions = [
        subscription
        for subscription in Subscription.objects.filter(active=True).prefetch_related("locales")
        if subscription.wants(event_type, page.locale_id)
    ]
    if not subscriptions:
        return None

    occurred_at = timezone.now()
    event = Event(type=event_type, occurred_at=occurred_at)
    event.payload = build_payload(event.id, event_type, page, occurred_at)
    event.page_id = page.pk
    event.page_type = event.payload["page"]["type"]
    event.locale = event.payload["page"]["locale"]
    event.title = page.title[:255]
    event.url = event.payload["page"]["url"][:500]
    event.translation_key = page.translation_key
    with transaction.atomic():
        event.save(force_insert=True)
        Delivery.objects.bulk_create(
            Delivery(event=event, subscription=subscription, next_attempt_at=occurred_at)
            for subscription in subscriptions
        )

    from .tasks import deliver_event

    # After the commit, so the worker sees the rows and nothing is sent for a rollback.
    transaction.on_commit(functools.partial(deliver_event.enqueue, str(event.pk)))
    return event
