"""Template helpers of the translation report and the locale deletion page."""

from django import template
from django.http import QueryDict

from wagtail_localize.locales.utils import get_locale_usage

from network.i18n.languages import language_in_sentence

register = template.Library()


@register.filter
def in_sentence(locale):
    """A locale's language named inside a sentence of the active language (“Pages en
    français”, “Seiten auf Deutsch”): ``network.i18n.languages.language_in_sentence``."""
    return language_in_sentence(getattr(locale, "language_code", locale))


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
