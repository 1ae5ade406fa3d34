"""The demo network: what `make run` loads for visitors, editors and translators.

The demo is loaded once for the whole class (``setUpTestData``, rolled back after
the class), since loading it takes seconds; each test reads it, or reruns the
command inside its own savepoint.
"""

import datetime
import io
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringTranslation, TranslationSource

from home.models import HomePage
from network.blocks import BaseBodyBlock, CityBodyBlock
from network.cycle.models import Decision, HostOffer, Proposal, TopicVote
from network.demo.data import DemoDataError, check, load_data
from network.demo.loader import load_demo_network
from network.demo.translations import read_translations
from network.models import (
    CallForProposalsPage,
    CityPage,
    ConferencePage,
    MichelinSite,
    NewsIndexPage,
    NewsPage,
    Organisation,
    Person,
    PortalImage,
    ProjectPage,
    Topic,
)
from network.public.geography import CONTINENT_OF_COUNTRY
from tests.test_database_statistics import analyze_count

Document = get_document_model()


def load(**options):
    out = io.StringIO()
    call_command("load_demo_network", stdout=out, **options)
    return out.getvalue()


def demo_pages():
    home = HomePage.objects.get(depth=2, locale=Locale.get_default())
    return Page.objects.descendant_of(home, inclusive=True)


def source(model):
    """The model's objects in the default language (the demo's source content)."""
    return model.objects.filter(locale=Locale.get_default())


def snapshot():
    """What a second run must leave alone: counts, and every page's latest revision."""
    counts = {
        model.__name__: model.objects.count()
        for model in (
            Page, Revision, Topic, Organisation, Person, PortalImage, Document, MichelinSite,
            TranslationSource, StringTranslation,
        )
    }  # fmt: skip
    revisions = dict(Page.objects.values_list("pk", "latest_revision_id"))
    return counts, revisions


