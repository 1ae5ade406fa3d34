"""The demo is whole in every demo language (issue 10, point 7).

Mixed into ``DemoNetworkTests`` (tests/test_demo_network.py), so these checks read the
same load of the demo as the others instead of loading it again (a load takes minutes
on a busy machine).

What must be translated into fr, es, de, ja and zh-hans: every topic, organisation and
person; every section page of the home's menu (the six indexes, About with Governance,
Contact); the open call; the five latest news items. Each of their translatable texts
(the segments wagtail-localize extracts) must read differently from English, except the
proper names listed in ``SAME_AS_ENGLISH`` and, in Japanese and Chinese, slugs (they
stay in Latin letters, as the translation files' comments say).
"""

import functools

from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from home.models import HomePage
from network.demo.data import load_data
from network.demo.translations import needs_no_translation, read_translations
from network.models import (
    CallForProposalsPage,
    NewsPage,
    Organisation,
    Person,
    StandardPage,
    Topic,
)

LANGUAGES = ("fr", "es", "de", "ja", "zh-hans")

# Proper names that are legitimately written the same as in English, by language.
_LATIN_NAMES = {"Michelin", "Clermont Auvergne Métropole", "Volcan Mobilités",
                "Atelier Basalte", "Castilla Circular", "Nahe Solar eG"}  # fmt: skip
SAME_AS_ENGLISH = {
    "fr": _LATIN_NAMES | {"Université Clermont Auvergne", "Université de technologie de Troyes",
                          "Contact", "contact", "conferences"},  # /fr/conferences/: ASCII
    "es": _LATIN_NAMES | {"Universidad de Valladolid", "Universidad de Almería",
                          "Universidad de Guanajuato"},
    "de": _LATIN_NAMES | {"Universität Regensburg", "Clemson University", "Upstate Makers Guild",
                          "Marina Tech Labs"},
    "ja": set(),
    "zh-hans": set(),
}  # fmt: skip


@functools.cache
def demo_data():
    return load_data()


def english_home():
    return HomePage.objects.get(depth=2, locale=Locale.get_default())


def whole_set():
    """``{ref: English object}`` of everything that must be translated."""
    english = Locale.get_default()
    home = english_home()
    objects = {f"topic:{topic.slug}": topic for topic in Topic.objects.filter(locale=english)}
    objects |= {
        f"organisation:{org.pk}": org for org in Organisation.objects.filter(locale=english)
    }
    objects |= {f"person:{person.pk}": person for person in Person.objects.filter(locale=english)}
    # The home's menu: the six section indexes, and the standard pages with theirs.
    for child in home.get_children().specific():
        if isinstance(child, StandardPage):
            objects[f"page:{child.slug}"] = child
            for below in child.get_children().type(StandardPage).specific():
                objects[f"page:{below.slug}"] = below
        else:
            objects[f"section:{child.slug}"] = child
    now = timezone.now()
    calls = CallForProposalsPage.objects.filter(
        locale=english, opens_at__lte=now, closes_at__gt=now
    )
    objects |= {f"call:{call.slug}": call for call in calls}
    latest = NewsPage.objects.filter(locale=english).order_by("-date", "-pk")[:5]
    objects |= {f"news:{news.slug}": news for news in latest}
    return objects


def segments(obj):
    """``[(string id, context id, English text)]`` of the object's source."""
    source = TranslationSource.objects.get_for_instance(obj)
    found = StringSegment.objects.filter(source=source).select_related("string")
    return source, [
        (segment.string_id, segment.context_id, segment.string.data) for segment in found
    ]


