"""The translation memory: every translated segment remembered (pages and snippets; the
editor, the machine, PO files, the memory itself), exact and fuzzy matches shown in the
editor with their percentage and a diff, one click to use, the pre-fill on submission
marked as not reviewed, and TMX export and import.

The fuzzy lookup's candidates are found by the database (the shingle index), on
PostgreSQL as on SQLite; the suite runs on both."""

import io

from django.urls import reverse

from wagtail.models import PageLogEntry
from wagtail_localize.models import StringTranslation
from wagtail_localize.operations import translate_object

import polib
import pytest

from network.factories import TopicFactory
from network.translation.memory import (
    FUZZY_THRESHOLD,
    find_matches,
    remember,
    similarity,
    tokens,
)
from network.translation.models import MemoryEntry, MemoryShingle, Origin
from network.translation.roles import ensure_translator_groups
from network.translation.status import TranslationStatusReport
from network.translation.tmx import export_tmx, import_tmx

from .translation_helpers import (
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

# 20 tokens: 19 words and the full stop.
SENTENCE = (
    "The network opens its call for proposals on mobility in member cities this spring "
    "with a budget of millions."
)


def replaced(sentence, count):
    """The sentence with its first ``count`` words replaced by others."""
    words = sentence.split(" ")
    others = ["Un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit"]
    return " ".join(others[:count] + words[count:])


@pytest.fixture
def team(portal):
    ensure_translator_groups()
    return {"editor": make_user("secretariat", superuser=True), "fr": translator("amelie", "fr")}


def entry(source, target, reviewed=True, pair=("en", "fr")):
    made, _created = remember(
        locale(pair[0]).pk, locale(pair[1]).pk, source, target, Origin.EDITOR, reviewed
    )
    return made


def test_the_percentage_counts_tokens_left_in_place():
    assert len(tokens(SENTENCE)) == 20
    assert similarity(SENTENCE, SENTENCE) == 100
    assert similarity(SENTENCE, replaced(SENTENCE, 1)) == 95
    assert similarity(SENTENCE, replaced(SENTENCE, 5)) == 75
    assert similarity(SENTENCE, replaced(SENTENCE, 6)) < FUZZY_THRESHOLD
    # Inline tags are tokens: the same words with another link are not the same text.
    assert similarity(SENTENCE, f'<a id="a1">{SENTENCE}</a>') == 90


def test_exact_and_fuzzy_matches_none_below_75(portal):
    exact = entry(SENTENCE, "Le réseau ouvre son appel à projets.")
    one = entry(replaced(SENTENCE, 1), "Traduction à un mot près")
    five = entry(replaced(SENTENCE, 5), "Traduction à cinq mots près")
    entry(replaced(SENTENCE, 6), "Trop différent")
    entry(SENTENCE, "Une autre langue", pair=("en", "de"))  # another language pair
    entry("Something else entirely, about conferences.", "Autre chose")

    found = find_matches(locale("en").pk, locale("fr").pk, [SENTENCE])[SENTENCE]
    assert found["exact"] == [exact]
    assert [(percent, match) for percent, match in found["fuzzy"]] == [(95, one), (75, five)]


def test_the_database_finds_candidates_in_three_queries(portal, django_assert_num_queries):
    made = entry(SENTENCE, "Le réseau")
    shingles = set(MemoryShingle.objects.filter(entry=made).values_list("shingle", flat=True))
    assert {"the network", "for proposals", "millions ."} <= shingles
    for _ in range(30):  # many unrelated entries: the lookup's work does not grow
        entry(f"{SENTENCE.split()[0]} {replaced(SENTENCE, 8)[::-1]}", "Autre")
    english, french = locale("en").pk, locale("fr").pk
    # The exact lookup, the grouped shingle lookup, and the few candidates' rows.
    with django_assert_num_queries(3):
        found = find_matches(english, french, [replaced(SENTENCE, 2)])
    ((percent, match),) = next(iter(found.values()))["fuzzy"]
    assert match == made and percent == 90


def test_every_translated_segment_is_remembered_with_who_and_how(client, team, portal):
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr")])
    translation = translation_of(city, "fr")
    title = next(s for s in segments(translation) if s.context.path == "title")
    client.force_login(team["fr"])
    assert put_string(client, translation, title, "Ville de Lyon").status_code in (200, 201)
    remembered = MemoryEntry.objects.get(source_text=title.string.data)
    assert remembered.target_text == "Ville de Lyon"
    assert (remembered.origin, remembered.reviewed) == (Origin.EDITOR, True)
    assert remembered.translated_by == team["fr"]
    assert (remembered.source_locale, remembered.target_locale) == (locale("en"), locale("fr"))

    client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": "/admin/"}
    )
    machine = MemoryEntry.objects.filter(origin=Origin.MACHINE)
    assert machine.exists() and not machine.filter(reviewed=True).exists()
    # The slug follows the title: an address is nothing to reuse.
    assert not MemoryEntry.objects.filter(source_text=city.slug).exists()

    # A snippet's translation too, here from a PO file.
    topic = TopicFactory()
    translate_object(topic, [locale("fr")])
    topic_translation = translation_of(topic, "fr")
    response = client.get(reverse("wagtail_localize:download_pofile", args=[topic_translation.pk]))
    po = polib.pofile(response.content.decode())
    for item in po:
        item.msgstr = f"FR {item.msgid}"
    upload = io.BytesIO(str(po).encode())
    upload.name = "topic.po"
    client.post(
        reverse("wagtail_localize:upload_pofile", args=[topic_translation.pk]),
        {"file": upload, "next": "/admin/"},
    )
    from_po = MemoryEntry.objects.get(source_text=topic.name)
    assert (from_po.target_text, from_po.origin, from_po.reviewed) == (
        f"FR {topic.name}",
        Origin.PO,
        True,
    )


