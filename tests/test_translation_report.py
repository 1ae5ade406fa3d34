"""The translation status report (Reports → Translation status) and the translators'
dashboard panel: what is translated, outdated, machine-translated, in progress or
missing, per locale and per page, in a constant number of queries."""

import json
import re

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object
from wagtail_localize.views.edit_translation import apply_machine_translation

import pytest

from network.factories import CityPageFactory, TopicFactory
from network.models import CityPage
from network.translation.machine import OfflineTranslator
from network.translation.roles import ensure_translator_groups
from network.translation.status import (
    IN_PROGRESS,
    MACHINE,
    MISSING,
    NOT_PUBLISHED,
    OUTDATED,
    SOURCE,
    UP_TO_DATE,
    TranslationStatusReport,
)

from .translation_helpers import (
    block,
    full_city_page,
    is_refused,
    locale,
    make_user,
    translation_of,
    translator,
    words,
)

pytestmark = pytest.mark.django_db


def translate_by_hand(instance, code, share=1.0):
    """Translate a share of the object's strings into a locale, by hand."""
    translation = translation_of(instance, code)
    segments = list(translation.source.stringsegment_set.select_related("string"))
    for segment in segments[: round(len(segments) * share)]:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": f"{code} {segment.string.data}", "translation_type": "manual"},
        )
    return translation


@pytest.fixture
def network(portal, django_capture_on_commit_callbacks):
    """Two cities and a topic in various states of translation."""
    editor = make_user("secretariat", superuser=True)
    lyon = full_city_page(portal.cityindex, title="Lyon")
    shenyang = full_city_page(portal.cityindex, title="Shenyang")
    topic = TopicFactory(name="Mobility")
    translate_object(lyon, [locale("fr"), locale("ja"), locale("es")])
    translate_object(shenyang, [locale("fr")])
    translate_object(topic, [locale("fr")])
    translate_by_hand(lyon, "fr")
    apply_machine_translation(translation_of(lyon, "ja").pk, editor, OfflineTranslator({}))
    translate_by_hand(lyon, "es", share=0.5)
    translate_by_hand(shenyang, "fr")
    translate_by_hand(topic, "fr")
    # Lyon's French translation and the French topic are published.
    with django_capture_on_commit_callbacks(execute=True):
        translation_of(lyon, "fr").save_target(user=editor, publish=True)
        translation_of(topic, "fr").save_target(user=editor, publish=True)
    # Shenyang's page changes and is published after its translation was submitted.
    page = CityPage.objects.get(pk=shenyang.pk)
    page.summary = words()
    page.save_revision().publish()
    return {"editor": editor, "lyon": lyon, "shenyang": shenyang, "topic": topic}


def sync_url(page):
    source = TranslationSource.objects.get_for_instance(page)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def row(report, title):
    return next(r for r in (*report.page_rows, *report.snippet_rows) if r.title == title)


def test_each_page_has_a_status_in_every_locale(network):
    report = TranslationStatusReport()
    fr, ja, es, de, en = (locale(code).pk for code in ("fr", "ja", "es", "de", "en"))
    lyon = row(report, "Lyon").cells
    assert (lyon[en].status, lyon[fr].status, lyon[ja].status) == (SOURCE, UP_TO_DATE, MACHINE)
    assert (lyon[es].status, lyon[de].status) == (IN_PROGRESS, MISSING)
    assert 0 < lyon[es].translated < lyon[es].total
    shenyang = row(report, "Shenyang").cells
    assert shenyang[fr].status == OUTDATED
    assert row(report, "Mobility").cells[fr].status == UP_TO_DATE


def test_a_changed_snippet_is_outdated(network):
    topic = network["topic"]
    topic.description = words()
    topic.save()
    assert row(TranslationStatusReport(), "Mobility").cells[locale("fr").pk].status == OUTDATED


def test_locale_counts(network):
    report = TranslationStatusReport()
    # French: Lyon and the topic translated, Shenyang outdated, the people of both city
    # pages' bodies (submitted with them) in progress, home and six sections missing.
    assert dict(report.summary(locale("fr")).counts) == {
        UP_TO_DATE: 2,
        OUTDATED: 1,
        IN_PROGRESS: 2,
        MISSING: 7,
    }
    assert report.summary(locale("ja")).counts[MACHINE] == 1
    assert report.summary(locale("es")).counts[IN_PROGRESS] == 2
    german = report.summary(locale("de"))
    assert german.counts[MISSING] == german.total == 12
    english = report.summary(locale("en"))
    assert english.total == 0  # everything was written in English


def test_report_page_shows_a_bar_per_locale_and_links_to_translate(client, network):
    client.force_login(network["editor"])
    response = client.get(reverse("translation_status_report"))
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("en", "fr", "es", "de", "it", "pl", "ro", "hu", "sr", "pt-br", "zh-hans", "ja"):
        assert f'<tr data-locale="{code}">' in html
    assert html.count('class="translation-bar"') == 12  # English is the source of all
    english = re.search(r'<tr data-locale="en">.*?</tr>', html, re.S).group(0)
    assert "Everything is written in this language." in english
    french_bar = re.search(r'<tr data-locale="fr">.*?</tr>', html, re.S).group(0)
    assert "translation-bar__part--outdated" in french_bar
    assert "translation-bar__part--up-to-date" in french_bar
    # A missing translation links to wagtail-localize's submit form, preselected.
    lyon = network["lyon"]
    submit = reverse("wagtail_localize:submit_page_translation", args=[lyon.pk])
    assert f"{submit}?select_locale=de" in html
    # An outdated one links to the sync form.
    assert sync_url(network["shenyang"]) in html


