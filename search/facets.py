"""Facets of the search results: content type, city, country, topic and year.

The facets of a search are computed over its matches (the ``MATCH_LIMIT`` most relevant
of each kind of content) in a fixed number of queries, whatever their number:

- type: the page type, or document / topic / organisation;
- city: the city a page is (a city page), sits under (a project, a city's news), hosts
  (a conference) or names (partner and related cities), an organisation's city;
- country: the countries of those cities;
- topic: the topics of a page, or the topic itself;
- year: the date a page is about (news date, project start, conference, call opening),
  else its first publication; a document's upload.

Links between pages are synchronised from the source locale, so cities and topics are
identified by translation key and slug (the same in every language) and labelled in the
visitor's language. Only live, public cities are facet values.

Counts follow the usual rule of faceted search: each facet counts the matches that pass
every *other* active filter, so a visitor can switch from one city to another.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import DateField, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.documents import get_document_model
from wagtail.models import Page

from network.models import (
    CallForProposalsPage,
    CityPage,
    ConferencePage,
    NewsPage,
    Organisation,
    ProjectPage,
    ResourcePage,
    Topic,
)
from network.public.geography import CONTINENT_OF_COUNTRY, country_name
from network.public.visibility import visible_pages

FACETS = ("type", "city", "country", "topic", "year")
FACET_LABELS = {
    "type": gettext_lazy("Type"),
    "city": gettext_lazy("City"),
    "country": gettext_lazy("Country"),
    "topic": gettext_lazy("Topic"),
    "year": gettext_lazy("Year"),
}


@dataclass
class Match:
    """One search match and what the facets need to know about it."""

    source: str  # "page", "document", "topic" or "organisation"
    pk: int
    relevance: float
    kind: str = ""
    year: int | None = None
    translation_key: object = None
    cities: set = field(default_factory=set)
    topics: set = field(default_factory=set)
    countries: set = field(default_factory=set)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Labels:
    """The visitor's-language labels of the cities and topics among the matches."""

    cities: dict = field(default_factory=dict)  # translation key -> (slug, title, country)
    topics: dict = field(default_factory=dict)  # slug -> name
    kinds: dict = field(default_factory=dict)  # kind -> label


def _prefer_locale(rows, locale):
    """{key: row} keeping, for each key, the row in ``locale`` if any."""
    chosen = {}
    for key, locale_id, *values in rows:
        if key not in chosen or locale_id == locale.pk:
            chosen[key] = (locale_id, *values)
    return {key: tuple(values[1:]) for key, values in chosen.items()}


def _page_facts(matches):
    pks = [match.pk for match in matches]
    year_source = Coalesce(
        "newspage__date",
        "projectpage__start_date",
        "conferencepage__start_date",
        TruncDate("callforproposalspage__opens_at"),
        TruncDate("first_published_at"),
        output_field=DateField(),
    )
    rows = (
        Page.objects.filter(pk__in=pks)
        .annotate(_about=year_source)
        .values_list("pk", "content_type_id", "path", "translation_key", "_about")
        .order_by()
    )
    return {pk: facts for pk, *facts in rows}


def _tagged(queryset, tag, *columns):
    return queryset.annotate(_tag=Value(tag)).values_list("_tag", *columns).order_by()


def annotate(matches, locale):
    """Fill in the facet facts of the matches; return the labels of their values."""
    labels = Labels()
    pages = [match for match in matches if match.source == "page"]
    by_source = defaultdict(dict)
    for match in matches:
        by_source[match.source][match.pk] = match

    parent_paths = {}
    if pages:
        facts = _page_facts(pages)
        for match in pages:
            content_type_id, path, key, about = facts[match.pk]
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            match.kind = model._meta.model_name
            labels.kinds[match.kind] = model._meta.verbose_name
            match.translation_key = key
            match.year = about.year if about else None
            if model is CityPage:
                match.cities.add(key)
            elif model in (ProjectPage, NewsPage):
                parent_paths.setdefault(path[: -Page.steplen], []).append(match)
    for source, label in (
        ("document", _("document")),
        ("topic", Topic._meta.verbose_name),
        ("organisation", Organisation._meta.verbose_name),
    ):
        for match in by_source[source].values():
            match.kind = source
            labels.kinds[source] = label

    page_pks = list(by_source["page"])
    if parent_paths:
        for path, key in CityPage.objects.filter(path__in=parent_paths).values_list(
            "path", "translation_key"
        ):
            for match in parent_paths[path]:
                match.cities.add(key)

    # Cities named by links: one UNION ALL query for every relation.
    city_links = []
    if page_pks:
        city_links += [
            _tagged(
                ProjectPage.partner_cities.through.objects.filter(projectpage_id__in=page_pks),
                "page",
                "projectpage_id",
                "citypage__translation_key",
            ),
            _tagged(
                NewsPage.related_cities.through.objects.filter(newspage_id__in=page_pks),
                "page",
                "newspage_id",
                "citypage__translation_key",
            ),
            _tagged(
                ResourcePage.related_cities.through.objects.filter(resourcepage_id__in=page_pks),
                "page",
                "resourcepage_id",
                "citypage__translation_key",
            ),
            _tagged(
                ConferencePage.objects.filter(pk__in=page_pks, host_city__isnull=False),
                "page",
                "pk",
                "host_city__translation_key",
            ),
        ]
    if by_source["organisation"]:
        city_links.append(
            _tagged(
                Organisation.objects.filter(pk__in=by_source["organisation"], city__isnull=False),
                "organisation",
                "pk",
                "city__translation_key",
            )
        )
    if city_links:
        for source, pk, key in city_links[0].union(*city_links[1:], all=True):
            by_source[source][pk].cities.add(key)

    # Topics: the topics of pages, and topics themselves.
    topic_links = []
    if page_pks:
        for model in (ProjectPage, NewsPage, CallForProposalsPage, ResourcePage):
            through = model.topics.through
            column = f"{model._meta.model_name}_id"
            topic_links.append(
                _tagged(
                    through.objects.filter(**{f"{column}__in": page_pks}),
                    "page",
                    column,
                    "topic__slug",
                )
            )
    if by_source["topic"]:
        topic_links.append(
            _tagged(Topic.objects.filter(pk__in=by_source["topic"]), "topic", "pk", "slug")
        )
    if topic_links:
        for source, pk, slug in topic_links[0].union(*topic_links[1:], all=True):
            by_source[source][pk].topics.add(slug)

    if by_source["document"]:
        for pk, created_at in (
            get_document_model()
            .objects.filter(pk__in=by_source["document"])
            .values_list("pk", "created_at")
        ):
            by_source["document"][pk].year = created_at.year

    city_keys = {key for match in matches for key in match.cities}
    if city_keys:
        rows = (
            visible_pages(CityPage.objects.filter(translation_key__in=city_keys))
            .values_list("translation_key", "locale_id", "slug", "title", "country")
            .order_by()
        )
        labels.cities = _prefer_locale(rows, locale)
    topic_slugs = {slug for match in matches for slug in match.topics}
    if topic_slugs:
        rows = Topic.objects.filter(slug__in=topic_slugs).values_list("slug", "locale_id", "name")
        labels.topics = {slug: values[0] for slug, values in _prefer_locale(rows, locale).items()}

    for match in matches:
        # Cities that are not live and public are no facet value (nor their country).
        match.cities = {key for key in match.cities if key in labels.cities}
        match.countries = {labels.cities[key][2] for key in match.cities}
        match.topics = {slug for slug in match.topics if slug in labels.topics}
    return labels


