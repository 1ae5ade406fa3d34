"""The network's own endpoints: cities (and their map), projects, news, calls,
conferences, resources and topics, each with the filters its index page offers."""

from typing import Literal

from django.db.models import Q
from django.utils import timezone, translation

from ninja import Query, Router

from ..i18n.aliases import source_language
from ..i18n.fallbacks import Audience, in_language_code, mark_fallbacks
from ..models import (
    CallForProposalsPage,
    CityPage,
    ConferencePage,
    MichelinSite,
    NewsPage,
    ProjectPage,
    ResourcePage,
    Topic,
)
from ..public.geography import CONTINENT_OF_COUNTRY, CONTINENTS, countries_in
from ..public.visibility import visible_pages
from .content import ERRORS, json_response, listing
from .errors import ParameterError
from .params import MAX_LIMIT, MAX_OFFSET, check_known, default_language, parse_locale
from .schemas import ITEM_SCHEMAS, FeatureCollection, list_schema
from .schemas import Topic as TopicSchema

router = Router(tags=["network"])

PAGING = {"locale", "fields", "limit", "offset"}
Continent = Literal[tuple(CONTINENTS)]
Membership = Literal[tuple(CityPage.Membership.values)]
SiteKind = Literal[tuple(MichelinSite.Kind.values)]
ProjectStatus = Literal[tuple(ProjectPage.Status.values)]
CallStatus = Literal[tuple(CallForProposalsPage.Status.values)]


def typed(model, locale):
    """Visible pages of one type in the requested (default: the default) language, and
    the source language's pages not translated into it (marked ``fallback_from`` by
    ``listing``: one network in every language, ``network.i18n.fallbacks``)."""
    code = parse_locale(locale, default=default_language())
    return in_language_code(visible_pages(model.objects.all()), code), code


def city_translation_keys(city, code):
    """The cities a ``city`` parameter names: a page id (any language) or a slug."""
    cities = CityPage.objects.all()
    match = (
        Q(pk=int(city))
        if city.isascii() and city.isdigit() and len(city) < 19
        else Q(slug=city, locale__language_code=code)
    )
    keys = list(visible_pages(cities.filter(match)).values_list("translation_key", flat=True))
    if not keys:
        raise ParameterError("city", "no published city has this id or slug")
    return keys


def topic_filter(queryset, topic):
    if not Topic.objects.filter(slug=topic).exists():
        raise ParameterError("topic", "no topic has this slug")
    return queryset.filter(pk__in=queryset.model.objects.filter(topics__slug=topic).values("pk"))


def filter_cities(queryset, continent, country, membership, site):
    if continent:
        queryset = queryset.filter(country__in=countries_in(continent))
    if country:
        code = country.upper()
        if code not in CONTINENT_OF_COUNTRY:
            raise ParameterError("country", "not an ISO 3166-1 alpha-2 country code")
        queryset = queryset.filter(country=code)
    if membership:
        queryset = queryset.filter(membership=membership)
    if site:
        with_site = MichelinSite.objects.filter(kind=site).values("city_id")
        queryset = queryset.filter(pk__in=with_site)
    return queryset


