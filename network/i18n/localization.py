"""Showing linked content in the visitor's language.

Links to pages and snippets are synchronised from the source locale (DESIGN.md), so a
French page's ``related_cities`` may still point at the English city pages. Before
showing them, swap each for its translation in the page's locale where one exists
(and is live, for pages): one query per model, whatever the number of links.

On a page being served, linked **pages** follow the visitor: they are swapped for
their version in the visitor's language (the page's :class:`Audience`, even on an
alias, whose own locale is the source's), and a page with no such version is marked
as a fallback at its address in the visitor's language (``network.i18n.fallbacks``):
a related page, a partner city or a featured page on ``/fr/`` leads to ``/fr/…``.
"""

from collections import defaultdict

from wagtail.models import Page

from ..public.listings import is_public, live_public
from .fallbacks import mark_fallbacks, request_audience


def localized(objects, locale, request=None):
    """The objects in ``locale`` (a Locale or its pk) where translated, else as they are;
    order kept. Pass the ``request`` to share its reading of the view restrictions."""
    objects = list(objects)
    locale_id = getattr(locale, "pk", locale)
    audience = request_audience(request)
    page_locale_id = audience.locale_id if audience is not None else locale_id
    wanted = defaultdict(set)
    for obj in objects:
        wanted_locale = page_locale_id if isinstance(obj, Page) else locale_id
        if obj.locale_id != wanted_locale:
            wanted[type(obj)].add(obj.translation_key)

    translations = {}
    for model, keys in wanted.items():
        is_page = issubclass(model, Page)
        queryset = model.objects.filter(
            translation_key__in=keys, locale_id=page_locale_id if is_page else locale_id
        )
        if is_page:
            queryset = live_public(queryset, request).select_related("locale")
        translations.update({(model, t.translation_key): t for t in queryset})

    result = [translations.get((type(obj), obj.translation_key), obj) for obj in objects]
    if audience is not None:
        mark_fallbacks([obj for obj in result if isinstance(obj, Page)], audience, request)
    return result


def live_links(pages, locale, request=None):
    """The live, public pages of a link field (a queryset), by title, each in ``locale``
    where translated."""
    return localized(live_public(pages, request).order_by("title"), locale, request)


def live_link(page, locale, request=None):
    """A linked page in ``locale`` where translated; None when the public may not see it."""
    if page is None or not is_public(page, request):
        return None
    return localized([page], locale, request)[0]


def attach_localized(pages, field, locale, request=None):
    """Swap the prefetched related objects of ``field`` for their ``locale`` versions.

    After ``prefetch_related(field)``, every page gets ``localized_<field>``: the same
    objects in the visitor's language where translated. One query for the whole list,
    none when everything is already in ``locale``.
    """
    pages = list(pages)
    related = {page.pk: list(getattr(page, field).all()) for page in pages}
    everything = [obj for objs in related.values() for obj in objs]
    swapped = iter(localized(everything, locale, request))
    for page in pages:
        setattr(page, f"localized_{field}", [next(swapped) for _obj in related[page.pk]])
    return pages