@dataclass
class Filters:
    """The facet filters of a search, as given and as resolved."""

    given: dict = field(default_factory=dict)  # name -> the value in the URL
    city_key: object = None

    def __bool__(self):
        return bool(self.given)


def clean_filters(data, locale, kinds):
    """(Filters, {name: error message}) from a mapping of facet names to values.

    Unknown values are reported and left out; none is ever a server error.
    """
    filters = Filters()
    errors = {}
    for name in FACETS:
        value = data.get(name)
        if value in (None, ""):
            continue
        value = str(value).strip()[:100]
        if name == "type":
            if value not in kinds:
                errors[name] = _("“%(value)s” is not a type of content of the portal.") % {
                    "value": value
                }
                continue
        elif name == "year":
            # Only ASCII digits: "²" is a digit to str.isdigit() and not to int().
            if not (value.isascii() and value.isdigit() and 1000 <= int(value) <= 9999):
                errors[name] = _("“%(value)s” is not a year.") % {"value": value}
                continue
        elif name == "country":
            value = value.upper()
            if value not in CONTINENT_OF_COUNTRY:
                errors[name] = _("“%(value)s” is not a country code.") % {"value": value}
                continue
        elif name == "city":
            keys = dict(
                visible_pages(CityPage.objects.filter(slug=value)).values_list(
                    "locale_id", "translation_key"
                )
            )
            if not keys:
                errors[name] = _("There is no city “%(value)s”.") % {"value": value}
                continue
            filters.city_key = keys.get(locale.pk) or next(iter(keys.values()))
        elif name == "topic" and not Topic.objects.filter(slug=value).exists():
            errors[name] = _("There is no topic “%(value)s”.") % {"value": value}
            continue
        filters.given[name] = value
    return filters, errors


def passes(match, filters, skip=None):
    """Whether a match passes every active filter (but ``skip``)."""
    for name, value in filters.given.items():
        if name == skip:
            continue
        if name == "type" and match.kind != value:
            return False
        if name == "year" and match.year != int(value):
            return False
        if name == "country" and value not in match.countries:
            return False
        if name == "city" and filters.city_key not in match.cities:
            return False
        if name == "topic" and value not in match.topics:
            return False
    return True


def count(matches, filters, labels):
    """{facet name: [FacetValue]} for the matches, most frequent first."""
    facets = {}
    for name in FACETS:
        counter = Counter()
        for match in matches:
            if not passes(match, filters, skip=name):
                continue
            if name == "type":
                counter[match.kind] += 1
            elif name == "year":
                if match.year:
                    counter[str(match.year)] += 1
            elif name == "city":
                counter.update(match.cities)
            elif name == "country":
                counter.update(match.countries)
            elif name == "topic":
                counter.update(match.topics)
        values = []
        for value, number in counter.items():
            if name == "type":
                key, label = value, labels.kinds.get(value, value)
            elif name == "city":
                slug, title, _country = labels.cities[value]
                key, label = slug, title
            elif name == "country":
                key, label = value, country_name(value)
            elif name == "topic":
                key, label = value, labels.topics[value]
            else:
                key, label = value, value
            values.append(
                FacetValue(
                    value=key,
                    label=capfirst(str(label)),
                    count=number,
                    selected=filters.given.get(name) == key
                    or (name == "city" and value == filters.city_key),
                )
            )
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.label.lower()))
        facets[name] = values
    return facets
