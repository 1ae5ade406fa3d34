"""The network in numbers (issue 17, point 3): ``/<lang>/numbers/`` in every language,
its figures equal to counts made here independently from the demo network, charts a
screen reader can read and data anyone can download, at a cost that does not grow
with the number of projects.
"""

import csv
import io
import re
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone, translation

import lxml.html
import pytest

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
    ProjectPageFactory,
    TopicFactory,
)
from network.models import CallForProposalsPage, CityPage, ConferencePage, ProjectPage
from network.public.geography import CONTINENT_OF_COUNTRY
from tests.reach_helpers import json_ld, link_preview, node_of, schema_problems

CHARTS = [
    "projects-per-year",
    "projects-per-topic",
    "projects-per-continent",
    "cities-per-project",
    "budget-per-call",
    "members-over-time",
]


def public(model):
    """What anyone may see of a model, in the demo's source language, counted the plain
    way (the demo writes everything in English first)."""
    return (
        model.objects.filter(locale__language_code="en")
        .live()
        .public()
        .exclude(expire_at__lte=timezone.now())
    )


def expected_charts():
    """Every chart's ``{key: value}``, computed from the database here."""
    projects = list(public(ProjectPage).prefetch_related("topics", "partner_cities"))
    cities = {city.path: city for city in public(CityPage)}
    calls = list(public(CallForProposalsPage))
    per_topic = Counter(topic.slug for project in projects for topic in project.topics.all())
    leads = [cities.get(project.path[: -ProjectPage.steplen]) for project in projects]
    involved = Counter(
        (1 if lead else 0)
        + len([city for city in project.partner_cities.all() if city.path in cities])
        for project, lead in zip(projects, leads, strict=True)
    )
    members = [city for city in cities.values() if city.membership in ("founding", "member")]
    joined = Counter(city.year_joined for city in members if city.year_joined)
    per_year = Counter(project.start_date.year for project in projects if project.start_date)
    cumulative, total = {}, 0
    for year in range(min(joined), max(joined) + 1):
        total += joined[year]
        cumulative[str(year)] = total
    return {
        "projects-per-year": {
            str(year): per_year[year] for year in range(min(per_year), max(per_year) + 1)
        },
        "projects-per-topic": dict(per_topic),
        "projects-per-continent": dict(
            Counter(CONTINENT_OF_COUNTRY[lead.country] for lead in leads if lead)
        ),
        "cities-per-project": {str(size): count for size, count in involved.items() if size},
        "budget-per-call": {call.slug: call.total_budget or 0 for call in calls},
        "members-over-time": cumulative,
    }


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def figures(response):
    """``{label: value}`` of the headline figures, as shown."""
    tree = lxml.html.fromstring(response.content.decode())
    return {
        item.find_class("key-figures__label")[0].text_content().strip(): item.find_class(
            "key-figures__value"
        )[0]
        .text_content()
        .strip()
        for item in tree.find_class("key-figures__item")
    }


def digits(text):
    return int(re.sub(r"\D", "", text))


