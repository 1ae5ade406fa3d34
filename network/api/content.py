"""Pages with all their fields: any type listed, one by id, one by its public URL; and
the locales.

Wagtail's own ``/pages/`` endpoints give every page's metadata; these give each
page type's fields (its ``api_fields``), its translations, and find a page by the
path visitors see (``/fr/villes/clermont-ferrand/``), answering JSON rather than a
redirect.
"""

import json
from typing import Literal
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Window
from django.http import Http404, HttpResponse

from wagtail.models import Locale, Page, Site

from ninja import Query, Router

from ..i18n.fallbacks import Audience, mark_fallbacks
from ..public.visibility import visible_pages
from .errors import ParameterError
from .params import (
    MAX_LIMIT,
    MAX_OFFSET,
    check_known,
    content_languages,
    default_language,
    page_type_labels,
    parse_fields,
    parse_locale,
    portal_page_models,
)
from .schemas import LocaleSchema, PageItem, PageList, Problem
from .serializers import PageSerializer

router = Router(tags=["content"])

PageType = Literal[tuple(page_type_labels())]
ERRORS = {400: Problem, 404: Problem}
MAX_PATH_LENGTH = 2048


def json_response(data, status=200, content_type="application/json"):
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type=content_type)


def paginate(queryset, limit, offset):
    """One page of results and the total, in one query (a window count)."""
    rows = list(queryset.annotate(api_total=Window(Count("pk")))[offset : offset + limit])
    if rows:
        return rows, rows[0].api_total
    return rows, queryset.count() if offset else 0


def listing(request, queryset, *, models, limit, offset, fields, language=None):
    """A ``{count, items}`` response of fully serialised pages. With ``language`` (a
    listing asked for in a language, ``network.i18n.fallbacks.in_language_code``), the
    items not in that language carry ``fallback_from`` and their address in it."""
    fields = parse_fields(fields, models)
    items, count = paginate(queryset, limit, offset)
    if items and type(items[0]) is Page:
        items = _specific(items)
    if language:
        mark_fallbacks(items, Audience(None, language, language), request)
    data = PageSerializer(request, fields).serialize(items)
    return json_response({"count": count, "items": data})


def _specific(pages):
    # A mixed listing: one query per page type present, order kept.
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()
    }
    return [specific[page.pk] for page in pages if page.pk in specific]


def in_locale(queryset, code):
    return queryset.filter(locale__language_code=code) if code else queryset


def visible_parent(value, name):
    page = visible_pages(Page.objects.filter(pk=value)).select_related("locale").first()
    if page is None:
        raise ParameterError(name, f"no published, public page has the id {value}")
    return page


@router.get(
    "/content/",
    response={200: PageList, **ERRORS},
    summary="List pages with their fields",
    operation_id="content_list",
)
def list_content(
    request,
    type: PageType | None = None,  # noqa: A002 - the parameter's public name
    locale: str | None = None,
    child_of: int | None = Query(None, ge=1),
    descendant_of: int | None = Query(None, ge=1),
    fields: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Live, public pages of one type (``type``) or of all types, in tree order.

    ``locale`` defaults to the default language, or to the language of the
    ``child_of``/``descendant_of`` page. ``fields=*`` adds every field of the type;
    ``fields=a,b`` adds some to the listing's defaults.
    """
    check_known(
        request, {"type", "locale", "child_of", "descendant_of", "fields", "limit", "offset"}
    )
    if child_of and descendant_of:
        raise ParameterError("descendant_of", "give child_of or descendant_of, not both")
    models = portal_page_models()
    model = Page
    if type:
        model = next(m for m in models if m._meta.label == type)
        models = [model]
    queryset = visible_pages(model.objects.all()).exclude(depth=1)
    code = parse_locale(locale)
    if child_of:
        parent = visible_parent(child_of, "child_of")
        queryset = queryset.child_of(parent)
        code = code or parent.locale.language_code
    if descendant_of:
        parent = visible_parent(descendant_of, "descendant_of")
        queryset = queryset.descendant_of(parent)
        code = code or parent.locale.language_code
    queryset = in_locale(queryset, code or default_language()).select_related("locale")
    return listing(
        request,
        queryset.order_by("path"),
        models=models,
        limit=limit,
        offset=offset,
        fields=fields,
    )


def detail_response(request, page, fields):
    if fields is not None:
        parse_fields(fields, [type(page)])
    return json_response(PageSerializer(request, detail=True).serialize([page])[0])


@router.get(
    "/content/find/",
    response={200: PageItem, **ERRORS},
    summary="Find a page by its URL path",
    operation_id="content_find",
)
def find_content(request, path: str, fields: str | None = None):
    """The page a visitor sees at ``path``, e.g. ``/fr/villes/clermont-ferrand/``.

    The first segment may be any content language (default: the default language);
    a full URL is accepted too. Answers the page itself, as ``/content/{id}/`` does.
    """
    check_known(request, {"path", "fields"})
    page = find_page(path)
    if page is None:
        raise Http404("No published, public page has this path.")
    return detail_response(request, page, fields)


def find_page(path):
    """The visible page at a public path (with or without its language prefix)."""
    if len(path) > MAX_PATH_LENGTH:
        raise ParameterError("path", f"at most {MAX_PATH_LENGTH} characters")
    if any(ord(char) < 32 for char in path):
        raise ParameterError("path", "control characters are not allowed")
    path = urlsplit(path.strip()).path if "://" in path else path.split("?")[0]
    # As in a browser's address bar, non-Latin slugs may come percent-encoded.
    path = unquote(path)
    segments = [segment for segment in path.split("/") if segment]
    code = default_language()
    if segments and segments[0].lower() in content_languages():
        code = segments.pop(0).lower()
    roots = [root for root in Site.get_site_root_paths() if root.language_code.lower() == code]
    if not roots:
        return None
    url_path = roots[0].root_path + "".join(f"{segment}/" for segment in segments)
    page = (
        visible_pages(Page.objects.filter(url_path=url_path, locale__language_code=code))
        .specific()
        .first()
    )
    return page


@router.get(
    "/content/{page_id}/",
    response={200: PageItem, **ERRORS},
    summary="A page with all its fields",
    operation_id="content_detail",
)
def get_content(request, page_id: int, fields: str | None = None):
    """A live, public page with every field of its type and its translations."""
    check_known(request, {"fields"})
    page = visible_pages(Page.objects.filter(pk=page_id)).specific().first()
    if page is None:
        raise Http404("No published, public page has this id.")
    return detail_response(request, page, fields)


@router.get(
    "/locales/",
    response={200: list[LocaleSchema], **ERRORS},
    summary="The content languages",
    operation_id="locales_list",
)
def list_locales(request):
    """Every content language, its name, and the URL of its home page."""
    check_known(request, set())
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    homes = {root.language_code.lower(): root for root in Site.get_site_root_paths()}
    existing = set(Locale.objects.values_list("language_code", flat=True))
    data = []
    for code in content_languages():
        root = homes.get(code)
        data.append(
            {
                "code": code,
                "name": next((name for c, name in names.items() if c.lower() == code), code),
                "is_default": code == default_language(),
                "available": code in {c.lower() for c in existing},
                "home_url": request.build_absolute_uri(f"/{code}/") if root else None,
            }
        )
    return json_response(data)
