"""Bad input to the API is a clear client error, never a server error: each case a probe
of the API found answering 500 now answers a 4xx that names what is wrong, in
``application/problem+json`` under ``/api/v3/`` (v2 keeps its JSON error body), and
changes nothing. A 405 and an unexpected failure are problem documents too."""

import json

from wagtail.models import Page

import pytest
import wagtail_factories

from network.factories import CityPageFactory, TopicFactory
from network.snippets import Topic
from tests.api_helpers import bearer, city_team_editor

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def city(portal):
    TopicFactory(slug="mobility")
    page = CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand")
    page.save_revision().publish()
    return page


@pytest.fixture
def admin_token(admin_user):
    return {"HTTP_AUTHORIZATION": bearer(admin_user, "a")}


@pytest.fixture
def city_token(city, django_user_model):
    """The token of Clermont-Ferrand's team, which may add pages under its city only."""
    return {"HTTP_AUTHORIZATION": bearer(city_team_editor(city, django_user_model), "c")}


def call(client, method, url, body=None, **headers):
    if body is not None:
        headers.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(url, **headers)


ANONYMOUS = [
    ("/api/v2/pages/?first_published_at=abc", "first_published_at"),
    ("/api/v2/pages/?type=network.CityPage&latitude=abc", "latitude"),
    ("/api/v3/projects/?city=%C2%B2", "city"),
    ("/api/v3/news/?city=%C2%B2", "city"),
    ("/api/v3/resources/?city=%C2%B2", "city"),
    ("/api/v3/pages/abc/", "id"),
    ("/api/v3/content/%C2%B2/", "id"),
]


def test_bad_parameters_of_anonymous_reads_answer_400_naming_them(client, city):
    for url, name in ANONYMOUS:
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)
        assert name in response.content.decode(), url
        if url.startswith("/api/v3/"):
            assert response["Content-Type"] == PROBLEM, url


def test_searching_images_and_documents_in_v2_works(client, city):
    for kind in ("images", "documents"):
        response = client.get(f"/api/v2/{kind}/?search=a")
        assert response.status_code == 200, kind
        assert response.json()["items"] == []


def test_a_bad_year_on_the_search_page_is_named_not_a_server_error(client, city):
    response = client.get("/en/search/", {"q": "a", "year": "²²²²"})
    assert response.status_code == 200
    assert "is not a year" in response.content.decode()


TOKEN_READS = [
    ("/api/v3/pages/{city}/revisions/?user_id=abc", "user_id"),
    ("/api/v3/snippets/network.Topic/abc/", "pk"),
    ("/api/v3/pages/?translation_of=abc", "translation_of"),
    ("/api/v3/snippets/network.Organisation/?translation_of=abc", "translation_of"),
    ("/api/v3/snippets/network.Topic/1/revisions/", "type"),
]


def test_bad_ids_with_a_token_answer_400_naming_them(client, city, admin_token):
    for url, name in TOKEN_READS:
        response = client.get(url.format(city=city.pk), **admin_token)
        assert response.status_code == 400, (url, response.status_code, response.content)
        assert response["Content-Type"] == PROBLEM, url
        assert name in response.content.decode(), url


def test_bad_writes_answer_4xx_and_change_nothing(client, city, admin_token):
    before = Page.objects.count(), city.title
    writes = [
        ("patch", "/api/v3/pages/abc/", {"title": "x"}, 400, "page_id"),
        ("patch", f"/api/v3/pages/{city.pk}/", [None, None], 422, "body"),
        ("post", f"/api/v3/pages/{city.pk}/actions/copy/", [None, None], 422, "body"),
        ("post", f"/api/v3/pages/{city.pk}/actions/create_alias/", [None, None], 422, "body"),
        (
            "post",
            f"/api/v3/pages/{city.pk}/actions/move/",
            {"destination_id": 1},
            422,
            "destination_id",
        ),
        (
            "post",
            "/api/v3/snippets/network.Topic/abc/actions/copy_for_translation/",
            {"locale": "fr"},
            400,
            "pk",
        ),
    ]
    root = Page.get_first_root_node().pk
    writes += [
        # Copied beside the root, which has no parent.
        ("post", f"/api/v3/pages/{root}/actions/copy/", {}, 422, "destination_id"),
        ("post", f"/api/v3/pages/{root}/actions/create_alias/", {}, 422, "destination_id"),
    ]
    for method, url, body, status, named in writes:
        response = call(client, method, url, body, **admin_token)
        assert response.status_code == status, (url, response.status_code, response.content)
        assert response["Content-Type"] == PROBLEM, url
        assert named in response.content.decode(), url
    assert (Page.objects.count(), Page.objects.get(pk=city.pk).title) == before


