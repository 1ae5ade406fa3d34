"""``{% feed_links %}``: the <link rel="alternate"> tags that let browsers and feed
readers discover the news feeds and calendars of the page being shown
(``network.channels.links``).

Put ``{% load feed_tags %}`` and ``{% feed_links %}`` in the <head> of base.html; on a
city page it adds that city's news feeds, on the calls and conferences their calendars.
"""

from django import template

from network.channels.links import feed_links as links_for

register = template.Library()


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context, page=None):
    """The feeds for ``page`` (default: the context's ``page``), in the active language."""
    return {"feed_links": links_for(page if page is not None else context.get("page"))}
