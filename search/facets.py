"""Facets of the search results: content type, city, country, topic and year.

The facets of a search are computed over its matches (the ``MATCH_LIMIT`` most relevant
of each kind of content) in a fixed number of queries, whatever their number (the type,
year, translation key and tree path of each match come with it from the search; the
cities and topics it links to, and their labels, in one more statement):

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

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from network.models import CityPage, Organisation, Topic
from network.public.geography import CONTINENT_OF_COUNTRY, country_name
from network.public.visibility import visible_pages

from .sql import values_in
from .statement import FactsStatement

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
    fallback: bool = False  # in the source language: no translation in the visitor's
    content_type: int | None = None
    translation_key: object = None
    path: str | None = None
    year: int | None = None
    kind: str = ""
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


def as_uuid(value):
    """A translation key as a UUID (SQLite hands raw rows' UUIDs over as hex text)."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _prefer_locale(rows, locale):
    """{key: row} keeping, for each key, the row in ``locale`` if any."""
    chosen = {}
    for key, locale_id, *values in rows:
        if key not in chosen or locale_id == locale.pk:
            chosen[key] = (locale_id, *values)
    return {key: tuple(values[1:]) for key, values in chosen.items()}


def add_page_facts(matches):
    """Fill in the content type, translation key and tree path of page matches that
    came without them (from a search service), in one query."""
    pages = {match.pk: match for match in matches if match.source == "page"}
    if not pages:
        return
    rows = (
        Page.objects.filter(pk__in=values_in(pages))
        .values_list("pk", "content_type_id", "translation_key", "path")
        .order_by()
    )
    for pk, content_type, key, path in rows:
        match = pages[pk]
        match.content_type, match.translation_key, match.path = content_type, key, path


def annotate(matches, locale):
    """Fill in the facet values of the matches (kind, cities, countries, topics);
    return the labels of their values in the visitor's language. One query, whatever
    the number of matches (``search.statement.FactsStatement``)."""
    labels = Labels()
    by_source = defaultdict(dict)
    by_parent = defaultdict(list)  # a tree path: the pages under it
    models = {}
    for match in matches:
        by_source[match.source][match.pk] = match
        if match.source == "page":
            model = models.get(match.content_type)
            if model is None:
                model = ContentType.objects.get_for_id(match.content_type).model_class()
                models[match.content_type] = model
                labels.kinds[model._meta.model_name] = model._meta.verbose_name
            match.kind = model._meta.model_name
            if model is CityPage:
                match.cities.add(match.translation_key)
            by_parent[match.path[: -Page.steplen]].append(match)
        else:
            match.kind = match.source
    for source, label in (
        ("document", _("document")),
        ("topic", Topic._meta.verbose_name),
        ("organisation", Organisation._meta.verbose_name),
    ):
        if by_source[source]:
            labels.kinds[source] = label

    cities, topics = [], []
    facts = FactsStatement(
        by_source["page"],
        by_parent,
        by_source["organisation"],
        by_source["topic"],
        by_source["document"],
    )
    for kind, first, second, third, fourth, fifth in facts.rows():
        if kind == "year":
            if third is not None:
                by_source[first][int(second)].year = int(third)
        elif kind == "city-label":
            cities.append((as_uuid(second), int(first), third, fourth, fifth))
        elif kind == "topic-label":
            topics.append((second, int(first), third))
        elif first == "path":
            for match in by_parent[second]:
                match.cities.add(as_uuid(third))
        else:
            match = by_source[first][int(second)]
            (match.cities if kind == "city" else match.topics).add(
                as_uuid(third) if kind == "city" else third
            )
    labels.cities = _prefer_locale(cities, locale)
    labels.topics = {slug: values[0] for slug, values in _prefer_locale(topics, locale).items()}

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
        counted = (
            [match for match in matches if passes(match, filters, skip=name)]
            if filters
            else matches
        )
        if name == "type":
            counter = Counter(match.kind for match in counted)
        elif name == "year":
            counter = Counter(str(match.year) for match in counted if match.year)
        else:
            values_of = {"city": "cities", "country": "countries", "topic": "topics"}[name]
            counter = Counter(value for match in counted for value in getattr(match, values_of))
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