def test_a_page_missing_a_required_field_is_refused_naming_it(
    client, portal, city, admin_token, city_token
):
    """A conference needs its edition and dates, which the API cannot set: a 422 that
    names them, whoever asks (a city team's token used to fail with a KeyError)."""
    conference = {
        "meta": {"type": "network.ConferencePage", "parent_id": portal.conferenceindex.pk},
        "title": "Fifth conference",
    }
    response = call(client, "post", "/api/v3/pages/", conference, **admin_token)
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    for field in ("edition", "start_date", "end_date"):
        assert field in response.content.decode()
    response = call(client, "post", "/api/v3/pages/", conference, **city_token)
    assert response.status_code in (403, 422)
    assert response["Content-Type"] == PROBLEM
    assert not Page.objects.filter(title="Fifth conference").exists()


def test_a_method_not_allowed_is_a_problem_document(client, city, admin_token):
    for method, url in (("put", "/api/v3/pages/"), ("delete", "/api/v3/locales/")):
        response = call(client, method, url, **admin_token)
        assert response.status_code == 405, url
        assert response["Content-Type"] == PROBLEM, url
        assert response["Allow"]
        assert response.json()["status"] == 405


def test_an_unexpected_failure_is_a_problem_document(client, city, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("network.api.network.typed", broken)
    client.raise_request_exception = False
    response = client.get("/api/v3/cities/")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert "a bug" not in response.content.decode()


def test_a_copy_into_a_locale_already_translated_is_a_409_naming_it(client, city, admin_token):
    """A second version of a page or a snippet in one locale broke the database's unique
    translation key; the copy is refused, naming ``locale``, and creates nothing."""
    topic = TopicFactory()
    before = Page.objects.count(), Topic.objects.count()
    for url in (
        f"/api/v3/pages/{city.pk}/actions/copy_for_translation/",
        f"/api/v3/snippets/network.Topic/{topic.pk}/actions/copy_for_translation/",
    ):
        response = call(client, "post", url, {"locale": "en"}, **admin_token)
        assert response.status_code == 409, (url, response.status_code, response.content)
        assert response["Content-Type"] == PROBLEM, url
        assert response.json()["errors"][0]["loc"] == ["body", "data", "locale"]
    assert (Page.objects.count(), Topic.objects.count()) == before


def test_a_translation_under_an_untranslated_parent_is_a_body_error(client, city, admin_token):
    """Wagtail's "parent page is not translated" has no location: it is about the
    request body (422), not a parameter (it was a 400 naming no parameter)."""
    response = call(
        client,
        "post",
        f"/api/v3/pages/{city.pk}/actions/copy_for_translation/",
        {"locale": "fr"},
        **admin_token,
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    assert "is not translated" in response.content.decode()
    assert not Page.objects.filter(locale__language_code="fr", title=city.title).exists()


def test_editing_a_document_whose_extension_is_no_longer_allowed_is_a_409(
    client, city, admin_token
):
    """A file uploaded before WAGTAILDOCS_EXTENSIONS was narrowed (``.dat``): Wagtail's
    edit could not report the model's extension check and failed with a ValueError."""
    document = wagtail_factories.DocumentFactory(title="Old", file__filename="old.dat")
    response = call(
        client, "patch", f"/api/v3/documents/{document.pk}/", {"title": "New"}, **admin_token
    )
    assert response.status_code == 409, response.content
    assert response["Content-Type"] == PROBLEM
    assert response.json()["errors"][0]["loc"] == ["file"]
    document.refresh_from_db()
    assert document.title == "Old"
