"""The translators' audit trail and the rules on what translating changes: every action
in the translated page's or snippet's history with the translator as the actor, the
translation page owned by the translator who created it, and slugs (machine translation
never changes a published translation's slug; a new one follows the translated title
and is shown before publishing)."""

import io
import json

from django.urls import reverse

from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail_localize.models import StringTranslation, TranslationSource

import polib
import pytest

from network.factories import TopicFactory
from network.models import CityPage, Topic
from network.translation.operations import SLUG_TOOL, slug_from_title
from network.translation.roles import ensure_translator_groups

from .translation_helpers import (
    full_city_page,
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
def amelie(portal):
    ensure_translator_groups()
    return translator("amelie", "fr")


def history(instance):
    model = PageLogEntry if isinstance(instance, CityPage) else ModelLogEntry
    entries = model.objects.for_instance(instance).order_by("timestamp", "pk")
    return [(entry.action, entry.user.username if entry.user else None) for entry in entries]


def publish(client, url, capture):
    with capture(execute=True):
        return client.post(url, {"action": "publish"})


def test_every_translator_action_is_in_the_pages_history(
    client, amelie, portal, django_capture_on_commit_callbacks
):
    city = full_city_page(portal.cityindex)
    city.owner = make_user("city-editor")
    city.save()
    client.force_login(amelie)
    # The French translator submits the page: the French page is theirs.
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[city.pk]),
        {"locales": [locale("fr").pk]},
    )
    assert response.status_code == 302
    french = CityPage.objects.get(pk=city.get_translation(locale("fr")).pk)
    assert french.owner == amelie
    assert french.get_latest_revision().user == amelie
    assert history(french)[0] == ("wagtail.create", "amelie")

    translation = translation_of(city, "fr")
    title = next(s for s in segments(translation) if s.context.path == "title")
    put_string(client, translation, title, "Ville traduite")
    client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": "/admin/"}
    )
    po = polib.pofile(
        client.get(
            reverse("wagtail_localize:download_pofile", args=[translation.pk])
        ).content.decode()
    )
    for entry in po[:3]:
        entry.msgstr = f"PO {entry.msgid}"
    upload = io.BytesIO(str(po).encode())
    upload.name = "city-fr.po"
    client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": upload, "next": "/admin/"},
    )
    source = TranslationSource.objects.get_for_instance(city)
    client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), {})
    publish(
        client,
        reverse("wagtailadmin_pages:edit", args=[french.pk]),
        django_capture_on_commit_callbacks,
    )

    actions = history(french)
    for action in (
        "translation.segment_edited",
        "translation.machine_translated",
        "translation.po_imported",
        "translation.synced",
        "wagtail.publish",
    ):
        assert (action, "amelie") in actions, action
    entries = {e.action: e for e in PageLogEntry.objects.filter(page=french)}
    assert entries["translation.po_imported"].data["changed"] == 3
    assert entries["translation.segment_edited"].data["field"] == "Title"
    # The history page shows them, in words.
    page = client.get(reverse("wagtailadmin_pages:history", args=[french.pk])).content.decode()
    assert "“Title” translated: Ville traduite" in page
    assert "PO file “city-fr.po” imported: 3 translations changed" in page
    assert "Synced with the English source" in page


def test_snippet_translations_have_a_history(client, amelie, portal):
    topic = TopicFactory()
    client.force_login(amelie)
    url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["network", "topic", topic.pk]
    )
    assert client.post(url, {"locales": [locale("fr").pk]}).status_code == 302
    french = Topic.objects.get(translation_key=topic.translation_key, locale=locale("fr"))
    translation = translation_of(topic, "fr")
    for segment in segments(translation):
        put_string(client, translation, segment, f"FR {segment.string.data}")
    edit = reverse("wagtailsnippets_network_topic:edit", args=[french.pk])
    assert client.post(edit, {"action": "publish"}).status_code == 302

    actions = history(french)
    assert actions[0] == ("wagtail.create", "amelie")
    assert ("translation.segment_edited", "amelie") in actions
    assert actions[-1] == ("translation.published", "amelie")
    page = client.get(reverse("wagtailsnippets_network_topic:history", args=[french.pk]))
    assert "There are no log entries" not in page.content.decode()
    assert "Translation published" in page.content.decode()


def test_a_new_translations_slug_follows_its_translated_title(client, amelie, portal):
    city = full_city_page(portal.cityindex)
    client.force_login(amelie)
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[city.pk]),
        {"locales": [locale("fr").pk]},
    )
    translation = translation_of(city, "fr")
    client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": "/admin/"}
    )
    title = StringTranslation.objects.get(locale=locale("fr"), context__path="title")
    slug = StringTranslation.objects.get(locale=locale("fr"), context__path="slug")
    # Never the machine's translation of the English slug: the translated title's.
    assert slug.translation_type == "manual" and slug.tool_name == SLUG_TOOL
    assert slug.data == slug_from_title(title.data) == slug_from_title(f"[fr] {city.title}")

    # The translator sees the address before publishing.
    data = client.get(reverse("translation_workbench", args=[translation.pk])).json()
    assert data["slug"]["value"] == slug.data and data["slug"]["live"] is False
    assert data["slug"]["url"].endswith(f"/{slug.data}/")

    # A slug the translator writes is theirs: a new title does not replace it.
    slug_segment = next(s for s in segments(translation) if s.context.path == "slug")
    put_string(client, translation, slug_segment, "ma-ville")
    title_segment = next(s for s in segments(translation) if s.context.path == "title")
    put_string(client, translation, title_segment, "Un autre titre")
    assert StringTranslation.objects.get(pk=slug.pk).data == "ma-ville"


def test_machine_translation_never_changes_a_published_translations_slug(
    client, amelie, portal, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    city = full_city_page(portal.cityindex)
    client.force_login(amelie)
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[city.pk]),
        {"locales": [locale("fr").pk]},
    )
    translation = translation_of(city, "fr")
    title = next(s for s in segments(translation) if s.context.path == "title")
    put_string(client, translation, title, "Ville de Lyon")
    french_pk = city.get_translation(locale("fr")).pk
    publish(client, reverse("wagtailadmin_pages:edit", args=[french_pk]), capture)
    assert CityPage.objects.get(pk=french_pk).slug == "ville-de-lyon"

    # The source's title and slug change; the sync machine-translates the new text.
    english = CityPage.objects.get(pk=city.pk)
    english.title, english.slug = words(), "a-new-english-slug"
    english.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(english)
    client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"use_machine_translation": "on"},
    )
    StringTranslation.objects.filter(locale=locale("fr"), context__path="slug").delete()
    client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": "/admin/"}
    )
    publish(client, reverse("wagtailadmin_pages:edit", args=[french_pk]), capture)
    french = CityPage.objects.get(pk=french_pk)
    assert french.live and french.slug == "ville-de-lyon"
    data = client.get(reverse("translation_workbench", args=[translation.pk])).json()
    assert data["slug"]["live"] is True and data["slug"]["value"] == "ville-de-lyon"
    assert json.dumps(data["slug"]).count("a-new-english-slug") == 0