@router.get(
    "/cities/",
    response={200: list_schema("CityList", ITEM_SCHEMAS[CityPage]), **ERRORS},
    summary="Cities of the network",
    operation_id="cities_list",
)
def list_cities(
    request,
    continent: Continent | None = None,
    country: str | None = None,
    membership: Membership | None = None,
    site: SiteKind | None = None,
    locale: str | None = None,
    fields: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Member and partner cities, by name; filter by continent, country (ISO code),
    membership and kind of Michelin site."""
    check_known(request, PAGING | {"continent", "country", "membership", "site"})
    queryset, code = typed(CityPage, locale)
    queryset = filter_cities(queryset, continent, country, membership, site)
    return listing(
        request,
        queryset.select_related("locale").order_by("title", "pk"),
        models=[CityPage],
        limit=limit,
        offset=offset,
        fields=fields,
        language=code,
    )


@router.get(
    "/cities/geojson/",
    response={200: FeatureCollection, **ERRORS},
    summary="Cities as a GeoJSON FeatureCollection (the map)",
    operation_id="cities_geojson",
    openapi_extra={
        "responses": {
            200: {
                "description": "RFC 7946 FeatureCollection, one Point per city",
                "content": {
                    "application/geo+json": {
                        "schema": {"$ref": "#/components/schemas/FeatureCollection"}
                    }
                },
            }
        }
    },
)
def cities_geojson(
    request,
    continent: Continent | None = None,
    country: str | None = None,
    membership: Membership | None = None,
    site: SiteKind | None = None,
    locale: str | None = None,
):
    """Every city matching the filters (not paginated), as RFC 7946 GeoJSON: Points in
    ``[longitude, latitude]`` order, properties in the requested language."""
    check_known(request, {"locale", "continent", "country", "membership", "site"})
    queryset, code = typed(CityPage, locale)
    queryset = filter_cities(queryset, continent, country, membership, site)
    cities = queryset.select_related("locale").prefetch_related("michelin_sites")
    features = []
    cities = mark_fallbacks(cities.order_by("title", "pk"), Audience(None, code, code), request)
    with translation.override(code):
        for city in cities:
            features.append(
                {
                    "type": "Feature",
                    "id": city.pk,
                    "geometry": {
                        "type": "Point",
                        "coordinates": [float(city.longitude), float(city.latitude)],
                    },
                    "properties": {
                        "title": city.title,
                        "url": city.get_full_url(request),
                        "locale": city.locale.language_code,
                        **(
                            {"fallback_from": city.locale.language_code}
                            if city.fallback_lang
                            else {}
                        ),
                        "country": city.country,
                        "country_name": str(city.country_name),
                        "continent": city.continent or None,
                        "membership": city.membership,
                        "membership_label": str(city.Membership(city.membership).label),
                        "site_kinds": city.site_kinds,
                        "population": city.population,
                        "summary": city.summary,
                    },
                }
            )
    return json_response(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
    )


@router.get(
    "/projects/",
    response={200: list_schema("ProjectList", ITEM_SCHEMAS[ProjectPage]), **ERRORS},
    summary="Projects of the network",
    operation_id="projects_list",
)
def list_projects(
    request,
    city: str | None = None,
    topic: str | None = None,
    status: ProjectStatus | None = None,
    locale: str | None = None,
    fields: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Projects, newest first; ``city`` (id or slug) matches the lead city and the
    partner cities, ``topic`` is a topic slug."""
    check_known(request, PAGING | {"city", "topic", "status"})
    queryset, code = typed(ProjectPage, locale)
    if city:
        keys = city_translation_keys(city, code)
        leads = CityPage.objects.filter(
            translation_key__in=keys, locale__language_code__in=[code, source_language()]
        )
        lead_q = Q(pk__in=[])
        for lead in leads:
            lead_q |= Q(path__startswith=lead.path, depth=lead.depth + 1)
        partner = ProjectPage.objects.filter(partner_cities__translation_key__in=keys)
        queryset = queryset.filter(lead_q | Q(pk__in=partner.values("pk")))
    if topic:
        queryset = topic_filter(queryset, topic)
    if status:
        queryset = queryset.filter(status=status)
    return listing(
        request,
        queryset.select_related("locale").order_by("-start_date", "title", "pk"),
        models=[ProjectPage],
        limit=limit,
        offset=offset,
        fields=fields,
        language=code,
    )


@router.get(
    "/news/",
    response={200: list_schema("NewsList", ITEM_SCHEMAS[NewsPage]), **ERRORS},
    summary="News of the network and of the cities",
    operation_id="news_list",
)
def list_news(
    request,
    city: str | None = None,
    topic: str | None = None,
    year: int | None = Query(None, ge=1900, le=2200),
    locale: str | None = None,
    fields: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """News, newest first; ``city`` matches a city's own news and news about it."""
    check_known(request, PAGING | {"city", "topic", "year"})
    queryset, code = typed(NewsPage, locale)
    if city:
        keys = city_translation_keys(city, code)
        own = CityPage.objects.filter(
            translation_key__in=keys, locale__language_code__in=[code, source_language()]
        )
        own_q = Q(pk__in=[])
        for page in own:
            own_q |= Q(path__startswith=page.path, depth=page.depth + 1)
        about = NewsPage.objects.filter(related_cities__translation_key__in=keys)
        queryset = queryset.filter(own_q | Q(pk__in=about.values("pk")))
    if topic:
        queryset = topic_filter(queryset, topic)
    if year:
        queryset = queryset.filter(date__year=year)
    return listing(
        request,
        queryset.select_related("locale").order_by("-date", "-pk"),
        models=[NewsPage],
        limit=limit,
        offset=offset,
        fields=fields,
        language=code,
    )


@router.get(
    "/calls/",
    response={200: list_schema("CallList", ITEM_SCHEMAS[CallForProposalsPage]), **ERRORS},
    summary="Calls for proposals",
    operation_id="calls_list",
)
def list_calls(
    request,
    status: CallStatus | None = None,
    topic: str | None = None,
    locale: str | None = None,
    fields: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Calls, latest first; ``status`` (open, upcoming, closed) comes from their dates
    at the time of the request. Dates are ISO 8601 with the offset."""
    check_known(request, PAGING | {"status", "topic"})
    queryset, code = typed(CallForProposalsPage, locale)
    if status:
        queryset = getattr(queryset, status)(timezone.now())
    if topic:
        queryset = topic_filter(queryset, topic)
    return listing(
        request,
        queryset.select_related("locale").order_by("-opens_at", "pk"),
        models=[CallForProposalsPage],
        limit=limit,
        offset=offset,
        fields=fields,
        language=code,
    )


@router.get(
    "/conferences/",
    response={200: list_schema("ConferenceList", ITEM_SCHEMAS[ConferencePage]), **ERRORS},
    summary="Conferences of the network",
    operation_id="conferences_list",
)
def list_conferences(
    request,
    when: Literal["upcoming", "past"] | None = None,
    locale: str | None = None,
    fields: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Conferences: ``when=upcoming`` soonest first, ``when=past`` latest first
    (default: all, latest first)."""
    check_known(request, PAGING | {"when"})
    queryset, code = typed(ConferencePage, locale)
    order = ("-start_date", "pk")
    if when == "upcoming":
        queryset, order = queryset.upcoming(), ("start_date", "pk")
    elif when == "past":
        queryset = queryset.past()
    return listing(
        request,
        queryset.select_related("locale").order_by(*order),
        models=[ConferencePage],
        limit=limit,
        offset=offset,
        fields=fields,
        language=code,
    )


@router.get(
    "/resources/",
    response={200: list_schema("ResourceList", ITEM_SCHEMAS[ResourcePage]), **ERRORS},
    summary="Resources: documents and links",
    operation_id="resources_list",
)
def list_resources(
    request,
    topic: str | None = None,
    city: str | None = None,
    locale: str | None = None,
    fields: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Resources, newest first, by topic slug and related city."""
    check_known(request, PAGING | {"topic", "city"})
    queryset, code = typed(ResourcePage, locale)
    if topic:
        queryset = topic_filter(queryset, topic)
    if city:
        keys = city_translation_keys(city, code)
        about = ResourcePage.objects.filter(related_cities__translation_key__in=keys)
        queryset = queryset.filter(pk__in=about.values("pk"))
    return listing(
        request,
        queryset.select_related("locale").order_by("-first_published_at", "pk"),
        models=[ResourcePage],
        limit=limit,
        offset=offset,
        fields=fields,
        language=code,
    )


@router.get(
    "/topics/",
    response={200: list_schema("TopicList", TopicSchema), **ERRORS},
    summary="Topics of the network",
    operation_id="topics_list",
)
def list_topics(
    request,
    locale: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """The topics, by name, in the requested language (the slug is the same in all)."""
    check_known(request, {"locale", "limit", "offset"})
    code = parse_locale(locale, default=default_language())
    topics = Topic.objects.filter(locale__language_code=code).select_related("locale")
    count = topics.count()
    items = [
        {
            "id": topic.pk,
            "name": topic.name,
            "slug": topic.slug,
            "description": topic.description,
            "locale": topic.locale.language_code,
        }
        for topic in topics.order_by("name", "pk")[offset : offset + limit]
    ]
    return json_response({"count": count, "items": items})
