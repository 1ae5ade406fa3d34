"""Sending webhook deliveries: signing, the HTTP request, retries with exponential backoff.

At-least-once, and in practice once: a delivery is marked delivered only after a 2xx;
every attempt carries the event id as idempotency key, so the rare duplicate (the
receiver answered but the answer was lost) is recognisable. Workers claim deliveries
with a short lease, under ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so any
number of ``deliver_webhooks`` runs and task workers may run at once.

Settings (environment variables of the same name, see portal/settings/base.py):
``WEBHOOK_TIMEOUT`` seconds per request, ``WEBHOOK_MAX_ATTEMPTS``,
``WEBHOOK_RETRY_BASE_DELAY`` and ``WEBHOOK_RETRY_MAX_DELAY`` seconds.
"""

import datetime
import hashlib
import hmac
import json
import logging
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import requests

from .models import Delivery

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Portal-Signature"
USER_AGENT = "MichelinCities-Webhooks/1.0"
# How much of a failing receiver's answer is kept in the delivery log.
ERROR_EXCERPT = 500


def setting(name, default):
    return getattr(settings, name, default)


def encode_body(payload):
    """The exact bytes sent and signed: compact, key-sorted UTF-8 JSON."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def sign(secret, timestamp, body):
    """``t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">``: what receivers verify."""
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def retry_delay(attempts):
    """Seconds to wait after the ``attempts``-th failure: base, 2×base, 4×base, ... capped."""
    base = setting("WEBHOOK_RETRY_BASE_DELAY", 30)
    cap = setting("WEBHOOK_RETRY_MAX_DELAY", 6 * 3600)
    return min(base * 2 ** max(attempts - 1, 0), cap)


def due(now):
    """Deliveries waiting for an attempt at ``now`` and not held by another worker."""
    return Delivery.objects.filter(
        status=Delivery.Status.PENDING,
        subscription__active=True,
        next_attempt_at__lte=now,
    ).filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))


def claim(now, limit, event_id=None):
    """Lease up to ``limit`` due deliveries to this worker; returns them, oldest first."""
    lease = uuid.uuid4()
    lease_seconds = setting("WEBHOOK_TIMEOUT", 10) * 3 + 30
    with transaction.atomic():
        candidates = due(now).order_by("next_attempt_at", "pk")
        if event_id is not None:
            candidates = candidates.filter(event_id=event_id)
        # Ignored where unsupported (SQLite, which locks the whole database on write).
        ids = list(
            candidates.select_for_update(skip_locked=True, of=("self",)).values_list(
                "pk", flat=True
            )[:limit]
        )
        if not ids:
            return []
        # Conditional, so two workers that read the same rows cannot both win them.
        due(now).filter(pk__in=ids).update(
            lease=lease, leased_until=now + datetime.timedelta(seconds=lease_seconds)
        )
    return list(
        Delivery.objects.filter(lease=lease)
        .select_related("event", "subscription")
        .order_by("next_attempt_at", "pk")
    )


def post(delivery):
    """One HTTP attempt; returns (status code or None, error text or "")."""
    body = encode_body(delivery.event.payload)
    event_id = str(delivery.event_id)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Portal-Event": delivery.event.type,
        "X-Portal-Event-Id": event_id,
        "Idempotency-Key": event_id,
        "X-Portal-Delivery": str(delivery.pk),
        "X-Portal-Attempt": str(delivery.attempts + 1),
        SIGNATURE_HEADER: sign(delivery.subscription.secret, int(time.time()), body),
    }
    timeout = setting("WEBHOOK_TIMEOUT", 10)
    try:
        with requests.post(
            delivery.subscription.url,
            data=body,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
            stream=True,
        ) as response:
            if 200 <= response.status_code < 300:
                return response.status_code, ""
            excerpt = response.raw.read(ERROR_EXCERPT, decode_content=True)
            text = excerpt.decode(response.encoding or "utf-8", errors="replace")
            return response.status_code, f"HTTP {response.status_code}: {text}".strip()
    except requests.RequestException as error:
        return None, f"{type(error).__name__}: {error}"[:2000]


def attempt(delivery, now=None):
    """Send one delivery and write the outcome to its log row; returns True on a 2xx."""
    status_code, error = post(delivery)
    finished = timezone.now() if now is None else now
    delivery.attempts += 1
    delivery.last_attempt_at = finished
    delivery.last_status_code = status_code
    delivery.last_error = error
    delivery.lease = None
    delivery.leased_until = None
    if not error:
        delivery.status = Delivery.Status.DELIVERED
        delivery.delivered_at = finished
        delivery.next_attempt_at = None
    elif delivery.attempts >= setting("WEBHOOK_MAX_ATTEMPTS", 12):
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
        logger.warning("Webhook delivery %s failed for good: %s", delivery.pk, error)
    else:
        delivery.next_attempt_at = finished + datetime.timedelta(
            seconds=retry_delay(delivery.attempts)
        )
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "lease",
            "leased_until",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return not error


def deliver_due(now=None, limit=100, event_id=None, on_failure=None):
    """Attempt every delivery due at ``now`` (default: the present), in batches.

    Returns (delivered, failed attempts). Each delivery is attempted at most once per
    call, since a failed one is rescheduled into the future; ``on_failure(delivery)``
    is then called (``webhooks.tasks.schedule_retry`` enqueues the retry).
    """
    delivered = failed = 0
    seen = set()
    while True:
        moment = timezone.now() if now is None else now
        batch = [d for d in claim(moment, limit, event_id) if d.pk not in seen]
        if not batch:
            return delivered, failed
        for delivery in batch:
            seen.add(delivery.pk)
            if attempt(delivery, now):
                delivered += 1
            else:
                failed += 1
                if on_failure is not None:
                    on_failure(delivery)
