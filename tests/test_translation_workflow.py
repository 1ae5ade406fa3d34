"""The translators' workflow end to end, through wagtail-localize's own views: submit a
city page whose body uses every block type to French and Japanese, translate it by hand,
by machine and by PO file, publish each language on its own, change the source and sync.

Nothing but a publish in a language makes that language's translation live.
"""

import io
import json

from django.db.models import ProtectedError
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, TranslationSource

import polib
import pytest
from django_tasks import default_task_backend

from network.factories import PersonFactory, TopicFactory
from network.models import CityPage, Person, Topic
from network.translation.models import SubmissionJob
from network.translation.roles import ensure_translator_groups
from network.translation.status import MACHINE, OUTDATED, UP_TO_DATE, TranslationStatusReport

from .translation_helpers import (
    block,
    editor_props,
    full_city_page,
    is_refused,
    locale,
    make_user,
    put_string,
    segments,
    translation_of,
    translator,
    words,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(portal):
    ensure_translator_groups()
    return {
        "editor": make_user("secretariat", superuser=True),
        "fr": translator("amelie", "fr"),
        "ja": translator("haruto", "ja"),
    }


@pytest.fixture
def city(portal):
    return full_city_page(portal.cityindex, linked_page=portal.newsindex)


def login(client, user):
    client.force_login(user)
    return client


def submit(client, page, codes, include_subtree=False):
    data = {"locales": [locale(code).pk for code in codes]}
    if include_subtree:
        data["include_subtree"] = "on"
    return client.post(reverse("wagtail_localize:submit_page_translation", args=[page.pk]), data)


def publish_in_editor(client, page, capture):
    """Press Publish in the translation editor (the revision is published on commit)."""
    with capture(execute=True):
        return client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
        )


def live_body_text(page):
    page = CityPage.objects.get(pk=page.pk)
    return json.dumps(list(page.body.raw_data), ensure_ascii=False)