class DemoNumbersTests(TestCase):
    """The numbers of the demo network (loaded once for the class: it takes seconds)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_network", verbosity=0)

    def test_the_figures_equal_counts_made_independently(self):
        expected = expected_charts()
        for language in ("en", "fr"):
            for slug in CHARTS:
                response = self.client.get(f"/{language}/numbers/{slug}.csv")
                self.assertEqual(response.status_code, 200)
                rows = csv_rows(response)
                shown = {row["key"]: int(row["value"]) for row in rows}
                self.assertEqual(shown, expected[slug], f"{slug} in {language}")
                json_rows = self.client.get(f"/{language}/numbers/{slug}.json").json()["rows"]
                self.assertEqual(
                    {str(row["key"]): row["value"] for row in json_rows}, expected[slug]
                )
        cities = list(public(CityPage))
        projects = public(ProjectPage)
        with translation.override("en"):
            shown = figures(self.client.get("/en/numbers/"))
        members = [c for c in cities if c.membership in ("founding", "member")]
        self.assertEqual(digits(shown["member cities"]), len(members))
        self.assertEqual(digits(shown["cities in all"]), len(cities))
        self.assertEqual(digits(shown["countries"]), len({c.country for c in cities}))
        self.assertEqual(digits(shown["projects"]), projects.count())
        self.assertEqual(digits(shown["conferences"]), public(ConferencePage).count())
        self.assertEqual(
            digits(shown["calls for proposals"]), public(CallForProposalsPage).count()
        )
        budget = sum(call.total_budget or 0 for call in public(CallForProposalsPage))
        self.assertEqual(digits(shown["offered by the calls"]), budget)

    def test_every_chart_is_readable_without_seeing_it(self):
        response = self.client.get("/fr/numbers/")
        self.assertEqual(response.status_code, 200)
        tree = lxml.html.fromstring(response.content.decode())
        for slug in CHARTS:
            figure = tree.get_element_by_id(f"chart-{slug}")
            svg = figure.find(".//svg")
            self.assertEqual(svg.get("role"), "img")
            title_id, desc_id = svg.get("aria-labelledby").split()
            description = svg.get_element_by_id(desc_id).text_content()
            self.assertTrue(svg.get_element_by_id(title_id).text_content().strip())
            rows = csv_rows(self.client.get(f"/fr/numbers/{slug}.csv"))
            table = figure.find(".//table")
            self.assertEqual(len(table.findall(".//tbody/tr")), len(rows))
            self.assertEqual(len(svg.findall(".//rect")), len(rows))
            for row in rows:
                # Every label is in the text alternative and in the table, in French.
                self.assertIn(row["label"], description)
                self.assertIn(row["label"], table.text_content())
            for link in ("csv", "json"):
                self.assertTrue(figure.xpath(f'.//a[@href="/fr/numbers/{slug}.{link}"]'))
        # Labels are French: continents and the call's name.
        self.assertIn(
            "Europe", tree.get_element_by_id("chart-projects-per-continent").text_content()
        )
        with translation.override("fr"):
            self.assertIn("Appel", tree.get_element_by_id("chart-budget-per-call").text_content())

    def test_the_page_is_in_every_language_with_its_preview_and_data(self):
        for code, _name in settings.LANGUAGES:
            response = self.client.get(f"/{code}/numbers/")
            self.assertEqual(response.status_code, 200, code)
            tree = lxml.html.fromstring(response.content.decode())
            hreflangs = tree.xpath('//link[@rel="alternate"][@hreflang]/@hreflang')
            self.assertEqual(len(hreflangs), len(settings.LANGUAGES) + 1)
            tags = link_preview(response)
            self.assertEqual(tags["og:url"], [f"http://testserver/{code}/numbers/"])
            self.assertEqual(len(tags["og:locale:alternate"]), len(settings.LANGUAGES) - 1)
            documents = json_ld(response)
            self.assertEqual([schema_problems(doc) for doc in documents], [[]])
            dataset = node_of(documents, "Dataset")
            self.assertEqual(dataset["license"], "https://creativecommons.org/licenses/by/4.0/")
            self.assertEqual(len(dataset["distribution"]), 9)
            # The open data files are linked from the page.
            for file in ("cities.csv", "cities.geojson", "projects.json", "calls.ics"):
                self.assertTrue(tree.xpath(f'//a[@href="/opendata/{file}"]'), file)
        # Every page's footer leads to it.
        home = self.client.get("/ja/").content.decode()
        self.assertIn('href="/ja/numbers/"', home)

    def test_the_sitemap_lists_the_page_in_every_language_and_the_files(self):
        sitemap = self.client.get("/sitemap.xml").content.decode()
        locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        for code, _name in settings.LANGUAGES:
            self.assertIn(f"http://testserver/{code}/numbers/", locations)
        for file in ("cities.csv", "projects.csv", "conferences.ics", "datapackage.json"):
            self.assertIn(f"http://testserver/opendata/{file}", locations)

    def test_an_unknown_chart_is_a_clear_404(self):
        response = self.client.get("/en/numbers/projects-per-planet.csv")
        self.assertEqual(response.status_code, 404)
        self.assertIn("projects-per-planet", response.content.decode())


def small_network(portal, projects):
    """Five cities, three topics, two calls, a conference and ``projects`` projects,
    each with a partner city, a topic and a funding call."""
    cities = [CityPageFactory(parent=portal.cityindex) for _ in range(5)]
    topics = [TopicFactory() for _ in range(3)]
    calls = [CallForProposalsPageFactory(parent=portal.callindex) for _ in range(2)]
    ConferencePageFactory(parent=portal.conferenceindex, host_city=cities[0])
    for index in range(projects):
        project = ProjectPageFactory(parent=cities[index % 5], funding_call=calls[index % 2])
        project.partner_cities.set([cities[(index + 1) % 5]])
        project.topics.set([topics[index % 3]])
        project.save()
    return cities


# Queries of the numbers page and of an open data file, computed from a cold cache
# (then served from the content generation's cache until the next publish).
NUMBERS_QUERIES = 17
NUMBERS_QUERIES_WARM = 0
OPENDATA_QUERIES = 15


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 100])
def test_the_numbers_cost_the_same_whatever_the_number_of_projects(
    client, portal, django_assert_num_queries, size
):
    small_network(portal, size)
    client.get("/en/numbers/")  # the first request of a process
    cache.clear()
    with django_assert_num_queries(NUMBERS_QUERIES, info=f"cold, {size} projects"):
        response = client.get("/en/numbers/")
    rows = csv_rows(client.get("/en/numbers/cities-per-project.csv"))
    assert rows == [{"key": "2", "label": "2 cities", "value": str(size)}]
    with django_assert_num_queries(NUMBERS_QUERIES_WARM, info=f"warm, {size} projects"):
        response = client.get("/en/numbers/")
    assert response.status_code == 200
    cache.clear()
    with django_assert_num_queries(OPENDATA_QUERIES, info=f"open data, {size} projects"):
        response = client.get("/opendata/projects.csv")
    assert len(csv_rows(response)) == size
