"""Roles: what the secretariat, moderators, city teams and conference hosts may do,
checked through the admin's own views with real users of each role."""

import datetime

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
)

import pytest
from factory import Faker

from network.editorial import roles as role_names
from network.editorial.roles import register_locale_role
from network.factories import (
    CityPageFactory,
    ConferencePageFactory,
    ImageFactory,
    NewsPageFactory,
)
from network.models import (
    CityPage,
    CityTeam,
    ConferencePage,
    NewsPage,
    PortalImage,
    ProjectPage,
)
from network.translation.roles import lead_translator_group_name, translator_group_name
from tests.admin_helpers import assert_refused, create_page, edit_page, edit_url, team_of

pytestmark = pytest.mark.django_db


def fake(provider, **kwargs):
    return Faker(provider, **kwargs).evaluate(None, None, {"locale": None})


@pytest.fixture
def cities(portal, roles):
    """Two cities of the network, each with its team (created by the city's signal)."""
    return SimpleCities(
        clermont=CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand"),
        greenville=CityPageFactory(parent=portal.cityindex, title="Greenville"),
    )


class SimpleCities:
    def __init__(self, **cities):
        self.__dict__.update(cities)


# setup_roles -----------------------------------------------------------------------


def test_setup_roles_builds_every_role_once(portal, cities):
    call_command("setup_roles", verbosity=0)
    first = sorted(Group.objects.values_list("name", flat=True))
    page_permissions = GroupPagePermission.objects.count()
    call_command("setup_roles", verbosity=0)

    assert sorted(Group.objects.values_list("name", flat=True)) == first
    assert GroupPagePermission.objects.count() == page_permissions
    translators = {translator_group_name(locale) for locale in Locale.objects.all()}
    leads = {lead_translator_group_name(locale) for locale in Locale.objects.all()}
    assert set(first) == {
        "Secretariat",
        "Moderators",
        "City team: Clermont-Ferrand",
        "City team: Greenville",
        *translators,
        *leads,
    }, "Wagtail's stock 'Editors' group (edit everything) is retired"
    workflow = Workflow.objects.get(name=role_names.WORKFLOW_NAME)
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow
    assert cities.clermont.get_workflow() == workflow
    # Wagtail's installation lets Moderators publish everywhere; here they only review.
    assert not GroupPagePermission.objects.filter(group__name="Moderators").exists()
    collections = set(Collection.objects.values_list("name", flat=True))
    assert {"Shared", "Cities", "Clermont-Ferrand", "Greenville"} <= collections


def test_locale_roles_extension_point_runs_for_new_locales(roles):
    built = []
    builder = register_locale_role(built.append)
    try:
        locale = Locale.objects.create(language_code="nl")
        assert built == [locale]
        call_command("setup_roles", verbosity=0)
        assert locale in built[1:] and len(built) == 1 + Locale.objects.count()
    finally:
        role_names._locale_roles.remove(builder)


# City teams --------------------------------------------------------------------------


def test_city_team_writes_news_and_projects_but_cannot_publish(client, cities, make_editor):
    member = make_editor(team_of(cities.clermont))
    client.force_login(member)

    title = fake("sentence", nb_words=4)
    response = create_page(
        client, NewsPage, cities.clermont, action="publish", title=title, slug="tram-news"
    )
    assert response.status_code == 302
    news = NewsPage.objects.get(slug="tram-news")
    assert not news.live, "a city team cannot publish by pressing Publish"

    editor = client.get(edit_url(news)).content.decode()
    assert 'name="action-publish"' not in editor
    assert 'name="action-submit"' in editor

    response = create_page(
        client,
        ProjectPage,
        cities.clermont,
        action="submit",
        title=fake("catch_phrase"),
        slug="clean-air",
    )
    assert response.status_code == 302
    project = ProjectPage.objects.get(slug="clean-air")
    assert project.get_parent().pk == cities.clermont.pk
    assert not project.live and project.workflow_in_progress

    response = edit_page(client, cities.clermont, summary="Home of the Michelin Man.")
    assert response.status_code == 302
    city = CityPage.objects.get(pk=cities.clermont.pk)
    assert city.get_latest_revision_as_object().summary == "Home of the Michelin Man."
    assert city.live and city.summary != "Home of the Michelin Man.", "a draft until approved"


