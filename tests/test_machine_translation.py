"""Machine translation: DeepL with the right language codes for every locale when
DEEPL_API_KEY is set, the offline marker translator in development and tests, and no
machine translation in production without a key.

DeepL is played by a real HTTP server on localhost that answers like DeepL's
/v2/translate; the portal's translator is pointed at it through its API_URL option.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.test import override_settings
from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation
from wagtail_localize.operations import translate_object
from wagtail_localize.strings import StringValue

import pytest

from network.translation.machine import (
    DEEPL_MAX_TEXTS,
    MachineTranslationError,
    OfflineTranslator,
    PortalDeepLTranslator,
)

from .translation_helpers import editor_props, fake, full_city_page, locale, make_user, words

ROOT = Path(__file__).resolve().parent.parent

# What DeepL expects for each of the portal's locales as a target (Serbian: none).
EXPECTED_TARGETS = {
    "en": "EN-GB",
    "fr": "FR",
    "es": "ES",
    "de": "DE",
    "it": "IT",
    "pl": "PL",
    "ro": "RO",
    "hu": "HU",
    "pt-br": "PT-BR",
    "zh-hans": "ZH-HANS",
    "ja": "JA",
    "th": "TH",
}


class FakeDeepL(BaseHTTPRequestHandler):
    """Answers POST /v2/translate like DeepL: "<target>: <text>" for each text."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"body": body, "auth": self.headers["Authorization"]})
        if self.server.status != 200:
            self.send_response(self.server.status)
            self.end_headers()
            self.wfile.write(b'{"message": "Quota exceeded"}')
            return
        answer = {
            "translations": [
                {
                    "detected_source_language": body["source_lang"],
                    "text": f"{body['target_lang']}: {t}",
                }
                for t in body["text"]
            ]
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def deepl():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeDeepL)
    server.requests, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/v2/translate"
    yield server
    server.shutdown()
    server.server_close()


def translator_for(server, **options):
    return PortalDeepLTranslator({"AUTH_KEY": "test-key:fx", "API_URL": server.url, **options})


@pytest.mark.django_db
def test_deepl_gets_its_own_codes_for_every_locale(portal, deepl):
    english = locale("en")
    deepl_translator = translator_for(deepl)
    for code, expected in EXPECTED_TARGETS.items():
        source = locale("fr") if code == "en" else english
        text = StringValue(words())
        result = deepl_translator.translate(source, locale(code), [text])
        assert result[text].data == f"{expected}: {text.data}"
        assert deepl.requests[-1]["body"]["target_lang"] == expected
    sources = {request["body"]["source_lang"] for request in deepl.requests}
    assert sources == {"EN", "FR"}
    assert deepl.requests[0]["auth"] == "DeepL-Auth-Key test-key:fx"
    assert deepl.requests[0]["body"]["tag_handling"] == "xml"


@pytest.mark.django_db
def test_sources_never_carry_a_variant(portal, deepl):
    deepl_translator = translator_for(deepl)
    for code, expected in {"pt-br": "PT", "zh-hans": "ZH", "en": "EN"}.items():
        target = locale("fr")
        deepl_translator.translate(locale(code), target, [StringValue(words())])
        assert deepl.requests[-1]["body"]["source_lang"] == expected


@pytest.mark.django_db
def test_serbian_is_left_to_people_unless_configured(portal, deepl):
    english, serbian = locale("en"), locale("sr")
    assert not translator_for(deepl).can_translate(english, serbian)
    assert not translator_for(deepl).can_translate(serbian, english)
    with pytest.raises(MachineTranslationError):
        translator_for(deepl).translate(english, serbian, [StringValue(words())])
    configured = translator_for(deepl, TARGET_LANGUAGES={"sr": "SR"})
    assert configured.can_translate(english, serbian)
    configured.translate(english, serbian, [StringValue(words())])
    assert deepl.requests[-1]["body"]["target_lang"] == "SR"


@pytest.mark.django_db
def test_same_language_is_not_offered(portal, deepl):
    assert not translator_for(deepl).can_translate(locale("en"), locale("en"))


@pytest.mark.django_db
def test_long_pages_go_in_batches_deepl_accepts(portal, deepl):
    strings = [StringValue(f"{n} {words()}") for n in range(2 * DEEPL_MAX_TEXTS + 7)]
    result = translator_for(deepl).translate(locale("en"), locale("de"), strings)
    assert [len(r["body"]["text"]) for r in deepl.requests] == [50, 50, 7]
    assert all(result[s].data == f"DE: {s.data}" for s in strings)


