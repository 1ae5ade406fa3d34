"""Shared fixtures: the portal's skeleton (locales, home, sections) and helpers.

Tests build their own data with the factories of ``network.factories``; nothing here
depends on the demo network except the ``demo_network`` fixture, which loads it once
per test that asks for it.
"""

import os
import shutil
from types import SimpleNamespace

from django.core.management import call_command

import pytest

from home.management.commands.setup_portal import (
    ensure_home,
    ensure_locales,
    ensure_sections,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def portal(db):
    """The empty portal: all locales, the English home page and its section indexes."""
    ensure_locales()
    home = ensure_home()
    sections = ensure_sections(home)
    return SimpleNamespace(
        home=home,
        **{model.__name__.removesuffix("Page").lower(): page for model, page in sections.items()},
    )


@pytest.fixture
def demo_network(db):
    """The whole demo network, as `make run` loads it."""
    call_command("load_demo_network", verbosity=0)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped where either is missing."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium) for browser journeys")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts_dir():
    """Where journeys save screenshots for people to look at (test-artifacts/)."""
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache: no API response stored by another test,
    no site root paths of another test's pages."""
    from django.core.cache import cache

    cache.clear()
