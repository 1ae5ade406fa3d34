"""schema.org structured data (JSON-LD) of the public pages, one builder per page type.

Builders are registered by model (``@builds(CityPage)``) and found along the page
class's MRO, so a page type without its own builder gets its parent's. Each returns
the page's nodes; ``page_structured_data`` adds the breadcrumb (``BreadcrumbList``)
and writes one ``<script type="application/ld+json">`` with an ``@graph``.

- HomePage: ``Organization`` (the network) and ``WebSite`` with a ``SearchAction`` to
  the search in the page's language;
- CityPage: ``City`` with its coordinates (``geo``), country and region, its Michelin
  sites as ``containsPlace``, membership, population and year joined as
  ``additionalProperty``;
- ProjectPage: ``Project`` (an Organization in schema.org): its lead city as
  ``location``, lead and partner cities as ``areaServed``, topics as ``keywords``,
  dates, the call that funds it as ``funding``;
- NewsPage: ``NewsArticle``: headline, dates, image, author (the network, or the city
  for a city's news), publisher with its logo;
- CallForProposalsPage: ``MonetaryGrant`` (below);
- ConferencePage: ``Event``: dates with the host city's time zone, venue with the host
  city's coordinates, organizer, ``eventStatus``, ``inLanguage``;
- index pages: ``CollectionPage``; other pages: ``WebPage``.

**Calls for proposals** are a ``MonetaryGrant``: what the call offers (its total budget
as ``amount``), who funds it (the network, ``funder``) and what it funded
(``fundedItem``). schema.org gives a grant no deadline property, so the application
period is an ``Event`` attached as ``subjectOf``: ``startDate`` the opening and
``endDate`` the deadline, to the second with the time zone. It is not a top-level
``Event``: search engines' event listings are for things people attend, and a deadline
is not one.

**Conference times**: the programme's first session and last session give the start and
end when there is a programme, else the days' bounds (00:00 to 23:59); times are the
host city's local times, in the time zone of its coordinates (``city_time_zone``),
else in ``PORTAL_TIME_ZONE``.

Only public things are described: linked pages that are not live, public and unexpired
are left out, and pictures come from the link preview (never a restricted collection).
"""

import datetime
import json
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.models import Page

import tzfpy

from network.i18n.languages import bcp47
from network.models import (
    CallForProposalsPage,
    CityPage,
    ConferencePage,
    NewsPage,
    ProjectPage,
)
from network.models.indexes import IndexPage
from network.public.geography import country_name

from .public import page_is_public
from .social import moment, network_description

SCHEMA = "https://schema.org"
BUILDERS = {}
# Google shows at most this much of a headline.
HEADLINE_LENGTH = 110


def builds(*models):
    """Register the decorated function as the builder of ``models`` (and subclasses):
    model classes, or "app.Model" labels for models of apps above this one (home)."""

    def register(function):
        for model in models:
            BUILDERS[model if isinstance(model, str) else model._meta.label] = function
        return function

    return register


def builder_for(page):
    """The builder registered for the page's class or its nearest base."""
    for klass in type(page).__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and meta.label in BUILDERS:
            return BUILDERS[meta.label]
    return None


def city_time_zone(city):
    """The time zone at a city's coordinates (offline, tzfpy), else the portal's."""
    name = ""
    if city is not None and city.latitude is not None and city.longitude is not None:
        name = tzfpy.get_tz(float(city.longitude), float(city.latitude))
    return ZoneInfo(name or settings.TIME_ZONE)


