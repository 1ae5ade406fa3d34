"""Headless preview: an editor sends the front end a short-lived token; the front end
reads the draft with it from the v3 API; nobody else can."""

from urllib.parse import parse_qs, urlsplit

from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse

from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from network.factories import NewsPageFactory
from preview.tokens import SALT

FRONT_END = "https://front.example.test/{locale}/preview/"
PREVIEW_API = "/api/v3/preview/"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def token_from(response):
    assert response.status_code == 302, response.content
    return parse_qs(urlsplit(response["Location"]).query)["token"][0]


@pytest.fixture
def draft(portal):
    """A news item saved as a draft and never published."""
    page = NewsPageFactory(parent=portal.newsindex, live=False)
    page.save_revision()
    return page


@pytest.mark.django_db
@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_a_never_published_draft_is_previewable_with_its_token(admin_client, draft):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert reverse("preview_front_end", args=[draft.pk]) in edit.content.decode()

    response = admin_client.get(reverse("preview_front_end", args=[draft.pk]))

    assert response["Location"].startswith("https://front.example.test/en/preview/?token=")
    anonymous = Client()
    hidden = anonymous.get(f"/api/v3/pages/{draft.pk}/", follow=True)
    assert hidden.status_code == 404
    assert draft.title not in hidden.content.decode()
    preview = anonymous.get(PREVIEW_API, {"token": token_from(response)})
    assert preview.status_code == 200
    data = preview.json()
    assert data["id"] == draft.pk
    assert data["title"] == draft.title
    assert data["summary"] == draft.summary
    assert preview["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_the_preview_shows_the_draft_not_the_live_version(admin_client, portal):
    page = publish(NewsPageFactory(parent=portal.newsindex))
    live_title = page.title
    page.title = f"{live_title} (draft)"
    page.save_revision()

    token = token_from(admin_client.get(reverse("preview_front_end", args=[page.pk])))

    assert Client().get(PREVIEW_API, {"token": token}).json()["title"] == page.title
    assert Client().get(f"/api/v3/pages/{page.pk}/").json()["title"] == live_title


@pytest.mark.django_db
@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_the_front_end_preview_mode_carries_unsaved_edits(admin_client, draft):
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    form = nested_form_data(
        {
            "title": "Edited in the editor, not saved yet",
            "slug": draft.slug,
            "date": draft.date.isoformat(),
            "summary": draft.summary,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    assert admin_client.post(preview_url, form).json()["is_valid"] is True
    assert "headless" in dict(draft.preview_modes)

    response = admin_client.get(preview_url, {"mode": "headless"})

    token = token_from(response)
    data = Client().get(PREVIEW_API, {"token": token}).json()
    assert data["title"] == "Edited in the editor, not saved yet"
    draft.refresh_from_db()
    assert draft.title != data["title"]  # nothing was saved


@pytest.mark.django_db
@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_expired_forged_and_missing_tokens_are_refused(admin_client, draft):
    token = token_from(admin_client.get(reverse("preview_front_end", args=[draft.pk])))
    anonymous = Client()

    with override_settings(HEADLESS_PREVIEW_MAX_AGE=-1):
        expired = anonymous.get(PREVIEW_API, {"token": token})
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    forged = signing.dumps({"snapshot": token}, salt=SALT, key="not-the-portal-secret-key")
    answers = {
        "expired": expired,
        "altered": anonymous.get(PREVIEW_API, {"token": altered}),
        "forged": anonymous.get(PREVIEW_API, {"token": forged}),
        "missing": anonymous.get(PREVIEW_API),
    }

    assert {name: answer.status_code for name, answer in answers.items()} == {
        "expired": 401,
        "altered": 403,
        "forged": 403,
        "missing": 401,
    }
    for answer in answers.values():
        assert answer["Content-Type"] == "application/problem+json"
        assert draft.title not in answer.content.decode()
    assert "expired" in answers["expired"].json()["detail"]
    assert anonymous.get(PREVIEW_API, {"token": token}).status_code == 200


@pytest.mark.django_db
def test_the_preview_url_comes_from_the_site_and_the_locale(admin_client, draft):
    french = draft.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.save_revision()
    site = draft.get_site()
    per_site = {site.hostname: "https://app.example.test/{locale}/draft/{token}?from={hostname}"}

    with override_settings(HEADLESS_PREVIEW_URL="", HEADLESS_PREVIEW_URLS=per_site):
        response = admin_client.get(reverse("preview_front_end", args=[french.pk]))

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc) == ("https", "app.example.test")
    assert location.path.startswith("/fr/draft/")
    assert location.query == f"from={site.hostname}"
    token = location.path.removeprefix("/fr/draft/")
    assert Client().get(PREVIEW_API, {"token": token}).json()["title"] == french.title


@pytest.mark.django_db
@override_settings(HEADLESS_PREVIEW_URL="", HEADLESS_PREVIEW_URLS={})
def test_without_a_front_end_the_editor_is_told_what_to_configure(admin_client, draft):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert reverse("preview_front_end", args=[draft.pk]) not in edit.content.decode()

    response = admin_client.get(reverse("preview_front_end", args=[draft.pk]))

    assert response.status_code == 200
    assert "HEADLESS_PREVIEW_URL" in response.content.decode()


@pytest.mark.django_db
@override_settings(HEADLESS_PREVIEW_URL=FRONT_END)
def test_only_editors_of_the_page_get_a_token(client, django_user_model, draft):
    from django.contrib.auth.models import Permission

    visitor = django_user_model.objects.create_user("visitor", password="pw")
    visitor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(visitor)

    response = client.get(reverse("preview_front_end", args=[draft.pk]))

    assert response.status_code in (302, 403)
    assert "token=" not in response.get("Location", "")


@pytest.mark.django_db
def test_the_preview_endpoint_is_described_in_the_openapi_document(client):
    document = client.get("/api/v3/openapi.json").json()

    operation = document["paths"]["/api/v3/preview/"]["get"]
    assert {"200", "401", "403"} <= set(operation["responses"])
    assert [parameter["name"] for parameter in operation["parameters"]] == ["token"]
