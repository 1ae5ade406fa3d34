"""The search box's suggestions: titles that start like what the visitor typed."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst

from modelsearch.query import PlainText

from network.models import Organisation, Topic

from .query import parse_query
from .service import PortalSearch
from .sources import Source, search_objects
from .text import words

AUTOCOMPLETE_LIMIT = 8


@dataclass
class Suggestion:
    """An autocomplete suggestion: a title that starts like what the visitor typed."""

    title: str
    url: str
    kind: str
    kind_label: str


def autocomplete(query, locale, limit=AUTOCOMPLETE_LIMIT, request=None, absolute_urls=False):
    """Titles of pages, topics and organisations of ``locale`` whose words start like
    the visitor's words (accent-insensitive: "zalau" suggests "Zalău")."""
    parsed = parse_query(query)
    terms = words(parsed.text)
    if not terms:
        return []
    text = PlainText(" ".join(terms[:8]), operator="and")
    search = PortalSearch(query, locale, request=request, absolute_urls=absolute_urls)
    suggestions = []
    for page in search_objects(Source("page", locale=locale), text, limit, autocomplete=True):
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        suggestions.append(
            Suggestion(
                title=page.title,
                url=search._page_url(page),
                kind=model._meta.model_name,
                kind_label=capfirst(str(model._meta.verbose_name)),
            )
        )
    for model in (Topic, Organisation):
        if len(suggestions) >= limit:
            break
        source = Source(model._meta.model_name, locale=locale)
        for obj in search_objects(source, text, limit - len(suggestions), autocomplete=True):
            suggestions.append(
                Suggestion(
                    title=obj.name,
                    url="",
                    kind=model._meta.model_name,
                    kind_label=capfirst(str(model._meta.verbose_name)),
                )
            )
    return suggestions
