"""Showing linked content in the visitor's language.

Links to pages and snippets are synchronised from the source locale (DESIGN.md), so a
French page's ``related_cities`` may still point at the English city pages. Before
showing them, swap each for its translation in the page's locale where one exists
(and is live, for pages): one query per model, whatever the number of links.
"""

from collections import defaultdict

from wagtail.models import Page


def localized(objects, locale):
    """The objects in ``locale`` where translated, else as they are; order kept."""
    objects = list(objects)
    wanted = defaultdict(set)
    for obj in objects:
        if obj.locale_id != locale.pk:
            wanted[type(obj)].add(obj.translation_key)

    translations = {}
    for model, keys in wanted.items():
        queryset = model.objects.filter(translation_key__in=keys, locale=locale)
        if issubclass(model, Page):
            queryset = queryset.live().public().select_related("locale")
        translations.update({(model, t.translation_key): t for t in queryset})

    return [translations.get((type(obj), obj.translation_key), obj) for obj in objects]