def test_a_machine_guess_never_unreviews_a_person(portal):
    reviewed = entry(SENTENCE, "Le réseau ouvre son appel.")
    again, created = remember(
        locale("en").pk,
        locale("fr").pk,
        SENTENCE,
        "Le réseau ouvre son appel.",
        Origin.MACHINE,
        False,
    )
    assert again == reviewed and not created
    reviewed.refresh_from_db()
    assert reviewed.reviewed and reviewed.origin == Origin.EDITOR


@pytest.fixture
def city_in_french(team, portal):
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr")])
    return city


def workbench(client, translation):
    response = client.get(reverse("translation_workbench", args=[translation.pk]))
    assert response.status_code == 200
    return response.json()


def test_the_editor_gets_matches_with_percentage_and_diff(client, team, city_in_french):
    translation = translation_of(city_in_french, "fr")
    heading = city_in_french.body.raw_data[0]["value"]
    exact = entry(heading, "Un titre déjà traduit")
    near = entry(f"{heading} again", "Un titre presque pareil")
    client.force_login(team["fr"])
    data = workbench(client, translation)
    segment = next(s for s in data["segments"] if s["source"] == heading)
    assert [m["id"] for m in segment["exact"]] == [exact.pk]
    assert segment["exact"][0]["percent"] == 100 and segment["exact"][0]["reviewed"]
    (fuzzy,) = segment["fuzzy"]
    assert fuzzy["id"] == near.pk
    assert fuzzy["percent"] == similarity(near.source_text, heading) >= FUZZY_THRESHOLD
    assert ["delete", " again"] in fuzzy["diff"]  # what the remembered source had more
    assert data["useUrl"] == reverse("translation_workbench_use", args=[translation.pk])
    assert data["canEditImages"] is False  # translators choose images, never edit them


