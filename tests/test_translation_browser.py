"""The translator's half of the browser journey, in Chromium: log in, open the French
translation of a city page in wagtail-localize's editor, translate a segment, save it,
publish in French. (The visitor's half, switching a page to French, lives with the
site's tests.)"""

import os

from wagtail_localize.models import StringTranslation
from wagtail_localize.operations import translate_object

import pytest

from network.models import CityPage
from network.translation.roles import ensure_translator_groups

from .translation_helpers import full_city_page, locale, translator, words

# Playwright's sync API keeps an event loop running in this thread for the session;
# Django's ORM refuses to run beside one unless told this is a plain sync program.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_translator_translates_a_segment_and_publishes(
    live_server, browser, portal, artifacts_dir
):
    ensure_translator_groups()
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr")])
    french = city.get_translation(locale("fr"))
    translator("amelie", "fr")
    french_title = f"{words()} (FR)"

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "amelie")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/{french.pk}/edit/")
    page.get_by_role("button", name="Translate", exact=True).first.click()
    page.locator("textarea").first.fill(french_title)
    with page.expect_response(lambda r: "/strings/" in r.url and r.request.method == "PUT") as put:
        page.get_by_role("button", name="Save", exact=True).first.click()
    assert put.value.status in (200, 201)
    saved = StringTranslation.objects.get(locale=locale("fr"), context__path="title")
    assert saved.data == french_title
    assert saved.last_translated_by.username == "amelie"
    page.screenshot(path=os.path.join(artifacts_dir, "translator-editor-fr.png"))

    assert not CityPage.objects.get(pk=french.pk).live  # saving is not publishing
    with page.expect_navigation():
        page.get_by_role("button", name="Publish in Français").click()
    page.wait_for_load_state()
    published = CityPage.objects.get(pk=french.pk)
    assert published.live and published.title == french_title
    context.close()
