"""Open data (issue 17, point 4): the network's public data as files under
``/opendata/``, read here with standard readers (``csv``, ``json``, the ``geojson``
package's validator, ``icalendar``), their rows counted against the public items,
their licence stated, their data dictionary complete, kept up to date on publish and
never showing anything hidden (the leak matrices of ``tests/leakage.py`` and
``tests/leakage_channels.py``).
"""

import csv
import io
import json

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

import geojson
import icalendar
import pytest

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
    ProjectPageFactory,
)
from network.models import CallForProposalsPage, CityPage, ConferencePage, ProjectPage
from tests.leakage import assert_no_leak, build_hidden_content
from tests.leakage_channels import build_hidden_pages, leaked
from tests.search_helpers import publish

FILES = [
    "cities.csv",
    "cities.geojson",
    "projects.csv",
    "projects.json",
    "conferences.csv",
    "conferences.ics",
    "calls.csv",
    "calls.ics",
    "datapackage.json",
]
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def public(model):
    return (
        model.objects.filter(locale__language_code="en")
        .live()
        .public()
        .exclude(expire_at__lte=timezone.now())
    )


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


class DemoOpenDataTests(TestCase):
    """The demo network's open data (loaded once for the class: it takes seconds)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_network", verbosity=0)

    def get(self, name):
        response = self.client.get(f"/opendata/{name}")
        self.assertEqual(response.status_code, 200, name)
        return response

    def test_the_files_read_with_standard_readers_and_count_the_public_items(self):
        cities = {city.slug: city for city in public(CityPage)}
        rows = csv_rows(self.get("cities.csv"))
        self.assertEqual({row["slug"] for row in rows}, set(cities))
        for row in rows:
            city = cities[row["slug"]]
            self.assertEqual(float(row["latitude"]), float(city.latitude))
            self.assertEqual(row["country"], city.country)
            names = [site.name for site in city.michelin_sites.all()]
            self.assertEqual(row["michelin_sites"].split(";") if names else [], names)

        collection = geojson.loads(self.get("cities.geojson").content.decode())
        self.assertTrue(collection.is_valid, collection.errors())
        self.assertEqual(len(collection["features"]), len(cities))
        for feature in collection["features"]:
            city = cities[feature["properties"]["slug"]]
            longitude, latitude = feature["geometry"]["coordinates"]
            self.assertEqual((latitude, longitude), (float(city.latitude), float(city.longitude)))

        projects = {project.slug: project for project in public(ProjectPage)}
        rows = csv_rows(self.get("projects.csv"))
        self.assertEqual({row["slug"] for row in rows}, set(projects))
        as_json = json.loads(self.get("projects.json").content)["projects"]
        self.assertEqual(len(as_json), len(projects))
        for row in as_json:
            project = projects[row["slug"]]
            self.assertEqual(row["lead_city"], project.get_parent().slug)
            partners = sorted(city.slug for city in project.partner_cities.all())
            self.assertEqual(sorted(row["partner_cities"]), partners)
            self.assertEqual(row["cities_involved"], 1 + len(partners))
            self.assertEqual(
                sorted(row["topics"]), sorted(topic.slug for topic in project.topics.all())
            )
            call = project.funding_call
            self.assertEqual(row["funding_call"], call.slug if call else None)
            start = project.start_date
            self.assertEqual(row["start_date"], start.isoformat() if start else None)

        conferences = public(ConferencePage)
        rows = csv_rows(self.get("conferences.csv"))
        self.assertEqual({row["slug"] for row in rows}, {c.slug for c in conferences})
        for row in rows:
            conference = conferences.get(slug=row["slug"])
            self.assertEqual(row["host_city"], conference.host_city.slug)
        self.assertEqual(len(events(self.get("conferences.ics"))), conferences.count())

        calls = public(CallForProposalsPage)
        rows = csv_rows(self.get("calls.csv"))
        self.assertEqual({row["slug"] for row in rows}, {call.slug for call in calls})
        for row in rows:
            call = calls.get(slug=row["slug"])
            funded = public(ProjectPage).filter(funding_call=call).count()
            self.assertEqual(int(row["projects_funded"]), funded)
            self.assertEqual(int(row["total_budget"]), call.total_budget)
        deadlines = [e for e in events(self.get("calls.ics")) if "Deadline" in e["SUMMARY"]]
        self.assertEqual(
            sorted(e.decoded("DTSTART") for e in deadlines), sorted(c.closes_at for c in calls)
        )

    def test_every_file_states_its_licence_and_has_a_data_dictionary(self):
        package = json.loads(self.get("datapackage.json").content)
        self.assertEqual(package["licenses"][0]["path"], LICENCE)
        described = {
            resource["path"].rsplit("/", 1)[1]: resource for resource in package["resources"]
        }
        self.assertEqual(set(described), set(FILES) - {"datapackage.json"})
        for name in FILES:
            response = self.get(name)
            self.assertIn(f'<{LICENCE}>; rel="license"', response["Link"])
            if name.endswith(".csv"):
                header = next(csv.reader(io.StringIO(response.content.decode())))
                fields = described[name]["schema"]["fields"]
                self.assertEqual(header, [field["name"] for field in fields])
                self.assertTrue(all(field["description"] for field in fields))
            elif name.endswith("json") and name != "datapackage.json":
                self.assertEqual(json.loads(response.content)["licence"]["path"], LICENCE)
            elif name.endswith(".ics"):
                calendar = icalendar.Calendar.from_ical(response.content)
                self.assertIn(LICENCE, str(calendar["X-WR-CALDESC"]))

    def test_an_unknown_file_is_a_clear_404(self):
        response = self.client.get("/opendata/budget.xlsx")
        self.assertEqual(response.status_code, 404)
        self.assertIn("budget.xlsx", response.content.decode())
        self.assertIn("cities.csv", response.content.decode())


@pytest.mark.django_db
def test_publishing_changes_the_files_at_once(client, portal):
    city = publish(CityPageFactory(parent=portal.cityindex))
    first = client.get("/opendata/projects.csv")
    assert csv_rows(first) == []
    unchanged = client.get("/opendata/projects.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304

    project = publish(ProjectPageFactory(parent=city))
    second = client.get("/opendata/projects.csv")
    assert [row["slug"] for row in csv_rows(second)] == [project.slug]
    assert second["ETag"] != first["ETag"]
    assert (
        client.get("/opendata/projects.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    )

    project.unpublish()
    assert csv_rows(client.get("/opendata/projects.csv")) == []
    assert client.get("/en/numbers/projects-per-year.json").json()["rows"] == []


@pytest.mark.django_db
def test_nothing_hidden_reaches_the_open_data_or_the_numbers(client, portal):
    content = build_hidden_content(portal)
    for name in FILES:
        response = client.get(f"/opendata/{name}")
        assert response.status_code == 200
        assert_no_leak(response, content)
    assert "public-city" in client.get("/opendata/cities.csv").content.decode()
    assert_no_leak(client.get("/en/numbers/"), content)
    # Only the public city counts; its hidden partners are not named.
    rows = csv_rows(client.get("/opendata/cities.csv"))
    assert [row["slug"] for row in rows] == ["public-city"]
    assert rows[0]["partner_cities"] == ""


@pytest.mark.django_db
def test_no_hidden_page_of_any_kind_reaches_the_open_data(client, portal):
    lead = publish(CityPageFactory(parent=portal.cityindex))
    restricted_city = publish(CityPageFactory(parent=portal.cityindex))
    markers = {}
    # Hidden cities of every kind are in test_nothing_hidden_reaches_the_open_data...
    # (tests/leakage.py): here, ten more cities with one renamed in a draft trip a bug
    # of the city teams' collections on SQLite (network.roles renames a team's
    # collection without moving it in its sorted tree), which is not this test's concern.
    for factory, parent, restricted in (
        (ProjectPageFactory, lead, restricted_city),
        (CallForProposalsPageFactory, portal.callindex, None),
        (ConferencePageFactory, portal.conferenceindex, None),
    ):
        found = build_hidden_pages(factory, parent, restricted_parent=restricted)
        markers.update({f"{factory.__name__} {kind}": marker for kind, marker in found.items()})
    text = "".join(client.get(f"/opendata/{name}").content.decode() for name in FILES)
    assert leaked(text, markers) == []
    # The visible ones are there: the lead city, and each kind's published page.
    assert lead.title in text
    for model in (CityPage, ProjectPage, CallForProposalsPage, ConferencePage):
        for page in public(model):
            assert page.slug in text, f"{model.__name__} {page.title}"