def test_one_click_uses_a_match_and_says_so_in_the_history(client, team, city_in_french):
    translation = translation_of(city_in_french, "fr")
    heading = city_in_french.body.raw_data[0]["value"]
    segment = next(s for s in segments(translation) if s.string.data == heading)
    exact = entry(heading, "Un titre déjà traduit")
    near = entry(f"{heading} again", "Un titre presque pareil")
    client.force_login(team["fr"])
    url = reverse("translation_workbench_use", args=[translation.pk])

    response = client.post(url, {"segment": segment.pk, "entry": exact.pk})
    assert response.status_code == 200 and response.json()["percent"] == 100
    saved = StringTranslation.objects.get(locale=locale("fr"), context=segment.context)
    assert (saved.data, saved.translation_type) == ("Un titre déjà traduit", "manual")

    # A fuzzy match is a starting point: not reviewed until the translator saves it.
    response = client.post(url, {"segment": segment.pk, "entry": near.pk})
    saved.refresh_from_db()
    assert (saved.data, saved.translation_type) == ("Un titre presque pareil", "machine")

    french = city_in_french.get_translation(locale("fr"))
    history = [log.action for log in PageLogEntry.objects.filter(page=french)]
    assert history.count("translation.memory_used") == 2

    # A match of another language pair, or of a far-off text, is refused.
    german = entry(heading, "Eine Überschrift", pair=("en", "de"))
    assert client.post(url, {"segment": segment.pk, "entry": german.pk}).status_code == 400
    far = entry("Nothing like it at all, really nothing.", "Rien")
    assert client.post(url, {"segment": segment.pk, "entry": far.pk}).status_code == 400
    assert client.post(url, {"segment": "x"}).status_code == 400
    # A translator of another language may not use it at all.
    client.force_login(translator("haruto", "ja"))
    assert client.post(url, {"segment": segment.pk, "entry": exact.pk}).status_code == 403
    assert client.get(reverse("translation_workbench", args=[translation.pk])).status_code == 403


def test_prefill_on_submit_fills_reviewed_exact_matches_marked_not_reviewed(client, team, portal):
    city = full_city_page(portal.cityindex)
    heading = city.body.raw_data[0]["value"]
    entry(heading, "Un titre relu")
    entry(city.title, "Un titre deviné", reviewed=False)  # machine guesses are not pre-filled
    client.force_login(team["editor"])
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[city.pk]),
        {"locales": [locale("fr").pk], "prefill_from_memory": "on"},
    )
    assert response.status_code == 302
    translation = translation_of(city, "fr")
    filled = StringTranslation.objects.filter(locale=locale("fr"))
    (prefilled,) = filled
    assert prefilled.data == "Un titre relu"
    assert prefilled.translation_type == "machine"  # not reviewed, until a translator saves it
    assert "not reviewed" in prefilled.get_comment()
    # The draft has it already, and the report says it needs review.
    french = city.get_translation(locale("fr")).specific
    assert french.body.raw_data[0]["value"] == "Un titre relu"
    assert TranslationStatusReport().machine[translation.source_id, locale("fr").pk] == 1
    assert any(
        log.action == "translation.prefilled" for log in PageLogEntry.objects.filter(page=french)
    )

    # The translator saves it as it is: now it is reviewed.
    segment = next(s for s in segments(translation) if s.string.data == heading)
    client.force_login(team["fr"])
    put_string(client, translation, segment, "Un titre relu")
    prefilled.refresh_from_db()
    assert prefilled.translation_type == "manual"

    # Without the option, nothing is pre-filled.
    other = full_city_page(portal.cityindex)
    other.body = f'[{{"type": "heading", "value": "{heading}", "id": "x1"}}]'
    other.save_revision().publish()
    client.force_login(team["editor"])
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[other.pk]),
        {"locales": [locale("fr").pk]},
    )
    assert not StringTranslation.objects.filter(
        locale=locale("fr"), context__object_id=other.translation_key
    ).exists()


