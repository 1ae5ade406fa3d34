"""Template helpers of the translation report and the locale deletion page."""

from django import template
from django.http import QueryDict

from wagtail_localize.locales.utils import get_locale_usage

register = template.Library()


@register.simple_tag
def cell(row, locale):
    """The row's status cell for a locale."""
    return row.cells[locale.pk]


@register.simple_tag
def status_count(summary, status):
    return summary.counts[status]


@register.simple_tag
def locale_usage(locale):
    """How many pages and other objects still use a locale."""
    pages, others = get_locale_usage(locale)
    return {"pages": pages, "others": others}


@register.simple_tag(takes_context=True)
def querystring_with(context, **changes):
    """The current query string with some parameters replaced."""
    query = QueryDict(mutable=True)
    query.update(context["request"].GET)
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
