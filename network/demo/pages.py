"""The demo's pages: placed in the tree first, then filled and published.

Placing every page before filling any lets a body, a featured list or a "related
cities" field point at any other page of the demo, whatever the order of the files.
A page that already exists (same slug under the same parent) is left exactly as it
is: the demo never overwrites an editor's work.
"""

import datetime
from decimal import Decimal

from ..models import (
    CallForProposalsPage,
    CityPage,
    ConferencePage,
    MichelinSite,
    NewsPage,
    ProjectPage,
    ResourcePage,
    StandardPage,
)
from . import streams
from .data import parse_date, relative_date

# Report stage of each page kind, in the order pages are filled.
STAGES = {
    "city": "Cities",
    "call": "Calls",
    "conference": "Conferences",
    "project": "Projects",
    "news": "News",
    "resource": "Resources",
    "page": "Standard pages",
}


def publish(page):
    """Publish the page's current state through a revision, as the page editor would.

    The page is validated once, when the published revision is saved (a live page's
    save runs ``full_clean``), so the revision itself skips cleaning.
    """
    page.save_revision(log_action=True, clean=False).publish()


# ---------------------------------------------------------------- dates


def call_dates(loader, call):
    """A call's opening and deadline, fixed or relative to the load day."""
    if "opens_in_days" in call:
        opens = relative_date(loader.today, call["opens_in_days"])
        closes = relative_date(loader.today, call["closes_in_days"])
        return loader.at(opens, call["opens_time"]), loader.at(closes, call["closes_time"])
    opens, closes = (datetime.datetime.fromisoformat(call[key]) for key in ("opens", "closes"))
    return opens.replace(tzinfo=loader.timezone), closes.replace(tzinfo=loader.timezone)


def conference_dates(loader, conference):
    """A conference's first and last day, fixed or relative to the load day."""
    if "starts_in_days" in conference:
        start = relative_date(loader.today, conference["starts_in_days"])
        return start, start + datetime.timedelta(days=conference["length_days"] - 1)
    return parse_date(conference["start"]), parse_date(conference["end"])


def news_date(loader, item):
    if "date_in_days" in item:
        return relative_date(loader.today, item["date_in_days"])
    return parse_date(item["date"])


# ---------------------------------------------------------------- placing


def _city(loader, city):
    # TOML numbers are floats; str() keeps the digits written in the data file.
    fields = {key: Decimal(str(city[key])) for key in ("latitude", "longitude")}
    fields |= {"title": city["name"], "country": city["country"]}
    return loader.pages["section:cities"], CityPage, fields


def _call(loader, call):
    opens, closes = call_dates(loader, call)
    fields = {"edition": call["edition"], "opens_at": opens, "closes_at": closes}
    return loader.pages["section:calls"], CallForProposalsPage, {"title": call["title"], **fields}


def _conference(loader, conference):
    start, end = conference_dates(loader, conference)
    fields = {"edition": conference["edition"], "start_date": start, "end_date": end}
    parent = loader.pages["section:conferences"]
    return parent, ConferencePage, {"title": conference["title"], **fields}


def _project(loader, project):
    return loader.pages[f"city:{project['lead']}"], ProjectPage, {"title": project["title"]}


def _news(loader, item):
    parent = "section:news" if item["parent"] == "network" else f"city:{item['parent']}"
    fields = {"title": item["title"], "date": news_date(loader, item)}
    return loader.pages[parent], NewsPage, fields


def _resource(loader, item):
    fields = {"title": item["title"], "items": []}
    return loader.pages["section:resources"], ResourcePage, fields


def _standard(loader, item):
    parent = "home" if item["parent"] == "home" else f"page:{item['parent']}"
    return loader.pages[parent], StandardPage, {"title": item["title"]}


PLACEMENTS = [
    ("city", lambda data: data.cities, _city),
    ("call", lambda data: data.calls, _call),
    ("conference", lambda data: data.conferences, _conference),
    ("project", lambda data: data.projects, _project),
    ("news", lambda data: data.news, _news),
    ("resource", lambda data: data.resources, _resource),
    ("page", lambda data: data.pages["page"], _standard),
]