def test_report_narrows_to_a_locale_and_status(client, network):
    client.force_login(network["editor"])
    response = client.get(
        reverse("translation_status_report"), {"locale": "fr", "status": "outdated"}
    )
    titles = [r.title for r in response.context["rows"]]
    assert titles == ["Shenyang"]


def test_report_queries_do_not_grow_with_content(client, network, portal):
    client.force_login(network["editor"])
    url = reverse("translation_status_report")
    client.get(url)  # warm caches (content types, site root paths)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(8):
        page = CityPageFactory(parent=portal.cityindex)
        translate_object(page, [locale("fr"), locale("pl")])
        translate_by_hand(page, "fr", share=0.5)
    topic = TopicFactory()
    translate_object(topic, [locale("ja")])
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as computing:
        TranslationStatusReport()

    assert len(computing) == 13, [q["sql"][:80] for q in computing.captured_queries]


def test_report_is_for_people_who_translate(client, portal):
    readers = Group.objects.create(name="Admin readers")
    readers.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(make_user("reader", groups=["Admin readers"]))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert is_refused(client.get(reverse("translation_status_report")))


def test_translators_dashboard_shows_their_backlog(client, network):
    ensure_translator_groups()
    client.force_login(translator("amelie", "fr"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="translation-backlog-fr' in html
    assert 'id="translation-backlog-es' not in html
    panel = html[html.index('id="translation-backlog-fr') :]
    assert "Shenyang" in panel  # outdated: first in the backlog
    assert sync_url(network["shenyang"]) in panel


def test_other_users_dashboards_have_no_backlog_panel(client, network):
    client.force_login(network["editor"])
    assert "translation-backlog" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_translated_but_not_published_is_not_called_translated(
    client, portal, django_capture_on_commit_callbacks
):
    """The defect of issue 12: after a change of the source, a sync and a translated but
    unpublished segment, the report said "Translated" while visitors saw the old text."""
    capture = django_capture_on_commit_callbacks
    ensure_translator_groups()
    editor = make_user("secretariat", superuser=True)
    city = full_city_page(portal.cityindex, title="Clermont-Ferrand")
    translate_object(city, [locale("fr")])
    translate_by_hand(city, "fr")
    fr = locale("fr").pk

    def status():
        return row(TranslationStatusReport(), "Clermont-Ferrand").cells[fr].status

    assert status() == NOT_PUBLISHED  # a draft, every text translated
    with capture(execute=True):
        translation_of(city, "fr").save_target(user=editor, publish=True)
    assert status() == UP_TO_DATE

    page = CityPage.objects.get(pk=city.pk)
    body = page.body.raw_data
    new_text = words()
    body.append(block("paragraph", f"<p>{new_text}</p>"))
    page.body = json.dumps(list(body))
    page.save_revision().publish()
    assert status() == OUTDATED
    client.force_login(translator("amelie", "fr"))
    assert client.post(sync_url(page), {}).status_code == 302
    translate_by_hand(city, "fr")

    report = TranslationStatusReport()
    assert row(report, "Clermont-Ferrand").cells[fr].status == NOT_PUBLISHED
    assert "Clermont-Ferrand" in [r.title for r, _cell in report.backlog(locale("fr"))]
    live = CityPage.objects.get(pk=city.get_translation(locale("fr")).pk)
    assert new_text not in json.dumps(list(live.body.raw_data))  # visitors see the old text
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Clermont-Ferrand" in html[html.index('id="translation-backlog-fr') :]

    with capture(execute=True):
        translation_of(city, "fr").save_target(user=editor, publish=True)
    assert status() == UP_TO_DATE


def test_a_snippet_translated_after_its_last_publish_is_not_published(portal):
    editor = make_user("secretariat", superuser=True)
    topic = TopicFactory(name="Energy")
    translate_object(topic, [locale("fr")])
    translate_by_hand(topic, "fr")
    fr = locale("fr").pk
    assert row(TranslationStatusReport(), "Energy").cells[fr].status == NOT_PUBLISHED
    translation_of(topic, "fr").save_target(user=editor, publish=True)
    assert row(TranslationStatusReport(), "Energy").cells[fr].status == UP_TO_DATE


def test_translators_links_lead_to_the_editor_they_can_use(client, network):
    ensure_translator_groups()
    client.force_login(translator("amelie", "fr"))
    response = client.get(reverse("translation_status_report"), {"locale": "fr"})
    html = response.content.decode()
    lyon = network["lyon"]
    source_editor = reverse("wagtailadmin_pages:edit", args=[lyon.pk])
    assert f'href="{source_editor}"' not in html  # refused to translators: not offered
    rows = {r.title: r for r in response.context["rows"]}
    assert rows["Shenyang"].title_url == sync_url(network["shenyang"])
    # The secretariat's title links open the source.
    client.force_login(network["editor"])
    html = client.get(reverse("translation_status_report")).content.decode()
    assert f'href="{source_editor}"' in html


def test_a_filtered_report_names_its_filter_and_draws_a_chart(client, network):
    client.force_login(network["editor"])
    response = client.get(
        reverse("translation_status_report"), {"locale": "fr", "status": "outdated"}
    )
    html = response.content.decode()
    heading = re.search(r'<h2 class="w-h2 translation-filter"[^>]*>(.*?)</h2>', html, re.S)
    assert "Pages in French: Outdated" in " ".join(heading.group(1).split())
    chart = re.search(r'<svg class="translation-chart".*?</svg>', html, re.S).group(0)
    french = re.search(r'<g transform="[^"]*" data-locale="fr">.*?</g>', chart, re.S).group(0)
    # French: 2 of 12 translated and published.
    assert ">17%<" in french and "translation-chart__part--outdated" in french