@pytest.mark.parametrize("target", ["other_city", "other_city_news", "news_index", "home"])
@pytest.mark.parametrize("view", ["edit", "add_subpage", "delete"])
def test_city_team_is_refused_elsewhere(client, portal, cities, make_editor, target, view):
    client.force_login(make_editor(team_of(cities.clermont)))
    page = {
        "other_city": cities.greenville,
        "other_city_news": lambda: NewsPageFactory(parent=cities.greenville),
        "news_index": portal.newsindex,
        "home": portal.home,
    }[target]
    page = page() if callable(page) else page
    url = reverse(f"wagtailadmin_pages:{view}", args=(page.pk,))
    count = Page.objects.count()
    assert_refused(client, url)
    assert_refused(client, url, method="post")
    assert Page.objects.count() == count


def test_city_team_cannot_add_pages_under_another_city(client, cities, make_editor):
    client.force_login(make_editor(team_of(cities.clermont)))
    url = reverse("wagtailadmin_pages:add", args=("network", "newspage", cities.greenville.pk))
    assert_refused(client, url)
    assert_refused(client, url, "post", {"title": "Not yours", "slug": "x", "body-count": "0"})
    assert not NewsPage.objects.child_of(cities.greenville).exists()


def test_city_team_uses_its_collection_and_the_shared_one(client, cities, make_editor):
    team = CityTeam.objects.get(city=cities.clermont)
    other = CityTeam.objects.get(city=cities.greenville)
    shared = Collection.objects.get(name="Shared")
    ImageFactory(collection=shared, title="Network logo")
    skyline = ImageFactory(collection=other.collection, title="Greenville skyline")
    client.force_login(make_editor(team.group))

    chooser = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "Network logo" in chooser
    assert "Greenville skyline" not in chooser

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Place de Jaude",
            "file": SimpleUploadedFile("jaude.png", png_bytes(), "image/png"),
            "collection": team.collection.pk,
        },
    )
    assert response.status_code == 302
    assert PortalImage.objects.filter(title="Place de Jaude", collection=team.collection).exists()

    # Another city's collection cannot be picked: the upload stays in the team's own.
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Not theirs",
            "file": SimpleUploadedFile("x.png", png_bytes(), "image/png"),
            "collection": other.collection.pk,
        },
    )
    assert not PortalImage.objects.filter(collection=other.collection, title="Not theirs")
    assert_refused(client, reverse("wagtailimages:edit", args=(skyline.pk,)))


def png_bytes():
    return get_test_image_file().file.getvalue()


def test_a_new_city_gets_its_team_and_loses_it_when_deleted(client, portal, make_editor, roles):
    client.force_login(make_editor(roles.secretariat))
    city = CityPageFactory(parent=portal.cityindex, title="Shenyang")
    team = CityTeam.objects.select_related("group", "collection").get(city=city)
    assert team.group.name == "City team: Shenyang"
    assert team.collection.name == "Shenyang"

    city.title = "Shenyang (Liaoning)"
    city.save_revision().publish()
    team.group.refresh_from_db()
    assert team.group.name == "City team: Shenyang (Liaoning)"

    response = client.post(reverse("wagtailadmin_pages:delete", args=(city.pk,)))
    assert response.status_code == 302
    assert not Group.objects.filter(name__startswith="City team: Shenyang").exists()
    assert not Collection.objects.filter(pk=team.collection_id).exists(), "empty, so removed"


def test_two_cities_of_the_same_name_get_two_teams(portal, roles):
    spain = CityPageFactory(parent=portal.cityindex, title="Valencia", country="ES")
    venezuela = CityPageFactory(parent=portal.cityindex, title="Valencia", country="VE")
    assert team_of(spain).name == "City team: Valencia"
    assert team_of(venezuela).name == "City team: Valencia (VE)"
    spain.title = "València"
    spain.save_revision().publish()
    assert team_of(spain).name == "City team: València"
    spain.title = "Valencia"
    spain.save_revision().publish()
    assert team_of(spain).name == "City team: Valencia", "the shorter name is free again"


