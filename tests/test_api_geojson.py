"""The map's GeoJSON: valid RFC 7946 (checked with a JSON Schema written from the RFC),
points in [longitude, latitude] order, the directory's filters, the visitor's language."""

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from network.factories import CityPageFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "geojson.schema.json").read_text())


def validate_geojson(document):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


def test_the_schema_refuses_latitude_first_coordinates():
    """The check is not a formality: a point given as [lat, lon] past 90 fails it."""
    swapped = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-33.9, 151.2]},
                "properties": {},
            }
        ],
    }
    with pytest.raises(jsonschema.ValidationError):
        validate_geojson(swapped)


@pytest.fixture
def cities(portal):
    clermont = CityPageFactory(
        parent=portal.cityindex,
        title="Clermont-Ferrand",
        country="FR",
        latitude=Decimal("45.77722"),
        longitude=Decimal("3.08682"),
        membership="founding",
        sites=["production", "research"],
    )
    greenville = CityPageFactory(
        parent=portal.cityindex,
        title="Greenville",
        country="US",
        latitude=Decimal("34.85262"),
        longitude=Decimal("-82.39401"),
        membership="member",
        sites=["production"],
    )
    return clermont, greenville


def test_cities_geojson_is_valid_rfc_7946_with_longitude_first(client, cities):
    response = client.get("/api/v3/cities/geojson/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    document = response.json()
    validate_geojson(document)
    points = {f["properties"]["title"]: f["geometry"]["coordinates"] for f in document["features"]}
    assert points == {"Clermont-Ferrand": [3.08682, 45.77722], "Greenville": [-82.39401, 34.85262]}


def test_cities_geojson_filters_like_the_directory(client, cities):
    def titles(query):
        document = client.get(f"/api/v3/cities/geojson/?{query}").json()
        validate_geojson(document)
        return [f["properties"]["title"] for f in document["features"]]

    assert titles("continent=europe") == ["Clermont-Ferrand"]
    assert titles("country=us") == ["Greenville"]
    assert titles("membership=founding") == ["Clermont-Ferrand"]
    assert titles("site=research") == ["Clermont-Ferrand"]
    assert titles("site=test-centre") == []


def test_cities_geojson_speaks_the_requested_language(client, cities):
    feature = client.get("/api/v3/cities/geojson/?continent=europe").json()["features"][0]
    assert feature["properties"]["country_name"] == "France"
    # No French pages yet: the same map in French, each city marked as English and
    # linked at its address in French (one network in every language).
    document = client.get("/api/v3/cities/geojson/?locale=fr").json()
    validate_geojson(document)
    properties = [f["properties"] for f in document["features"]]
    assert sorted(p["title"] for p in properties) == ["Clermont-Ferrand", "Greenville"]
    assert {p["fallback_from"] for p in properties} == {"en"}
    assert all("/fr/" in p["url"] for p in properties), properties
