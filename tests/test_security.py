"""Deployment security: the production settings pass Django's deploy checks, and no
other site can frame the portal while the admin's live preview still frames its own
pages."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

import pytest

from network.factories import NewsPageFactory
from tests.admin_helpers import page_form

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deploy_checks_without_a_warning():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "a-test-secret-key-" + "x" * 50,
        "ALLOWED_HOSTS": "michelin-cities.example",
    }
    # The browser journeys set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; never in production.
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_public_pages_may_not_be_framed(client, portal):
    response = client.get(portal.home.url, follow=True)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_admin_preview_panel_can_frame_the_page_being_edited(admin_client, portal):
    news = NewsPageFactory(parent=portal.newsindex, title="Tyre recycling in Cuneo")
    edit_url = reverse("wagtailadmin_pages:edit", args=(news.pk,))
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(news.pk,))
    data = page_form(admin_client, edit_url, type(news), title="Tyre recycling in Cuneo, draft")
    assert admin_client.post(preview_url, data).json()["is_valid"]

    response = admin_client.get(preview_url)

    assert response.status_code == 200
    assert "Tyre recycling in Cuneo, draft" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
