"""Scheduled publishing happens exactly once (issue 9, point 4): two ``publish_scheduled``
runs at the same moment publish each due page once and unpublish each expired page
once, with one audit entry and one webhook event each; an event's id is derived from
the page, its revision and the action, so the same change recorded twice is one event.
"""

import datetime
import threading

from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest
import time_machine

from network.factories import NewsPageFactory
from network.models import NewsPage
from tests.test_webhooks import Receiver
from webhooks.events import event_id_for, record_page_event
from webhooks.models import Event, EventType, Subscription

DUE, EXPIRING = 15, 5


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.stop()


def schedule_pages(portal, go_live):
    for number in range(DUE):
        news = NewsPageFactory(parent=portal.newsindex, title=f"Due {number}", live=False)
        news.go_live_at = go_live
        news.save_revision().publish()  # scheduled: approved_go_live_at is set
    for number in range(EXPIRING):
        news = NewsPageFactory(parent=portal.newsindex, title=f"Expiring {number}")
        news.expire_at = go_live
        news.save_revision().publish()


def run_at_once(runs):
    """``runs`` publish_scheduled commands started together, each in its own thread and
    database connection."""
    start = threading.Barrier(runs)
    errors = []

    def run():
        try:
            start.wait()
            call_command("publish_scheduled")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (the suite's SQLite database is in memory, "
    "one writer at a time); the claim is the same conditional UPDATE on both",
)
def test_two_overlapping_runs_publish_each_page_once(portal, receiver):
    Subscription.objects.create(name="City website", url=receiver.url)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    schedule_pages(portal, go_live)
    receiver.requests.clear()

    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=True):
        run_at_once(2)

    assert NewsPage.objects.filter(title__startswith="Due", live=True).count() == DUE
    assert NewsPage.objects.filter(title__startswith="Expiring", live=False).count() == EXPIRING
    assert PageLogEntry.objects.filter(action="wagtail.publish.scheduled").count() == DUE
    assert PageLogEntry.objects.filter(action="wagtail.unpublish.scheduled").count() == EXPIRING
    events = receiver.events()
    published = [e for e in events if e["type"] == "page.published"]
    assert len(published) == DUE
    assert len({e["id"] for e in events}) == len(events) == DUE + EXPIRING


@pytest.mark.django_db
def test_the_same_change_recorded_twice_is_one_event(portal, receiver):
    Subscription.objects.create(name="City website", url=receiver.url)
    news = NewsPageFactory(parent=portal.newsindex, title="Once")
    news.save_revision().publish()
    news.refresh_from_db()
    first = Event.objects.get(page_id=news.pk, type=EventType.PAGE_PUBLISHED)
    assert first.pk == event_id_for(EventType.PAGE_PUBLISHED, news)
    assert record_page_event(EventType.PAGE_PUBLISHED, news) is None  # a replay
    assert Event.objects.filter(page_id=news.pk, type=EventType.PAGE_PUBLISHED).count() == 1

    news.title = "Twice"
    news.save_revision().publish()  # a new revision: a new event with a new id
    news.refresh_from_db()
    ids = set(Event.objects.filter(page_id=news.pk).values_list("pk", flat=True))
    assert ids == {first.pk, event_id_for(EventType.PAGE_PUBLISHED, news)}


@pytest.mark.django_db
def test_a_second_run_finds_nothing_left_to_do(portal):
    go_live = timezone.now() + datetime.timedelta(hours=1)
    schedule_pages(portal, go_live)
    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
        call_command("publish_scheduled")
    assert PageLogEntry.objects.filter(action="wagtail.publish.scheduled").count() == DUE
    assert PageLogEntry.objects.filter(action="wagtail.unpublish.scheduled").count() == EXPIRING
