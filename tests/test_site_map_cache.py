"""The directory's map is rendered once per content generation and language (issue 16):
its HTML is kept in Django's cache (``network.public.map.cached_fragment``), so a
request the page cache does not answer (another query string, another page showing
the same map) reads it instead of rendering its SVG node by node. A publish shows the
change at once; signed-in users always get a fresh rendering."""

import pytest

from network.api.caching import bump_generation
from network.factories import CityPageFactory

MAP_TEMPLATE = "includes/city_map.html"


def rendered(response):
    return [template.name for template in response.templates]


def markers(response):
    return response.content.decode().count('class="city-map__marker ')


@pytest.mark.django_db
def test_the_map_is_rendered_once_per_generation_and_language(client, portal):
    cities = [CityPageFactory(parent=portal.cityindex) for _ in range(3)]
    url = portal.cityindex.url
    first = client.get(url, {"x": "1"})
    assert MAP_TEMPLATE in rendered(first)
    # Another address (the page cache misses it) shows the same map, read back.
    second = client.get(url, {"x": "2"})
    assert second.status_code == 200
    assert MAP_TEMPLATE not in rendered(second)
    assert markers(second) == len(cities)
    assert second.content.decode().count(cities[0].title) == first.content.decode().count(
        cities[0].title
    )
    # Another language renders its own map (its labels and links are its language's).
    french = client.get(url.replace("/en/", "/fr/", 1), {"x": "2"})
    assert french.status_code == 200
    assert MAP_TEMPLATE in rendered(french)
    # A publish starts a new generation: the new city is on the map at once.
    newcomer = CityPageFactory(parent=portal.cityindex, title="Nouvelle-Volcania")
    bump_generation()
    third = client.get(url, {"x": "3"})
    assert MAP_TEMPLATE in rendered(third)
    assert markers(third) == len(cities) + 1
    assert f'data-city-id="{newcomer.pk}"' in third.content.decode()


@pytest.mark.django_db
def test_a_signed_in_editor_gets_the_map_rendered(client, portal, admin_user):
    CityPageFactory(parent=portal.cityindex)
    url = portal.cityindex.url
    client.get(url, {"x": "1"})  # kept for anonymous visitors
    client.force_login(admin_user)
    response = client.get(url, {"x": "2"})
    assert MAP_TEMPLATE in rendered(response)
    assert markers(response) == 1