class Graph:
    """What builders need: the page, the request, its chrome and context, and the
    pieces every type shares (the network, a city, addresses in the page's language)."""

    def __init__(self, page, request, chrome, context, social):
        self.page = page
        self.request = request
        self.chrome = chrome
        self.context = context
        self.social = social
        self.language = chrome.alias.source_code if chrome.alias else chrome.language
        self.url = chrome.canonical

    def absolute(self, url):
        return self.request.build_absolute_uri(url) if url else None

    def public(self, pages):
        """The pages any visitor may see, the others left out."""
        return [page for page in pages if page is not None and page_is_public(page, self.request)]

    def page_url(self, page):
        """A page's absolute address on the site being served."""
        return self.absolute(page.get_url(self.request))

    @property
    def home_url(self):
        return self.absolute(self.chrome.home_url) or self.absolute("/")

    def organization_ref(self):
        return {"@id": f"{self.absolute('/')}#organization"}

    def organization(self):
        """The network, publisher of the portal."""
        return {
            "@type": "Organization",
            **self.organization_ref(),
            "name": str(settings.WAGTAIL_SITE_NAME),
            "url": self.home_url,
            "logo": {"@type": "ImageObject", "url": self.absolute(static("img/logo.svg"))},
            "description": network_description(),
        }

    def base(self, schema_type, **extra):
        """The node of the page itself: type, address, name, description, picture."""
        page = self.page
        node = {
            "@type": schema_type,
            "@id": f"{self.url}#{schema_type.lower()}",
            "url": self.url,
            "name": page.title,
            "description": self.social["description"],
            "image": self.social["image"]["url"],
        }
        node.update({key: value for key, value in extra.items() if value not in (None, "", [])})
        return node

    def geo(self, city):
        return {
            "@type": "GeoCoordinates",
            "latitude": float(city.latitude),
            "longitude": float(city.longitude),
        }

    def city(self, city):
        """A city another page names, as a ``City``: name, address, coordinates."""
        return {
            "@type": "City",
            "name": city.title,
            "url": self.page_url(city),
            "geo": self.geo(city),
            "address": _postal_address(country=city.country, region=city.region),
        }

    def breadcrumbs(self):
        """The breadcrumb as a ``BreadcrumbList``, this page last."""
        if not self.chrome.breadcrumbs:
            return None
        items = [
            (_("Home") if index == 0 else crumb.title, self.absolute(crumb.url))
            for index, crumb in enumerate(self.chrome.breadcrumbs)
            if crumb.live and crumb.url
        ]
        items.append((self.page.title, self.absolute(self.chrome.page_url) or self.url))
        return {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name, "item": url}
                for position, (name, url) in enumerate(items, start=1)
            ],
        }


def _postal_address(country="", region="", locality="", street=""):
    address = {
        "@type": "PostalAddress",
        "streetAddress": " ".join(street.split()),
        "addressLocality": locality,
        "addressRegion": region,
        "addressCountry": country,
    }
    return {key: value for key, value in address.items() if value}


def _property(name, value, property_id=None):
    node = {"@type": "PropertyValue", "name": name, "value": value}
    if property_id:
        node["propertyID"] = property_id
    return node


