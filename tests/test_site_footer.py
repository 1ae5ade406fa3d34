"""The footer: contact details and social accounts the Secretariat sets in Settings, and
words translators translate; the portal's own words until the Secretariat writes some."""

from django.urls import reverse

from wagtail.models import Locale, Site
from wagtail.test.utils.form_data import querydict_from_html

import pytest
from bs4 import BeautifulSoup

from network.factories import CityPageFactory
from network.models import FooterSettings, FooterText
from tests.admin_helpers import assert_refused, team_of

pytestmark = pytest.mark.django_db


def footer(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("footer")


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["network", "footersettings", site.pk])


def test_without_settings_the_footer_keeps_the_portals_own_words(client, portal):
    english = footer(client, "/en/")
    assert "City of Clermont-Ferrand, France" in english.get_text()
    assert "working together on shared projects" in english.get_text()
    assert not english.select("a[href^='mailto:']")
    # The same words come from the French catalog.
    assert "Ville de Clermont-Ferrand" in footer(client, "/fr/").get_text()


def test_the_secretariat_sets_the_footer_and_visitors_see_it_in_their_language(
    client, roles, make_editor
):
    text = FooterText.objects.create(
        locale=Locale.get_default(),
        about="Fifty cities that host Michelin, working together.",
        secretariat="Clermont Auvergne Métropole, France",
    )
    french = text.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.about = "Cinquante villes qui accueillent Michelin, ensemble."
    french.secretariat = "Clermont Auvergne Métropole, France (FR)"
    french.save()
    assert "City of Clermont-Ferrand" in footer(client, "/en/").get_text()  # cached now

    client.force_login(make_editor(roles.secretariat))
    response = client.get(settings_url())
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data.update(
        {
            "text": str(text.pk),
            "email": "secretariat@michelin-cities.example",
            "phone": "+33 4 73 42 63 63",
            "address": "10 rue Philippe Marcombes\n63000 Clermont-Ferrand",
            "social_links-count": "1",
            "social_links-0-type": "account",
            "social_links-0-deleted": "",
            "social_links-0-order": "0",
            "social_links-0-value-network": "linkedin",
            "social_links-0-value-url": "https://www.linkedin.com/company/michelin-cities",
        }
    )
    response = client.post(settings_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    english = footer(client, "/en/")
    assert "Fifty cities that host Michelin" in english.get_text()
    assert "City of Clermont-Ferrand" not in english.get_text()
    assert english.select_one("a[href='mailto:secretariat@michelin-cities.example']")
    assert english.select_one("a[href='tel:+33473426363']").get_text() == "+33 4 73 42 63 63"
    assert "63000 Clermont-Ferrand" in english.select_one("address").get_text()
    account = english.select_one("a[href='https://www.linkedin.com/company/michelin-cities']")
    assert account.get_text() == "LinkedIn"

    french_footer = footer(client, "/fr/")
    assert "Cinquante villes qui accueillent Michelin" in french_footer.get_text()
    assert french_footer.select_one("a[href='mailto:secretariat@michelin-cities.example']")
    # Not translated into German yet: the English words, marked as English.
    german = footer(client, "/de/").find(string=lambda s: "Fifty cities" in s).parent
    assert german["lang"] == "en"


def test_a_change_shows_on_the_next_page_served(client, portal):
    text = FooterText.objects.create(
        locale=Locale.get_default(), about="Before.", secretariat="Clermont-Ferrand"
    )
    FooterSettings.objects.create(site=Site.objects.get(is_default_site=True), text=text)
    assert "Before." in footer(client, "/en/").get_text()
    text.about = "After."
    text.save()
    assert "After." in footer(client, "/en/").get_text()


def test_a_city_team_cannot_change_the_footer(client, portal, roles, make_editor):
    city = CityPageFactory(parent=portal.cityindex)
    client.force_login(make_editor(team_of(city)))
    assert_refused(client, settings_url())
