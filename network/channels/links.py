"""The feeds a page offers: announced in its <head> (``<link rel="alternate">``), so
browsers and feed readers discover them, and shown as "Subscribe" links on the pages
they concern.

Built with ``reverse()`` in the active language (the feeds live under the language
prefix, ``/fr/feeds/...``) from what the page already has loaded: no query of its own.
"""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import (
    CallForProposalsPage,
    CallIndexPage,
    CityPage,
    ConferenceIndexPage,
    ConferencePage,
    NewsIndexPage,
)

RSS, ATOM, ICAL = "application/rss+xml", "application/atom+xml", "text/calendar"


def _link(type_, href, title, subscribe=False):
    return SimpleNamespace(type=type_, href=href, title=title, subscribe=subscribe)


def _news(query, rss_title, atom_title, subscribe=True):
    """The RSS and Atom feeds of some news; the RSS one is the page's "Subscribe" link
    (the format every reader takes), Atom is only announced."""
    suffix = "?" + urlencode(query) if query else ""
    return [
        _link(RSS, reverse("feeds:news_rss") + suffix, rss_title, subscribe=subscribe),
        _link(ATOM, reverse("feeds:news_atom") + suffix, atom_title),
    ]


def _titled(title):
    return f"{title} (RSS)", f"{title} (Atom)"


def feed_links(page, topic=None, public=True):
    """The feeds and calendars of ``page``, in the active language, each with ``type``,
    ``href``, ``title`` and ``subscribe`` (shown as a visible link on the page):

    * the network's news everywhere (only announced, except on the news index);
    * on the news index filtered by a topic, ``topic`` (``(slug, name)``), that topic's
      news;
    * on a city page the public may see (``public``), that city's news: a restricted or
      unpublished city is unknown to the feed, so it is never offered;
    * the conference calendar on the conferences' pages, the calls' calendar on the
      calls' pages (visible on their index pages).
    """
    links = _news(
        None, _("News (RSS)"), _("News (Atom)"), subscribe=isinstance(page, NewsIndexPage)
    )
    if isinstance(page, NewsIndexPage) and topic:
        slug, name = topic
        title = _("News about %(topic)s") % {"topic": name}
        links += _news({"topic": slug}, *_titled(title))
    if isinstance(page, CityPage) and public:
        title = _("News of %(city)s") % {"city": page.title}
        links += _news({"city": page.slug}, *_titled(title))
    if isinstance(page, ConferenceIndexPage | ConferencePage):
        links.append(
            _link(
                ICAL,
                reverse("feeds:conferences"),
                _("Conferences (iCalendar)"),
                subscribe=isinstance(page, ConferenceIndexPage),
            )
        )
    if isinstance(page, CallIndexPage | CallForProposalsPage):
        links.append(
            _link(
                ICAL,
                reverse("feeds:calls"),
                _("Calls for proposals: openings and deadlines (iCalendar)"),
                subscribe=isinstance(page, CallIndexPage),
            )
        )
    return links
