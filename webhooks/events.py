"""Turning a page change into a durable ``Event`` with its ``Delivery`` rows."""

import functools
import uuid

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.models import Page

from network.public.visibility import placed_publicly_q, visible_page_q

from .models import Delivery, Event, EventType, Subscription
from .tasks import deliver_event


def page_type_label(page):
    """``app_label.ModelName`` of the page's own type, e.g. ``network.NewsPage``."""
    model = page.specific_class
    if model is None:  # a page whose model was removed from the code
        return f"{page.content_type.app_label}.{page.content_type.model}"
    return model._meta.label


# Event ids are UUID 5 names in this namespace: the same change always gets the same id.
EVENT_NAMESPACE = uuid.UUID("3f0c2a6e-6c1b-4f57-9a8e-2d6c1f1e9b40")


def event_id_for(event_type, page):
    """The event's id, derived from what happened: the action, the page and its revision
    (for an unpublish, also when it was last published), so the same change recorded
    twice (overlapping runs, a retried job) is one event, and receivers that keep the
    ids they have seen drop any duplicate."""
    if event_type == EventType.PAGE_PUBLISHED:
        parts = [page.pk, page.live_revision_id]
    elif event_type == EventType.PAGE_UNPUBLISHED:
        published = page.last_published_at.isoformat() if page.last_published_at else ""
        parts = [page.pk, page.latest_revision_id, published]
    else:
        parts = [page.pk, page.latest_revision_id]
    return uuid.uuid5(EVENT_NAMESPACE, ":".join([str(event_type), *map(str, parts)]))


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

    Returns the ``Event``, or None when no active subscription wants it, the page is
    not public (``network.public.visibility``: the root; a page under a view
    restriction or an unpublished or expired page; a page published past its expiry
    date), or the same change was already recorded (see ``event_id_for``).
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

    event_id = event_id_for(event_type, page)
    if Event.objects.filter(pk=event_id).exists():
        return None
    occurred_at = timezone.now()
    event = Event(id=event_id, type=event_type, occurred_at=occurred_at)
    event.payload = build_payload(event.id, event_type, page, occurred_at)
    event.page_id = page.pk
    event.page_type = event.payload["page"]["type"]
    event.locale = event.payload["page"]["locale"]
    event.title = page.title[:255]
    event.url = event.payload["page"]["url"][:500]
    event.translation_key = page.translation_key
    try:
        with transaction.atomic():
            event.save(force_insert=True)
            Delivery.objects.bulk_create(
                Delivery(event=event, subscription=subscription, next_attempt_at=occurred_at)
                for subscription in subscriptions
            )
    except IntegrityError:  # recorded by a concurrent run between the check and the insert
        return None

    # After the commit, so the worker sees the rows and nothing is sent for a rollback.
    transaction.on_commit(functools.partial(deliver_event.enqueue, str(event.pk)))
    return event
