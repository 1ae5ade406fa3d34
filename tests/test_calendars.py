"""iCalendar feeds of conferences and calls, read back with the icalendar library."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale

import icalendar
import pytest

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
)
from tests.leakage_channels import build_hidden_pages, leaked

CONFERENCES = "/en/feeds/conferences.ics"
CALLS = "/en/feeds/calls.ics"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.django_db
def test_conferences_are_all_day_events_with_exclusive_end(client, portal):
    city = publish(CityPageFactory(parent=portal.cityindex))
    conference = publish(
        ConferencePageFactory(
            parent=portal.conferenceindex,
            host_city=city,
            registration_deadline=None,
        )
    )

    _response, calendar = read(client, CONFERENCES)

    assert str(calendar["version"]) == "2.0"
    assert calendar["prodid"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == conference.title
    assert event.decoded("dtstart") == conference.start_date
    assert not isinstance(event.decoded("dtstart"), datetime.datetime)
    # RFC 5545: an all-day event's DTEND is the day after its last day.
    assert event.decoded("dtend") == conference.end_date + datetime.timedelta(days=1)
    assert str(event["url"]) == conference.get_full_url()
    assert conference.get_full_url() in str(event["description"])
    assert conference.theme in str(event["description"])
    assert city.title in str(event["location"])
    stamp = event.decoded("dtstamp")
    assert stamp.tzinfo is not None
    assert stamp == conference.last_published_at.replace(microsecond=0)


@pytest.mark.django_db
def test_uids_stay_the_same_when_an_event_is_edited(client, portal):
    conference = publish(ConferencePageFactory(parent=portal.conferenceindex))
    call = publish(CallForProposalsPageFactory(parent=portal.callindex))
    uids_before = {
        str(event["uid"])
        for url in (CONFERENCES, CALLS)
        for event in read(client, url)[1].walk("VEVENT")
    }

    conference.title = f"{conference.title} (new dates)"
    conference.start_date += datetime.timedelta(days=7)
    conference.end_date += datetime.timedelta(days=7)
    conference.slug = f"{conference.slug}-moved"
    publish(conference)
    call.closes_at += datetime.timedelta(days=14)
    publish(call)

    _response, calendar = read(client, CONFERENCES)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == conference.title
    assert event.decoded("dtstart") == conference.start_date
    _response, calls = read(client, CALLS)
    deadline = events(calls)[f"Deadline: {call.title}"]
    assert deadline.decoded("dtstart") == call.closes_at.replace(microsecond=0)
    uids_after = {str(event["uid"]) for cal in (calendar, calls) for event in cal.walk("VEVENT")}
    assert uids_after == uids_before
    assert len(uids_after) == 3  # the conference, the call's opening and its deadline


@pytest.mark.django_db
def test_call_opening_and_deadline_keep_their_real_moment(client, portal):
    paris = datetime.timezone(datetime.timedelta(hours=2))
    call = publish(
        CallForProposalsPageFactory(
            parent=portal.callindex,
            opens_at=datetime.datetime(2031, 3, 1, 9, 0, tzinfo=paris),
            closes_at=datetime.datetime(2031, 6, 30, 17, 30, tzinfo=paris),
        )
    )

    response, calendar = read(client, CALLS)

    by_summary = events(calendar)
    opening = by_summary[f"Call opens: {call.title}"]
    deadline = by_summary[f"Deadline: {call.title}"]
    assert opening.decoded("dtstart") == call.opens_at
    assert deadline.decoded("dtstart") == call.closes_at
    assert deadline.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert b"DTSTART:20310630T153000Z" in response.content
    assert str(opening["uid"]) != str(deadline["uid"])
    assert str(deadline["url"]) == call.get_full_url()


@pytest.mark.django_db
def test_conference_registration_deadline_is_an_event_too(client, portal):
    start = timezone.localdate() + datetime.timedelta(days=60)
    deadline = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    conference = publish(
        ConferencePageFactory(
            parent=portal.conferenceindex,
            start_date=start,
            end_date=start + datetime.timedelta(days=2),
            registration_deadline=deadline,
        )
    )

    _response, calendar = read(client, CONFERENCES)

    registration = events(calendar)[f"Registration closes: {conference.title}"]
    assert registration.decoded("dtstart") == deadline


@pytest.mark.django_db
def test_each_language_has_its_own_calendar(client, portal):
    english = publish(ConferencePageFactory(parent=portal.conferenceindex))
    french = english.copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    )
    french.title = f"{english.title} (fr)"
    publish(french)

    _response, calendar = read(client, "/fr/feeds/conferences.ics")
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == french.title
    assert "/fr/" in str(event["url"])
    _response, calendar = read(client, CONFERENCES)
    (english_event,) = calendar.walk("VEVENT")
    assert str(english_event["summary"]) == english.title
    # The same conference in two languages: two calendars, no clash between their UIDs.
    assert str(english_event["uid"]) != str(event["uid"])


@pytest.mark.django_db
def test_every_language_calendar_lists_the_whole_network(client, portal):
    """A conference or call not yet translated is in the Japanese calendars too: at its
    address under /ja/, its texts marked as English; a translated one appears once."""
    translated = publish(ConferencePageFactory(parent=portal.conferenceindex))
    japanese = translated.copy_for_translation(
        Locale.objects.get(language_code="ja"), copy_parents=True
    )
    japanese.title = "ミシュラン都市会議"
    publish(japanese)
    untranslated = publish(ConferencePageFactory(parent=portal.conferenceindex))
    call = publish(CallForProposalsPageFactory(parent=portal.callindex))

    _response, calendar = read(client, "/ja/feeds/conferences.ics")
    by_title = events(calendar)
    assert set(by_title) >= {japanese.title, untranslated.title}
    assert translated.title not in by_title
    assert "LANGUAGE" not in by_title[japanese.title]["summary"].params
    fallback = by_title[untranslated.title]
    assert fallback["summary"].params["LANGUAGE"] == "en"
    assert str(fallback["url"]).split("/", 3)[3].startswith("ja/")

    _response, calendar = read(client, "/ja/feeds/calls.ics")
    (opening, deadline) = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    for event in (opening, deadline):
        assert call.title in str(event["summary"])
        assert event["summary"].params["LANGUAGE"] == "en"
        assert "/ja/" in str(event["url"]) and "/en/" not in str(event["url"])
    # When the call is translated, its events keep their UIDs in the Japanese calendar.
    before = {str(event["uid"]) for event in (opening, deadline)}
    japanese_call = call.copy_for_translation(
        Locale.objects.get(language_code="ja"), copy_parents=True
    )
    japanese_call.title = "提案募集"
    publish(japanese_call)
    _response, calendar = read(client, "/ja/feeds/calls.ics")
    assert {str(event["uid"]) for event in calendar.walk("VEVENT")} == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "factory_class", "section"),
    [
        (CONFERENCES, ConferencePageFactory, "conferenceindex"),
        (CALLS, CallForProposalsPageFactory, "callindex"),
    ],
)
def test_no_hidden_event_in_any_calendar(client, portal, url, factory_class, section):
    visible = publish(factory_class(parent=getattr(portal, section)))
    markers = build_hidden_pages(factory_class, getattr(portal, section))

    response, calendar = read(client, url)

    assert any(visible.title in str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert leaked(response.content.decode(), markers) == []


@pytest.mark.django_db
def test_calendar_queries_do_not_grow_with_the_events(client, portal):
    cities = [publish(CityPageFactory(parent=portal.cityindex)) for _ in range(3)]

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            read(client, CONFERENCES)
            read(client, CALLS)
        return len(queries)

    def add(count):
        for index in range(count):
            publish(
                ConferencePageFactory(
                    parent=portal.conferenceindex, host_city=cities[index % len(cities)]
                )
            )
            publish(CallForProposalsPageFactory(parent=portal.callindex))

    add(2)
    count_queries()  # warms the caches of sites and content types
    few = count_queries()
    add(10)
    assert count_queries() == few
    assert few == 3  # two calendars (docs/README-channels.md)
