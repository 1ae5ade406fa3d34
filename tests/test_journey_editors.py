"""Browser journey in Chromium: a city team member writes a news item about their city
with an image and submits it; a moderator approves it from the dashboard; it is on the
city's public page and in the API. Screenshots go to test-artifacts/."""

import json
import os
import urllib.request

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Page

import pytest
from factory import Faker

from network.editorial.roles import MODERATORS
from network.factories import CityPageFactory, ImageFactory, UserFactory
from network.models import CityPage, CityTeam, NewsPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "password"


def fake(provider, **kwargs):
    return Faker(provider, **kwargs).evaluate(None, None, {"locale": None})


def api_json(url):
    """An anonymous API client's view (no admin session): only live, public pages."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - live_server URL
        return json.load(response)


def log_in(page, base_url, user):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def test_city_news_from_writing_to_publication(live_server, browser, artifacts_dir):
    call_command("setup_portal", verbosity=0)
    call_command("setup_roles", verbosity=0)
    cities = Page.objects.get(slug="cities")
    city = CityPageFactory(parent=cities, title="Clermont-Ferrand", slug="clermont-ferrand")
    team = CityTeam.objects.get(city=city)
    image = ImageFactory(collection=team.collection, title="Place de Jaude at dusk")
    author = UserFactory(groups=[team.group])
    moderator = UserFactory(groups=[Group.objects.get(name=MODERATORS)])
    title = f"{fake('catch_phrase')} in Clermont-Ferrand"
    summary = fake("sentence")
    base = live_server.url

    def shot(page, name):
        page.screenshot(path=os.path.join(artifacts_dir, f"editors-{name}.png"), full_page=True)

    # 1. The author writes the news item under their city, with an image, and submits it.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, author)
    page.goto(f"{base}/admin/pages/{city.pk}/")
    shot(page, "1-city-explorer")
    page.goto(f"{base}/admin/pages/add/network/newspage/{city.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_summary", summary)
    page.get_by_role("button", name="Choose an image").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_text(image.title).first.click()
    page.wait_for_selector(".modal-dialog", state="hidden")
    assert image.title in page.locator("#id_hero_image-chooser").inner_text()
    shot(page, "2-news-written")
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name=action-submit]").click()
    page.wait_for_load_state()
    shot(page, "3-news-submitted")
    news = NewsPage.objects.get(title=title)
    assert news.workflow_in_progress and not news.live
    assert news.get_latest_revision_as_object().hero_image == image
    context.close()

    # 2. The moderator finds it on the dashboard and approves it.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, moderator)
    review = page.locator(
        "#workflow-objects-to-moderate, section:has-text('Awaiting your review')"
    )
    assert title in review.first.inner_text()
    shot(page, "4-moderator-dashboard")
    row = page.locator("tr", has_text=title)
    row.locator(".w-dropdown__toggle").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state()
    shot(page, "5-approved")
    context.close()

    news.refresh_from_db()
    assert news.live and news.hero_image == image
    assert news.get_parent().specific == CityPage.objects.get(pk=city.pk)

    # 3. Anyone reads it in the API ...
    listing = api_json(f"{base}/api/v3/pages/?type=network.NewsPage")
    assert news.pk in [item["id"] for item in listing["items"]]
    detail = api_json(f"{base}/api/v3/pages/{news.pk}/")
    assert detail["title"] == title

    # ... and on the city's public page.
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(f"{base}{city.get_url()}")
    assert response.status == 200
    assert title in page.content()
    shot(page, "6-public-city-page")
    page.get_by_text(title).first.click()
    page.wait_for_load_state()
    assert summary in page.content() or title in page.title()
    shot(page, "7-public-news-page")
    context.close()
