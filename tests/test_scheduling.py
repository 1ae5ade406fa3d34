"""Scheduled publishing and expiry: a page set to go live later stays invisible on the
site, in both APIs and in search until ``publish_scheduled`` runs past its time; an
expired page disappears everywhere. Time really moves (time-machine), nothing is faked
in the database."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, PageLogEntry

import pytest
import time_machine
from factory import Faker

from network.factories import CityPageFactory
from network.models import NewsPage
from tests.admin_helpers import create_page, team_of, workflow_action

pytestmark = pytest.mark.django_db


def fake(provider, **kwargs):
    return Faker(provider, **kwargs).evaluate(None, None, {"locale": None})


def admin_datetime(moment):
    """A moment as the admin's date-time field expects it, in the editor's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def visible_in_api_v3(client, page):
    listing = client.get("/api/v3/pages/", {"type": "network.NewsPage"}).json()
    listed = page.pk in [item["id"] for item in listing["items"]]
    detail = client.get(f"/api/v3/pages/{page.pk}/").status_code
    assert listed == (detail == 200), "the listing and the detail agree"
    return listed


def visible_in_api_v2(client, page):
    listing = client.get("/api/v2/pages/", {"type": "network.NewsPage"}).json()
    listed = page.pk in [item["id"] for item in listing["items"]]
    detail = client.get(f"/api/v2/pages/{page.pk}/").status_code
    assert listed == (detail == 200), "the listing and the detail agree"
    return listed


def found_by_search(page, words):
    return page.pk in [result.pk for result in Page.objects.live().search(words)]


def site_status(client, page):
    """What a visitor gets at the page's address (needs the public templates to be 200)."""
    return client.get(page.get_url()).status_code


@pytest.fixture
def secretary(client, roles, make_editor):
    user = make_editor(roles.secretariat)
    client.force_login(user)
    return user


@pytest.fixture
def city(portal, roles):
    return CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand")


def test_scheduled_page_appears_only_after_its_time(client, secretary, city):
    words = "velodrome inauguration"
    go_live = timezone.now() + datetime.timedelta(hours=3)
    response = create_page(
        client,
        NewsPage,
        city,
        action="publish",
        title=f"The {words}",
        slug="velodrome",
        go_live_at=admin_datetime(go_live),
    )
    assert response.status_code == 302
    news = NewsPage.objects.get(slug="velodrome")
    assert not news.live and news.get_latest_revision().approved_go_live_at is not None

    client.logout()
    assert site_status(client, news) == 404
    assert not visible_in_api_v3(client, news)
    assert not visible_in_api_v2(client, news)
    assert not found_by_search(news, words)

    with time_machine.travel(go_live - datetime.timedelta(minutes=5), tick=False):
        call_command("publish_scheduled")
    news.refresh_from_db()
    assert not news.live, "five minutes early: still waiting"

    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
    news.refresh_from_db()
    assert news.live
    assert visible_in_api_v3(client, news)
    assert visible_in_api_v2(client, news)
    assert found_by_search(news, words)
    assert PageLogEntry.objects.filter(page=news, action="wagtail.publish.scheduled").exists()


def test_expired_page_disappears_everywhere(client, secretary, city):
    words = "tram line consultation"
    expiry = timezone.now() + datetime.timedelta(days=2)
    create_page(
        client,
        NewsPage,
        city,
        action="publish",
        title=f"The {words}",
        slug="tram-line",
        expire_at=admin_datetime(expiry),
    )
    news = NewsPage.objects.get(slug="tram-line")
    assert news.live
    client.logout()
    assert visible_in_api_v3(client, news) and visible_in_api_v2(client, news)
    assert found_by_search(news, words)

    with time_machine.travel(expiry + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
    news.refresh_from_db()
    assert not news.live and news.expired
    assert site_status(client, news) == 404
    assert not visible_in_api_v3(client, news)
    assert not visible_in_api_v2(client, news)
    assert not found_by_search(news, words)
    assert PageLogEntry.objects.filter(page=news, action="wagtail.unpublish.scheduled").exists()


def test_scheduled_page_is_served_after_its_time(client, secretary, city):
    go_live = timezone.now() + datetime.timedelta(hours=1)
    create_page(
        client,
        NewsPage,
        city,
        action="publish",
        title=fake("sentence", nb_words=4),
        slug="served-later",
        go_live_at=admin_datetime(go_live),
    )
    news = NewsPage.objects.get(slug="served-later")
    client.logout()
    assert site_status(client, news) == 404
    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
    news.refresh_from_db()
    assert site_status(client, news) == 200


def test_a_city_teams_scheduled_news_goes_live_after_approval_and_its_time(
    client, city, roles, make_editor
):
    author = make_editor(team_of(city))
    moderator = make_editor(roles.moderators)
    go_live = timezone.now() + datetime.timedelta(days=1)
    client.force_login(author)
    create_page(
        client,
        NewsPage,
        city,
        action="submit",
        title=fake("sentence", nb_words=4),
        slug="festival",
        go_live_at=admin_datetime(go_live),
    )
    news = NewsPage.objects.get(slug="festival")
    client.force_login(moderator)
    workflow_action(client, news, "approve")
    news.refresh_from_db()
    assert not news.live, "approved, but scheduled for tomorrow"

    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
        call_command("run_publish_scheduled", runs=1, interval=1)
    news.refresh_from_db()
    assert news.live
    entry = PageLogEntry.objects.get(page=news, action="wagtail.publish.scheduled")
    assert entry.timestamp >= go_live
