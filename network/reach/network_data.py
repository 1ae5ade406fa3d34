"""The network's published public facts, the same in every language.

Everything the numbers page and the open data files show comes from here: the cities,
projects, calls for proposals, conferences and topics that an anonymous visitor may
see (``public.public_pages``: live, outside view restrictions, not expired), each
item once, read from its **source-language version** (the default locale's, or the
version of a page written in another language only). Facts are synchronised across
languages (DESIGN.md), so the figures are the same in every language; only the labels
(topic names, continents) are translated when shown.

Links between items (lead and partner cities, topics, the call that funded a project,
a conference's host) are followed by translation key and kept only when the linked
item is itself public: nothing hidden is named, not even by its slug.

``network_data(request)`` reads everything in a fixed number of queries, whatever the
number of items (``tests/test_numbers.py`` pins it), and keeps the result for the
current content generation (``public.cached``), so publishing anything recomputes it.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q

from wagtail.models import Page

from network.i18n.aliases import source_language
from network.models import (
    CallForProposalsPage,
    CityPage,
    ConferencePage,
    ProjectPage,
    Topic,
)
from network.public.geography import CONTINENT_OF_COUNTRY

from .public import cached, public_pages


@dataclass
class Item:
    """What every item has: its stable identity (translation key), slug, title, address
    and publication dates (for calendars)."""

    key: str
    slug: str
    title: str
    url: str
    summary: str
    language: str
    first_published_at: object
    last_published_at: object


@dataclass
class City(Item):
    country: str = ""
    region: str = ""
    latitude: float = 0.0
    longitude: float = 0.0
    population: int | None = None
    membership: str = ""
    year_joined: int | None = None
    website: str = ""
    sites: list = field(default_factory=list)  # [{"kind", "name", "established"}]
    partner_keys: list = field(default_factory=list)

    @property
    def continent(self):
        return CONTINENT_OF_COUNTRY.get(self.country, "")

    @property
    def is_member(self):
        return self.membership in (CityPage.Membership.FOUNDING, CityPage.Membership.MEMBER)


@dataclass
class Project(Item):
    status: str = ""
    start_date: object = None
    end_date: object = None
    lead_key: str | None = None
    partner_keys: list = field(default_factory=list)
    topic_keys: list = field(default_factory=list)
    call_key: str | None = None

    @property
    def city_keys(self):
        """The lead city and the partner cities, each once."""
        return list(
            dict.fromkeys([*([self.lead_key] if self.lead_key else []), *self.partner_keys])
        )


@dataclass
class Call(Item):
    edition: int = 0
    opens_at: object = None
    closes_at: object = None
    total_budget: int | None = None
    max_grant: int | None = None
    topic_keys: list = field(default_factory=list)


@dataclass
class Conference(Item):
    edition: int = 0
    theme: str = ""
    start_date: object = None
    end_date: object = None
    venue: str = ""
    venue_address: str = ""
    host_key: str | None = None
    registration_url: str = ""


@dataclass
class TopicFacts:
    key: str
    slug: str
    names: dict  # {language code: name}

    def name(self, language):
        return self.names.get(language) or self.names.get(source_language()) or self.slug


@dataclass
class NetworkData:
    """Everything public, keyed by translation key, in display order."""

    cities: dict
    projects: dict
    calls: dict
    conferences: dict
    topics: dict

    def city_slug(self, key):
        return self.cities[key].slug if key in self.cities else ""


def source_versions(model, request):
    """The public pages of ``model`` in the source language, plus the public pages of
    items that have no version in the source language at all."""
    source = source_language()
    in_source = model.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=source
    )
    return (
        public_pages(model.objects.all(), request)
        .filter(Q(locale__language_code=source) | ~Exists(in_source))
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .defer_streamfields()
        .order_by("pk")
    )


def _item(page, request, **facts):
    """The ``Item`` fields of a page, then the type's own ``facts``."""
    url = page.get_url(request)
    return {
        "key": str(page.translation_key),
        "slug": page.slug,
        "title": page.title,
        "url": request.build_absolute_uri(url) if url else "",
        "summary": getattr(page, "summary", ""),
        "language": page.locale.language_code,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        **facts,
    }


def _once(rows):
    """One row per translation key: the first (the oldest page, the source)."""
    seen = {}
    for row in rows:
        seen.setdefault(str(row.translation_key), row)
    return list(seen.values())


def _keys_only(model):
    return model.objects.only("translation_key")


