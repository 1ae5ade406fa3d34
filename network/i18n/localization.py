"""Showing linked content in the visitor's language.

Links to pages and snippets are synchronised from the source locale (DESIGN.md), so a
French page's ``related_cities`` may still point at the English city pages. Before
showing them, swap each for its translation in the page's locale where one exists
(and is live, for pages): one query per model, whatever the number of links.
"""

from collections import defaultdict

from wagtail.models import Page

from ..public.listings import live_public


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
