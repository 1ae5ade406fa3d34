"""What a city or a project names is found through it: a city's Michelin sites (name,
kind, description), stakeholders and partner cities; a project's partner cities and
stakeholders. Only what visitors may see is indexed that way: a partner city that is a
draft, private, unpublished later or behind a view restriction added later never makes
a page answer a search for its name."""

from django.utils import translation

import pytest

from network.factories import CityPageFactory, OrganisationFactory, ProjectPageFactory
from network.models import MichelinSite
from search.service import PortalSearch
from tests.search_helpers import locale, make_private, publish, translate


def found(query, code="en"):
    return [
        match.pk
        for match in PortalSearch(query, locale(code)).run(record=False).results
        if match.source == "page"
    ]


@pytest.fixture
def clermont(portal):
    return publish(
        CityPageFactory(
            parent=portal.cityindex,
            title="Clermont-Ferrand",
            summary="Capital of Auvergne and Michelin's home since 1889.",
            sites=[],
        )
    )


def add_site(city, **fields):
    """An editor adds a Michelin site in the page editor and publishes."""
    city.michelin_sites.add(MichelinSite(**fields))
    city.save_revision().publish()
    city.refresh_from_db()
    return city


def test_a_michelin_site_added_by_an_editor_finds_its_city(clermont):
    add_site(
        clermont,
        kind=MichelinSite.Kind.RESEARCH,
        name="Parc Cataroux",
        description="An innovation park with the L'Aventure Michelin museum.",
    )

    assert found("Michelin museum") == [clermont.pk]
    assert found("Cataroux") == [clermont.pk]
    # The kind of site, in the page's language.
    assert clermont.pk in found("research")
    assert found("earthmover tyres") == []


def test_a_site_in_a_translated_city_is_found_in_its_language(clermont):
    add_site(
        clermont,
        kind=MichelinSite.Kind.PRODUCTION,
        name="Vitoria-Gasteiz plant",
        description="Passenger car tyres and large earthmover tyres.",
    )
    french = translate(clermont, "fr", title="Clermont-Ferrand")
    site = french.michelin_sites.get(name="Vitoria-Gasteiz plant")
    site.description = "Pneus de tourisme et grands pneus de génie civil."
    site.save()
    publish(french)

    assert found("earthmover tyres") == [clermont.pk]
    assert found("génie civil", "fr") == [french.pk]
    # "Production", the kind of site, as French says it.
    with translation.override("fr"):
        label = str(MichelinSite.Kind.PRODUCTION.label)
    assert french.pk in found(label, "fr")


def test_stakeholders_and_partner_cities_find_the_city_and_the_project(portal, clermont):
    university = OrganisationFactory(name="Université Clermont Auvergne")
    regensburg = publish(CityPageFactory(parent=portal.cityindex, title="Regensburg"))
    clermont.stakeholders.set([university])
    clermont.partner_cities.set([regensburg])
    publish(clermont)
    project = ProjectPageFactory(parent=clermont, title="Cargo bikes", summary="")
    project.partner_cities.set([regensburg])
    project.stakeholders.set([OrganisationFactory(name="Volcan Mobilités")])
    publish(project)

    assert set(found("Université Clermont Auvergne")) == {clermont.pk}
    assert set(found("Regensburg")) == {regensburg.pk, clermont.pk, project.pk}
    # The city's own page comes first.
    assert found("Regensburg")[0] == regensburg.pk
    assert found("Volcan Mobilités") == [project.pk]


def test_a_stakeholder_is_found_by_its_name_in_the_pages_language(clermont):
    university = OrganisationFactory(name="University of Clermont Auvergne")
    clermont.stakeholders.set([university])
    publish(clermont)
    french = translate(clermont, "fr")
    # The French city links the English organisation (links are synchronised); its
    # French translation comes later and is what the French page shows.
    traduction = university.copy_for_translation(locale("fr"))
    traduction.name = "Université Clermont Auvergne"
    traduction.save()

    assert found("Université", "fr") == [french.pk]
    assert found("University", "fr") == []
    assert found("University") == [clermont.pk]


def test_renaming_a_stakeholder_renames_it_in_the_pages_that_name_it(clermont):
    organisation = OrganisationFactory(name="Atelier Basalte")
    clermont.stakeholders.set([organisation])
    publish(clermont)
    assert found("Basalte") == [clermont.pk]

    organisation.name = "Atelier Granite"
    organisation.save()

    assert found("Basalte") == []
    assert found("Granite") == [clermont.pk]


@pytest.mark.parametrize("state", ["draft", "private"])
def test_a_partner_city_visitors_cannot_see_is_not_indexed_into_the_city(portal, clermont, state):
    secret = CityPageFactory(
        parent=portal.cityindex, title="Atlantis", live=state != "draft", sites=[]
    )
    if state == "private":
        make_private(secret)
    clermont.partner_cities.set([secret])
    publish(clermont)

    assert clermont.pk not in found("Atlantis")


@pytest.mark.parametrize("change", ["unpublished", "made private", "deleted"])
def test_a_partner_city_that_becomes_invisible_leaves_the_city_page(portal, clermont, change):
    partner = publish(CityPageFactory(parent=portal.cityindex, title="Lemuria", sites=[]))
    clermont.partner_cities.set([partner])
    publish(clermont)
    assert set(found("Lemuria")) == {partner.pk, clermont.pk}

    if change == "unpublished":
        partner.unpublish()
    elif change == "made private":
        make_private(partner)
    else:
        partner.delete()

    assert found("Lemuria") == []