@pytest.mark.django_db
def test_deepl_errors_become_messages(portal, deepl):
    deepl.status = 456
    with pytest.raises(MachineTranslationError, match="quota"):
        translator_for(deepl).translate(locale("en"), locale("de"), [StringValue(words())])
    deepl.status = 403
    with pytest.raises(MachineTranslationError, match="DEEPL_API_KEY"):
        translator_for(deepl).translate(locale("en"), locale("de"), [StringValue(words())])
    unreachable = PortalDeepLTranslator(
        {"AUTH_KEY": "k", "API_URL": "http://127.0.0.1:9/v2/translate", "TIMEOUT": 2}
    )
    with pytest.raises(MachineTranslationError, match="could not be reached"):
        unreachable.translate(locale("en"), locale("de"), [StringValue(words())])


def deepl_setting(server):
    return {
        "CLASS": "network.translation.machine.PortalDeepLTranslator",
        "OPTIONS": {"AUTH_KEY": "test-key", "API_URL": server.url},
    }


@pytest.mark.django_db
def test_editor_offers_deepl_where_it_translates(client, portal, deepl):
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr"), locale("sr")])
    client.force_login(make_user("secretariat", superuser=True))
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=deepl_setting(deepl)):
        french = client.get(
            reverse("wagtailadmin_pages:edit", args=[city.get_translation(locale("fr")).pk])
        )
        serbian = client.get(
            reverse("wagtailadmin_pages:edit", args=[city.get_translation(locale("sr")).pk])
        )
    assert editor_props(french)["machineTranslator"]["name"] == "DeepL"
    assert editor_props(serbian)["machineTranslator"] is None


@pytest.mark.django_db
def test_machine_translate_view_reports_deepl_failure_and_changes_nothing(client, portal, deepl):
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("de")])
    german = city.get_translation(locale("de"))
    client.force_login(make_user("secretariat", superuser=True))
    deepl.status = 456
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=deepl_setting(deepl)):
        from wagtail_localize.models import Translation

        translation = Translation.objects.get(
            target_locale=locale("de"), source__object_id=city.translation_key
        )
        edit = reverse("wagtailadmin_pages:edit", args=[german.pk])
        response = client.post(
            reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": edit}
        )
        assert response.status_code == 302 and response.url == edit
        messages = [str(m) for m in client.get(edit).context["messages"]]
        assert any("quota" in m for m in messages)
        assert not StringTranslation.objects.exists()

        deepl.status = 200
        client.post(
            reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": edit}
        )
    machine = StringTranslation.objects.filter(locale=locale("de"))
    # Every segment is DeepL's but the slug, which follows the translated title
    # (network.translation.operations.follow_translated_title).
    slug = machine.get(context__path="slug")
    assert slug.tool_name == "From the translated title"
    others = machine.exclude(pk=slug.pk)
    assert others.exists()
    assert [t.data for t in others if not t.data.startswith("DE: ")] == []
    assert {(t.translation_type, t.tool_name) for t in others} == {("machine", "DeepL")}
    assert slug.data == slugify(others.get(context__path="title").data)


@pytest.mark.django_db
def test_offline_translator_is_deterministic_and_keeps_markup(portal):
    translator = OfflineTranslator({})
    text = StringValue(f'{words()} <a id="a1">{words()}</a> <b>{fake("word")}</b>')
    first = translator.translate(locale("en"), locale("ja"), [text])[text].data
    again = translator.translate(locale("en"), locale("ja"), [text])[text].data
    assert first == again == f"[ja] {text.data}"
    assert StringValue.from_translated_html(first).data == first
    assert not translator.can_translate(locale("en"), locale("en"))
    assert all(
        translator.can_translate(locale("en"), other)
        for other in Locale.objects.exclude(language_code="en")
    )


def settings_value(module, **env):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR as a settings module computes it, in a fresh Python."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEEPL_API_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update(
        SECRET_KEY="s" + fake("password", length=60),
        ALLOWED_HOSTS="michelin-cities.example",
        PYTHONPATH=str(ROOT),
        **env,
    )
    code = f"import json, {module} as s; print(json.dumps(s.WAGTAILLOCALIZE_MACHINE_TRANSLATOR))"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_uses_deepl_with_a_key_and_never_the_offline_translator():
    assert settings_value("portal.settings.production") is None
    deepl = settings_value("portal.settings.production", DEEPL_API_KEY="abc:fx")
    assert deepl["CLASS"].endswith("PortalDeepLTranslator")
    assert deepl["OPTIONS"]["AUTH_KEY"] == "abc:fx"


def test_development_falls_back_to_the_offline_translator():
    assert settings_value("portal.settings.dev")["CLASS"].endswith("OfflineTranslator")
    with_key = settings_value("portal.settings.dev", DEEPL_API_KEY="abc")
    assert with_key["CLASS"].endswith("PortalDeepLTranslator")
