"""The friction points translators met (issue 12), each fixed: the snippet "Translate"
form ticks a translator's only language, the sync form lists and syncs only their
languages, PO errors name the field rather than an internal path, the PO import
message counts what changed, and the dashboard's deadlines say "in 4 days" rather
than "Just now". (The report's links, filter heading and layout, and the image
editing link in the editor, are covered in test_translation_report.py and the
browser journey, test_translation_journey.py.)"""

import datetime
import io

from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

import polib
import pytest

from network.factories import CallForProposalsPageFactory, TopicFactory
from network.translation.roles import ensure_translator_groups

from .translation_helpers import full_city_page, locale, make_user, translation_of, translator

pytestmark = pytest.mark.django_db


@pytest.fixture
def amelie(portal):
    ensure_translator_groups()
    return translator("amelie", "fr")


def test_the_snippet_translate_form_ticks_a_translators_only_language(client, amelie):
    topic = TopicFactory()
    client.force_login(amelie)
    url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["network", "topic", topic.pk]
    )
    form = client.get(url).context["form"]
    assert list(form.fields["locales"].queryset) == [locale("fr")]
    assert form.initial["locales"] == [locale("fr").pk]
    html = client.get(url).content.decode()
    assert f'value="{locale("fr").pk}"' in html and "checked" in html
    # Someone who translates into several languages chooses.
    client.force_login(make_user("secretariat", superuser=True))
    assert "locales" not in client.get(url).context["form"].initial


def test_the_sync_form_lists_and_syncs_only_the_translators_languages(client, amelie, portal):
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr"), locale("es"), locale("ja")])
    source = TranslationSource.objects.get_for_instance(city)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    client.force_login(amelie)
    listed = [t["locale"].language_code for t in client.get(url).context["translations"]]
    assert listed == ["fr"]
    client.post(url, {"use_machine_translation": "on"})
    assert StringTranslation.objects.filter(locale=locale("fr")).exists()
    assert not StringTranslation.objects.exclude(locale=locale("fr")).exists()
    synced = PageLogEntry.objects.filter(action="translation.synced")
    assert list(synced.values_list("page__locale__language_code", flat=True)) == ["fr"]


@pytest.fixture
def french_po(client, amelie, portal):
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr")])
    translation = translation_of(city, "fr")
    client.force_login(amelie)
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    return translation, polib.pofile(response.content.decode())


def upload(client, translation, po):
    file = io.BytesIO(str(po).encode())
    file.name = "city-fr.po"
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": file, "next": "/admin/"},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_po_errors_name_the_field_not_an_internal_path(client, french_po):
    translation, po = french_po
    entry = next(e for e in po if e.msgctxt.startswith("body.") and "heading" not in e.msgctxt)
    entry.msgstr = "<p>Un paragraphe</p>"
    (message,) = upload(client, translation, po)
    assert "Body ›" in message
    assert entry.msgctxt not in message  # body.34555352-... is nobody's business


def test_the_po_import_message_counts_only_what_changed(client, french_po):
    translation, po = french_po
    for entry in po[:6]:
        entry.msgstr = f"FR {entry.msgid}"
    (message,) = upload(client, translation, po)
    assert "6 translations changed." in message
    po[0].msgstr, po[1].msgstr, po[2].msgstr = "Autre 1", "Autre 2", "Autre 3"
    (message,) = upload(client, translation, po)
    assert "3 translations changed, 3 were already there." in message


def test_dashboard_deadlines_in_the_future_are_not_just_now(client, portal):
    CallForProposalsPageFactory(
        parent=portal.callindex,
        title="Call 7: clean air",
        closes_at=timezone.now() + datetime.timedelta(days=4, hours=2),
    )
    client.force_login(make_user("secretariat", superuser=True))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    row = html[html.index("Call 7: clean air") :][:800]
    assert "in 4\xa0days" in row and "Just now" not in row
