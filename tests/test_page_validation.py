"""The editors' forms refuse implausible content with a clear message and save nothing.

Each rule is checked through Wagtail's page create view, posting what the admin's
form posts (``wagtail.test.utils.form_data``); each test also posts the corrected
value to show the refusal came from that rule alone.
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
from faker import Faker

from network.factories import CityPageFactory
from network.models import CallForProposalsPage, CityPage, ConferencePage, NewsPage, ProjectPage


def create_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def errors(response):
    """The error messages the admin shows next to the fields."""
    html = response.content.decode()
    return [
        " ".join(message.split())
        for message in re.findall(r'class="error-message"[^>]*>(.*?)</', html, re.S)
    ]


def fake(provider, **kwargs):
    """A random value from Faker, drawn when the test runs."""
    return getattr(Faker(), provider)(**kwargs)


def call_data(**overrides):
    opens = timezone.localtime() + datetime.timedelta(days=fake("random_int", min=1, max=90))
    data = {
        "title": fake("sentence", nb_words=3),
        "slug": fake("slug"),
        "edition": str(fake("random_int", min=1, max=9)),
        "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
        "closes_at": (opens + datetime.timedelta(days=60)).strftime("%Y-%m-%d %H:%M"),
        "total_budget": "500000",
        "max_grant": "100000",
        "summary": fake("sentence"),
        "body": streamfield([]),
        "documents": streamfield([]),
        "eligibility": rich_text(""),
        "how_to_apply": rich_text(""),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def conference_data(**overrides):
    start = timezone.localdate() + datetime.timedelta(days=fake("random_int", min=30, max=300))
    data = {
        "title": fake("sentence", nb_words=3),
        "slug": fake("slug"),
        "edition": "3",
        "theme": fake("catch_phrase"),
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=2)).isoformat(),
        "summary": "",
        "registration_info": rich_text(""),
        "programme": streamfield([]),
        "body": streamfield([]),
        "documents": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def city_data(**overrides):
    data = {
        "title": fake("city"),
        "slug": fake("slug"),
        "summary": "",
        "country": "FR",
        "region": fake("state"),
        "latitude": str(round(fake("latitude"), 5)),
        "longitude": str(round(fake("longitude"), 5)),
        "population": str(fake("random_int", min=10_000, max=2_000_000)),
        "membership": "member",
        "year_joined": str(fake("random_int", min=2015, max=timezone.localdate().year)),
        "website": "",
        "michelin_sites": inline_formset(
            [{"kind": "production", "name": fake("street_name"), "description": ""}], min=1
        ),
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def project_data(**overrides):
    data = {
        "title": fake("sentence", nb_words=3),
        "slug": fake("slug"),
        "summary": "",
        "status": "active",
        "start_date": "",
        "end_date": "",
        "body": streamfield([]),
        "results": rich_text(""),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
def test_a_call_closes_after_it_opens(admin_client, portal):
    url = create_url(CallForProposalsPage, portal.callindex)
    opens = timezone.localtime() + datetime.timedelta(days=10)
    before = (opens - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    response = admin_client.post(
        url, call_data(opens_at=opens.strftime("%Y-%m-%d %H:%M"), closes_at=before)
    )
    assert response.status_code == 200
    assert "The deadline must come after the opening date." in errors(response)
    assert not CallForProposalsPage.objects.exists()

    response = admin_client.post(url, call_data(max_grant="900000", total_budget="100000"))
    assert "The largest grant cannot exceed the total budget." in errors(response)
    assert not CallForProposalsPage.objects.exists()

    assert admin_client.post(url, call_data()).status_code == 302
    assert CallForProposalsPage.objects.count() == 1


@pytest.mark.django_db
def test_a_conference_ends_after_it_starts(admin_client, portal):
    url = create_url(ConferencePage, portal.conferenceindex)
    start = timezone.localdate() + datetime.timedelta(days=40)
    response = admin_client.post(
        url,
        conference_data(
            start_date=start.isoformat(),
            end_date=(start - datetime.timedelta(days=1)).isoformat(),
        ),
    )
    assert response.status_code == 200
    assert "A conference ends on or after its first day." in errors(response)
    assert not ConferencePage.objects.exists()

    assert admin_client.post(url, conference_data()).status_code == 302
    assert ConferencePage.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", "91", "Ensure this value is less than or equal to 90."),
        ("latitude", "-90.5", "Ensure this value is greater than or equal to -90."),
        ("longitude", "181", "Ensure this value is less than or equal to 180."),
        ("population", "12", "Ensure this value is greater than or equal to 100."),
        ("population", "90000000", "Ensure this value is less than or equal to 40000000."),
        ("year_joined", "1990", "Ensure this value is greater than or equal to 2010."),
    ],
)
def test_city_facts_must_be_plausible(admin_client, portal, field, value, message):
    url = create_url(CityPage, portal.cityindex)
    response = admin_client.post(url, city_data(**{field: value}))
    assert response.status_code == 200
    assert message in errors(response)
    assert not CityPage.objects.exists()


@pytest.mark.django_db
def test_a_michelin_site_opened_after_michelin_was_founded(admin_client, portal):
    url = create_url(CityPage, portal.cityindex)
    sites = inline_formset(
        [{"kind": "research", "name": fake("street_name"), "established": "1850"}], min=1
    )
    response = admin_client.post(url, city_data(michelin_sites=sites))
    assert "Ensure this value is greater than or equal to 1889." in errors(response)
    assert not CityPage.objects.exists()


@pytest.mark.django_db
def test_a_city_cannot_join_in_the_future(admin_client, portal):
    url = create_url(CityPage, portal.cityindex)
    next_year = str(timezone.localdate().year + 1)
    response = admin_client.post(url, city_data(year_joined=next_year))
    assert "A city cannot join in a year that has not come yet." in errors(response)
    assert not CityPage.objects.exists()

    assert admin_client.post(url, city_data()).status_code == 302
    assert CityPage.objects.count() == 1


@pytest.mark.django_db
def test_a_project_lead_city_is_not_one_of_its_partners(admin_client, portal):
    lead = CityPageFactory(parent=portal.cityindex)
    partner = CityPageFactory(parent=portal.cityindex)
    url = create_url(ProjectPage, lead)
    data = project_data()
    data["partner_cities"] = [str(lead.pk), str(partner.pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert (
        f"{lead.title} leads this project, so it cannot also be one of its partner cities."
        in errors(response)
    )
    assert not ProjectPage.objects.exists()

    data["partner_cities"] = [str(partner.pk)]
    assert admin_client.post(url, data).status_code == 302
    assert list(ProjectPage.objects.get().partner_cities.all()) == [partner]


@pytest.mark.django_db
def test_a_project_ends_after_it_starts(admin_client, portal):
    lead = CityPageFactory(parent=portal.cityindex)
    url = create_url(ProjectPage, lead)
    response = admin_client.post(url, project_data(start_date="2026-05-01", end_date="2025-05-01"))
    assert "A project ends after it starts." in errors(response)
    assert not ProjectPage.objects.exists()


def news_data(**overrides):
    data = {
        "title": fake("sentence", nb_words=3),
        "slug": fake("slug"),
        "date": timezone.localdate().isoformat(),
        "summary": fake("sentence"),
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def project_preview_data(portal):
    """A project under a new city, partnered with another city."""
    partner = CityPageFactory(parent=portal.cityindex)
    data = project_data()
    data["partner_cities"] = [str(partner.pk)]
    return CityPageFactory(parent=portal.cityindex), data


def news_preview_data(portal):
    city = CityPageFactory(parent=portal.cityindex)
    data = news_data()
    data["related_cities"] = [str(city.pk)]
    return portal.newsindex, data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "build"),
    [
        (CityPage, lambda portal: (portal.cityindex, city_data())),
        (CallForProposalsPage, lambda portal: (portal.callindex, call_data())),
        (ConferencePage, lambda portal: (portal.conferenceindex, conference_data())),
        (ProjectPage, project_preview_data),
        (NewsPage, news_preview_data),
    ],
    ids=["city", "call", "conference", "project", "news"],
)
def test_editors_can_preview_a_new_page(admin_client, portal, model, build):
    """The preview renders the public template for a page that is not saved yet."""
    parent, form = build(portal)
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=(model._meta.app_label, model._meta.model_name, parent.pk),
    )
    response = admin_client.post(url, form)
    assert response.json() == {"is_valid": True, "is_available": True}
    preview = admin_client.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert f"{form['title']}</h1>" in html
    assert f'href="{parent.url}"' in html  # the breadcrumb of the page-to-be
    assert not model.objects.exists()
