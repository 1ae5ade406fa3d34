"""Helpers of the search tests: translated trees, pages with words, the portal's search.

Pages are built with ``network.factories`` and published through revisions, as an
editor would, so they reach the search index through the same signals.
"""

import os
import tomllib
import uuid
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from django.core.management import call_command
from django.test import override_settings
from django.utils.html import escape

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

import pytest

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
    NewsPageFactory,
    ProjectPageFactory,
    TopicFactory,
)
from network.models import (
    CallIndexPage,
    CityIndexPage,
    ConferenceIndexPage,
    MichelinSite,
    NewsIndexPage,
    ProjectIndexPage,
    ResourceIndexPage,
)

SECTION_MODELS = [
    CityIndexPage,
    ProjectIndexPage,
    NewsIndexPage,
    CallIndexPage,
    ConferenceIndexPage,
    ResourceIndexPage,
]


def body(*paragraphs):
    """A body StreamField value of paragraphs."""
    return [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in paragraphs]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def locale(code):
    return Locale.objects.get(language_code=code)


def translate(page, code, sites=None, **fields):
    """The page's published translation in ``code``, with translated ``fields`` (and
    Michelin site names, for a city).

    The parents are translated first where they are not yet (as Wagtail does when a
    translator starts from a deep page).
    """
    target = locale(code)
    existing = page.get_translations().filter(locale=target).first()
    if existing is not None and existing.alias_of_id is None:
        translation = existing.specific
    else:
        translation = page.specific.copy_for_translation(target, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    if sites:
        # Each site's own row (the relation is read from the database, not kept).
        for site in translation.michelin_sites.all():
            site.name = sites
            site.save()
    translation.save()
    return publish(translation)


def translated_tree(portal, code, titles=None):
    """The home page and the section index pages of a language, published (with the
    section titles given, in the order of SECTION_MODELS)."""
    home = translate(portal.home, code)
    for index, model in enumerate(SECTION_MODELS):
        section = model.objects.child_of(portal.home).first()
        translate(section, code, **({"title": titles[index]} if titles else {}))
    return home


def section(home, model):
    """The section index page of a model under a language's home page."""
    return model.objects.child_of(home).get()


def make_alias(page, code):
    """The untranslated alias of a page in another language (as wagtail-localize's
    synchronisation creates it)."""
    return page.copy_for_translation(locale(code), copy_parents=True, alias=True)


def make_private(page):
    """Restrict the page to logged-in users."""
    return PageViewRestriction.objects.create(page=page, restriction_type="login")


def page_ids(hits):
    return [hit.obj.pk for hit in hits if isinstance(hit.obj, Page)]


def visible_text(response):
    """The text a visitor reads on an HTML response (tags such as <mark> removed)."""
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def elasticsearch_settings(url, prefix):
    """override_settings for the Elasticsearch backend at ``url`` (with the database
    backend beside it, as in production)."""
    return override_settings(
        WAGTAILSEARCH_BACKENDS={
            "default": {
                "BACKEND": "search.backends.elasticsearch",
                "URLS": [url],
                "INDEX_PREFIX": prefix,
                "TIMEOUT": 5,
            },
            "database": {"BACKEND": "search.backends.database"},
        }
    )


FIXTURE_NETWORK = Path(__file__).with_name("search_fixture_network.toml")


def _fields(data, code):
    words = dict(data[code])
    if "body" in words:
        words["body"] = body(words["body"])
    if "site" in data:
        words["sites"] = data["site"][code]
    return words


def _english_page(portal, data, pages, topics):
    words = _fields(data, "en")
    sites = words.pop("sites", None)
    common = {"slug": data["slug"], **words}
    kind = data["type"]
    if kind == "city":
        page = CityPageFactory(parent=portal.cityindex, country=data["country"], **common)
        MichelinSite.objects.filter(city=page).update(name=sites, description="")
    elif kind == "project":
        page = ProjectPageFactory(parent=pages[data["parent"]], results="", **common)
    elif kind == "news":
        page = NewsPageFactory(parent=portal.newsindex, **common)
    elif kind == "call":
        page = CallForProposalsPageFactory(
            parent=portal.callindex, eligibility="", how_to_apply="", **common
        )
    else:
        page = ConferencePageFactory(
            parent=portal.conferenceindex,
            venue="",
            host_city=pages[data["host_city"]],
            **common,
        )
    page = type(page).objects.get(pk=page.pk)
    if data.get("topics"):
        page.topics.set([topics[slug] for slug in data["topics"]])
    if data.get("related_cities"):
        page.related_cities.set([pages[slug] for slug in data["related_cities"]])
    page.save()
    return publish(page)


def build_fixture_network(portal, languages=None):
    """The multilingual network of search_fixture_network.toml, published.

    Returns ``pages`` (English pages by slug) and ``topics`` (English topics by slug).
    """
    data = tomllib.loads(FIXTURE_NETWORK.read_text())
    languages = languages or data["languages"]
    for code in languages[1:]:
        translated_tree(portal, code, titles=data["sections"].get(code))
    topics = {}
    for item in data["topic"]:
        topic = TopicFactory(slug=item["slug"], name=item["name"]["en"], description="")
        for code in languages[1:]:
            translation = topic.copy_for_translation(locale(code))
            translation.name = item["name"][code]
            translation.save()
        topics[item["slug"]] = topic
    pages = {}
    for item in data["page"]:
        pages[item["slug"]] = _english_page(portal, item, pages, topics)
        for code in languages[1:]:
            translate(pages[item["slug"]], code, **_fields(item, code))
    return SimpleNamespace(pages=pages, topics=topics, languages=languages)


@contextmanager
def search_backend(name):
    """Run a test against a backend: "database" (the configured database backend) or
    "elasticsearch" (the cluster at ELASTICSEARCH_URL, in fresh indices).

    Yields ``refresh()``, to call once the test's content is published so the cluster
    shows it (Elasticsearch is near-real-time); the database backends need nothing.
    """
    if name == "database":
        yield lambda: None
        return
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip(
            "ELASTICSEARCH_URL is not set: the Elasticsearch contract tests need a real "
            "Elasticsearch 8/9 cluster"
        )
    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    with elasticsearch_settings(url, prefix):
        # The first rebuild creates the indices and the aliases pages are written to.
        call_command("update_index", backend_name="default", verbosity=0)
        backend = get_search_backend()
        try:
            yield backend.refresh_indexes
        finally:
            # By name: clusters refuse wildcard deletions (destructive_requires_name).
            for index in backend.es.indices.get(index=f"{prefix}*"):
                backend.es.indices.delete(index=index)
