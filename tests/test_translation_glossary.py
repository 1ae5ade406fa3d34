"""The network's glossary: terms with their required translation per language, edited by
the Secretariat and each language's lead translators, imported and exported as CSV and
TBX (errors named by line, nothing changed), highlighted in the editor, checked when a
translation is published, and sent to DeepL as a DeepL glossary."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import override_settings
from django.urls import reverse

from wagtail_localize.models import StringTranslation
from wagtail_localize.operations import translate_object
from wagtail_localize.strings import StringValue

import pytest

from network.translation.glossary import (
    GlossaryFileRefused,
    export_tbx,
    find_terms,
    read_csv,
    read_tbx,
)
from network.translation.machine import PortalDeepLTranslator
from network.translation.models import GlossaryTerm
from network.translation.roles import ensure_translator_groups

from .translation_helpers import (
    block,
    full_city_page,
    is_refused,
    locale,
    make_user,
    put_string,
    segments,
    translation_of,
    translator,
)

pytestmark = pytest.mark.django_db


def term(source, target, code="fr", note=""):
    return GlossaryTerm.objects.create(
        source_locale=locale("en"),
        source_term=source,
        target_locale=locale(code),
        target_term=target,
        note=note,
    )


@pytest.fixture
def people(portal):
    ensure_translator_groups()
    return {
        "secretariat": make_user("secretariat", superuser=True),
        "lead": make_user("claire", groups=["Translators: French", "Lead translators: French"]),
        "fr": translator("amelie", "fr"),
    }


def test_terms_are_found_whole_words_longest_first(portal):
    call = term("call for proposals", "appel à projets")
    short = term("call", "appel")
    michelin = term("Michelin", "Michelin")
    text = 'The <a id="a1">Call for Proposals</a> of Michelin cities; no recall here.'
    found = [(text[start:end], t) for start, end, t in find_terms(text, [short, call, michelin])]
    assert found == [("Call for Proposals", call), ("Michelin", michelin)]


def test_the_editor_highlights_terms_with_their_translation(client, people, portal):
    term("call for proposals", "appel à projets", note="The network's word for its calls")
    city = full_city_page(portal.cityindex)
    page = city.__class__.objects.get(pk=city.pk)
    page.body = json.dumps([block("heading", "Our call for proposals is open")])
    page.save_revision().publish()
    translate_object(page, [locale("fr")])
    client.force_login(people["fr"])
    data = client.get(
        reverse("translation_workbench", args=[translation_of(page, "fr").pk])
    ).json()
    heading = next(s for s in data["segments"] if s["source"] == "Our call for proposals is open")
    (found,) = heading["terms"]
    assert heading["source"][found["start"] : found["end"]] == "call for proposals"
    assert found["translation"] == "appel à projets"
    assert found["note"] == "The network's word for its calls"
    # The editor page loads the workbench's script, which draws them.
    french = page.get_translation(locale("fr"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[french.pk])).content.decode()
    assert "translation/js/workbench.js" in html and "data-workbench-url=" in html


def test_publishing_without_a_required_term_warns_listing_them(
    client, people, portal, django_capture_on_commit_callbacks
):
    term("call for proposals", "appel à projets")
    term("Michelin", "Michelin")
    city = full_city_page(portal.cityindex)
    page = city.__class__.objects.get(pk=city.pk)
    page.body = json.dumps([block("heading", "Michelin opens a call for proposals")])
    page.save_revision().publish()
    translate_object(page, [locale("fr")])
    translation = translation_of(page, "fr")
    heading = next(s for s in segments(translation) if s.context.path.startswith("body."))
    client.force_login(people["fr"])

    def say(text):
        put_string(client, translation, heading, text)
        url = reverse("wagtailadmin_pages:edit", args=[page.get_translation(locale("fr")).pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"action": "publish"}, follow=True)
        return [str(m) for m in response.context["messages"]]

    messages = say("Michelin ouvre un concours")
    (warning,) = [m for m in messages if "glossary" in m]
    assert "Body › Heading" in warning
    assert "“call for proposals” → “appel à projets”" in warning
    assert "Michelin" not in warning.split(":", 1)[1].replace("“Michelin”", "")
    assert page.get_translation(locale("fr")).live  # a warning, not a refusal

    messages = say("Michelin ouvre son appel à projets")
    assert not [m for m in messages if "glossary" in m]


CSV = (
    "source_language,term,language,translation,note\n"
    "en,call for proposals,fr,appel à projets,\n"
    "en,call for proposals,de,Aufruf zur Einreichung von Vorschlägen,\n"
    "en,Michelin,fr,Michelin,a name: never translated\n"
)


def test_csv_import_creates_and_updates_terms(people):
    term("call for proposals", "appel à propositions")
    rows = read_csv(CSV.encode(), people["secretariat"])
    assert [(r.line, r.target_locale.language_code) for r in rows] == [
        (2, "fr"),
        (3, "de"),
        (4, "fr"),
    ]
    from network.translation.glossary import import_rows

    assert import_rows(rows, people["secretariat"]) == (2, 1, 0)
    assert (
        GlossaryTerm.objects.get(
            target_locale=locale("fr"), source_term="call for proposals"
        ).target_term
        == "appel à projets"
    )


def test_csv_errors_are_named_by_line_and_nothing_changes(client, people):
    before = term("call for proposals", "appel à propositions")
    bad = (
        "source_language,term,language,translation,note\n"
        "en,call for proposals,fr,appel à projets,\n"
        "en,,fr,vide,\n"
        "en,city,xx,ville,\n"
        "en,city,fr\n"
        "en,call for proposals,fr,encore,\n"
    )
    with pytest.raises(GlossaryFileRefused) as refused:
        read_csv(bad.encode(), people["secretariat"])
    assert refused.value.errors == [
        "line 3: the term is empty",
        "line 4: unknown language “xx”",
        "line 5: 3 columns instead of 4 or 5",
        "line 6: “call for proposals” is already on line 2 for this language",
    ]
    # Through the admin: the errors are shown, the glossary is as it was.
    client.force_login(people["secretariat"])
    upload = io.BytesIO(bad.encode())
    upload.name = "glossary.csv"
    response = client.post(reverse("translation_glossary:import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "line 4: unknown language “xx”" in html and "nothing changed" in html
    before.refresh_from_db()
    assert before.target_term == "appel à propositions"
    assert GlossaryTerm.objects.count() == 1
    for junk in (b"", b"\xff\xfe\x00junk", b"a,b\n"):
        upload = io.BytesIO(junk)
        upload.name = "glossary.csv"
        assert (
            client.post(reverse("translation_glossary:import"), {"file": upload}).status_code
            == 200
        )
    assert GlossaryTerm.objects.count() == 1


def test_lead_translators_edit_their_language_only(client, people):
    french = term("call for proposals", "appel à propositions")
    german = term("call for proposals", "Aufruf", code="de")
    client.force_login(people["lead"])
    edit = reverse("translation_glossary:edit", args=[french.pk])
    data = {
        "source_locale": locale("en").pk,
        "source_term": "call for proposals",
        "target_locale": locale("fr").pk,
        "target_term": "appel à projets",
        "note": "",
    }
    assert client.post(edit, data).status_code == 302
    french.refresh_from_db()
    assert french.target_term == "appel à projets" and french.updated_by == people["lead"]
    response = client.post(
        reverse("translation_glossary:edit", args=[german.pk]),
        {**data, "target_locale": locale("de").pk, "target_term": "Kaputt"},
    )
    assert is_refused(response)
    german.refresh_from_db()
    assert german.target_term == "Aufruf"
    # A new term in another language is refused by the form; in a file, by its line.
    response = client.post(
        reverse("translation_glossary:add"),
        {**data, "source_term": "city", "target_locale": locale("de").pk, "target_term": "Stadt"},
    )
    assert response.status_code == 200 and not GlossaryTerm.objects.filter(source_term="city")
    with pytest.raises(GlossaryFileRefused) as refused:
        read_csv(CSV.encode(), people["lead"])
    # The language is named as the sentence's own language names it (English here).
    assert refused.value.errors == ["line 3: you may not edit the German glossary"]
    # Translators read the glossary, and do not edit it.
    client.force_login(people["fr"])
    assert client.get(reverse("translation_glossary:index")).status_code == 200
    assert is_refused(client.post(edit, data))


def test_tbx_round_trip(people):
    term("call for proposals", "appel à projets")
    term("call for proposals", "Aufruf zur Einreichung von Vorschlägen", code="de")
    term("Michelin", "Michelin", note="never translated")
    data = export_tbx(GlossaryTerm.objects.select_related("source_locale", "target_locale"))
    assert data.count(b"<conceptEntry") == 2 and b'xml:lang="de"' in data
    rows = read_tbx(data, people["secretariat"])
    assert sorted((r.source_term, r.target_locale.language_code, r.target_term) for r in rows) == [
        ("Michelin", "fr", "Michelin"),
        ("call for proposals", "de", "Aufruf zur Einreichung von Vorschlägen"),
        ("call for proposals", "fr", "appel à projets"),
    ]
    with pytest.raises(GlossaryFileRefused) as refused:
        read_tbx(
            b"<tbx><text><body><conceptEntry>\n<langSec xml:lang='en'>", people["secretariat"]
        )
    assert "not valid XML (line 2)" in refused.value.errors[0]
    lonely = (
        b'<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
        b'<conceptEntry id="1"><langSec xml:lang="en"><termSec><term>city</term></termSec>'
        b"</langSec></conceptEntry></body></text></tbx>"
    )
    with pytest.raises(GlossaryFileRefused) as refused:
        read_tbx(lonely, people["secretariat"])
    assert refused.value.errors == ["line 2: a concept needs a term and at least one translation"]


def test_csv_and_tbx_exports_in_the_admin(client, people):
    term("call for proposals", "appel à projets")
    term("call for proposals", "Aufruf", code="de")
    client.force_login(people["fr"])
    url = reverse("translation_glossary:export")
    csv_file = client.get(url, {"format": "csv", "language": "fr"})
    assert csv_file.content.decode().splitlines() == [
        "source_language,term,language,translation,note",
        "en,call for proposals,fr,appel à projets,",
    ]
    tbx = client.get(url, {"format": "tbx"})
    assert tbx["Content-Disposition"].endswith('glossary.tbx"') and b"Aufruf" in tbx.content


class FakeDeepL(BaseHTTPRequestHandler):
    """DeepL's /v2/glossaries and /v2/translate, as far as the portal uses them."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, body))
        if self.path.endswith("/glossaries"):
            answer = {"glossary_id": f"g{len(self.server.requests)}", "ready": True}
            status = 201
        else:
            answer = {"translations": [{"text": f"FR: {t}"} for t in body["text"]]}
            status = 200
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_DELETE(self):
        self.server.requests.append((f"DELETE {self.path}", None))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def deepl():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeDeepL)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/v2/translate"
    yield server
    server.shutdown()
    server.server_close()


