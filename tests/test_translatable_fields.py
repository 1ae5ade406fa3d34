"""Each translatable model's choice of what translators translate and what is
synchronised from the source, asserted field by field.

Words are translated; facts (codes, coordinates, dates, numbers, choices, links to
pages and snippets) are synchronised. ``overridable`` says whether a translation may
still replace a synchronised value (a picture with text in its language, a website
in the visitor's language) or must always match its source (dates, coordinates).
"""

from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

import pytest

from home.models import HomePage
from network import models

PAGE_WORDS = {
    "title",
    "slug",
    "seo_title",
    "search_description",
    "social_title",
    "social_description",
}
PAGE_FACTS = {"show_in_menus": True, "social_image": True}
INDEX = ({"intro", *PAGE_WORDS}, PAGE_FACTS)

EXPECTED = {
    HomePage: (
        {"intro", "featured", *PAGE_WORDS},
        {"hero_image": True, **PAGE_FACTS},
    ),
    models.CityIndexPage: INDEX,
    models.ProjectIndexPage: INDEX,
    models.NewsIndexPage: INDEX,
    models.CallIndexPage: INDEX,
    models.ConferenceIndexPage: INDEX,
    models.ResourceIndexPage: INDEX,
    models.CityPage: (
        {"summary", "region", "michelin_sites", "body", *PAGE_WORDS},
        {
            "country": False,
            "latitude": False,
            "longitude": False,
            "population": False,
            "membership": False,
            "year_joined": False,
            "partner_cities": False,
            "stakeholders": False,
            "contacts": False,
            "website": True,
            "hero_image": True,
            **PAGE_FACTS,
        },
    ),
    models.MichelinSite: (
        {"name", "description"},
        {"kind": False, "established": False},
    ),
    models.ProjectPage: (
        {"summary", "body", "results", *PAGE_WORDS},
        {
            "status": False,
            "start_date": False,
            "end_date": False,
            "partner_cities": False,
            "funding_call": False,
            "stakeholders": False,
            "topics": False,
            "hero_image": True,
            **PAGE_FACTS,
        },
    ),
    models.NewsPage: (
        {"summary", "body", *PAGE_WORDS},
        {
            "date": False,
            "related_cities": False,
            "related_projects": False,
            "topics": False,
            "hero_image": True,
            **PAGE_FACTS,
        },
    ),
    models.CallForProposalsPage: (
        {"summary", "body", "eligibility", "how_to_apply", "documents", *PAGE_WORDS},
        {
            "edition": False,
            "opens_at": False,
            "closes_at": False,
            "total_budget": False,
            "max_grant": False,
            "topics": False,
            "hero_image": True,
            **PAGE_FACTS,
        },
    ),
    models.ConferencePage: (
        {
            "summary",
            "theme",
            "venue",
            "registration_info",
            "programme",
            "body",
            "documents",
            *PAGE_WORDS,
        },
        {
            "edition": False,
            "host_city": False,
            "start_date": False,
            "end_date": False,
            "registration_deadline": False,
            "candidate_host_cities": False,
            "venue_address": True,
            "registration_url": True,
            "hero_image": True,
            **PAGE_FACTS,
        },
    ),
    models.ResourcePage: (
        {"summary", "items", "body", *PAGE_WORDS},
        {"topics": False, "related_cities": False, "hero_image": True, **PAGE_FACTS},
    ),
    models.StandardPage: (
        {"summary", "body", *PAGE_WORDS},
        {"hero_image": True, **PAGE_FACTS},
    ),
    models.FooterText: ({"about", "secretariat"}, {}),
    models.Topic: ({"name", "description"}, {"slug": False}),
    models.Organisation: (
        {"name", "description"},
        {"kind": False, "city": False, "website": True, "logo": True},
    ),
    models.Person: (
        {"role", "bio", "organisation"},
        {"name": True, "email": False, "photo": True},
    ),
}


def test_every_translatable_model_is_covered():
    from django.apps import apps

    from wagtail.models import TranslatableMixin

    ours = {
        model
        for model in apps.get_models()
        if issubclass(model, TranslatableMixin) and model._meta.app_label in {"home", "network"}
    }
    assert ours == set(EXPECTED)


@pytest.mark.parametrize("model", EXPECTED, ids=lambda model: model.__name__)
def test_translated_and_synchronised_fields(model):
    fields = get_translatable_fields(model)
    translated = {f.field_name for f in fields if isinstance(f, TranslatableField)}
    synchronised = {
        f.field_name: f.overridable for f in fields if isinstance(f, SynchronizedField)
    }
    expected_translated, expected_synchronised = EXPECTED[model]
    assert translated == expected_translated
    assert synchronised == expected_synchronised