class DemoNetworkChecks:
    """The network's content, pages, media and the command that loads them."""

    # ------------------------------------------------------------ the command

    def test_the_command_reports_each_stage_with_counts(self):
        for stage in ("Images", "Cities", "Projects", "News", "Conferences"):
            self.assertRegex(self.output, rf"\n  {stage} +\d+  \d+ created")
        self.assertRegex(self.output, r"Demo network: \d+ created")

    def test_a_second_run_creates_and_changes_nothing(self):
        before = snapshot()
        output = load(verbosity=1)
        self.assertIn("Demo network: 0 created, 0 updated", output)
        self.assertEqual(snapshot(), before)

    def test_the_load_ends_with_fresh_planner_statistics_on_postgresql(self):
        if connection.vendor != "postgresql":
            self.skipTest("ANALYZE is PostgreSQL's; SQLite keeps no such statistics")
        self.assertIn("Database statistics refreshed (ANALYZE).", self.output)
        before = analyze_count("wagtailcore_page")
        output = load(verbosity=1)
        self.assertIn("Database statistics refreshed (ANALYZE).", output)
        self.assertGreater(analyze_count("wagtailcore_page"), before)

    def test_the_open_call_and_next_conference_move_when_their_dates_have_passed(self):
        a_year_later = timezone.now() + datetime.timedelta(days=365)
        calls = source(CallForProposalsPage).live()
        conferences = source(ConferencePage).live()
        self.assertEqual(calls.open(a_year_later).count(), 0)
        self.assertEqual(conferences.upcoming(a_year_later.date()).count(), 0)

        out = io.StringIO()
        load_demo_network(out=out, now=a_year_later)

        # The call and the conference, and the call's French, Spanish and German pages,
        # whose dates follow their source's.
        self.assertIn("0 created, 5 updated", out.getvalue())
        self.assertEqual(calls.open(a_year_later).count(), 1)
        translated = CallForProposalsPage.objects.live().exclude(locale=Locale.get_default())
        self.assertEqual(translated.count(), 3)
        self.assertEqual(translated.open(a_year_later).count(), 3)
        conference = conferences.upcoming(a_year_later.date()).get()
        self.assertEqual([day.value["date"] for day in conference.programme], conference.days)
        self.assertLess(conference.registration_deadline.date(), conference.start_date)
        load_demo_network(out=out, now=a_year_later)
        self.assertIn("0 created, 0 updated", out.getvalue().splitlines()[-1])

    def test_inconsistent_data_is_refused_with_the_file_and_item_named(self):
        data = load_data()
        data.projects[0]["partners"] = [*data.projects[0]["partners"], "atlantis"]
        with self.assertRaisesMessage(DemoDataError, "projects.toml: cargo-bikes-old-towns"):
            check(data)

    # ------------------------------------------------------------ cities

    def test_every_city_has_a_country_and_valid_coordinates(self):
        cities = CityPage.objects.live()
        self.assertGreaterEqual(cities.count(), 45)
        for city in cities:
            with self.subTest(city=city.title):
                self.assertIn(city.country, CONTINENT_OF_COUNTRY)
                self.assertTrue(Decimal(-90) <= city.latitude <= Decimal(90))
                self.assertTrue(Decimal(-180) <= city.longitude <= Decimal(180))
                self.assertNotEqual((city.latitude, city.longitude), (0, 0))
                self.assertLessEqual(-city.latitude.as_tuple().exponent, 5)

    def test_at_least_45_cities_host_a_michelin_site_on_four_continents(self):
        hosts = CityPage.objects.live().filter(michelin_sites__isnull=False).distinct()
        self.assertGreaterEqual(hosts.count(), 45)
        continents = {city.continent for city in CityPage.objects.live()}
        self.assertLessEqual({"europe", "asia", "africa"}, continents)
        self.assertTrue({"north-america", "south-america"} & continents)

    def test_clermont_ferrand_is_the_founding_city(self):
        founding = source(CityPage).live().filter(membership=CityPage.Membership.FOUNDING)
        self.assertEqual([city.title for city in founding], ["Clermont-Ferrand"])
        clermont = founding.get()
        self.assertIn("research", clermont.site_kinds)
        self.assertGreater(clermont.partner_cities.count(), 0)

    # ------------------------------------------------------------ calls, conferences

    def test_exactly_one_open_and_one_closed_call(self):
        calls = source(CallForProposalsPage).live()
        self.assertEqual(calls.open().count(), 1)
        self.assertEqual(calls.closed().count(), 1)
        self.assertEqual(calls.upcoming().count(), 0)

    def test_the_first_conference_was_in_clermont_ferrand_in_2017(self):
        first = source(ConferencePage).live().get(edition=1)
        self.assertEqual(first.host_city.title, "Clermont-Ferrand")
        self.assertEqual(first.start_date, datetime.date(2017, 11, 29))
        self.assertEqual(first.end_date, datetime.date(2017, 12, 1))
        self.assertEqual([day.value["date"] for day in first.programme], first.days)

    def test_the_second_conference_is_coming_with_a_programme_and_speakers(self):
        second = ConferencePage.objects.live().upcoming().get()
        self.assertEqual(second.edition, 2)
        speakers = {
            person.pk
            for day in second.programme
            for session in day.value["sessions"]
            for person in session["speakers"]
        }
        self.assertGreater(len(speakers), 3)
        self.assertGreater(second.candidate_host_cities.count(), 0)

    # ------------------------------------------------------------ projects, news

    def test_twenty_projects_each_under_a_lead_city_that_is_not_a_partner(self):
        projects = ProjectPage.objects.live()
        self.assertEqual(projects.count(), 20)
        for project in projects:
            with self.subTest(project=project.title):
                lead = project.get_parent().specific
                self.assertIsInstance(lead, CityPage)
                partners = project.partner_cities.all()
                self.assertTrue(partners)
                self.assertNotIn(lead.pk, [city.pk for city in partners])

    def test_thirty_news_items_from_the_network_and_from_cities(self):
        news = NewsPage.objects.live()
        self.assertEqual(news.count(), 30)
        parents = Counter(type(item.get_parent().specific) for item in news)
        self.assertGreater(parents[NewsIndexPage], 0)
        self.assertGreater(parents[CityPage], 0)

    # ------------------------------------------------------------ every page

    def test_the_cycle_has_a_counted_vote_six_reviewed_proposals_and_an_offer(self):
        vote = TopicVote.objects.get()
        self.assertIsNotNone(vote.results_computed_at)
        self.assertEqual(vote.results.filter(elected=True).count(), vote.winners)
        proposals = Proposal.objects.filter(call__slug="call-for-proposals-2024")
        self.assertEqual(
            Counter(proposals.values_list("decision__outcome", flat=True)),
            {
                Decision.Outcome.FUNDED: 3,
                Decision.Outcome.RESERVE: 1,
                Decision.Outcome.NOT_FUNDED: 2,
            },
        )
        self.assertFalse(proposals.filter(reviews__isnull=True).exists())
        funded = proposals.filter(decision__outcome=Decision.Outcome.FUNDED)
        self.assertFalse(funded.filter(decision__project__isnull=True).exists())
        # Marked as demo content, as the demo's pages and images are.
        self.assertFalse(proposals.exclude(summary__contains="a demo proposal").exists())
        self.assertEqual(HostOffer.objects.count(), 1)

    def test_every_demo_page_is_live_with_a_revision_an_editor_can_start_from(self):
        for page in demo_pages():
            with self.subTest(page=page.title):
                self.assertTrue(page.live)
                self.assertIsNotNone(page.live_revision_id)
                self.assertEqual(page.live_revision_id, page.latest_revision_id)
                self.assertFalse(page.has_unpublished_changes)

    def test_every_demo_page_renders(self):
        for page in demo_pages().specific():
            with self.subTest(page=page.title):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)

    def test_editors_can_open_every_kind_of_demo_page_and_snippet(self):
        self.client.force_login(
            get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
        )
        one_of_each = {type(page): page for page in demo_pages().specific()}
        for page in one_of_each.values():
            with self.subTest(page=page.title):
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                self.assertEqual(response.status_code, 200)
        for model in (Topic, Organisation, Person):
            snippet = model.objects.first()
            url = reverse(
                f"wagtailsnippets_network_{model._meta.model_name}:edit", args=[snippet.pk]
            )
            with self.subTest(snippet=str(snippet)):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_demo_pages_are_found_by_search(self):
        found = CityPage.objects.live().search("Olsztyn")
        self.assertIn("Olsztyn", [city.title for city in found])
        found = ProjectPage.objects.live().search("cargo bikes")
        self.assertIn("cargo-bikes-old-towns", [project.slug for project in found])

    def test_bodies_use_every_block_type(self):
        used = set()
        for model, field in [
            (CityPage, "body"), (ProjectPage, "body"), (NewsPage, "body"),
            (CallForProposalsPage, "body"), (ConferencePage, "body"),
        ]:  # fmt: skip
            for page in model.objects.live():
                used |= {block.block_type for block in getattr(page, field)}
        self.assertEqual(used, set(BaseBodyBlock.base_blocks) | set(CityBodyBlock.base_blocks))

    # ------------------------------------------------------------ media

    def test_images_carry_alt_text_and_the_demo_credit(self):
        images = PortalImage.objects.all()
        self.assertGreater(images.count(), 100)
        for image in images:
            with self.subTest(image=image.title):
                self.assertEqual(image.credit, "Demo image")
                self.assertTrue(image.description)
                self.assertGreaterEqual(image.width, 480)

    def test_documents_are_real_files(self):
        documents = Document.objects.all()
        self.assertGreaterEqual(documents.count(), 10)
        for document in documents:
            with self.subTest(document=document.title), document.open_file() as handle:
                head = handle.read(5)
                if document.file_extension == "pdf":
                    self.assertEqual(head, b"%PDF-")
                else:
                    self.assertTrue(head)
        directory = Document.objects.get(title="Directory of the network's cities (CSV)")
        with directory.open_file() as handle:
            rows = handle.read().decode("utf-8-sig").splitlines()
        self.assertEqual(len(rows) - 1, source(CityPage).count())


