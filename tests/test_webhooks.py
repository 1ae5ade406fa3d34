"""Webhooks, delivered to a real HTTP receiver on 127.0.0.1 (http.server in a thread)."""

import datetime
import hashlib
import hmac
import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from network.factories import CityPageFactory, NewsPageFactory
from webhooks.delivery import deliver_due
from webhooks.models import Delivery, Event, EventType, Subscription


def verify(secret, header, body, tolerance=300):
    """The receiver's check, as docs/README-channels.md tells receivers to write it."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - timestamp) < tolerance


class Receiver:
    """A webhook receiver: records every request, answers ``status`` after ``delay`` s."""

    def __init__(self, port=0, status=200, delay=0.0):
        self.requests = []
        self.status = status
        self.delay = delay
        lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                with lock:
                    receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"receiver says %d" % receiver.status)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/portal"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def events(self):
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.stop()


def free_port():
    """A port nothing listens on (connection refused), for a receiver that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def subscribe(url, **fields):
    return Subscription.objects.create(name="City website", url=url, **fields)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.mark.django_db
def test_publish_sends_a_signed_event_once_the_transaction_commits(
    portal, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(NewsPageFactory(parent=portal.newsindex))
        assert receiver.requests == []  # nothing leaves before the commit

    (request,) = receiver.requests
    headers, body = request["headers"], request["body"]
    assert verify(subscription.secret, headers["X-Portal-Signature"], body)
    assert not verify("another-secret-of-some-length", headers["X-Portal-Signature"], body)
    assert not verify(subscription.secret, headers["X-Portal-Signature"], body + b" ")
    event = json.loads(body)
    assert event["type"] == "page.published" == headers["X-Portal-Event"]
    assert event["id"] == event["idempotency_key"] == headers["Idempotency-Key"]
    assert event["page"] == {
        "id": page.pk,
        "type": "network.NewsPage",
        "locale": "en",
        "url": page.get_full_url(),
        "api_url": page.get_site().root_url + f"/api/v3/pages/{page.pk}/",
        "title": page.title,
        "translation_key": str(page.translation_key),
    }
    assert datetime.datetime.fromisoformat(event["created_at"]).tzinfo is not None

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DELIVERED
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (1, 200, "")


@pytest.mark.django_db
def test_unpublish_and_delete_send_their_events(
    portal, receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)
    city = publish(CityPageFactory(parent=portal.cityindex))
    news = publish(NewsPageFactory(parent=city))
    never_published = NewsPageFactory(parent=city, live=False)
    receiver.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        city.delete()  # deletes its news too

    sent = [(event["type"], event["page"]["id"]) for event in receiver.events()]
    assert sent[0] == ("page.unpublished", news.pk)
    # A live page that is deleted goes offline first (Wagtail sends page_unpublished).
    assert sorted(sent[1:]) == sorted(
        [("page.unpublished", city.pk), ("page.deleted", city.pk), ("page.deleted", news.pk)]
    )
    assert never_published.pk not in {page_id for _type, page_id in sent}


@pytest.mark.django_db
def test_subscriptions_choose_their_events_and_languages(
    portal, receiver, django_capture_on_commit_callbacks
):
    french_only = subscribe(receiver.url)
    french_only.locales.set([Locale.objects.get(language_code="fr")])
    subscribe(receiver.url, events=[EventType.PAGE_DELETED])
    subscribe(receiver.url, active=False)

    with django_capture_on_commit_callbacks(execute=True):
        english = publish(NewsPageFactory(parent=portal.newsindex))
    assert receiver.requests == []

    with django_capture_on_commit_callbacks(execute=True):
        french = english.copy_for_translation(
            Locale.objects.get(language_code="fr"), copy_parents=True
        )
        publish(french)
    assert {event["page"]["id"] for event in receiver.events()} >= {french.pk}
    assert english.pk not in {event["page"]["id"] for event in receiver.events()}


@pytest.mark.django_db
def test_no_event_for_restricted_or_not_yet_live_pages(
    portal, receiver, django_capture_on_commit_callbacks
):
    city = publish(CityPageFactory(parent=portal.cityindex))
    PageViewRestriction.objects.create(page=city, restriction_type=PageViewRestriction.LOGIN)
    subscribe(receiver.url)
    go_live = timezone.now() + datetime.timedelta(seconds=1.5)

    with django_capture_on_commit_callbacks(execute=True):
        publish(NewsPageFactory(parent=city))
        scheduled = NewsPageFactory(parent=portal.newsindex, live=False, go_live_at=go_live)
        scheduled.save_revision().publish()
    assert receiver.requests == []
    assert not Event.objects.exists()

    # The day comes: publish_scheduled makes it live, and the event goes out then.
    time.sleep(max((go_live - timezone.now()).total_seconds(), 0) + 0.1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert [(e["type"], e["page"]["id"]) for e in receiver.events()] == [
        ("page.published", scheduled.pk)
    ]


@pytest.mark.django_db
@override_settings(WEBHOOK_RETRY_BASE_DELAY=30, WEBHOOK_RETRY_MAX_DELAY=3600)
def test_a_receiver_down_for_minutes_gets_every_event_exactly_once(
    portal, django_capture_on_commit_callbacks
):
    port = free_port()
    subscribe(f"http://127.0.0.1:{port}/hooks")
    with django_capture_on_commit_callbacks(execute=True):
        pages = [publish(NewsPageFactory(parent=portal.newsindex)) for _ in range(3)]

    # Down: every first attempt is refused and rescheduled, none is lost.
    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == 3
    for delivery in deliveries:
        assert delivery.status == Delivery.Status.PENDING
        assert delivery.attempts == 1
        assert delivery.last_status_code is None
        assert "Connection" in delivery.last_error
        assert delivery.next_attempt_at > timezone.now()
    assert deliver_due() == (0, 0)  # nothing is due before its backoff

    receiver = Receiver(port=port)
    try:
        later = timezone.now() + datetime.timedelta(minutes=5)
        assert deliver_due(now=later) == (3, 0)
        assert deliver_due(now=later + datetime.timedelta(hours=1)) == (0, 0)
        call_command("deliver_webhooks", stdout=io.StringIO())
    finally:
        receiver.stop()

    received = [event["page"]["id"] for event in receiver.events()]
    assert sorted(received) == sorted(page.pk for page in pages)
    keys = [request["headers"]["Idempotency-Key"] for request in receiver.requests]
    assert len(set(keys)) == len(keys) == 3
    assert {r["headers"]["X-Portal-Attempt"] for r in receiver.requests} == {"2"}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


@pytest.mark.django_db
@override_settings(
    WEBHOOK_RETRY_BASE_DELAY=30, WEBHOOK_RETRY_MAX_DELAY=100, WEBHOOK_MAX_ATTEMPTS=5
)
def test_failures_back_off_exponentially_then_give_up(portal, django_capture_on_commit_callbacks):
    failing = Receiver(status=503)
    try:
        subscribe(failing.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish(NewsPageFactory(parent=portal.newsindex))
        delivery = Delivery.objects.get()
        gaps = []
        while delivery.status == Delivery.Status.PENDING:
            gaps.append((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds())
            deliver_due(now=delivery.next_attempt_at)
            delivery.refresh_from_db()
    finally:
        failing.stop()

    assert gaps == [30, 60, 100, 100]  # doubled each time, capped at the maximum
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 5 == len(failing.requests)
    assert delivery.next_attempt_at is None
    assert delivery.last_status_code == 503
    assert "receiver says 503" in delivery.last_error
    assert len({r["headers"]["Idempotency-Key"] for r in failing.requests}) == 1
    assert [r["headers"]["X-Portal-Attempt"] for r in failing.requests] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]


@pytest.mark.django_db
@override_settings(WEBHOOK_TIMEOUT=0.3)
def test_a_receiver_too_slow_to_answer_is_retried(portal, django_capture_on_commit_callbacks):
    slow = Receiver(delay=1.0)
    try:
        subscribe(slow.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish(NewsPageFactory(parent=portal.newsindex))
    finally:
        slow.stop()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert "Timeout" in delivery.last_error
    assert delivery.next_attempt_at > delivery.last_attempt_at


@pytest.mark.django_db
def test_delivery_log_and_subscriptions_in_the_admin(
    admin_client, portal, receiver, django_capture_on_commit_callbacks
):
    form = admin_client.get(reverse("webhook_subscriptions:add")).content.decode()
    assert form.count('type="checkbox" name="events"') == len(EventType.values)
    assert 'name="secret"' in form

    response = admin_client.post(
        reverse("webhook_subscriptions:add"),
        {
            "name": "Clermont-Ferrand website",
            "url": receiver.url,
            "secret": "a-long-enough-shared-secret",
            "events": ["page.published", "page.deleted"],
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    subscription = Subscription.objects.get()
    assert subscription.events == ["page.published", "page.deleted"]

    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(NewsPageFactory(parent=portal.newsindex))
    delivery = Delivery.objects.get()

    listing = admin_client.get(reverse("webhook_deliveries:index")).content.decode()
    assert page.title in listing
    assert "Pending" in listing
    assert reverse("webhook_deliveries:add") not in listing
    detail = admin_client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert "receiver says 500" in detail.content.decode()
    assert admin_client.get(
        reverse("webhook_deliveries:edit", args=[delivery.pk])
    ).status_code in (
        302,
        403,
    )

    response = admin_client.post(
        reverse("webhook_subscriptions:add"),
        {"name": "Bad", "url": "not a url", "secret": "short", "events": ["page.moved"]},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"url", "secret", "events"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_workers_deliver_each_event_once(portal):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    slow = Receiver(delay=0.1)
    try:
        subscribe(slow.url)
        # Tasks stored but not run, as with the database backend before a worker starts.
        dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        with override_settings(TASKS=dummy):
            pages = [publish(NewsPageFactory(parent=portal.newsindex)) for _ in range(12)]
        assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 12

        def worker():
            try:
                deliver_due(limit=2)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        slow.stop()

    assert sorted(e["page"]["id"] for e in slow.events()) == sorted(page.pk for page in pages)
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


# Transactional: db_worker closes the connection between tasks, as a real worker does.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_path_through_the_database_task_backend(portal):
    port = free_port()
    subscribe(f"http://127.0.0.1:{port}/hooks")
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    worker = {"batch": True, "startup_delay": False, "reload": False, "verbosity": 0}
    with override_settings(TASKS=database):
        from django_tasks_db.models import DBTaskResult

        page = publish(NewsPageFactory(parent=portal.newsindex))  # commits: task enqueued
        delivery = Delivery.objects.get()
        assert delivery.attempts == 0  # stored, waiting for a worker

        call_command("db_worker", **worker)  # the receiver is down
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
        retry = DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver_event").latest(
            "enqueued_at"
        )
        assert retry.run_after == delivery.next_attempt_at

        receiver = Receiver(port=port)
        try:
            DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
            call_command("deliver_webhooks", stdout=io.StringIO())
            assert receiver.events() == []  # cron respects the backoff too
            # Minutes later, the deferred retry is due.
            Delivery.objects.update(next_attempt_at=timezone.now())
            call_command("db_worker", **worker)
        finally:
            receiver.stop()
    assert [event["page"]["id"] for event in receiver.events()] == [page.pk]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 2)


@pytest.mark.django_db
@override_settings(WEBHOOK_MAX_ATTEMPTS=1)
def test_failed_deliveries_can_be_given_one_more_try(
    portal, receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        publish(NewsPageFactory(parent=portal.newsindex))
    assert Delivery.objects.get().status == Delivery.Status.FAILED

    receiver.status = 204
    out = io.StringIO()
    call_command("deliver_webhooks", "--retry-failed", stdout=out)

    assert "1 delivered" in out.getvalue()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 2)
    assert len(receiver.requests) == 2
    with pytest.raises(CommandError, match="--limit"):
        call_command("deliver_webhooks", "--limit", "0")
