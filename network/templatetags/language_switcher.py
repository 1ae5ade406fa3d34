"""``{% language_links %}``: the language switcher's links (``network.i18n.switcher``)."""

from django import template

from network.i18n import switcher

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The switcher's links for the page (or view) shown, one per language."""
    return switcher.language_links(context.get("request"), context.get("page"))
