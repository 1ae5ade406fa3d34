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

from home.skeleton import (
    ensure_home,
    ensure_locales,
    ensure_roots,
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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache, as a fresh deployment would."""
    from django.core.cache import cache

    from network.i18n import locales

    cache.clear()
    locales.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language, as a fresh process would: a request
    served in French leaves French active in the thread (Django's LocaleMiddleware)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def empty_portal():
    """All locales, the English home page and its section indexes; builds what is missing."""
    ensure_locales()
    ensure_roots()
    home = ensure_home()
    sections = ensure_sections(home)
    return SimpleNamespace(
        home=home,
        **{model.__name__.removesuffix("Page").lower(): page for model, page in sections.items()},
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the empty portal built once, so that each test's
    transaction starts from it instead of building it again (0.6 s a test on
    PostgreSQL). A ``serialized_rollback`` test restores the database as it is here,
    so the copy Django serialized after the migrations is taken again."""
    from django.db import connections

    with django_db_blocker.unblock():
        empty_portal()
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def portal(db):
    """The empty portal: all locales, the English home page and its section indexes."""
    # Built once per session (django_db_setup); a transactional test's flush removes it,
    # and the roots Wagtail's migrations made, so a later test builds them again.
    return empty_portal()


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
    # Playwright's sync API runs an event loop in the test's thread; Django would then
    # refuse every database query of the test as "async-unsafe".
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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


# The editors' roles (issue 6) ---------------------------------------------------------


@pytest.fixture
def roles(portal):
    """The portal with ``setup_roles`` run: Secretariat, Moderators, workflow, collections."""
    from django.contrib.auth.models import Group

    from network.editorial import roles as role_names
    from network.editorial.roles import setup_roles

    setup_roles()
    return SimpleNamespace(
        secretariat=Group.objects.get(name=role_names.SECRETARIAT),
        moderators=Group.objects.get(name=role_names.MODERATORS),
    )


@pytest.fixture
def make_editor(roles):
    """``make_editor(group, ...)``: a user in those groups (password "password")."""
    from network.factories import UserFactory

    def make(*groups):
        return UserFactory(groups=list(groups))

    return make
