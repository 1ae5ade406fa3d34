"""iCalendar (RFC 5545) feeds of the conferences and of the calls for proposals.

URLs (under the language prefix, see ``network/feed_urls.py``)::

    /<lang>/feeds/conferences.ics   one all-day event per conference (DTEND exclusive),
                                    plus its registration deadline when it has one
    /<lang>/feeds/calls.ics         each call's opening and its deadline, to the second

Moments are written in UTC (``...Z``), so a deadline keeps its real moment in every
calendar application; conference days are floating dates, as a conference's days are
the host city's. UIDs come from the page's translation key and the calendar's language:
an event keeps its UID across edits, moves, slug changes and its translation. Every
live, public conference or call of the network appears in every language's calendar:
in the calendar's language where translated, otherwise the source-language page at
its address in the calendar's language, its texts marked with their language
(``LANGUAGE`` parameter, RFC 5545 3.2.10; ``network.i18n.fallbacks``).
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _

import icalendar

from ..i18n.fallbacks import audience_for_locale, in_language, mark_fallbacks
from ..i18n.localization import localized
from ..models import CallForProposalsPage, CityPage, ConferencePage
from ..public.visibility import visible_pages
from .feeds import current_locale, stable_uuid

PRODUCT_ID = "-//International Network of Michelin Cities//Portal//EN"
# Calendar applications poll a subscribed calendar; a few hours is plenty for dates.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def new_calendar(request, name, description):
    """An empty VCALENDAR with the portal's product id, a name and a refresh hint."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("url", request.build_absolute_uri())
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    return calendar


def new_event(page, kind, request, summary, description):
    """A VEVENT for one page: stable UID, DTSTAMP of its last publication, URL, texts
    (marked with their language when the page is a fallback).

    ``page.calendar_url`` and ``page.calendar_language`` are set by ``with_urls``."""
    event = icalendar.Event()
    event.add("uid", str(stable_uuid(kind, page.translation_key, page.calendar_language)))
    last_change = page.last_published_at or page.first_published_at or timezone.now()
    event.add("dtstamp", _utc(last_change))
    event.add("last-modified", _utc(last_change))
    if page.first_published_at:
        event.add("created", _utc(page.first_published_at))
    url = page.calendar_url
    language = {"LANGUAGE": page.fallback_lang} if page.fallback_lang else {}
    event.add("summary", summary, parameters=language)
    event.add(
        "description",
        "\n\n".join(part for part in (description, url) if part),
        parameters=language,
    )
    event.add("url", url)
    return event


def with_urls(pages, locale, request):
    """The pages that have a URL (a page outside every Site has none), each with it:
    the address the calendar's language serves it at, fallbacks marked."""
    pages = mark_fallbacks(pages, audience_for_locale(locale), request)
    for page in pages:
        page.calendar_url = page.get_full_url(request)
        page.calendar_language = locale.language_code
    return [page for page in pages if page.calendar_url]


def calendar_response(calendar, filename, pages):
    """The calendar as text/calendar, with Last-Modified from its newest page."""
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    changes = [page.last_published_at for page in pages if page.last_published_at]
    if changes:
        response["Last-Modified"] = http_date(max(changes).timestamp())
    return response


def conferences_calendar(request):
    """The network's conferences, past and upcoming, as all-day events."""
    locale = current_locale()
    conferences = with_urls(
        visible_pages(in_language(ConferencePage.objects.all(), locale.pk))
        .select_related("locale", "host_city")
        .order_by("start_date", "pk"),
        locale,
        request,
    )
    hosts = localized(
        visible_pages(
            CityPage.objects.filter(pk__in={c.host_city_id for c in conferences if c.host_city_id})
        ).select_related("locale"),
        locale,
    )
    host_by_key = {host.translation_key: host for host in hosts}
    calendar = new_calendar(
        request,
        _("Michelin Cities — conferences"),
        _("The conferences of the International Network of Michelin Cities."),
    )
    for conference in conferences:
        host = conference.host_city
        host = host_by_key.get(host.translation_key) if host else None
        description = "\n\n".join(
            part
            for part in (
                _("Theme: %(theme)s") % {"theme": conference.theme} if conference.theme else "",
                conference.summary,
            )
            if part
        )
        event = new_event(conference, "conference", request, conference.title, description)
        event.add("dtstart", conference.start_date)
        # All-day events end on the day after the last day (RFC 5545, DTEND is exclusive).
        event.add("dtend", conference.end_date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        location = ", ".join(
            part
            for part in (
                conference.venue,
                " ".join(conference.venue_address.split()),
                host.title if host else "",
            )
            if part
        )
        if location:
            event.add("location", location)
        calendar.add_component(event)

        if conference.registration_deadline:
            deadline = new_event(
                conference,
                "conference-registration",
                request,
                _("Registration closes: %(title)s") % {"title": conference.title},
                conference.summary,
            )
            deadline.add("dtstart", _utc(conference.registration_deadline))
            calendar.add_component(deadline)
    return calendar_response(calendar, f"conferences-{locale.language_code}.ics", conferences)


def calls_calendar(request):
    """Every call's opening and deadline, as events at their exact moments."""
    locale = current_locale()
    calls = with_urls(
        visible_pages(in_language(CallForProposalsPage.objects.all(), locale.pk))
        .select_related("locale")
        .order_by("opens_at", "pk"),
        locale,
        request,
    )
    calendar = new_calendar(
        request,
        _("Michelin Cities — calls for proposals"),
        _("Openings and deadlines of the calls for proposals of the network."),
    )
    for call in calls:
        opening = new_event(
            call,
            "call-opening",
            request,
            _("Call opens: %(title)s") % {"title": call.title},
            call.summary,
        )
        # A moment, not a span: DTSTART alone (RFC 5545 3.6.1).
        opening.add("dtstart", _utc(call.opens_at))
        calendar.add_component(opening)

        deadline = new_event(
            call,
            "call-deadline",
            request,
            _("Deadline: %(title)s") % {"title": call.title},
            call.summary,
        )
        deadline.add("dtstart", _utc(call.closes_at))
        calendar.add_component(deadline)
    return calendar_response(calendar, f"calls-{locale.language_code}.ics", calls)
