"""Bad input: every invalid parameter answers 400 with a JSON error that names it,
``limit`` is capped, and nothing (ids, types, fields, locales, offsets, unicode
junk) makes the API answer a 500 or an HTML page."""

import pytest

from network.factories import CityPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30

BAD_PARAMETERS = [
    # The network's endpoints.
    ("/api/v3/content/?type=network.Nope", "type"),
    ("/api/v3/content/?fields=title,nope", "fields"),
    ("/api/v3/content/?locale=xx", "locale"),
    ("/api/v3/content/?locale=日本", "locale"),
    ("/api/v3/content/?child_of=0", "child_of"),
    ("/api/v3/content/?child_of=999999", "child_of"),
    ("/api/v3/content/?child_of=abc", "child_of"),
    ("/api/v3/content/?child_of=1&descendant_of=1", "descendant_of"),
    ("/api/v3/content/abc/", "id"),
    ("/api/v3/content/?limit=0", "limit"),
    ("/api/v3/content/?limit=101", "limit"),
    ("/api/v3/content/?limit=ten", "limit"),
    ("/api/v3/content/?offset=-1", "offset"),
    (f"/api/v3/content/?offset={HUGE}", "offset"),
    ("/api/v3/content/find/?path=/en/%00/", "path"),
    ("/api/v3/content/find/", "path"),
    ("/api/v3/cities/?contient=europe", "contient"),
    ("/api/v3/cities/?continent=atlantis", "continent"),
    ("/api/v3/cities/?country=ZZ", "country"),
    ("/api/v3/cities/?membership=honorary", "membership"),
    ("/api/v3/cities/?site=farm", "site"),
    ("/api/v3/cities/?locale=fr&locale=de", "locale"),
    ("/api/v3/cities/geojson/?continent=mars", "continent"),
    ("/api/v3/calls/?status=soon", "status"),
    ("/api/v3/conferences/?when=tomorrow", "when"),
    ("/api/v3/projects/?city=nowhere", "city"),
    ("/api/v3/projects/?topic=nothing", "topic"),
    ("/api/v3/news/?year=last", "year"),
    ("/api/v3/topics/?limit=1000", "limit"),
    # Wagtail's v3 endpoints.
    ("/api/v3/pages/?type=network.Nope", "type"),
    ("/api/v3/pages/?child_of=abc", "child_of"),
    ("/api/v3/pages/?locale=xx", "locale"),
    ("/api/v3/pages/?limit=1000", "limit"),
    (f"/api/v3/pages/?offset={HUGE}", "offset"),
    ("/api/v3/pages/abc/", "id"),
    ("/api/v3/pages/find/?html_path=/x/&site=host://", "site"),
    ("/api/v3/pages/{city}/?rich_text_format=db_html", "rich_text_format"),
    ("/api/v3/images/abc/", "id"),
    # Wagtail's v2 endpoints.
    ("/api/v2/pages/?type=network.Nope", "type"),
    ("/api/v2/pages/?fields=nope", "fields"),
    ("/api/v2/pages/?limit=1000", "limit"),
    (f"/api/v2/pages/?offset={HUGE}", "offset"),
    ("/api/v2/pages/?locale=xx", "locale"),
    ("/api/v2/pages/{city}/?rich_text_format=db_html", "rich_text_format"),
    ("/api/v2/pages/abc/", "id"),
]

JUNK = [
    "/api/v3/content/?search=%F0%9F%92%A9%FF",
    "/api/v3/content/find/?path=/%E2%80%AE/%F0%9F%98%80/%FF/",
    "/api/v3/content/find/?path=" + "a/" * 2000,
    "/api/v3/pages/?search=%00",
    "/api/v3/pages/?search=%F0%9F%92%A9",
    "/api/v3/pages/find/?html_path=/%F0%9F%98%80/",
    "/api/v2/pages/?search=%E2%80%AE%FF",
    "/api/v2/pages/find/?html_path=/%00/",
    f"/api/v3/cities/?offset={HUGE}",
    "/api/v3/cities/?fields=*,*",
    "/api/v3/nowhere/",
    "/api/v2/pages/?order=nope",
    "/api/v3/pages/?order=nope",
]


@pytest.fixture
def city(portal):
    TopicFactory(slug="mobility")
    return CityPageFactory(parent=portal.cityindex)


def test_bad_parameters_answer_400_naming_them(client, city):
    wrong = []
    for url, name in BAD_PARAMETERS:
        response = client.get(url.format(city=city.pk))
        if (
            response.status_code != 400
            or response["Content-Type"] not in ("application/problem+json", "application/json")
            or name not in response.content.decode()
        ):
            wrong.append((url, response.status_code, response.content[:200]))
    assert not wrong


def test_junk_never_breaks_the_api(client, city):
    wrong = []
    for url in JUNK:
        response = client.get(url)
        if response.status_code not in (200, 400, 404) or not response["Content-Type"].startswith(
            ("application/problem+json", "application/json")
        ):
            wrong.append((url, response.status_code))
    assert not wrong


def test_limit_is_capped(client, portal):
    for _ in range(3):
        CityPageFactory(parent=portal.cityindex)
    assert len(client.get("/api/v3/cities/?limit=2").json()["items"]) == 2
    assert client.get("/api/v3/cities/?limit=100").status_code == 200
    assert client.get("/api/v3/cities/?limit=101").status_code == 400
    # A page past the end is empty, with the true count.
    assert client.get("/api/v3/cities/?offset=50").json() == {"count": 3, "items": []}