def test_deepl_is_sent_the_pairs_glossary(portal, deepl):
    term("call for proposals", "appel à projets")
    term("Michelin", "Michelin")
    term("call for proposals", "Aufruf", code="de")
    translator_ = PortalDeepLTranslator({"AUTH_KEY": "key:fx", "API_URL": deepl.url})
    text = StringValue("The call for proposals of Michelin")
    translator_.translate(locale("en"), locale("fr"), [text])
    (path, glossary), (translate_path, request) = deepl.requests
    assert path == "/v2/glossaries"
    assert (glossary["source_lang"], glossary["target_lang"]) == ("en", "fr")
    assert glossary["entries_format"] == "tsv"
    assert sorted(glossary["entries"].split("\n")) == [
        "Michelin\tMichelin",
        "call for proposals\tappel à projets",
    ]
    assert translate_path == "/v2/translate" and request["glossary_id"] == "g1"

    # The same terms: the same glossary, not made again; new terms: a new one, the old deleted.
    translator_.translate(locale("en"), locale("fr"), [text])
    assert [p for p, _b in deepl.requests].count("/v2/glossaries") == 1
    term("city", "ville")
    translator_.translate(locale("en"), locale("fr"), [text])
    paths = [p for p, _b in deepl.requests]
    assert paths.count("/v2/glossaries") == 2 and "DELETE /v2/glossaries/g1" in paths
    # A pair without terms has no glossary.
    translator_.translate(locale("en"), locale("it"), [text])
    assert "glossary_id" not in deepl.requests[-1][1]


def test_machine_translation_in_the_editor_uses_the_glossary(client, people, portal, deepl):
    term("call for proposals", "appel à projets")
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr")])
    setting = {
        "CLASS": "network.translation.machine.PortalDeepLTranslator",
        "OPTIONS": {"AUTH_KEY": "key:fx", "API_URL": deepl.url},
    }
    client.force_login(people["fr"])
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=setting):
        client.post(
            reverse("wagtail_localize:machine_translate", args=[translation_of(city, "fr").pk]),
            {"next": "/admin/"},
        )
    translate_requests = [body for path, body in deepl.requests if path == "/v2/translate"]
    assert translate_requests and all(b["glossary_id"] for b in translate_requests)
    assert StringTranslation.objects.filter(locale=locale("fr"), data__startswith="FR: ").exists()
