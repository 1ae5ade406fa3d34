"""``{% feed_links %}``: the <link rel="alternate"> tags that let browsers and feed
readers discover the news feeds and calendars of the page being shown.

Put ``{% load feed_tags %}`` and ``{% feed_links %}`` in the <head> of base.html; on a
city page it adds that city's news feeds, on the calls and conferences their calendars.
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from network.models import (
    CallForProposalsPage,
    CallIndexPage,
    CityPage,
    ConferenceIndexPage,
    ConferencePage,
)

register = template.Library()


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context, page=None):
    """The feeds for ``page`` (default: the context's ``page``), in the active language."""
    page = page if page is not None else context.get("page")
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
    return {"feed_links": links}
