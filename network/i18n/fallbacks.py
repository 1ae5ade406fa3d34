"""One network in every language: listings show every live item, translated or not.

A listing on a page in language *xx* (home blocks, directory and map, projects, news,
calls, conferences, resources, a city's projects and news) shows every live, public
item of the network:

- the item's *xx* version where it has a live, public one (a translation, or a
  wagtail-localize alias row in *xx*);
- otherwise the **source-language** item (``settings.LANGUAGE_CODE``), at the address
  *xx* serves it at (its on-demand alias, ``network.i18n.aliases``), **marked as a
  fallback**: ``fallback_lang`` (its BCP 47 tag, for the ``lang`` attribute and the
  small visible label) and ``visitor_address`` (the alias address, which
  ``PortalPage.get_url_parts`` then returns, so ``{% pageurl %}`` and ``.url`` lead to
  ``/xx/…``, never to ``/en/…``).

An item written only in a third language (no source version) has no alias address,
so it is listed in its own language only.

Costs, whatever the number of items: :func:`in_language` is a filter of the listing's
own query (no query of its own); :func:`mark_fallbacks` costs **one** query for a
whole list when it holds fallbacks (the versions of their ancestors in the visitor's
and the source language), **none** when every item is in the visitor's language.
"""

from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language

from wagtail.models import Page

from ..public.visibility import visible_pages, with_visibility
from .aliases import language_versions, source_language
from .chrome import page_chrome
from .languages import bcp47


def in_language(queryset, locale_id):
    """The pages of ``queryset`` in the locale ``locale_id``, plus the source-language
    pages that have no live, public version there. A filter: no query of its own.
    Chain ``live_public`` (or ``visible_pages``) as before."""
    there = visible_pages(
        Page.objects.filter(locale_id=locale_id, translation_key=OuterRef("translation_key"))
    )
    return queryset.filter(
        Q(locale_id=locale_id) | (Q(locale__language_code=source_language()) & ~Exists(there))
    )


class Audience(NamedTuple):
    """Whom a listing speaks to: the locale its items come from (``locale_id``, of
    language ``locale_language``) and the visitor's language (``language``), which
    differ when the visitor's language has no home of its own."""

    locale_id: int
    locale_language: str
    language: str


def audience_for_locale(locale):
    """The :class:`Audience` of a ``Locale`` read in its own language (feeds, API)."""
    return Audience(locale.pk, locale.language_code, locale.language_code)


def in_language_code(queryset, code):
    """:func:`in_language` for a language code (the API's ``locale=``): the pages in
    ``code``, plus the source-language pages with no live, public version in ``code``."""
    there = visible_pages(
        Page.objects.filter(
            locale__language_code=code, translation_key=OuterRef("translation_key")
        )
    )
    return queryset.filter(
        Q(locale__language_code=code)
        | (Q(locale__language_code=source_language()) & ~Exists(there))
    )


def visitor_locale(request, page):
    """The :class:`Audience` of a page's listings: the visitor's language and the locale
    of that language's home (the source's when the language has no home of its own, as
    Wagtail then routes it through the source tree). Read from the page's chrome (cached
    on the request: no query of its own on a page being served)."""
    language = get_language() or source_language()
    if request is None:
        return Audience(page.locale_id, page.locale.language_code, language)
    home = page_chrome(request, page).home or page
    return Audience(home.locale_id, home.locale.language_code, language)


def page_audience(request, page):
    """:func:`visitor_locale` of the page being served, remembered on the request so that
    every listing and link of the page (``network.i18n.localization``) shares it."""
    cached = getattr(request, "_portal_audience", None)
    if cached is not None and cached[0] is page:
        return cached[1]
    audience = visitor_locale(request, page)
    if request is not None:
        request._portal_audience = (page, audience)
    return audience


def request_audience(request):
    """The :class:`Audience` of the page being served on ``request``, if any."""
    cached = getattr(request, "_portal_audience", None)
    return cached[1] if cached is not None else None


def mark_fallbacks(pages, audience, request=None):
    """Mark the pages of ``pages`` that are not in the visitor's language (see
    :class:`Audience`): ``fallback_lang`` (BCP 47) and ``visitor_address``, the address
    the visitor's language serves the page at. Returns the list.

    Lazy and batched: the pages are only noted (no query); the first time a template
    asks one of them for its address or ``fallback_lang``, every page noted so far on
    the request is resolved in **one** query (the versions of their ancestors in the
    visitor's and the source language). So a page with five listings and a few related
    links pays one query, and none when every item is in the visitor's language. A page
    with no address in the visitor's language (written in a third language only) keeps
    its own address, marked with its language."""
    pages = list(pages)
    if audience is None:
        return pages
    if audience.locale_id is None:  # pages read with their locale (the API)
        foreign = [
            p for p in pages if p is not None and p.locale.language_code != audience.language
        ]
    elif audience.locale_language == audience.language:
        foreign = [p for p in pages if p is not None and p.locale_id != audience.locale_id]
    else:
        foreign = [p for p in pages if p is not None]
    if not foreign:
        return pages
    batch = getattr(request, "_portal_fallbacks", None) if request is not None else None
    if batch is None or batch.audience != audience:
        batch = _Batch(audience, request)
        if request is not None:
            request._portal_fallbacks = batch
    for page in foreign:
        page._fallback_batch = batch
    batch.pending.extend(foreign)
    return pages


def mark_listed(request, page, items):
    """:func:`mark_fallbacks` for a listing of ``page`` (a list, or a paginator's page,
    whose items are read into a list): returns ``items``."""
    audience = page_audience(request, page)
    if hasattr(items, "object_list"):
        items.object_list = mark_fallbacks(items.object_list, audience, request)
        return items
    mark_fallbacks(items, audience, request)
    return items


def fallback_of(page):
    """``(fallback_lang, visitor_address)`` of a page a listing showed (None, None when
    it is in the visitor's language), resolving the request's batch if need be."""
    batch = page.__dict__.get("_fallback_batch")
    if batch is not None and batch.pending:
        batch.resolve()
    return page.__dict__.get("_fallback_lang"), page.__dict__.get("_visitor_address")


class _Batch:
    """The pages noted by :func:`mark_fallbacks` on one request, resolved together."""

    def __init__(self, audience, request):
        self.audience, self.request, self.pending = audience, request, []

    def resolve(self):
        pending, self.pending = self.pending, []
        _resolve(pending, self.audience.language, self.request)


def _resolve(foreign, language, request):
    source = source_language()
    steplen = Page.steplen
    prefixes = {
        page.path[: depth * steplen] for page in foreign for depth in range(2, page.depth + 1)
    }
    chain = Page.objects.filter(path__in=prefixes).values("translation_key")
    rows = list(
        with_visibility(
            Page.objects.filter(
                translation_key__in=chain, locale__language_code__in=[language, source]
            )
        ).select_related("locale")
    )
    by_path = {row.path: row for row in rows}
    for page in foreign:
        own = by_path.get(page.path)
        code = own.locale.language_code if own is not None else None
        if code == language:
            continue
        page._fallback_lang = bcp47(code or source)
        if own is None:
            continue  # a third language's page: its own address
        version = language_versions(page, rows, request).get(language)
        if version is not None:
            page._visitor_address = version.url
