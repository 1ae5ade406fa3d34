"""Load the demo network into the database: ``python manage.py load_demo_network``.

The load runs in stages, one small function per content kind, inside one transaction
(all or nothing):

1. the portal's skeleton (``setup_portal``: locales, home page, section indexes);
2. generated media: images and documents, in a "Demo network" collection;
3. topics; then every page is *placed* in the tree (so all pages have an id);
4. organisations and people (they point at city pages);
5. every new page is *filled* (bodies, links between pages, snippets) and published
   through a revision, so editors find it live with a history they can edit from;
6. the home page and the section indexes get their introduction if they have none;
7. the open call and the coming conference are moved around the load day if their
   dates have passed since an earlier load (see calls.toml and conferences.toml).

Idempotent: every item is found by its stable key (a page by its slug under its
parent, a topic by slug, an organisation by name, a person by e-mail, an image or a
document by title in the demo collection) and is never created twice nor modified;
a second run reports "0 created, 0 updated".

Search: every object saved is indexed once, at the end of the load, rather than on
each of its saves (see network/demo/search.py); timings are in docs/README-demo.md.
"""

import datetime
import io
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.utils.file import hash_filelike

from ..models import Organisation, Person, PortalImage, Topic
from ..models.indexes import IndexPage
from ..public.geography import country_name
from . import cycle, documents, media, pages, translations
from .data import load_data
from .files import files_removed_on_failure
from .generated import GENERATORS
from .search import deferred_search_index

COLLECTION_NAME = "Demo network"
CREDIT = "Demo image"
SECRETARIAT_TZ = ZoneInfo("Europe/Paris")
CITY_MOTIFS = ["skyline", "network", "valleys", "road", "river", "tyre", "lakes", "grid"]
CITY_MOTIF_OVERRIDES = {
    "clermont-ferrand": "volcanoes",
    "le-puy-en-velay": "volcanoes",
    "almeria": "sun",
    "laurens": "track",
    "olsztyn": "lakes",
}
TOPIC_MOTIFS = {
    "mobility": "road",
    "energy-transition": "sun",
    "circular-economy": "arrows",
    "urban-nature": "leaves",
    "culture-arts": "stage",
    "sport-health": "track",
    "higher-education-research": "grid",
    "employment-skills": "gears",
    "industrial-heritage": "factory",
    "digital-city": "network",
    "living-together": "houses",
}


@dataclass
class Tally:
    """What a stage did."""

    created: int = 0
    updated: int = 0
    total: int = 0


@dataclass
class Loader:
    """The state of one load: what exists, by key, and what each stage did."""

    data: object
    now: datetime.datetime
    out: object = None
    verbosity: int = 1
    # By reference: images "city:slug", "topic:slug", "img:key", "person:key";
    # pages "city:slug", "call:slug", ..., "section:news", "home".
    images: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    topics: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    new_pages: list = field(default_factory=list)  # (ref, page, item) placed by this run
    tallies: dict = field(default_factory=lambda: defaultdict(Tally))
    locale: object = None
    timezone: ZoneInfo = SECRETARIAT_TZ
    collection: object = None
    children: dict = field(default_factory=dict)  # parent id -> {slug: page}, as placed
    translations: list = field(default_factory=list)  # PageTranslation, one per page and language
    skipped_languages: list = field(default_factory=list)  # translation files without a locale

    @property
    def today(self):
        """The load day, in the secretariat's time zone."""
        return timezone.localdate(self.now, self.timezone)

    # ------------------------------------------------------------ references

    def page(self, ref):
        return self.pages[ref]

    def image(self, ref):
        return self.images[ref]

    def document(self, key):
        return self.documents[key]

    def person(self, key):
        return self.people[key]

    def at(self, day, clock):
        """An aware datetime: a day at a wall-clock time of the secretariat."""
        hours, minutes = (int(part) for part in clock.split(":"))
        return datetime.datetime.combine(day, datetime.time(hours, minutes), self.timezone)

    # ------------------------------------------------------------ reporting

    def note(self, stage, created=False, updated=False, label=""):
        tally = self.tallies[stage]
        tally.total += 1
        tally.created += created
        tally.updated += updated
        if self.verbosity >= 2 and (created or updated) and self.out:
            self.out.write(f"    {'created' if created else 'updated'} {stage}: {label}")

    def report(self, stage, started):
        tally = self.tallies[stage]
        if self.verbosity >= 1 and self.out:
            parts = [f"{tally.created} created"]
            if tally.updated:
                parts.append(f"{tally.updated} updated")
            seconds = time.monotonic() - started
            self.out.write(
                f"  {stage:<16} {tally.total:>4}  {', '.join(parts)}  ({seconds:.1f} s)"
            )

    def run_stage(self, stage, function):
        started = time.monotonic()
        if self.verbosity >= 1 and self.out and getattr(self.out, "isatty", lambda: False)():
            self.out.write(f"  {stage} ...", ending="\r")
        function(self)
        self.report(stage, started)