class DemoTranslationChecks:
    """Home, the city directory, five cities, a call and a conference in other languages."""

    TRANSLATED = {
        "fr": ["home", "section:cities", "city:clermont-ferrand", "city:vitoria-gasteiz",
               "city:bad-kreuznach", "city:shanghai", "city:ota",
               "call:call-for-proposals-skills-nature-energy", "conference:clermont-ferrand-2017"],
        "ja": ["home", "section:cities", "city:clermont-ferrand", "city:vitoria-gasteiz",
               "city:bad-kreuznach", "city:shanghai", "city:ota",
               "conference:clermont-ferrand-2017"],
    }  # fmt: skip
    TRANSLATED |= {"es": TRANSLATED["fr"], "de": TRANSLATED["fr"], "zh-hans": TRANSLATED["ja"]}

    def english(self, ref):
        kind, _, slug = ref.partition(":")
        home = HomePage.objects.get(depth=2, locale=Locale.get_default())
        if ref == "home":
            return home
        if kind == "section":
            return home.get_children().get(slug=slug).specific
        return Page.objects.get(locale=Locale.get_default(), slug=slug).specific

    def test_pages_are_live_in_each_language_with_their_translated_titles(self):
        files = read_translations()
        for language, refs in self.TRANSLATED.items():
            locale = Locale.objects.get(language_code=language)
            for ref in refs:
                with self.subTest(language=language, page=ref):
                    english = self.english(ref)
                    page = english.get_translation(locale).specific
                    self.assertTrue(page.live)
                    self.assertIsNone(page.alias_of_id)
                    self.assertFalse(page.has_unpublished_changes)
                    self.assertEqual(page.title, files[language][ref][english.title])

    def test_some_titles_and_addresses_a_visitor_sees(self):
        cities = self.english("section:cities")
        conference = self.english("conference:clermont-ferrand-2017")
        call = self.english("call:call-for-proposals-skills-nature-energy")
        expected = {
            "fr": ("Villes", "/fr/villes/", "1re conférence du réseau : Clermont-Ferrand 2017"),
            "es": (
                "Ciudades",
                "/es/ciudades/",
                "1.ª conferencia de la red: Clermont-Ferrand 2017",
            ),
            "de": ("Städte", "/de/staedte/", "1. Konferenz des Netzwerks: Clermont-Ferrand 2017"),
        }
        for language, (title, url, conference_title) in expected.items():
            locale = Locale.objects.get(language_code=language)
            with self.subTest(language=language):
                translated = cities.get_translation(locale)
                self.assertEqual((translated.title, translated.url), (title, url))
                self.assertEqual(conference.get_translation(locale).title, conference_title)
                self.assertTrue(call.get_translation(locale).url.startswith(f"/{language}/"))
        shanghai = self.english("city:shanghai")
        self.assertEqual(
            shanghai.get_translation(Locale.objects.get(language_code="ja")).title, "上海"
        )

    def test_every_segment_of_the_translated_pages_is_translated_by_hand(self):
        lines = [line for line in self.output.splitlines() if "untranslated" in line]
        self.assertEqual(len(lines), 5)
        for line in lines:
            self.assertRegex(line, r" 0 untranslated$")
        machine = StringTranslation.objects.exclude(translation_type="manual")
        self.assertFalse(machine.exists())

    def test_facts_stay_synchronised_with_the_source(self):
        english = self.english("city:shanghai")
        for language in ("fr", "ja"):
            page = english.get_translation(Locale.objects.get(language_code=language)).specific
            self.assertEqual(
                (page.latitude, page.longitude), (english.latitude, english.longitude)
            )
            self.assertEqual(page.membership, english.membership)
            self.assertEqual(
                sorted(site.established or 0 for site in page.michelin_sites.all()),
                sorted(site.established or 0 for site in english.michelin_sites.all()),
            )

    def test_translated_pages_render_their_translated_words(self):
        for language, words in {
            "fr": "Capitale de l&#x27;Auvergne",
            "es": "Capital de Auvernia",
            "de": "Hauptstadt der Auvergne",
            "ja": "オーヴェルニュ地方",
            "zh-hans": "奥弗涅地区",
        }.items():
            page = self.english("city:clermont-ferrand").get_translation(
                Locale.objects.get(language_code=language)
            )
            with self.subTest(language=language):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, words)

    def test_a_second_run_translates_nothing_again(self):
        before = snapshot()
        output = load(verbosity=1)
        self.assertRegex(output, r"\n  Translations +51  0 created")
        self.assertIn("Demo network: 0 created, 0 updated", output)
        self.assertEqual(snapshot(), before)


class DemoNetworkTests(DemoNetworkChecks, DemoTranslationChecks, TestCase):
    """Both sets of checks on one load of the demo (a load takes 15 to 25 s)."""

    @classmethod
    def setUpTestData(cls):
        cls.output = load(verbosity=1)