def test_a_city_translation_belongs_to_translators_not_to_the_team(client, cities, make_editor):
    french = cities.clermont.copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    )
    assert CityTeam.objects.filter(city__translation_key=french.translation_key).count() == 1
    client.force_login(make_editor(team_of(cities.clermont)))
    assert_refused(client, edit_url(french))
    assert client.get(edit_url(cities.clermont)).status_code == 200


# Secretariat and moderators ----------------------------------------------------------


def test_secretariat_manages_everything(client, portal, cities, make_editor, roles):
    client.force_login(make_editor(roles.secretariat))
    for url in [
        edit_url(portal.home),
        edit_url(portal.callindex),
        edit_url(cities.greenville),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailsnippets_network_topic:list"),
        reverse("wagtailimages:index"),
    ]:
        assert client.get(url).status_code == 200, url
    response = create_page(
        client, NewsPage, portal.newsindex, action="publish", title="Call 3", slug="call-3"
    )
    assert response.status_code == 302
    assert NewsPage.objects.get(slug="call-3").live, "the secretariat publishes directly"


def test_moderators_only_see_pages_awaiting_them(client, cities, make_editor, roles):
    news = NewsPageFactory(parent=cities.clermont)
    client.force_login(make_editor(roles.moderators))
    assert_refused(client, edit_url(news))
    assert_refused(client, edit_url(cities.clermont))


# Conference hosts --------------------------------------------------------------------


@pytest.fixture
def conferences(portal, cities):
    this_year = ConferencePageFactory(
        parent=portal.conferenceindex, host_city=cities.clermont, title="Conference 2026"
    )
    last_edition = ConferencePageFactory(
        parent=portal.conferenceindex,
        host_city=cities.greenville,
        title="Conference 2024",
        start_date=datetime.date(2024, 6, 3),
        end_date=datetime.date(2024, 6, 5),
    )
    return SimpleCities(this_year=this_year, last_edition=last_edition)


def test_host_city_edits_its_conference_and_nothing_else(
    client, portal, cities, conferences, make_editor
):
    client.force_login(make_editor(team_of(cities.clermont)))

    editor = client.get(edit_url(conferences.this_year))
    assert editor.status_code == 200
    fields = editor.context["form"].fields
    assert "theme" in fields and "programme" in fields
    assert "host_city" not in fields and "edition" not in fields, "the network decides those"

    theme = fake("catch_phrase")
    response = edit_page(client, conferences.this_year, action="submit", theme=theme)
    assert response.status_code == 302
    conference = ConferencePage.objects.get(pk=conferences.this_year.pk)
    assert conference.get_latest_revision_as_object().theme == theme
    assert conference.workflow_in_progress and conference.theme != theme

    for page in (conferences.last_edition, portal.conferenceindex):
        assert_refused(client, edit_url(page))
    assert_refused(
        client, reverse("wagtailadmin_pages:add_subpage", args=(portal.conferenceindex.pk,))
    )


def test_a_new_host_takes_over_and_the_old_one_loses_access(
    client, cities, conferences, make_editor, roles
):
    old_host = make_editor(team_of(cities.clermont))
    new_host = make_editor(team_of(cities.greenville))

    client.force_login(make_editor(roles.secretariat))
    response = edit_page(
        client, conferences.this_year, action="publish", host_city=cities.greenville.pk
    )
    assert response.status_code == 302
    assert ConferencePage.objects.get(pk=conferences.this_year.pk).host_city == cities.greenville

    client.force_login(old_host)
    assert_refused(client, edit_url(conferences.this_year))
    client.force_login(new_host)
    assert client.get(edit_url(conferences.this_year)).status_code == 200
    assert client.get(edit_url(conferences.last_edition)).status_code == 200, "hosted 2024 too"
