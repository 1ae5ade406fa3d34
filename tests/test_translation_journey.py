"""A French translator's day, in Chromium: the backlog on the dashboard, the report,
the translation editor with a memory match and a glossary term, publish. Screenshots
of the editor (matches and highlighted terms) and of the report are saved under
test-artifacts/. The report is then shown in Japanese, Chinese and Thai: it must fit
its container (no sideways scrolling) with its header in view."""

import json
import os

from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation

import pytest

from network.factories import CityPageFactory, ImageFactory
from network.models import CityPage
from network.translation.memory import remember
from network.translation.models import GlossaryTerm, Origin
from network.translation.roles import ensure_translator_groups
from network.translation.submission import submit

from .translation_helpers import block, locale, make_user, translator

# Playwright's sync API keeps an event loop running in this thread for the session;
# Django's ORM refuses to run beside one unless told this is a plain sync program.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADING = "Our call for proposals is open"
PARAGRAPH = "The network supports its member cities."


def fits(page, selector):
    """True if the element and the page scroll no wider than their boxes."""
    return page.evaluate(
        """(selector) => {
            const element = document.querySelector(selector);
            const root = document.documentElement;
            return element.scrollWidth <= element.parentElement.clientWidth + 1
                && root.scrollWidth <= root.clientWidth + 1;
        }""",
        selector,
    )


def screenshot(page, path, target=None):
    """The admin scrolls inside its own panes: a tall window shows the whole of it."""
    page.set_viewport_size({"width": 1280, "height": 2000})
    if target is not None:
        target.scroll_into_view_if_needed()
    page.screenshot(path=path)
    page.set_viewport_size({"width": 1280, "height": 900})


def login(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return context, page


def test_french_translator_uses_the_memory_and_the_glossary(
    live_server, browser, portal, artifacts_dir
):
    ensure_translator_groups()
    english, french = locale("en"), locale("fr")
    city = CityPageFactory(
        parent=portal.cityindex, title="Clermont-Ferrand", hero_image=ImageFactory()
    )
    city.body = json.dumps([block("heading", HEADING), block("paragraph", f"<p>{PARAGRAPH}</p>")])
    city.save_revision().publish()
    GlossaryTerm.objects.create(
        source_locale=english,
        source_term="call for proposals",
        target_locale=french,
        target_term="appel à projets",
    )
    remember(
        english.pk,
        french.pk,
        PARAGRAPH,
        "Le réseau soutient ses villes membres.",
        Origin.EDITOR,
        True,
    )
    submit(CityPage.objects.get(pk=city.pk), [french], make_user("secretariat", superuser=True))
    amelie = translator("amelie", "fr")
    french_page = city.get_translation(french)

    context, page = login(browser, live_server, "amelie")
    # The dashboard's backlog leads to the report of what needs work in French.
    backlog = page.locator("#translation-backlog-fr-content, [id^=translation-backlog-fr]").first
    assert "Clermont-Ferrand" in backlog.inner_text()
    page.get_by_role("link", name="See everything that needs work").first.click()
    page.wait_for_load_state()
    assert "Pages that need work in French" in page.inner_text("h2.translation-filter")
    assert fits(page, ".translation-matrix")
    screenshot(page, os.path.join(artifacts_dir, "translation-report-fr.png"))

    # The title opens the French translation in the editor, not the English source.
    page.get_by_role("link", name="Clermont-Ferrand", exact=True).first.click()
    page.wait_for_url(f"**/admin/pages/{french_page.pk}/edit/")
    page.wait_for_selector("body[data-workbench=ready]")
    term = page.locator("mark.workbench-term").first
    assert term.inner_text() == "call for proposals"
    assert "appel à projets" in term.get_attribute("title")
    match = page.locator(".workbench-match").filter(has_text="Le réseau soutient").first
    assert "Exact match" in match.inner_text()
    # A translator chooses images, never edits them: the link is not offered.
    assert not page.get_by_text("Edit this image").first.is_visible()
    screenshot(page, os.path.join(artifacts_dir, "translation-editor-matches-fr.png"), term)

    # One click uses the match (the editor reloads with it).
    with page.expect_navigation():
        match.get_by_role("button", name="Use").click()
    page.wait_for_selector("body[data-workbench=ready]")
    assert page.get_by_text("Le réseau soutient ses villes membres.").first.is_visible()

    # The heading is translated with the glossary's term.
    heading = page.locator("li").filter(has=page.locator("p", has_text=HEADING)).last
    heading.get_by_role("button", name="Translate").click()
    heading.locator("textarea").fill("Notre appel à projets est ouvert")
    with page.expect_response(lambda r: "/strings/" in r.url and r.request.method == "PUT"):
        heading.get_by_role("button", name="Save").click()

    with page.expect_navigation():
        page.get_by_role("button", name="Publish in Français").click()
    page.wait_for_load_state()
    published = CityPage.objects.get(pk=french_page.pk)
    assert published.live
    body = json.dumps(list(published.body.raw_data), ensure_ascii=False)
    assert "Notre appel à projets est ouvert" in body and "Le réseau soutient" in body
    assert "glossary" not in page.inner_text("body")  # every required term is there
    assert (
        StringTranslation.objects.get(data="Notre appel à projets est ouvert").last_translated_by
        == amelie
    )

    # The report in languages without spaces still fits its container, header sticky.
    for code in ("ja", "zh-hans", "th"):
        profile = UserProfile.get_for_user(amelie)
        profile.preferred_language = code
        profile.save()
        page.goto(f"{live_server.url}/admin/reports/translation-status/")
        assert (
            page.evaluate("document.documentElement.lang").lower().startswith(code.split("-")[0])
        )
        assert fits(page, ".translation-summary") and fits(page, ".translation-matrix"), code
        position = page.evaluate(
            "getComputedStyle(document.querySelector('.translation-matrix thead th')).position"
        )
        assert position == "sticky"
        screenshot(page, os.path.join(artifacts_dir, f"translation-report-{code}.png"))
    context.close()
