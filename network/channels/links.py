"""The feeds a page announces in its <head> (``<link rel="alternate">``), so browsers
and feed readers discover them."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import (
    CallForProposalsPage,
    CallIndexPage,
    CityPage,
    ConferenceIndexPage,
    ConferencePage,
)


def feed_links(page):
    """``[{type, href, title}]``: the feeds and calendars for ``page``, in the active
    language: the news, a city's own news on its page, the calendars on the calls' and
    the conferences' pages."""
    rss, atom = reverse("feeds:news_rss"), reverse("feeds:news_atom")
    links = [
        {"type": "application/rss+xml", "href": rss, "title": _("News (RSS)")},
        {"type": "application/atom+xml", "href": atom, "title": _("News (Atom)")},
    ]
    if isinstance(page, CityPage):
        query = "?" + urlencode({"city": page.slug})
        title = _("News of %(city)s") % {"city": page.title}
        links += [
            {"type": "application/rss+xml", "href": rss + query, "title": f"{title} (RSS)"},
            {"type": "application/atom+xml", "href": atom + query, "title": f"{title} (Atom)"},
        ]
    if isinstance(page, ConferenceIndexPage | ConferencePage):
        links.append(
            {
                "type": "text/calendar",
                "href": reverse("feeds:conferences"),
                "title": _("Conferences (iCalendar)"),
            }
        )
    if isinstance(page, CallIndexPage | CallForProposalsPage):
        links.append(
            {
                "type": "text/calendar",
                "href": reverse("feeds:calls"),
                "title": _("Calls for proposals: openings and deadlines (iCalendar)"),
            }
        )
    return links
