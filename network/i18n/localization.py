"""Showing linked content in the visitor's language.

Links to pages and snippets are synchronised from the source locale (DESIGN.md), so a
French page's ``related_cities`` may still point at the English city pages. Before
showing them, swap each for its translation in the page's locale where one exists
(and is live, for pages): one query per model, whatever the number of links.
"""

from collections import defaultdict

from wagtail.models import Page

from ..public.listings import is_public, live_public


def localized(objects, locale, request=None):
    """The objects in ``locale`` (a Locale or its pk) where translated, else as they are;
    order kept. Pass the ``request`` to share its reading of the view restrictions."""
    objects = list(objects)
    locale_id = getattr(locale, "pk", locale)
    wanted = defaultdict(set)
    for obj in objects:
        if obj.locale_id != locale_id:
            wanted[type(obj)].add(obj.translation_key)

    translations = {}
    for model, keys in wanted.items():
        queryset = model.objects.filter(translation_key__in=keys, locale_id=locale_id)
        if issubclass(model, Page):
            queryset = live_public(queryset, request).select_related("locale")
        translations.update({(model, t.translation_key): t for t in queryset})

    return [translations.get((type(obj), obj.translation_key), obj) for obj in objects]


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
