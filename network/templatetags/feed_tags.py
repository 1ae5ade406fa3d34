"""``{% feed_links %}`` and ``{% subscribe_links %}``: the news feeds and calendars of
the page being shown (``network.channels.links``), as the <link rel="alternate"> tags
that let browsers and feed readers discover them (in the <head> of base.html) and as
visible "Subscribe" links on the pages they concern.

Both read what the request already has: the topic chosen in the news index's filter
form (validated, its name among the form's choices) and whether the page is public
(the page chrome's row, cached on the request). They cost no query.
"""

from django import template
from django.utils import translation
from django.utils.translation import get_language

from network.channels.links import feed_links as links_for
from network.i18n.chrome import page_chrome

register = template.Library()


def _links(context, page):
    """The feeds of ``page`` (default: the context's ``page``), in the active language."""
    if page is None:
        page = context.get("page")
    request = context.get("request")
    public = True
    visitor = None
    if request is not None and page is not None:
        chrome = page_chrome(request, page)
        public, visitor = chrome.public, chrome.language
    form = context.get("filter_form")
    topic = None
    if form is not None and "topic" in form.fields and (slug := form.value("topic")):
        names = dict(form.fields["topic"].choices)
        if slug in names:  # a topic the form offers, never what the visitor typed
            topic = (slug, names[slug])
    links = links_for(page, topic=topic, public=public)
    if visitor and visitor != get_language():
        # Inside an alias's content (rendered in its source language), the feeds keep
        # the visitor's language: addresses under the visitor's prefix, never /en/.
        with translation.override(visitor):
            addresses = [link.href for link in links_for(page, topic=topic, public=public)]
        for link, href in zip(links, addresses, strict=True):
            link.href = href
    return links


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context, page=None):
    """``<link rel="alternate">`` tags for every feed of the page."""
    return {"feed_links": _links(context, page)}


@register.inclusion_tag("includes/subscribe_links.html", takes_context=True)
def subscribe_links(context, page=None):
    """The visible "Subscribe" links of the page (none on most pages)."""
    return {"subscribe_links": [link for link in _links(context, page) if link.subscribe]}
