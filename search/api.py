"""The search endpoints of the API: /api/v3/search/ and /api/v3/search/autocomplete/.

Both search live, public content of one locale (``locale``, default: the default
language), exactly as the search page does (``search.service``). A parameter that is
not valid answers 400 with a problem document naming it; nothing else is an error.
"""

from django.conf import settings
from django.utils import translation

from wagtail.api.v3.errors import as_validation_error
from wagtail.models import Locale

from ninja import Field, Query, Router, Schema
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from .autocomplete import autocomplete
from .facets import FACET_LABELS, FACETS
from .query import MAX_QUERY_LENGTH
from .service import PortalSearch
from .sources import MATCH_LIMIT
from .text import normalise

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field(
        ...,
        description=(
            'What to look for. All words are required; "quoted words" are a phrase, OR '
            f"accepts either word, -word leaves a word out. Cut at {MAX_QUERY_LENGTH} "
            "characters (the response's message says so)."
        ),
    )
    locale: str | None = Field(None, description="Language code; default: the default one.")
    type: str | None = Field(None, description="A content type, as in facets.type.")
    city: str | None = Field(None, description="A city's slug, as in facets.city.")
    country: str | None = Field(None, description="An ISO 3166-1 country code.")
    topic: str | None = Field(None, description="A topic's slug.")
    year: int | None = Field(None, ge=1000, le=9999)
    limit: int = Field(10, ge=1, le=50)
    offset: int = Field(0, ge=0, le=MATCH_LIMIT)


class ResultOut(Schema):
    id: int
    type: str
    type_label: str
    title: str
    title_html: str = Field(description="The title, HTML-escaped, matched words in <mark>.")
    url: str
    excerpt_html: str = Field(description="An excerpt, HTML-escaped, matched words in <mark>.")
    language: str = Field(description="Language code; empty for documents (any language).")
    language_name: str = Field(description="Set on results in another language than asked.")
    fallback_from: str | None = Field(
        None,
        description=(
            "The language code of a result in another language than `locale`: content "
            "not translated into it yet, listed at the address `locale` serves it at "
            "(`url`), or, under `other_languages`, a page of another language. "
            "null for results in `locale` and for documents."
        ),
    )
    year: int | None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    values: list[FacetValueOut]


class PromotionOut(Schema):
    title: str
    url: str
    description: str
    external: bool


class SearchOut(Schema):
    query: str = Field(description="The query as searched (cleaned, maybe shortened).")
    locale: str
    count: int
    offset: int
    limit: int
    message: str = Field(description="What the visitor should know about the query.")
    notice: str = Field(description="Set when results come from the fallback search.")
    items: list[ResultOut]
    facets: list[FacetOut]
    promotions: list[PromotionOut]
    other_languages: list[ResultOut] = Field(
        description="When nothing matches in this locale: the best pages of the others."
    )


class AutocompleteParams(Schema):
    q: str = Field("", description="What the visitor has typed so far.")
    locale: str | None = None
    limit: int = Field(8, ge=1, le=20)


class SuggestionOut(Schema):
    title: str
    url: str
    type: str
    type_label: str


class AutocompleteOut(Schema):
    query: str
    items: list[SuggestionOut]


def _invalid(errors):
    """A 400 naming each invalid query parameter."""
    return PydanticValidationError.from_exception_data(
        "Validation error",
        [
            {
                "type": PydanticCustomError("invalid", message),
                "loc": ("query", name),
                "input": None,
            }
            for name, message in errors.items()
        ],
        hide_input=True,
    )


def _locale(code):
    code = code or settings.LANGUAGE_CODE
    known = dict(settings.LANGUAGES)
    locale = Locale.objects.filter(language_code=code).first() if code in known else None
    if locale is None:
        raise as_validation_error(
            ValueError(
                f"“{code}” is not a language of the portal; use one of: " + ", ".join(known) + "."
            ),
            loc=("query", "locale"),
        )
    return locale


def _result(hit):
    return {
        "id": hit.pk,
        "type": hit.kind,
        "type_label": hit.kind_label,
        "title": hit.title,
        "title_html": str(hit.title_html),
        "url": hit.url,
        "excerpt_html": str(hit.excerpt),
        "language": hit.language,
        "language_name": hit.language_name,
        "fallback_from": hit.fallback_from or None,
        "year": hit.year,
    }


@router.get("/", response=SearchOut, url_name="search", summary="Search the portal")
def search(request, params: SearchParams = Query(...)):  # noqa: B008 - Ninja's idiom
    """Live, public pages, documents, topics and organisations of a locale, best first,
    with facet counts, promoted results and, when nothing matches, other languages."""
    locale = _locale(params.locale)
    with translation.override(locale.language_code):
        filters = {name: getattr(params, name) for name in FACETS}
        portal_search = PortalSearch(
            params.q, locale, filters, request=request, absolute_urls=True
        )
        outcome = portal_search.run(record=params.offset == 0)
        errors = dict(outcome.filter_errors)
        if portal_search.parsed.query is None:
            errors["q"] = portal_search.parsed.message or "Type something to search for."
        if errors:
            raise _invalid(errors)
        page = outcome.results[params.offset : params.offset + params.limit]
        return {
            "query": outcome.query,
            "locale": locale.language_code,
            "count": outcome.count,
            "offset": params.offset,
            "limit": params.limit,
            "message": " ".join(str(m) for m in portal_search.parsed.messages),
            "notice": str(outcome.notice),
            "items": [_result(hit) for hit in portal_search.hits(page)],
            "facets": [
                {
                    "name": name,
                    "label": str(FACET_LABELS[name]),
                    "values": [vars(value) for value in outcome.facets.get(name, [])],
                }
                for name in FACETS
            ],
            "promotions": [vars(promotion) for promotion in outcome.promotions],
            "other_languages": [_result(hit) for hit in outcome.other_languages],
        }


@router.get(
    "/autocomplete/",
    response=AutocompleteOut,
    url_name="search_autocomplete",
    summary="Suggest titles for a search box",
)
def suggest(request, params: AutocompleteParams = Query(...)):  # noqa: B008 - Ninja's idiom
    """Titles of pages, topics and organisations whose words start like the query's
    (accent-insensitive); an empty query suggests nothing."""
    locale = _locale(params.locale)
    with translation.override(locale.language_code):
        suggestions = autocomplete(
            params.q, locale, limit=params.limit, request=request, absolute_urls=True
        )
    return {
        "query": normalise(params.q)[:MAX_QUERY_LENGTH],
        "items": [
            {"title": s.title, "url": s.url, "type": s.kind, "type_label": s.kind_label}
            for s in suggestions
        ],
    }