@builds("home.HomePage")
def home_nodes(graph):
    """The network and its website in the page's language, searchable."""
    with translation.override(graph.language):
        search = graph.absolute(reverse("search"))
    website = {
        "@type": "WebSite",
        "@id": f"{graph.home_url}#website",
        "url": graph.home_url,
        "name": str(settings.WAGTAIL_SITE_NAME),
        "description": graph.social["description"],
        "inLanguage": bcp47(graph.language),
        "publisher": graph.organization_ref(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return [graph.organization(), website]


@builds(CityPage)
def city_nodes(graph):
    """The city, its coordinates and its Michelin sites."""
    city = graph.page
    facts = [
        _property(_("membership"), city.get_membership_display(), "membership"),
        city.population and _property(_("population"), city.population, "population"),
        city.year_joined and _property(_("year joined"), city.year_joined, "year-joined"),
    ]
    node = graph.base(
        "City",
        geo=graph.geo(city),
        address=_postal_address(country=city.country, region=city.region),
        containedInPlace={"@type": "Country", "name": country_name(city.country)},
        containsPlace=[
            {
                "@type": "Place",
                "name": site.name,
                "description": site.description or site.get_kind_display(),
                "additionalProperty": _property(
                    _("kind"), site.get_kind_display(), "michelin-site-kind"
                ),
            }
            for site in graph.context.get("michelin_sites", [])
        ],
        additionalProperty=[fact for fact in facts if fact],
    )
    return [node]


@builds(ProjectPage)
def project_nodes(graph):
    """The project: its cities, topics, dates and the call that funds it."""
    project = graph.page
    leads = graph.public([project.lead_city])
    partners = graph.public(graph.context.get("partner_cities", []))
    call = graph.context.get("funding_call")
    funding = None
    if call is not None and page_is_public(call, graph.request):
        funding = {
            "@type": "MonetaryGrant",
            "name": call.title,
            "url": graph.page_url(call),
            "funder": graph.organization_ref(),
        }
    completed = project.status == ProjectPage.Status.COMPLETED
    node = graph.base(
        "Project",
        location=graph.city(leads[0]) if leads else None,
        areaServed=[graph.city(city) for city in [*leads, *partners]],
        keywords=[str(topic) for topic in graph.context.get("topics", [])],
        foundingDate=project.start_date.isoformat() if project.start_date else None,
        dissolutionDate=project.end_date.isoformat() if completed and project.end_date else None,
        funding=funding,
        parentOrganization=graph.organization_ref(),
    )
    return [node]


@builds(NewsPage)
def news_nodes(graph):
    """A news article with its dates, author and publisher."""
    news = graph.page
    parent = Page.objects.filter(path=news.path[: -Page.steplen]).specific().first()
    author = graph.organization_ref()
    if isinstance(parent, CityPage) and page_is_public(parent, graph.request):
        author = {
            "@type": "GovernmentOrganization",
            "name": parent.title,
            "url": graph.page_url(parent),
        }
    node = graph.base(
        "NewsArticle",
        headline=Truncator(news.title).chars(HEADLINE_LENGTH),
        datePublished=graph.social["article"]["published_time"],
        dateModified=graph.social["article"]["modified_time"],
        inLanguage=bcp47(graph.language),
        mainEntityOfPage={"@type": "WebPage", "@id": graph.url},
        author=author,
        publisher=graph.organization(),
        keywords=[str(topic) for topic in graph.context.get("topics", [])],
        about=[graph.city(city) for city in graph.public(graph.context.get("related_cities", []))],
    )
    return [node]


@builds(CallForProposalsPage)
def call_nodes(graph):
    """The call as a grant, its application period as an event (see the module's note)."""
    call = graph.page
    period = {
        "@type": "Event",
        "name": _("Applications: %(call)s") % {"call": call.title},
        "startDate": moment(call.opens_at),
        "endDate": moment(call.closes_at),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": graph.url},
        "organizer": graph.organization_ref(),
        "inLanguage": bcp47(graph.language),
        "url": graph.url,
    }
    amount = None
    if call.total_budget:
        amount = {"@type": "MonetaryAmount", "currency": "EUR", "value": call.total_budget}
    funded = graph.public(graph.context.get("funded_projects", []))
    node = graph.base(
        "MonetaryGrant",
        funder=graph.organization(),
        amount=amount,
        fundedItem=[
            {"@type": "Project", "name": project.title, "url": graph.page_url(project)}
            for project in funded
        ],
        subjectOf=period,
    )
    return [node]


@builds(ConferencePage)
def conference_nodes(graph):
    """The conference as an event in its host city."""
    conference = graph.page
    hosts = graph.public([graph.context.get("host_city")])
    host = hosts[0] if hosts else None
    zone = city_time_zone(host)
    starts, ends = _conference_times(conference)
    location = {
        "@type": "Place",
        "name": conference.venue or (host.title if host else conference.title),
        "address": _postal_address(
            country=host.country if host else "",
            region=host.region if host else "",
            locality=host.title if host else "",
            street=conference.venue_address,
        ),
    }
    if host is not None:
        location["geo"] = graph.geo(host)
        location["containedInPlace"] = graph.city(host)
    node = graph.base(
        "Event",
        startDate=datetime.datetime.combine(conference.start_date, starts, zone).isoformat(),
        endDate=datetime.datetime.combine(conference.end_date, ends, zone).isoformat(),
        eventStatus=f"{SCHEMA}/EventScheduled",
        eventAttendanceMode=f"{SCHEMA}/OfflineEventAttendanceMode",
        location=location,
        organizer=graph.organization(),
        inLanguage=bcp47(graph.language),
        about={"@type": "Thing", "name": conference.theme} if conference.theme else None,
    )
    return [node]


def _conference_times(conference):
    """The first session's start on the first day and the last session's end on the
    last day (from the programme's raw data, no query), else the days' bounds."""
    first = last = None
    for day in conference.programme.raw_data:
        value = day.get("value") or {}
        for item in value.get("sessions") or []:
            session = item.get("value", item) if isinstance(item, dict) else {}
            starts = _time(session.get("starts"))
            ends = _time(session.get("ends")) or starts
            if value.get("date") == conference.start_date.isoformat() and starts:
                first = min(first or starts, starts)
            if value.get("date") == conference.end_date.isoformat() and ends:
                last = max(last or ends, ends)
    return first or datetime.time(0, 0), last or datetime.time(23, 59)


def _time(value):
    try:
        return datetime.time.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@builds(IndexPage)
def index_nodes(graph):
    """A section's listing."""
    return [graph.base("CollectionPage", inLanguage=bcp47(graph.language))]


@builds(Page)
def page_nodes(graph):
    """Any other page (standard pages, resources)."""
    return [graph.base("WebPage", inLanguage=bcp47(graph.language))]


def page_structured_data(page, request, chrome, context, social):
    """The page's JSON-LD (a string ready for a script element), or "" for none."""
    graph = Graph(page, request, chrome, context, social)
    builder = builder_for(page)
    nodes = builder(graph) if builder else []
    breadcrumbs = graph.breadcrumbs()
    if breadcrumbs:
        nodes.append(breadcrumbs)
    return to_json_ld(nodes)


def to_json_ld(nodes):
    """``nodes`` as one JSON-LD document, safe inside ``<script>`` ("" if no node)."""
    if not nodes:
        return ""
    text = json.dumps(
        {"@context": SCHEMA, "@graph": nodes}, cls=DjangoJSONEncoder, ensure_ascii=False
    )
    # "</script>" or "<!--" in a title must not end the element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