# ---------------------------------------------------------------- entry point


def load_demo_network(out=None, verbosity=1, now=None):
    """Load (or complete) the demo network; returns the tallies by stage.

    ``now`` is the moment of the load (default: the current time); relative dates in
    the data files count from its day in the secretariat's time zone.
    """
    now = now or timezone.now()
    if out is not None and not isinstance(out, OutputWrapper):
        out = OutputWrapper(out)
    loader = Loader(load_data(), now, out, verbosity)
    started = time.monotonic()
    stages = [
        ("Portal", skeleton),
        ("Images", load_images),
        ("Documents", load_documents),
        ("Topics", load_topics),
        ("Pages placed", pages.place_pages),
        ("Organisations", load_organisations),
        ("People", load_people),
        *((stage, partial(pages.fill_pages, kind=kind)) for kind, stage in pages.STAGES.items()),
        ("Introductions", pages.fill_introductions),
        ("Dates", pages.refresh_relative_dates),
        ("Translations", translations.translate_pages),
        (cycle.STAGE, cycle.load_cycle),
    ]
    with files_removed_on_failure(), transaction.atomic(), deferred_search_index():
        for stage, function in stages:
            loader.run_stage(stage, function)
        translations.report_missing(loader, loader.translations)
    created = sum(t.created for name, t in loader.tallies.items() if name != "Pages placed")
    updated = sum(t.updated for t in loader.tallies.values())
    if verbosity >= 1 and out:
        seconds = time.monotonic() - started
        out.write(f"Demo network: {created} created, {updated} updated in {seconds:.1f} s.")
    return loader.tallies


# ---------------------------------------------------------------- skeleton and media


def skeleton(loader):
    """setup_portal's locales, home page and section indexes (created where missing).

    Run as the command it is (the skeleton belongs to the ``home`` app, which builds on
    this one), then read back: the default site's root and its section indexes.
    """
    tally = loader.tallies["Portal"]
    # (id, type): SQLite may give a new home page the id of the welcome page it replaces.
    existing = set(Page.objects.values_list("pk", "content_type_id"))
    locales = Locale.objects.count()
    call_command("setup_portal", verbosity=0)
    tally.total += Locale.objects.count()
    tally.created += tally.total - locales
    home = Site.objects.get(is_default_site=True).root_page.specific
    loader.pages["home"] = home
    loader.locale = home.locale
    sections = [page for page in home.get_children().specific() if isinstance(page, IndexPage)]
    for page in sections:
        loader.pages[f"section:{page.slug}"] = page
    for page in [home, *sections]:
        created = (page.pk, page.content_type_id) not in existing
        loader.note("Portal", created=created, label=page.title)


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _coordinates(city):
    latitude, longitude = city["latitude"], city["longitude"]
    north, east = "N" if latitude >= 0 else "S", "E" if longitude >= 0 else "W"
    return f"{abs(latitude):.2f}° {north}, {abs(longitude):.2f}° {east}"


def image_specs(data):
    """Every image of the demo: (ref, title, description, function drawing it)."""
    for n, city in enumerate(data.cities):
        slug, name = city["slug"], city["name"]
        motif = CITY_MOTIF_OVERRIDES.get(slug, CITY_MOTIFS[n % len(CITY_MOTIFS)])
        palette = "blue" if n % 2 else "yellow"
        country = country_name(city["country"], "en")
        caption = f"{country} · {_coordinates(city)}"
        yield (
            f"city:{slug}",
            f"{name} (demo illustration)",
            f"Illustration for {name}, {country}: {motif} shapes in Michelin blue and yellow.",
            partial(media.render_image, slug, name, motif, palette, caption=caption),
        )
    for topic in data.topics:
        slug, name, motif = topic["slug"], topic["name"], TOPIC_MOTIFS[topic["slug"]]
        yield (
            f"topic:{slug}",
            f"{name} (demo illustration)",
            f"Illustration for the topic {name}: {motif} shapes in blue and yellow.",
            partial(media.render_image, slug, name, motif, topic["colour"]),
        )
    for image in data.images:
        size = media.GALLERY_SIZE if image.get("gallery") else media.HERO_SIZE
        draw = partial(
            media.render_image,
            image["key"],
            image["label"],
            image["motif"],
            image["palette"],
            size,
        )
        yield f"img:{image['key']}", image["title"], image["description"], draw
    for person in data.people:
        yield (
            f"person:{person['key']}",
            f"Portrait of {person['name']} (demo)",
            f"The initials of {person['name']} in a yellow circle (demo portrait).",
            partial(media.render_portrait, person["key"], person["name"]),
        )