def test_tmx_round_trip_keeps_text_markup_and_review(portal):
    editor = make_user("secretariat", superuser=True)
    linked = entry(
        'Visit <a id="a1">our <b>new</b> site</a>.<br/>',
        'Visitez <a id="a1">notre <b>nouveau</b> site</a>.<br/>',
    )
    guess = entry(SENTENCE, "Le réseau", reviewed=False)
    entry(SENTENCE, "Ein Netz", pair=("en", "de"))  # not in the en → fr file
    data = export_tmx(
        MemoryEntry.objects.filter(target_locale=locale("fr")).order_by("pk"),
        locale("en"),
        locale("fr"),
    )
    assert b"<bpt" in data and b"<ept" in data and b"<ph" in data and b'xml:lang="fr"' in data
    fr_before = list(
        MemoryEntry.objects.filter(target_locale=locale("fr")).values_list(
            "source_text", "target_text", "reviewed"
        )
    )
    MemoryEntry.objects.all().delete()

    summary = import_tmx(data, locale("en"), locale("fr"), editor)
    assert (summary.created, summary.known, summary.skipped) == (2, 0, 0)
    after = list(
        MemoryEntry.objects.order_by("pk").values_list("source_text", "target_text", "reviewed")
    )
    assert sorted(after) == sorted(fr_before)
    assert (
        MemoryEntry.objects.get(source_text=linked.source_text).target_text == linked.target_text
    )
    assert not MemoryEntry.objects.get(source_text=guess.source_text).reviewed
    # Importing it again adds nothing.
    assert import_tmx(data, locale("en"), locale("fr"), editor).known == 2


def test_tmx_import_and_export_in_the_admin(client, portal):
    ensure_translator_groups()
    entry(SENTENCE, "Le réseau ouvre son appel.")
    client.force_login(make_user("secretariat", superuser=True))
    response = client.get(reverse("translation_memory:export"), {"source": "en", "target": "fr"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('memory-en-fr.tmx"')
    exported = response.content
    MemoryEntry.objects.all().delete()
    upload = io.BytesIO(exported)
    upload.name = "memory.tmx"
    response = client.post(
        reverse("translation_memory:import"),
        {"file": upload, "source_locale": locale("en").pk, "target_locale": locale("fr").pk},
        follow=True,
    )
    assert MemoryEntry.objects.get().target_text == "Le réseau ouvre son appel."
    assert any("1 new translations" in str(m) for m in response.context["messages"])

    # Not a TMX file: refused, named, nothing changed.
    junk = io.BytesIO(b"<html><body>not a memory</body></html")
    junk.name = "junk.tmx"
    response = client.post(
        reverse("translation_memory:import"),
        {"file": junk, "source_locale": locale("en").pk, "target_locale": locale("fr").pk},
    )
    assert response.status_code == 200
    assert "not valid XML (line 1)" in response.content.decode()
    assert MemoryEntry.objects.count() == 1


def test_lead_translators_correct_their_languages_memory_only(client, portal):
    ensure_translator_groups()
    french = entry(SENTENCE, "Le réseau")
    german = entry(SENTENCE, "Das Netz", pair=("en", "de"))
    lead = make_user("claire", groups=["Translators: French", "Lead translators: French"])
    client.force_login(lead)
    edit = reverse("translation_memory:edit", args=[french.pk])
    response = client.post(edit, {"target_text": "Le réseau des villes", "reviewed": "on"})
    assert response.status_code == 302
    french.refresh_from_db()
    assert french.target_text == "Le réseau des villes" and french.translated_by == lead
    response = client.post(
        reverse("translation_memory:edit", args=[german.pk]),
        {"target_text": "Kaputt", "reviewed": "on"},
    )
    assert is_refused(response)
    german.refresh_from_db()
    assert german.target_text == "Das Netz"
    # A plain translator has no memory admin at all.
    client.force_login(translator("amelie", "fr"))
    assert is_refused(client.get(reverse("translation_memory:index")))