def test_submit_translate_publish_change_and_sync(
    client, team, city, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    fr, ja = locale("fr"), locale("ja")

    # The secretariat submits the page into French and Japanese.
    response = submit(login(client, team["editor"]), city, ["fr", "ja"])
    assert response.status_code == 302
    fr_page = city.get_translation(fr).specific
    ja_page = city.get_translation(ja).specific
    # Submitting makes drafts: the translations exist, nothing is live in fr or ja.
    assert not fr_page.live and not ja_page.live
    # The people block's person was submitted along with the page.
    assert Person.objects.filter(translation_key=city.linked.person.translation_key, locale=fr)

    # The French translator opens wagtail-localize's editor on the French page.
    client.force_login(team["fr"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[fr_page.pk]))
    assert response.status_code == 200
    props = editor_props(response)
    assert props["machineTranslator"]["name"] == "Offline test translator"
    paths = {segment["contentPath"] for segment in props["segments"]}
    assert "title" in paths and any(path.startswith("michelin_sites.") for path in paths)

    # ... translates the title and the heading by hand ...
    fr_translation = translation_of(city, "fr")
    all_segments = list(segments(fr_translation))
    title = next(s for s in all_segments if s.context.path == "title")
    heading_text = city.body.raw_data[0]["value"]
    heading = next(s for s in all_segments if s.string.data == heading_text)
    manual = {title: "Ville française", heading: "Un titre traduit à la main"}
    for segment, value in manual.items():
        assert put_string(client, fr_translation, segment, value).status_code in (200, 201)

    # ... and lets the machine translate the rest.
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[fr_translation.pk]),
        {"next": reverse("wagtailadmin_pages:edit", args=[fr_page.pk])},
    )
    assert response.status_code == 302
    machine = StringTranslation.objects.filter(locale=fr, translation_type="machine")
    # Everything but the slug, which follows the translated title (never the machine).
    assert machine.count() == len(all_segments) - len(manual) - 1
    assert all(t.data.startswith("[fr] ") for t in machine)
    title_translation = StringTranslation.objects.get(locale=fr, context=title.context)
    assert title_translation.data == "Ville française"
    slug = StringTranslation.objects.get(locale=fr, context__path="slug")
    assert slug.data == "ville-française"
    # Machine translation saved strings only: the French page is still a draft.
    fr_page.refresh_from_db()
    assert not fr_page.live
    report = TranslationStatusReport()
    row = next(r for r in report.page_rows if r.title == city.title)
    assert row.cells[fr.pk].status == MACHINE

    # The Japanese translator works offline: download the PO file, fill it, upload it.
    client.force_login(team["ja"])
    ja_translation = translation_of(city, "ja")
    response = client.get(reverse("wagtail_localize:download_pofile", args=[ja_translation.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    for entry in po:
        entry.msgstr = f"日本語 {entry.msgid}"
    upload = io.BytesIO(str(po).encode())
    upload.name = "city-ja.po"
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[ja_translation.pk]),
        {"file": upload, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert StringTranslation.objects.filter(locale=ja).count() == len(po)

    # Publishing French publishes French only.
    client.force_login(team["fr"])
    assert publish_in_editor(client, fr_page, capture).status_code == 302
    fr_page.refresh_from_db()
    ja_page.refresh_from_db()
    assert fr_page.live and fr_page.title == "Ville française"
    assert "Un titre traduit à la main" in live_body_text(fr_page)
    assert not ja_page.live

    client.force_login(team["ja"])
    assert publish_in_editor(client, ja_page, capture).status_code == 302
    ja_page.refresh_from_db()
    assert ja_page.live and ja_page.title.startswith("日本語 ")

    # The source changes: a new paragraph, a changed quote, the summary cleared.
    english = CityPage.objects.get(pk=city.pk)
    body = english.body.raw_data
    new_paragraph = words()
    body.append(block("paragraph", f"<p>{new_paragraph}</p>"))
    quote = next(b for b in body if b["type"] == "quote")
    quote["value"]["quote"] = words()
    english.body = json.dumps(list(body))
    english.summary = ""
    english.save_revision(user=team["editor"]).publish()

    report = TranslationStatusReport()
    row = next(r for r in report.page_rows if r.title == city.title)
    assert row.cells[fr.pk].status == OUTDATED and row.cells[ja.pk].status == OUTDATED
    # The editor says so too, with a button to sync.
    client.force_login(team["fr"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[fr_page.pk]))
    warnings = [str(m) for m in response.context["messages"]]
    assert any("has changed since this translation was last synced" in m for m in warnings)

    fr_live_revision = Page.objects.get(pk=fr_page.pk).live_revision_id
    ja_live_revision = Page.objects.get(pk=ja_page.pk).live_revision_id

    # The French translator syncs, asking for machine translation of the new text.
    client.force_login(team["fr"])
    source = TranslationSource.objects.get_for_instance(city)
    response = client.get(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert response.status_code == 200
    assert b"publish_translations" not in response.content  # no "Publish immediately"
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"use_machine_translation": "on", "publish_translations": "on"},
    )
    assert response.status_code == 302

    # Nothing was published by the sync, in either language.
    assert Page.objects.get(pk=fr_page.pk).live_revision_id == fr_live_revision
    assert Page.objects.get(pk=ja_page.pk).live_revision_id == ja_live_revision
    assert new_paragraph not in live_body_text(fr_page)

    # The new text is in the editor; the manual translations of unchanged text stay.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[fr_page.pk]))
    props = editor_props(response)
    sources = {segment["source"] for segment in props["segments"] if segment["type"] == "string"}
    assert new_paragraph in sources
    translated = {t["data"] for t in props["initialStringTranslations"]}
    assert {"Ville française", "Un titre traduit à la main"} <= translated
    assert f"[fr] {new_paragraph}" in translated  # machine-translated for French only
    assert not StringTranslation.objects.filter(locale=ja, data__contains=new_paragraph)

    # Publishing French brings the new text in and clears the cleared summary.
    assert publish_in_editor(client, fr_page, capture).status_code == 302
    fr_page = CityPage.objects.get(pk=fr_page.pk)
    assert f"[fr] {new_paragraph}" in live_body_text(fr_page)
    assert fr_page.summary == ""
    assert fr_page.title == "Ville française"
    # Japanese still waits for its translator.
    assert Page.objects.get(pk=ja_page.pk).live_revision_id == ja_live_revision
    report = TranslationStatusReport()
    row = next(r for r in report.page_rows if r.title == city.title)
    assert row.cells[fr.pk].status == MACHINE
    assert row.cells[ja.pk].status != UP_TO_DATE


def test_submitting_a_subtree_makes_drafts_only(client, team, portal):
    cities = [full_city_page(portal.cityindex) for _ in range(3)]
    login(client, team["editor"])
    response = submit(client, portal.cityindex, ["de"], include_subtree=True)
    assert response.status_code == 302
    de = locale("de")
    for city in cities:
        translated = city.get_translation(de)
        assert not translated.live
        assert translated.get_parent().specific.locale == de
    assert not portal.cityindex.get_translation(de).live


def test_publishing_requires_publish_rights_in_that_locale(
    client, team, city, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    submit(login(client, team["editor"]), city, ["fr", "ja"])
    ja_page = city.get_translation(locale("ja"))
    client.force_login(team["fr"])
    response = publish_in_editor(client, ja_page, capture)
    assert is_refused(response)
    ja_page.refresh_from_db()
    assert not ja_page.live


def sync(client, instance, **data):
    source = TranslationSource.objects.get_for_instance(instance)
    return client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), data)


def test_links_emptied_in_the_source_are_emptied_in_translations(
    client, team, portal, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    partner = full_city_page(portal.cityindex)
    city = full_city_page(portal.cityindex)
    contact = PersonFactory()
    page = CityPage.objects.get(pk=city.pk)
    page.partner_cities = [partner]
    page.contacts = [contact]
    page.save_revision().publish()
    login(client, team["editor"])
    submit(client, page, ["fr"])
    french = page.get_translation(locale("fr"))
    client.force_login(team["fr"])
    publish_in_editor(client, french, capture)
    french = CityPage.objects.get(pk=french.pk)
    assert list(french.partner_cities.all()) == [partner]

    # The editor removes every partner city and contact, and publishes.
    page = CityPage.objects.get(pk=city.pk)
    page.partner_cities = []
    page.contacts = []
    page.save_revision().publish()
    assert sync(client, page).status_code == 302
    publish_in_editor(client, french, capture)
    french = CityPage.objects.get(pk=french.pk)
    assert list(french.partner_cities.all()) == []
    assert list(french.contacts.all()) == []


def test_snippet_translation_goes_live_only_when_published(client, team, portal):
    topic = TopicFactory()
    login(client, team["editor"])
    url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["network", "topic", topic.pk]
    )
    assert client.post(url, {"locales": [locale("fr").pk]}).status_code == 302
    french = Topic.objects.get(translation_key=topic.translation_key, locale=locale("fr"))
    # Snippets have no drafts: the French topic starts as a copy of the English one.
    assert (french.name, french.description) == (topic.name, topic.description)

    client.force_login(team["fr"])
    translation = translation_of(topic, "fr")
    for segment in segments(translation):
        put_string(client, translation, segment, f"FR {segment.string.data}")
    french.refresh_from_db()
    assert french.name == topic.name  # saved in the editor, not yet published

    edit = reverse("wagtailsnippets_network_topic:edit", args=[french.pk])
    assert client.post(edit, {"action": "publish"}).status_code == 302
    french.refresh_from_db()
    assert french.name == f"FR {topic.name}"

    # The source's description is cleared; a sync with machine translation publishes
    # nothing; publishing clears it in French too.
    topic.description = ""
    topic.save()
    assert sync(client, topic, use_machine_translation="on").status_code == 302
    french.refresh_from_db()
    assert french.description.startswith("FR ")
    assert client.post(edit, {"action": "publish"}).status_code == 302
    french.refresh_from_db()
    assert french.description == ""
    assert french.name == f"FR {topic.name}"
    assert french.slug == topic.slug  # synchronised, never translated


def test_a_locale_in_use_cannot_be_deleted(client, team, city):
    submit(login(client, team["editor"]), city, ["fr"])
    french = locale("fr")
    url = reverse("wagtaillocales:delete", args=[french.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "cannot be deleted" in text
    assert "Yes, delete" not in text
    response = client.post(url, follow=True)
    assert any("cannot be deleted" in str(m) for m in response.context["messages"])
    assert Locale.objects.filter(pk=french.pk).exists()
    assert city.get_translation(french)


def test_a_locale_in_use_cannot_be_deleted_through_the_orm(team, portal):
    TopicFactory(locale=locale("es"))
    pages_before = Page.objects.count()
    with pytest.raises(ProtectedError):
        locale("es").delete()
    assert Locale.objects.filter(language_code="es").exists()
    assert Page.objects.count() == pages_before


def test_a_subtree_is_translated_by_a_background_task(client, team, portal, mailoutbox):
    cities = [full_city_page(portal.cityindex) for _ in range(2)]
    tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=tasks):
        login(client, team["editor"])
        response = submit(client, portal.cityindex, ["it"], include_subtree=True)
        job = SubmissionJob.objects.get()
        # The submitter lands on the job's page: nothing of the subtree is ready yet.
        assert response.url == reverse("translation_submission_job", args=[job.pk])
        italian = locale("it")
        assert portal.cityindex.get_translation(italian)  # the page itself, at once
        assert not any(city.get_translations().filter(locale=italian) for city in cities)
        page = client.get(response.url).content.decode()
        assert "0 of 2 pages prepared" in page
        assert "location.reload" in page  # it follows the job until it is done
        (queued,) = [r for r in default_task_backend.results if r.task.name == "prepare_subtree"]
        assert queued.args == [job.pk]
        queued.task.call(*queued.args)  # what the worker does
    for city in cities:
        assert not city.get_translation(italian).live
    page = client.get(response.url).content.decode()
    assert "2 of 2 pages prepared" in page and "location.reload" not in page
    # The submitter is told: on the dashboard and by email.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="translation-submissions' in dashboard and "2 of 2 pages prepared" in dashboard
    (email,) = mailoutbox
    assert email.to == [team["editor"].email]
    assert "Translations prepared" in email.subject and "2 of 2 pages prepared" in email.body


def test_a_failed_background_submission_is_reported(client, team, portal, mailoutbox):
    city = full_city_page(portal.cityindex)
    tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=tasks):
        login(client, team["editor"])
        submit(client, portal.cityindex, ["it"], include_subtree=True)
        (queued,) = [r for r in default_task_backend.results if r.task.name == "prepare_subtree"]
        # The subtree's page is deleted before the worker gets to the job.
        Page.objects.filter(pk=portal.cityindex.pk).update(numchild=0)
        Page.objects.get(pk=city.pk).delete()
        SubmissionJob.objects.update(page=None)
        with pytest.raises(Page.DoesNotExist):
            queued.task.call(*queued.args)
    job = SubmissionJob.objects.get()
    assert job.state == SubmissionJob.State.FAILED and job.finished_at
    page = client.get(reverse("translation_submission_job", args=[job.pk])).content.decode()
    assert "Preparing the translations failed" in page
    (email,) = mailoutbox
    assert "failed" in email.subject