class DemoWholeTranslationChecks:
    """Snippets, section pages, the open call and the latest news in every demo language."""

    def test_the_whole_set_is_what_the_issue_names(self):
        refs = whole_set()
        kinds = [ref.partition(":")[0] for ref in refs]
        self.assertEqual(
            {kind: kinds.count(kind) for kind in set(kinds)},
            {"topic": 11, "organisation": 33, "person": 20, "section": 6, "page": 3,
             "call": 1, "news": 5},
        )  # fmt: skip
        self.assertIn("page:governance", refs)
        self.assertIn("call:call-for-proposals-skills-nature-energy", refs)

    def test_everything_is_translated_by_hand_and_reads_differently(self):
        objects = whole_set()
        for language in LANGUAGES:
            locale = Locale.objects.get(language_code=language)
            allowed = SAME_AS_ENGLISH[language]
            for ref, english in objects.items():
                with self.subTest(language=language, ref=ref):
                    translated = english.get_translation_or_none(locale)
                    self.assertIsNotNone(translated)
                    if isinstance(english, Page):
                        self.assertTrue(translated.live)
                        self.assertIsNone(translated.alias_of_id)
                    source, texts = segments(english)
                    done = {
                        (row.translation_of_id, row.context_id): row
                        for row in StringTranslation.objects.filter(
                            locale=locale, context__object_id=source.object_id
                        ).select_related("context")
                    }
                    for string_id, context_id, text in texts:
                        if needs_no_translation(text):
                            continue
                        row = done.get((string_id, context_id))
                        self.assertIsNotNone(row, f"untranslated: {text!r}")
                        self.assertEqual(row.translation_type, "manual")
                        is_slug = context_id and row.context.path == "slug"
                        if text in allowed or (is_slug and language in ("ja", "zh-hans")):
                            continue
                        self.assertNotEqual(row.data, text, f"same as English: {text!r}")

    def test_every_entry_of_the_files_is_a_text_of_its_page_or_snippet(self):
        """No orphan: each English key is a segment of the object it is filed under."""
        english = Locale.get_default()
        files = {"page": read_translations(), "snippet": read_translations(table="snippet")}
        home = english_home()
        for table, by_language in files.items():
            for language, refs in by_language.items():
                for ref, texts in refs.items():
                    kind, _, key = ref.partition(":")
                    if table == "snippet":
                        obj = self._snippet(kind, key)
                    elif ref == "home":
                        obj = home
                    elif kind == "section":
                        obj = home.get_children().get(slug=key).specific
                    else:
                        obj = Page.objects.get(locale=english, slug=key).specific
                    known = {text for _, _, text in segments(obj)[1]}
                    for text in texts:
                        with self.subTest(language=language, ref=ref, text=text[:40]):
                            self.assertIn(text, known)

    def _snippet(self, kind, key):
        data = demo_data()
        english = Locale.get_default()
        if kind == "topic":
            return Topic.objects.get(locale=english, slug=key)
        if kind == "organisation":
            (item,) = [item for item in data.organisations if item["key"] == key]
            return Organisation.objects.get(locale=english, name=item["name"])
        (item,) = [item for item in data.people if item["key"] == key]
        return Person.objects.get(locale=english, email=item["email"])

    def test_the_news_index_in_german_lists_the_five_latest_with_german_titles(self):
        de = Locale.objects.get(language_code="de")
        index = english_home().get_children().get(slug="news").get_translation(de)
        self.assertEqual(index.url, "/de/neuigkeiten/")
        response = self.client.get(index.url)
        self.assertEqual(response.status_code, 200)
        latest = [ref for ref in whole_set() if ref.startswith("news:")]
        self.assertEqual(len(latest), 5)
        titles = read_translations()["de"]
        for ref in latest:
            english = NewsPage.objects.get(locale=Locale.get_default(), slug=ref[5:])
            german = titles[ref][english.title]
            with self.subTest(news=ref):
                self.assertContains(response, escape(german))
                self.assertNotContains(response, escape(english.title))

    def test_japanese_pages_show_japanese_topics_and_roles(self):
        ja = Locale.objects.get(language_code="ja")
        call = CallForProposalsPage.objects.get(
            locale=Locale.get_default(), slug="call-for-proposals-skills-nature-energy"
        ).get_translation(ja)
        response = self.client.get(call.url)
        self.assertEqual(response.status_code, 200)
        expected = [
            "プロジェクト公募：スキル、自然、エネルギー転換",  # the title
            "都市の自然",  # topics
            "雇用・スキル",
            "エネルギー転換",
            "プロジェクト公募担当",  # people's roles
            "ネットワーク事務局長",
        ]
        for text in expected:
            self.assertContains(response, text)
        self.assertNotContains(response, "Urban nature")
        self.assertNotContains(response, "Calls for proposals officer")

    def test_french_pages_show_french_titles_and_people(self):
        fr = Locale.objects.get(language_code="fr")
        about = english_home().get_children().get(slug="about").get_translation(fr)
        self.assertEqual((about.title, about.url), ("À propos du réseau", "/fr/a-propos/"))
        governance = about.get_children().get().specific
        self.assertEqual(governance.url, "/fr/a-propos/gouvernance/")
        response = self.client.get(governance.url)
        self.assertContains(response, "Les villes membres")
        self.assertContains(response, "Responsable du secrétariat du réseau")
        self.assertNotContains(response, "Head of the network secretariat")
