"""Writes need an API token and follow its owner's page permissions: anonymous 401,
a city team's token 403 on another city's page, and the write works where the team
may edit."""

import json

from django.contrib.auth.models import Group, Permission

from wagtail.models import APIToken, GroupPagePermission

import pytest

from network.factories import CityPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities(portal):
    return (
        CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand"),
        CityPageFactory(parent=portal.cityindex, title="Greenville"),
    )


@pytest.fixture
def clermont_token(cities, django_user_model):
    """A token of an editor of Clermont-Ferrand's subtree only."""
    team = Group.objects.create(name="Clermont-Ferrand editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=team, page=cities[0], permission=Permission.objects.get(codename=codename)
        )
    editor = django_user_model.objects.create_user("clermont", "editor@example.com", "x")
    editor.groups.add(team)
    return APIToken.create_token(user=editor, name="Clermont website")[1]


def patch(client, page, data, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.patch(
        f"/api/v3/pages/{page.pk}/",
        data=json.dumps(data),
        content_type="application/json",
        **headers,
    )


def test_anonymous_writes_are_refused_with_401(client, cities):
    response = patch(client, cities[0], {"title": "Changed", "meta": {"action": "publish"}})
    assert response.status_code == 401
    cities[0].refresh_from_db()
    assert cities[0].title == "Clermont-Ferrand"


def test_a_token_cannot_write_where_its_owner_may_not(client, cities, clermont_token):
    response = patch(client, cities[1], {"title": "Changed"}, clermont_token)
    assert response.status_code == 403
    cities[1].refresh_from_db()
    assert cities[1].title == "Greenville"
    assert not cities[1].has_unpublished_changes


def test_a_token_writes_and_publishes_where_its_owner_may(client, cities, clermont_token):
    client.get(f"/api/v3/content/{cities[0].pk}/")  # now in the shared cache
    response = patch(
        client,
        cities[0],
        {"title": "Clermont-Ferrand Métropole", "meta": {"action": "publish"}},
        clermont_token,
    )
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    cities[0].refresh_from_db()
    assert cities[0].title == "Clermont-Ferrand Métropole"
    # Published: the public API shows it at once (the cache was invalidated).
    data = client.get(f"/api/v3/content/{cities[0].pk}/").json()
    assert data["title"] == "Clermont-Ferrand Métropole"


def test_an_invalid_token_is_anonymous(client, cities):
    response = patch(client, cities[0], {"title": "Changed"}, "wagtail_not-a-real-token")
    assert response.status_code == 401