def read_cities(request):
    rows = _once(
        source_versions(CityPage, request).prefetch_related(
            "michelin_sites",
            Prefetch("partner_cities", queryset=_keys_only(CityPage)),
        )
    )
    return {
        str(city.translation_key): City(
            **_item(
                city,
                request,
                country=city.country,
                region=city.region,
                latitude=float(city.latitude),
                longitude=float(city.longitude),
                population=city.population,
                membership=city.membership,
                year_joined=city.year_joined,
                website=city.website,
                sites=[
                    {"kind": site.kind, "name": site.name, "established": site.established}
                    for site in city.michelin_sites.all()
                ],
                partner_keys=[str(p.translation_key) for p in city.partner_cities.all()],
            )
        )
        for city in sorted(rows, key=lambda city: city.title.casefold())
    }


def read_topics():
    topics = {}
    for topic in Topic.objects.select_related("locale").order_by("pk"):
        key = str(topic.translation_key)
        entry = topics.setdefault(key, TopicFacts(key=key, slug=topic.slug, names={}))
        entry.names[topic.locale.language_code] = topic.name
    return topics


def read_projects(request):
    topics = Prefetch("topics", queryset=_keys_only(Topic))
    partners = Prefetch("partner_cities", queryset=_keys_only(CityPage))
    rows = _once(
        source_versions(ProjectPage, request)
        .annotate(call_key=F("funding_call__translation_key"))
        .prefetch_related(topics, partners)
    )
    # The lead city is the parent page: one query for all the parents' keys.
    parent_paths = {row.path[: -Page.steplen] for row in rows}
    lead_keys = dict(
        Page.objects.filter(path__in=parent_paths).values_list("path", "translation_key")
    )
    projects = [
        Project(
            **_item(
                project,
                request,
                status=project.status,
                start_date=project.start_date,
                end_date=project.end_date,
                lead_key=_str(lead_keys.get(project.path[: -Page.steplen])),
                partner_keys=[str(city.translation_key) for city in project.partner_cities.all()],
                topic_keys=[str(topic.translation_key) for topic in project.topics.all()],
                call_key=_str(project.call_key),
            )
        )
        for project in rows
    ]
    projects.sort(key=lambda p: (p.start_date is None, p.start_date, p.title.casefold()))
    return {project.key: project for project in projects}


def read_calls(request):
    rows = _once(
        source_versions(CallForProposalsPage, request).prefetch_related(
            Prefetch("topics", queryset=_keys_only(Topic))
        )
    )
    calls = sorted(rows, key=lambda call: (call.opens_at, call.pk))
    return {
        str(call.translation_key): Call(
            **_item(
                call,
                request,
                edition=call.edition,
                opens_at=call.opens_at,
                closes_at=call.closes_at,
                total_budget=call.total_budget,
                max_grant=call.max_grant,
                topic_keys=[str(topic.translation_key) for topic in call.topics.all()],
            )
        )
        for call in calls
    }


def read_conferences(request):
    rows = _once(
        source_versions(ConferencePage, request).annotate(host_key=F("host_city__translation_key"))
    )
    conferences = sorted(rows, key=lambda conference: (conference.start_date, conference.pk))
    return {
        str(conference.translation_key): Conference(
            **_item(
                conference,
                request,
                edition=conference.edition,
                theme=conference.theme,
                start_date=conference.start_date,
                end_date=conference.end_date,
                venue=conference.venue,
                venue_address=conference.venue_address,
                host_key=_str(conference.host_key),
                registration_url=conference.registration_url,
            )
        )
        for conference in conferences
    }


def _str(value):
    return str(value) if value else None


def read_network(request):
    """Read everything, then drop the links that lead to what is not public."""
    data = NetworkData(
        cities=read_cities(request),
        projects=read_projects(request),
        calls=read_calls(request),
        conferences=read_conferences(request),
        topics=read_topics(),
    )
    for city in data.cities.values():
        city.partner_keys = [key for key in city.partner_keys if key in data.cities]
    for project in data.projects.values():
        if project.lead_key not in data.cities:
            project.lead_key = None
        project.partner_keys = [
            key for key in project.partner_keys if key in data.cities and key != project.lead_key
        ]
        project.topic_keys = [key for key in project.topic_keys if key in data.topics]
        if project.call_key not in data.calls:
            project.call_key = None
    for call in data.calls.values():
        call.topic_keys = [key for key in call.topic_keys if key in data.topics]
    for conference in data.conferences.values():
        if conference.host_key not in data.cities:
            conference.host_key = None
    return data


def network_data(request):
    """The network's public facts for this site, kept for the content generation."""
    return cached(
        "network-data", lambda: read_network(request), request.get_host(), request.scheme
    )