def place(loader, ref, parent, model, slug, item, fields):
    """The page with this slug under this parent; added (not yet live) if missing."""
    children = loader.children.get(parent.pk)
    if children is None:
        children = {page.slug: page for page in parent.get_children().specific()}
        loader.children[parent.pk] = children
    page = children.get(slug)
    if page is None:
        page = model(slug=slug, locale=loader.locale, live=False, **fields)
        parent.add_child(instance=page)
        children[slug] = page
        loader.new_pages.append((ref, page, item))
    loader.pages[ref] = page


def place_pages(loader):
    """Every page of the demo in the tree, new ones unpublished and empty for now."""
    for kind, items, placement in PLACEMENTS:
        for item in items(loader.data):
            parent, model, fields = placement(loader, item)
            place(loader, f"{kind}:{item['slug']}", parent, model, item["slug"], item, fields)
    tally = loader.tallies["Pages placed"]
    tally.total, tally.created = len(loader.pages), len(loader.new_pages)


# ---------------------------------------------------------------- filling


def fill_pages(loader, kind):
    """Fill and publish the pages of one kind placed by this run; count the others."""
    stage, fill = STAGES[kind], FILLERS[kind]
    new = set()
    for ref, page, item in loader.new_pages:
        if ref.startswith(f"{kind}:"):
            fill(loader, page, item)
            publish(page)
            loader.note(stage, created=True, label=page.title)
            new.add(ref)
    for ref in loader.pages:
        if ref.startswith(f"{kind}:") and ref not in new:
            loader.note(stage)


def _common(loader, page, item, *parts):
    """Summary, hero image and body, shared by most page types."""
    page.summary = item.get("summary", "")
    if item.get("image"):
        page.hero_image = loader.image(item["image"])
    if "body" in item:
        page.body = streams.stream(item["body"], loader, *parts, "body")


def _pages(loader, kind, keys):
    return [loader.page(f"{kind}:{key}") for key in keys]


def fill_city(loader, page, city):
    membership = city["membership"]
    page.region = city.get("region", "")
    page.population = city.get("population")
    page.website = city.get("website", "")
    page.membership = membership["status"]
    page.year_joined = membership.get("year_joined")
    page.summary = city["summary"]
    page.hero_image = loader.image(f"city:{city['slug']}")
    page.michelin_sites = [
        MichelinSite(
            kind=site["kind"],
            name=site["name"],
            description=site.get("description", ""),
            established=site.get("established"),
            locale=loader.locale,
        )
        for site in city.get("site", [])
    ]
    page.partner_cities = _pages(loader, "city", membership["partners"])
    story = next((s for s in loader.data.stories if s["city"] == city["slug"]), None)
    if story:
        page.body = streams.stream(story["body"], loader, "city", city["slug"], "body")
        page.stakeholders = [loader.organisations[key] for key in story.get("stakeholders", [])]
        page.contacts = [loader.people[key] for key in story.get("contacts", [])]


def fill_call(loader, page, call):
    slug = call["slug"]
    _common(loader, page, call, "call", slug)
    page.total_budget = call.get("total_budget")
    page.max_grant = call.get("max_grant")
    page.eligibility = streams.rich_text(call.get("eligibility", ""), loader)
    page.how_to_apply = streams.rich_text(call.get("how_to_apply", ""), loader)
    documents = call.get("documents", [])
    page.documents = streams.document_items(documents, loader, "call", slug, "documents")
    page.topics = [loader.topics[key] for key in call.get("topics", [])]


def fill_conference(loader, page, conference):
    slug = conference["slug"]
    _common(loader, page, conference, "conference", slug)
    page.host_city = loader.page(f"city:{conference['host_city']}")
    for name in ("theme", "venue", "venue_address", "registration_url"):
        setattr(page, name, conference.get(name, ""))
    page.registration_info = streams.rich_text(conference.get("registration_info", ""), loader)
    if "registration_closes_days_before" in conference:
        days = datetime.timedelta(days=conference["registration_closes_days_before"])
        page.registration_deadline = loader.at(page.start_date - days, "23:59")
    days = conference.get("day", [])
    page.programme = streams.programme(days, page.start_date, loader, "conference", slug, "day")
    documents = conference.get("documents", [])
    page.documents = streams.document_items(documents, loader, "conference", slug, "documents")
    page.candidate_host_cities = _pages(loader, "city", conference["candidate_host_cities"])