def load_images(loader):
    loader.collection = demo_collection()
    images = PortalImage.objects.filter(collection=loader.collection)
    existing = {image.title: image for image in images}
    specs = list(image_specs(loader.data))
    # Pillow releases the GIL while it draws and encodes: draw in threads, save in order.
    with ThreadPoolExecutor() as pool:
        drawn = {ref: pool.submit(draw) for ref, title, _, draw in specs if title not in existing}
        for ref, title, description, _draw in specs:
            image = existing.get(title) or save_image(loader, ref, title, description, drawn[ref])
            loader.images[ref] = image
            loader.note("Images", created=title not in existing, label=title)


def save_image(loader, ref, title, description, drawing):
    content = drawing.result()
    image = PortalImage(
        title=title,
        description=description,
        credit=CREDIT,
        collection=loader.collection,
        file=ImageFile(io.BytesIO(content), name=f"{ref.replace(':', '-')}.jpg"),
        file_size=len(content),
        file_hash=hash_filelike(io.BytesIO(content)),
    )
    image.save()
    return image


def document_content(loader, spec):
    """The bytes of a document of documents.toml."""
    if "generator" in spec:
        return GENERATORS[spec["generator"]](loader.data)
    if spec["format"] == "pdf":
        return documents.pdf_document(spec["title"], spec["lines"])
    return documents.text_document(spec["lines"])


def load_documents(loader):
    Document = get_document_model()
    existing = {doc.title: doc for doc in Document.objects.filter(collection=loader.collection)}
    for spec in loader.data.documents:
        document = existing.get(spec["title"])
        if document is None:
            content = document_content(loader, spec)
            document = Document(
                title=spec["title"],
                collection=loader.collection,
                file_size=len(content),
                file_hash=hash_filelike(io.BytesIO(content)),
            )
            document.file.save(spec["filename"], ContentFile(content), save=False)
            document.save()
        loader.documents[spec["key"]] = document
        loader.note("Documents", created=spec["title"] not in existing, label=spec["title"])


# ---------------------------------------------------------------- snippets


def load_topics(loader):
    existing = {topic.slug: topic for topic in Topic.objects.filter(locale=loader.locale)}
    for item in loader.data.topics:
        topic = existing.get(item["slug"])
        if topic is None:
            topic = Topic.objects.create(
                slug=item["slug"],
                name=item["name"],
                description=item["description"],
                locale=loader.locale,
            )
        loader.topics[item["slug"]] = topic
        loader.note("Topics", created=item["slug"] not in existing, label=item["name"])


def load_organisations(loader):
    existing = {org.name: org for org in Organisation.objects.filter(locale=loader.locale)}
    for item in loader.data.organisations:
        org = existing.get(item["name"])
        if org is None:
            org = Organisation.objects.create(
                name=item["name"],
                kind=item["kind"],
                city=loader.pages[f"city:{item['city']}"] if item.get("city") else None,
                website=item.get("website", ""),
                description=item["description"],
                locale=loader.locale,
            )
        loader.organisations[item["key"]] = org
        loader.note("Organisations", created=item["name"] not in existing, label=item["name"])


def load_people(loader):
    existing = {person.email: person for person in Person.objects.filter(locale=loader.locale)}
    for item in loader.data.people:
        person = existing.get(item["email"])
        if person is None:
            org = item.get("organisation")
            person = Person.objects.create(
                name=item["name"],
                role=item["role"],
                organisation=loader.organisations[org] if org else None,
                email=item["email"],
                photo=loader.images[f"person:{item['key']}"],
                bio=item["bio"],
                locale=loader.locale,
            )
        loader.people[item["key"]] = person
        loader.note("People", created=item["email"] not in existing, label=item["name"])
