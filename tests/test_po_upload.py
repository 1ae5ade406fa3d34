"""PO files in and out of wagtail-localize's editor: a good file is imported; a bad one
is refused with a message naming what is wrong, and nothing changes."""

import html
import io

from django.test import override_settings
from django.urls import reverse

from wagtail_localize.models import StringTranslation
from wagtail_localize.operations import translate_object

import polib
import pytest

from network.translation.roles import ensure_translator_groups

from .translation_helpers import fake, full_city_page, locale, translation_of, translator

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(client, portal):
    ensure_translator_groups()
    city = full_city_page(portal.cityindex)
    other = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr"), locale("ja")])
    translate_object(other, [locale("fr")])
    # One string already translated by hand: a bad upload must leave it as it is.
    french = translation_of(city, "fr")
    segment = french.source.stringsegment_set.select_related("string").first()
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=locale("fr"),
        context=segment.context,
        data="Déjà traduit",
        translation_type="manual",
    )
    user = translator("amelie", "fr")
    user.groups.add(*translator("haruto", "ja").groups.all())
    client.force_login(user)
    return {
        "client": client,
        "city": city,
        "fr": french,
        "ja": translation_of(city, "ja"),
        "other_fr": translation_of(other, "fr"),
    }


def download(client, translation):
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


def filled(po, prefix="FR"):
    for entry in po:
        entry.msgstr = f"{prefix} {entry.msgid}"
    return po


def upload(client, translation, content, name="translation.po"):
    if isinstance(content, polib.POFile):
        content = str(content).encode()
    file = io.BytesIO(content)
    file.name = name
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": file, "next": "/admin/"},
    )
    assert response.status_code == 302, "the editor is shown again, never an error page"
    return shown_messages(client, response)


def shown_messages(client, response):
    """The messages the translator sees on the page the upload leads back to."""
    response = client.get(response.url)
    return [html.unescape(str(message)).strip() for message in response.context["messages"]]


def memory():
    return sorted(
        StringTranslation.objects.values_list(
            "locale_id", "context_id", "data", "translation_type"
        )
    )


def test_a_downloaded_and_filled_file_is_imported(work):
    messages = upload(work["client"], work["fr"], filled(download(work["client"], work["fr"])))
    assert any(message.startswith("Imported") for message in messages)
    count = work["fr"].source.stringsegment_set.count()
    french = StringTranslation.objects.filter(locale=locale("fr"))
    assert french.count() == count
    assert all(t.data.startswith("FR ") for t in french)
    assert work["fr"].get_progress() == (count, count)


def refused(work, content, name="translation.po", translation=None):
    before = memory()
    messages = upload(work["client"], translation or work["fr"], content, name)
    assert memory() == before, "a refused file changes nothing"
    assert len(messages) == 1
    return messages[0]


def test_malformed_po_is_refused(work):
    po = str(filled(download(work["client"], work["fr"])))
    broken = po.replace('msgstr "FR', 'msgstr FR "', 1).encode()
    message = refused(work, broken)
    assert "not a valid PO file" in message and "line" in message


def test_po_for_another_page_is_refused(work):
    po = filled(download(work["client"], work["other_fr"]))
    message = refused(work, po)
    assert work["other_fr"].source.object_repr in message
    assert "not for" in message


def test_po_for_another_language_is_refused(work):
    po = filled(download(work["client"], work["ja"]), prefix="日本語")
    message = refused(work, po)
    assert "日本語" in message or "Japanese" in message  # names the file's language
    assert "Français" in message or "French" in message  # and the one expected


def test_po_without_the_portals_header_is_refused(work):
    po = filled(download(work["client"], work["fr"]))
    del po.metadata["X-WagtailLocalize-TranslationID"]
    message = refused(work, po)
    assert "X-WagtailLocalize-TranslationID" in message


def test_a_file_that_is_not_po_is_refused(work):
    assert "not a PO file" in refused(work, b"%PDF-1.7\n", name="city.pdf")
    json_text = f'{{"title": "{fake("sentence")}"}}'.encode()
    assert "not a valid PO file" in refused(work, json_text)


def test_binary_junk_is_refused(work):
    junk = fake("binary", length=4096)
    message = refused(work, junk + b"\x00")
    assert "binary" in message


def test_text_not_in_utf8_is_refused(work):
    po = str(filled(download(work["client"], work["fr"]), prefix="Été")).encode("latin-1")
    assert "UTF-8" in refused(work, po)


def test_empty_upload_and_no_file_are_refused(work):
    assert "empty" in refused(work, b"")
    before = memory()
    response = work["client"].post(
        reverse("wagtail_localize:upload_pofile", args=[work["fr"].pk]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    assert shown_messages(work["client"], response) == ["Choose the PO file to upload."]
    assert memory() == before


@override_settings(TRANSLATION_PO_MAX_UPLOAD_SIZE=64 * 1024)
def test_huge_file_is_refused_before_it_is_read(work):
    po = filled(download(work["client"], work["fr"]))
    padding = "\n".join(f"# {fake('sentence')}" for _ in range(3000))
    message = refused(work, (padding + "\n" + str(po)).encode())
    assert "more than the 64.0\xa0KB" in message


def test_broken_markup_in_a_translation_refuses_the_whole_file(work):
    po = filled(download(work["client"], work["fr"]))
    po[3].msgstr = "<p>Un paragraphe</p>"  # a block tag where only inline tags may be
    message = refused(work, po)
    assert "nothing was imported" in message and "<p>" in message


def test_a_link_the_source_does_not_have_is_refused(work):
    po = filled(download(work["client"], work["fr"]))
    entry = next(e for e in po if 'id="a1"' in e.msgid)
    entry.msgstr = entry.msgstr.replace('id="a1"', 'id="a9"')
    assert "a9" in refused(work, po)


def test_a_file_from_before_a_sync_imports_what_still_matches(work):
    po = filled(download(work["client"], work["fr"]))
    po[0].msgid = "A sentence the page no longer has"
    messages = upload(work["client"], work["fr"], po)
    assert any(message.startswith("Imported") for message in messages)
    assert any("left out" in message for message in messages)
    assert not StringTranslation.objects.filter(data__contains="no longer has").exists()