def fill_project(loader, page, project):
    _common(loader, page, project, "project", project["slug"])
    page.status = project["status"]
    page.start_date = parse_date(project["start"]) if project.get("start") else None
    page.end_date = parse_date(project["end"]) if project.get("end") else None
    page.results = streams.rich_text(project.get("results", ""), loader)
    if project.get("funding_call"):
        page.funding_call = loader.page(f"call:{project['funding_call']}")
    page.partner_cities = _pages(loader, "city", project["partners"])
    page.topics = [loader.topics[key] for key in project.get("topics", [])]
    page.stakeholders = [loader.organisations[key] for key in project.get("stakeholders", [])]


def fill_news(loader, page, item):
    _common(loader, page, item, "news", item["slug"])
    page.related_cities = _pages(loader, "city", item.get("cities", []))
    page.related_projects = _pages(loader, "project", item.get("projects", []))
    page.topics = [loader.topics[key] for key in item.get("topics", [])]


def fill_resource(loader, page, item):
    _common(loader, page, item, "resource", item["slug"])
    page.items = streams.resource_items(item["items"], loader, "resource", item["slug"], "items")
    page.related_cities = _pages(loader, "city", item.get("cities", []))
    page.topics = [loader.topics[key] for key in item.get("topics", [])]


def fill_standard_page(loader, page, item):
    _common(loader, page, item, "page", item["slug"])


FILLERS = {
    "city": fill_city,
    "call": fill_call,
    "conference": fill_conference,
    "project": fill_project,
    "news": fill_news,
    "resource": fill_resource,
    "page": fill_standard_page,
}


# ---------------------------------------------------------------- pages that already exist


def fill_introductions(loader):
    """The home page's and the indexes' introductions, where an editor left them empty."""
    content = loader.data.pages["home"]
    home = loader.pages["home"].specific
    empty = not home.intro
    if empty:
        home.intro = streams.rich_text(content["intro"], loader)
        home.hero_image = home.hero_image or loader.image(content["image"])
        home.featured = [
            {"type": "page", "value": loader.page(ref).pk, "id": streams.block_id("home", n)}
            for n, ref in enumerate(content["featured"])
        ]
        publish(home)
    loader.note("Introductions", updated=empty, label=home.title)
    for slug, text in loader.data.pages["sections"].items():
        index = loader.pages[f"section:{slug}"]
        empty = not index.intro
        if empty:
            index.intro = streams.rich_text(text, loader)
            publish(index)
        loader.note("Introductions", updated=empty, label=index.title)


def refresh_relative_dates(loader):
    """Move the open call and the next conference around today if they have lapsed."""
    for call in loader.data.calls:
        page = loader.pages[f"call:{call['slug']}"]
        lapsed = bool(call.get("keep_open")) and page.status_at(loader.now) != page.Status.OPEN
        if lapsed:
            page.opens_at, page.closes_at = call_dates(loader, call)
            publish(page)
        loader.note("Dates", updated=lapsed, label=page.title)
    for conference in loader.data.conferences:
        page = loader.pages[f"conference:{conference['slug']}"]
        lapsed = bool(conference.get("keep_upcoming")) and not page.is_upcoming(loader.today)
        if lapsed:
            move_conference(loader, page, conference)
        loader.note("Dates", updated=lapsed, label=page.title)


def move_conference(loader, page, conference):
    """Shift a conference, its programme days and its registration deadline together."""
    start, end = conference_dates(loader, conference)
    shift = start - page.start_date
    page.start_date, page.end_date = start, end
    if page.registration_deadline:
        page.registration_deadline += shift
    days = list(page.programme.raw_data)
    for day in days:
        day["value"]["date"] = (parse_date(day["value"]["date"]) + shift).isoformat()
    page.programme = days
    publish(page)
