"""The city directory: its filters work without JavaScript and report bad values
clearly; its map of all cities is drawn from a committed SVG world map, with no request
to the internet, in the projection of that map and in any language."""

import re
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management import call_command

from wagtail.models import Locale

import pytest

from network.factories import CityPageFactory
from network.models import MichelinSite
from network.public.geography import MAP_HEIGHT, MAP_WIDTH, project
from tests.page_html import structure, text


@pytest.mark.django_db
def test_directory_filters_without_javascript(client, portal):
    french = [
        CityPageFactory(parent=portal.cityindex, country="FR", sites=[MichelinSite.Kind.RESEARCH])
        for _ in range(2)
    ]
    others = [CityPageFactory(parent=portal.cityindex, country=code) for code in ("ES", "US")]
    response = client.get(portal.cityindex.url, {"country": "FR"})
    assert response.status_code == 200
    html = response.content.decode()
    listing = html[html.index('class="city-list"') :]
    for city in french:
        assert city.title in listing
    for city in others:
        assert city.title not in listing
    # Every city stays on the map; the matching ones are highlighted.
    assert html.count('class="city-map__marker ') == 4
    assert html.count("is-highlighted") == 2
    assert html.count("is-dimmed") == 2
    # The form is a plain GET form, with labels, that keeps the chosen value.
    form = structure(response).first("form", **{"class": "filters"})
    assert form["method"] == "get"
    assert '<option value="FR" selected>' in html
    assert '<label for="id_country">' in html
    # Filters combine: a French research site.
    page = text(client.get(portal.cityindex.url, {"country": "FR", "site": "research"}))
    assert all(city.title in page for city in french)
    page = text(client.get(portal.cityindex.url, {"continent": "north-america"}))
    assert others[1].title in page.split("List of cities")[1]
    assert others[0].title not in page.split("List of cities")[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"country": "ZZ"},
        {"continent": "atlantis"},
        {"membership": "<script>"},
        {"site": "x" * 500},
    ],
)
def test_invalid_filter_values_are_reported_not_500(client, portal, query):
    city = CityPageFactory(parent=portal.cityindex)
    response = client.get(portal.cityindex.url, query)
    assert response.status_code == 200
    page = text(response)
    assert "Some filters could not be used" in page
    assert "Select a valid choice" in page
    assert "<script>" not in response.content.decode().split("<main")[1]
    # The invalid filter is left out: the city is still listed.
    assert city.title in page.split("List of cities")[1]
    field = next(iter(query))
    assert 'aria-invalid="true"' in response.content.decode()
    assert f'id="id_{field}"' in response.content.decode()


@pytest.mark.django_db
def test_map_markers_use_the_projection_of_the_base_map(client, portal):
    city = CityPageFactory(
        parent=portal.cityindex, latitude=Decimal("45.77722"), longitude=Decimal("3.08682")
    )
    html = client.get(portal.cityindex.url).content.decode()
    x, y = project(city.latitude, city.longitude)
    assert f'cx="{round(x, 2)}" cy="{round(y, 2)}"' in html
    assert f"<title>{city.title}, {city.country_name}</title>" in html
    assert 0 < x < MAP_WIDTH and 0 < y < MAP_HEIGHT
    # Clermont-Ferrand lies a little east of the map's centre, in its upper third.
    assert MAP_WIDTH / 2 < x < MAP_WIDTH * 0.52 and y < MAP_HEIGHT / 3
    svg = Path(finders.find("img/world-map.svg")).read_text()
    assert f'viewBox="0 0 {MAP_WIDTH:g} {MAP_HEIGHT:g}"' in svg
    assert "Natural Earth" in html


def test_world_map_is_built_by_the_committed_script(tmp_path):
    target = tmp_path / "world.svg"
    call_command("build_world_map", output=target, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert target.read_text() == Path(finders.find("img/world-map.svg")).read_text()


@pytest.mark.django_db
def test_map_numbers_are_not_localized(client, portal):
    """A French page writes 595,71; SVG needs 595.71 whatever the language."""
    city = CityPageFactory(
        parent=portal.cityindex, latitude=Decimal("45.5"), longitude=Decimal("3.25")
    )
    french = Locale.objects.get(language_code="fr")
    for page in (portal.home, portal.cityindex, city):
        page.copy_for_translation(french).save_revision().publish()
    html = client.get(portal.cityindex.get_translation(french).url).content.decode()
    assert re.search(r'<circle class="city-map__dot" cx="\d+\.\d+" cy="\d+\.\d+"', html)
    assert not re.search(r'(cx|cy|r|width|height|viewBox)="[^"]*\d,\d', html)
