"""The demo network's data files, read and checked.

Each TOML file of this folder holds one content kind; see the comment at the top of
each file for what is real and what is demo content. Items refer to each other by
their stable keys (``slug`` for pages and topics, ``key`` for organisations, people,
images and documents); :func:`load_data` reads every file and checks every reference,
so a typo in a data file fails loudly, naming the file and the item, before anything
is written to the database.
"""

import datetime
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent

# References a body, a link or a featured page may use: "<kind>:<key>".
PAGE_KINDS = {"city", "call", "conference", "project", "news", "resource", "page", "section"}
IMAGE_KINDS = {"city", "topic", "img"}
SECTIONS = {"cities", "projects", "news", "calls", "conferences", "resources"}


class DemoDataError(ValueError):
    """A data file is inconsistent; the message names the file and the item."""


def _read(name):
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class DemoData:
    """Every data file, as lists of dicts, with lookups by key."""

    cities: list
    topics: list
    organisations: list
    people: list
    calls: list
    conferences: list
    projects: list
    news: list
    resources: list
    documents: list
    images: list
    stories: list
    pages: dict

    @cached_property
    def city_slugs(self):
        return {city["slug"] for city in self.cities}

    def keys(self, kind):
        """The keys that ``<kind>:<key>`` references may use."""
        return {
            "city": self.city_slugs,
            "call": {item["slug"] for item in self.calls},
            "conference": {item["slug"] for item in self.conferences},
            "project": {item["slug"] for item in self.projects},
            "news": {item["slug"] for item in self.news},
            "resource": {item["slug"] for item in self.resources},
            "page": {item["slug"] for item in self.pages["page"]},
            "section": SECTIONS,
            "topic": {item["slug"] for item in self.topics},
            "img": {item["key"] for item in self.images},
            "doc": {item["key"] for item in self.documents},
            "person": {item["key"] for item in self.people},
            "organisation": {item["key"] for item in self.organisations},
        }[kind]


def load_data():
    """Read and check every data file; raises :class:`DemoDataError` on a bad one."""
    pages = _read("pages")
    data = DemoData(
        cities=_read("cities")["city"],
        topics=_read("topics")["topic"],
        organisations=_read("organisations")["organisation"],
        people=_read("people")["person"],
        calls=_read("calls")["call"],
        conferences=_read("conferences")["conference"],
        projects=_read("projects")["project"],
        news=_read("news")["news"],
        resources=_read("resources")["resource"],
        documents=_read("documents")["document"],
        images=_read("images")["image"],
        stories=_read("city_stories")["story"],
        pages=pages,
    )
    check(data)
    return data


# ---------------------------------------------------------------- checks


def check(data):
    """Every reference points at a known item; every key is unique."""
    for name, items, key in [
        ("cities", data.cities, "slug"),
        ("topics", data.topics, "slug"),
        ("organisations", data.organisations, "key"),
        ("people", data.people, "key"),
        ("calls", data.calls, "slug"),
        ("conferences", data.conferences, "slug"),
        ("projects", data.projects, "slug"),
        ("news", data.news, "slug"),
        ("resources", data.resources, "slug"),
        ("documents", data.documents, "key"),
        ("images", data.images, "key"),
    ]:
        seen = set()
        for item in items:
            if item[key] in seen:
                raise DemoDataError(f"{name}.toml: {key} {item[key]!r} is used twice.")
            seen.add(item[key])

    def expect(file, item, kind, keys):
        known = data.keys(kind)
        for value in [keys] if isinstance(keys, str) else keys:
            if value not in known:
                raise DemoDataError(f"{file}.toml: {item} refers to unknown {kind} {value!r}.")

    for city in data.cities:
        expect("cities", city["slug"], "city", city["membership"]["partners"])
    for org in data.organisations:
        if org.get("city"):
            expect("organisations", org["key"], "city", org["city"])
    for person in data.people:
        if person.get("organisation"):
            expect("people", person["key"], "organisation", person["organisation"])
    for project in data.projects:
        expect("projects", project["slug"], "city", [project["lead"], *project["partners"]])
        expect("projects", project["slug"], "topic", project.get("topics", []))
        expect("projects", project["slug"], "organisation", project.get("stakeholders", []))
        if project.get("funding_call"):
            expect("projects", project["slug"], "call", project["funding_call"])
        if project["lead"] in project["partners"]:
            raise DemoDataError(
                f"projects.toml: {project['slug']} lists its lead city among its partners."
            )
    for item in data.news:
        if item["parent"] != "network":
            expect("news", item["slug"], "city", item["parent"])
        expect("news", item["slug"], "city", item.get("cities", []))
        expect("news", item["slug"], "project", item.get("projects", []))
        expect("news", item["slug"], "topic", item.get("topics", []))
    for item in data.calls:
        expect("calls", item["slug"], "topic", item.get("topics", []))
        expect("calls", item["slug"], "doc", [doc for doc, _text in item.get("documents", [])])
    for item in data.conferences:
        expect(
            "conferences",
            item["slug"],
            "city",
            [item["host_city"], *item["candidate_host_cities"]],
        )
        expect(
            "conferences", item["slug"], "doc", [doc for doc, _text in item.get("documents", [])]
        )
    for item in data.resources:
        expect("resources", item["slug"], "topic", item.get("topics", []))
        expect("resources", item["slug"], "city", item.get("cities", []))
        for entry in item["items"]:
            if "doc" in entry:
                expect("resources", item["slug"], "doc", entry["doc"])
            else:
                check_reference(data, "resources", item["slug"], entry["link"], allow_url=True)
    for story in data.stories:
        expect("city_stories", story["city"], "city", story["city"])
        expect("city_stories", story["city"], "person", story.get("contacts", []))
        expect("city_stories", story["city"], "organisation", story.get("stakeholders", []))
    for ref in data.pages["home"]["featured"]:
        check_reference(data, "pages", "home", ref)
    for file, items in [
        ("calls", data.calls),
        ("conferences", data.conferences),
        ("projects", data.projects),
        ("news", data.news),
        ("resources", data.resources),
        ("pages", data.pages["page"]),
    ]:
        for item in items:
            if item.get("image"):
                check_image(data, file, item["slug"], item["image"])


def check_reference(data, file, item, ref, *, allow_url=False):
    """A page reference ``kind:key`` (or, where allowed, an https address) exists."""
    if allow_url and ref.startswith(("https://", "http://")):
        return
    kind, _, key = ref.partition(":")
    if kind not in PAGE_KINDS or key not in data.keys(kind):
        raise DemoDataError(f"{file}.toml: {item} links to unknown page {ref!r}.")


def check_image(data, file, item, ref):
    kind, _, key = ref.partition(":")
    if kind not in IMAGE_KINDS or key not in data.keys(kind):
        raise DemoDataError(f"{file}.toml: {item} uses unknown image {ref!r}.")


# ---------------------------------------------------------------- dates


def relative_date(today, days):
    """The day ``days`` after (or before, if negative) the load day."""
    return today + datetime.timedelta(days=days)


def parse_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
