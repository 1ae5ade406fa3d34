"""Language-aware search: each language's content is found in that language's words.

On every backend inflected forms meet: French "conférences" finds a page about a
"conférence" (PostgreSQL's and Elasticsearch's stemmers; on SQLite, the portal's own
Snowball stemming). Chinese, Japanese and Thai, written without spaces, are found on
every backend through character bigrams; accents never matter.
"""

from django.db import connection

from wagtail.models import Page

import pytest

from network.factories import CityPageFactory, StandardPageFactory
from search.autocomplete import autocomplete
from search.languages import POSTGRES_CONFIGS, SIMPLE, available_configs, postgres_config
from search.service import PortalSearch
from tests.search_helpers import body, locale, publish, search_backend, translate


@pytest.fixture(params=["database", "elasticsearch"])
def refresh(request, portal):
    with search_backend(request.param) as refresh_indexes:
        yield refresh_indexes


def stemming_backend(refresh, code="en"):
    """Skip where the backend has no stemmer for the language (Polish on PostgreSQL 15)."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert getattr(backend, "language_aware", False), f"{backend} does not stem"
    if connection.vendor == "postgresql" and postgres_config(code, SIMPLE) == SIMPLE:
        pytest.skip(f"this PostgreSQL server has no stemmer for {code!r}")


def page_in(portal, code, **fields):
    """A published standard page in a language, with those words."""
    home = translate(portal.home, code) if code != "en" else portal.home
    fields.setdefault("summary", "")
    return publish(StandardPageFactory(parent=home, **fields))


def found(query, code):
    return [match.pk for match in PortalSearch(query, locale(code)).run(record=False).results]


@pytest.mark.parametrize(
    "code, page_words, query",
    [
        ("en", "Clermont-Ferrand, at the foot of the volcanoes", "volcano"),
        ("en", "Bad Kreuznach, a spa town on the Nahe", "spa towns"),
        ("en", "Apprentices studying tyre design", "studies"),
        ("en", "Old tyres recycled into playgrounds", "recycling"),
        ("fr", "La conférence annuelle des villes Michelin", "conférences"),
        ("fr", "Au pied des volcans d'Auvergne", "volcan"),
        ("fr", "La ville recycle ses vieux pneus", "recycler"),
        ("es", "Una ciudad con una fábrica de neumáticos", "ciudades"),
        ("es", "Las ciudades comparten sus proyectos", "compartir"),
        ("de", "Eine Stadt mit einem Reifenwerk", "Städte"),
        ("it", "Una città con una fabbrica di pneumatici", "fabbriche"),
        ("pt-br", "Uma cidade com uma fábrica de pneus", "cidades"),
        ("ro", "O fabrică de anvelope", "fabricile"),
        ("hu", "A városok gumiabroncsgyárai", "város"),
        ("sr", "Fabrika guma u gradu", "fabrike"),
        ("sr", "Фабрика гума у граду", "фабрике"),
        ("pl", "Miasto z fabryką opon", "miasta"),
    ],
)
def test_an_inflected_form_finds_the_page(portal, refresh, code, page_words, query):
    stemming_backend(refresh, code)
    page = page_in(portal, code, title=page_words, body=body(page_words))
    other = page_in(portal, code, title="Michelin", body=body("Rien à voir, nichts, nada."))
    refresh()

    results = found(query, code)

    assert page.pk in results
    assert other.pk not in results


def test_each_language_is_analysed_as_itself(portal, refresh):
    """The same word means different things in French and English: a French query is
    stemmed as French, so "villes" (towns) finds the French page about a "ville"."""
    stemming_backend(refresh, "fr")
    french = page_in(portal, "fr", title="Une ville industrielle", body=body("La ville."))
    english = page_in(portal, "en", title="Villes", body=body("Villes is a name."))
    # Translated, so French visitors search its French words, not its English ones.
    translate(english, "fr", title="Un nom", body=body("Un nom propre."))
    refresh()

    assert found("villes", "fr") == [french.pk]
    assert french.pk not in found("villes", "en")


@pytest.mark.parametrize(
    "code, text, query",
    [
        ("zh-hans", "米其林城市网络在沈阳举办新项目", "城市"),
        ("zh-hans", "米其林城市网络在沈阳举办新项目", "沈阳"),
        ("zh-hans", "米其林城市网络在沈阳举办新项目", "城"),
        ("ja", "ミシュラン都市ネットワークの国際会議を開催", "会議"),
        ("ja", "ミシュラン都市ネットワークの国際会議を開催", "ネットワーク"),
        ("th", "เครือข่ายเมืองมิชลินจัดการประชุมนานาชาติ", "เมือง"),
    ],
)
def test_a_word_of_a_language_without_spaces_finds_its_page(portal, refresh, code, text, query):
    page = page_in(portal, code, title=text[:6], body=body(text))
    unrelated = page_in(portal, code, title="Michelin", body=body("2025"))
    refresh()

    results = found(query, code)

    assert page.pk in results
    assert unrelated.pk not in results


def test_a_chinese_word_does_not_match_its_characters_apart(portal, refresh):
    """Bigrams keep characters in order: 城市 (city) is not found in 市城."""
    page = page_in(portal, "zh-hans", title="市城", body=body("市城"))
    refresh()

    assert page.pk not in found("城市", "zh-hans")


def test_accents_do_not_matter(portal, refresh):
    city = publish(CityPageFactory(parent=portal.cityindex, title="Zalău", region="Sălaj"))
    refresh()

    assert city.pk in found("zalau", "en")
    assert city.pk in found("ZALĂU", "en")


@pytest.mark.parametrize("typed", ["clermont", "Clérmont", "clermont-fe", "ferr", "CLERM"])
def test_autocomplete_suggests_titles_by_prefix_whatever_the_accents(portal, refresh, typed):
    publish(CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand"))
    publish(CityPageFactory(parent=portal.cityindex, title="Zalău"))
    refresh()

    titles = [suggestion.title for suggestion in autocomplete(typed, locale("en"))]

    assert titles == ["Clermont-Ferrand"]


def test_autocomplete_finds_a_romanian_title_typed_without_its_breve(portal, refresh):
    publish(CityPageFactory(parent=portal.cityindex, title="Zalău"))
    refresh()

    assert [s.title for s in autocomplete("zalau", locale("en"))] == ["Zalău"]
    assert [s.title for s in autocomplete("zal", locale("en"))] == ["Zalău"]


def test_autocomplete_stays_in_the_visitors_language(portal, refresh):
    english = publish(CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand"))
    translate(english, "fr", title="Clermont-Ferrand (France)")
    refresh()

    assert [s.title for s in autocomplete("clermont", locale("fr"))] == [
        "Clermont-Ferrand (France)"
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL configurations")
def test_every_language_has_a_text_search_configuration_on_the_server(db):
    configs = available_configs()
    for code, _name in (("en", ""), *POSTGRES_CONFIGS.items()):
        assert postgres_config(code, SIMPLE) in configs
    # PostgreSQL 15 has no Polish stemmer: Polish is searched word for word there.
    assert postgres_config("pl", SIMPLE) == ("polish" if "polish" in configs else SIMPLE)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL configurations")
def test_a_configuration_missing_on_the_server_falls_back_to_simple(db, caplog):
    # A server without the Serbian stemmer (PostgreSQL before 13).
    older_server = available_configs() - {"serbian"}

    assert postgres_config("sr", "english", configs=older_server) == SIMPLE
    assert postgres_config("xx-unknown", "english", configs=older_server) == "english"
    assert "serbian" in caplog.text


def test_pages_of_other_languages_are_not_mixed_in(portal, refresh):
    """A page is found in the visitor's language through its translation there; only
    a page not translated yet stands in for it (tests/test_search_fallback.py)."""
    french = page_in(portal, "fr", title="Pneus Bibendum", body=body("Bibendum"))
    english = page_in(portal, "en", title="Bibendum tyres", body=body("Bibendum"))
    translation = translate(english, "fr", title="Pneus Bibendum (traduction)")
    refresh()

    assert sorted(found("Bibendum", "fr")) == sorted([french.pk, translation.pk])
    assert Page.objects.filter(pk__in=found("Bibendum", "en"), locale=locale("fr")).count() == 0


def test_editors_still_find_drafts_in_the_admin(portal, admin_client):
    """Drafts stay in the index for the admin's search (the public search filters them)."""
    home = translate(portal.home, "fr")
    draft = StandardPageFactory(parent=home, title="Brouillon des conférences", live=False)
    draft.save_revision()

    response = admin_client.get("/admin/pages/search/", {"q": "conférences"})

    assert response.status_code == 200
    assert draft.pk in [page.pk for page in response.context["pages"]]
