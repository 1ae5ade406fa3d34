"""The skeleton renders: every section's index page answers 200 in English."""

import pytest

from network.factories import CityPageFactory


@pytest.mark.django_db
def test_city_page_renders(client, portal):
    city = CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand")
    response = client.get(city.url)
    assert response.status_code == 200
