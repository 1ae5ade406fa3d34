"""The public site: every page type renders with content, accessibly, in the visitor's
language; the directory filters work without JavaScript; bad input gets a clear answer.

Page data come from ``tests/site_content.py`` (factories, Faker); the editors' forms are
exercised through Wagtail's admin, as an editor would submit them.
"""

import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage
from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    NewsPageFactory,
    ProjectPageFactory,
)
from network.models import (
    CallForProposalsPage,
    CallIndexPage,
    CityIndexPage,
    CityPage,
    ConferenceIndexPage,
    ConferencePage,
    NewsIndexPage,
    NewsPage,
    ProjectIndexPage,
    ProjectPage,
    ResourceIndexPage,
    ResourcePage,
    StandardPage,
)
from tests.page_html import structure, text
from tests.site_content import build_network


@pytest.fixture
def network(portal):
    return build_network(portal, cities=4)


def every_page(portal, network):
    return [
        portal.home,
        portal.cityindex,
        network.first_city,
        portal.projectindex,
        network.projects[0],
        portal.newsindex,
        network.news[0],
        network.news[1],
        portal.callindex,
        network.open_call,
        network.upcoming_call,
        network.closed_call,
        portal.conferenceindex,
        network.next_conference,
        network.past_conference,
        portal.resourceindex,
        network.resources[0],
        network.about,
        network.governance,
    ]


@pytest.mark.django_db
def test_every_page_type_renders_with_its_content(client, portal, network):
    seen_types = set()
    for page in every_page(portal, network):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
        seen_types.add(type(page.specific))
    expected = {
        HomePage,
        CityIndexPage,
        CityPage,
        ProjectIndexPage,
        ProjectPage,
        NewsIndexPage,
        NewsPage,
        CallIndexPage,
        CallForProposalsPage,
        ConferenceIndexPage,
        ConferencePage,
        ResourceIndexPage,
        ResourcePage,
        StandardPage,
    }
    assert seen_types == expected


@pytest.mark.django_db
def test_body_blocks_of_every_type_render(client, portal, network):
    city = network.first_city
    page = text(client.get(city.url))
    html = client.get(city.url).content.decode()
    # One block of each type (see tests/site_content.body_stream).
    for block in city.body:
        if block.block_type == "heading":
            assert f'<h2 class="block-heading">{block.value}</h2>' in html
        elif block.block_type == "quote":
            assert block.value["attribution"] in page
        elif block.block_type == "key_figures":
            assert all(figure["label"] in page for figure in block.value)
        elif block.block_type == "links":
            assert all(link["text"] in page for link in block.value if link["text"])
        elif block.block_type == "documents":
            assert all(document.url in html for document in block.value)
        elif block.block_type == "people":
            assert all(person.name in page for person in block.value)
        elif block.block_type == "section":
            assert block.value["heading"] in page
        elif block.block_type == "image":
            assert block.value["caption"] in page
            assert f'alt="{block.value["alt_text"]}"' in html
    assert 'class="gallery"' in html
    # The conference programme: days, sessions, speakers.
    conference = client.get(network.next_conference.url)
    conference_text = text(conference)
    for day in network.next_conference.programme:
        for session in day.value["sessions"]:
            assert session["title"] in conference_text
    assert network.people[0].name in conference_text
    # Resource items: documents and links.
    resource = client.get(network.resources[0].url).content.decode()
    assert network.document.url in resource


@pytest.mark.django_db
def test_pages_are_accessible(client, portal, network):
    for page in every_page(portal, network):
        response = client.get(page.url)
        html = structure(response)
        assert html.h1 == 1, f"{page.url} has {html.h1} h1"
        assert html.html_lang == "en"
        skip = html.first("a", **{"class": "skip-link"})
        assert skip is not None and skip["href"] == "#main"
        assert "main" in html.ids, f"{page.url}: the skip link's target is missing"
        landmarks = {tag for tag, _attrs in html.tags}
        assert {"header", "nav", "main", "footer"} <= landmarks, page.url
        assert html.images_without_alt == [], page.url
        assert html.first("link", rel="icon") is not None


@pytest.mark.django_db
def test_images_carry_their_alt_text(client, portal, network):
    network.image.description = "Workers leaving the Cataroux plant at dusk"
    network.image.save()
    html = client.get(network.first_city.url).content.decode()
    # The hero image describes itself; the figure block uses its own alt text.
    assert 'alt="Workers leaving the Cataroux plant at dusk"' in html
    figure = next(block for block in network.first_city.body if block.block_type == "image")
    assert f'alt="{figure.value["alt_text"]}"' in html


@pytest.mark.django_db
def test_navigation_and_breadcrumb(client, portal, network):
    project = network.projects[0]
    html = structure(client.get(project.url))
    nav = [attrs for attrs in html.links if attrs.get("class") == "main-nav__link"]
    assert [a["href"] for a in nav][:6] == [
        portal.cityindex.url,
        portal.projectindex.url,
        portal.newsindex.url,
        portal.callindex.url,
        portal.conferenceindex.url,
        portal.resourceindex.url,
    ]
    current = [a for a in nav if a.get("aria-current")]
    assert [a["href"] for a in current] == [portal.cityindex.url]
    body = client.get(project.url).content.decode()
    breadcrumb = body[
        body.index('class="breadcrumb') : body.index("</nav>", body.index("breadcrumb"))
    ]
    for ancestor in (portal.home, portal.cityindex, project.get_parent()):
        assert f'href="{ancestor.url}"' in breadcrumb
    assert 'aria-current="page"' in breadcrumb


@pytest.mark.django_db
def test_pages_not_in_menus_or_not_live_stay_out_of_the_menu(client, portal, network):
    network.about.show_in_menus = False
    network.about.save()
    portal.resourceindex.unpublish()
    html = client.get(portal.home.url).content.decode()
    menu = html[html.index('id="main-nav"') : html.index("</nav>", html.index('id="main-nav"'))]
    assert network.about.url not in menu
    assert portal.resourceindex.url not in menu
    assert portal.cityindex.url in menu


@pytest.mark.django_db
def test_home_shows_what_is_happening(client, portal, network):
    response = client.get(portal.home.url)
    page = text(response)
    assert network.open_call.title in page
    assert network.upcoming_call.title not in page  # not open yet
    assert network.closed_call.title not in page
    assert network.next_conference.title in page
    assert network.past_conference.title not in page
    newest = sorted(network.news, key=lambda n: (n.date, n.pk), reverse=True)[:4]
    assert all(item.title in page for item in newest)
    for featured in (network.first_city, network.projects[0], network.about):
        assert featured.title in page
    # The map: one marker per city, each a link named by the city.
    html = response.content.decode()
    for city in network.cities:
        assert f'href="{city.url}" data-city-id="{city.pk}"' in html


@pytest.mark.django_db
def test_deadlines_show_time_and_zone(client, portal):
    call = CallForProposalsPageFactory(
        parent=portal.callindex,
        opens_at=datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2099, 1, 15, 16, 0, tzinfo=datetime.UTC),
    )
    page = text(client.get(call.url))
    assert "15 January 2099, 17:00 (Paris time)" in page
    summer = call.closes_at.replace(month=7)
    call.closes_at = summer
    call.save()
    # Summer time moves the hour; the zone keeps its one name all year.
    assert "15 July 2099, 18:00 (Paris time)" in text(client.get(call.url))
    # Each language names the zone its way (Babel's city in the catalog's phrase) on the
    # call's translations (an alias shows the source's content, in English).
    zones = {"fr": "(heure de Paris)", "de": "(Ortszeit Paris)", "ja": "（パリ時間）"}
    for code, zone in zones.items():
        translation = call.copy_for_translation(
            Locale.objects.get(language_code=code), copy_parents=True
        )
        translation.save_revision().publish()
        translation.refresh_from_db()
        page = text(client.get(translation.url))
        assert f"18:00 {zone}" in page or f"18:00{zone}" in page, code
    assert settings.TIME_ZONE == "Europe/Paris"
    assert timezone.localtime(summer, ZoneInfo(settings.TIME_ZONE)).hour == 18


@pytest.mark.django_db
def test_city_page_shows_its_network(client, portal, network):
    city = network.first_city
    page = text(client.get(city.url))
    for site in city.michelin_sites.all():
        assert site.name in page
    assert "Production" in page and "Research" in page
    for organisation in network.organisations:
        assert organisation.name in page
    for person in network.people:
        assert person.name in page
    html = client.get(city.url).content.decode()
    for partner in network.cities[1:]:
        assert f'href="{partner.url}"' in html
    # Projects it leads and projects it joins as a partner; news naming it.
    led = [p for p in network.projects if p.get_parent().pk == city.pk]
    joined = [p for p in network.projects if city in p.partner_cities.all()]
    assert led and joined
    for item in led + joined:
        assert item.title in page
    naming = sorted(network.news, key=lambda n: (n.date, n.pk), reverse=True)[:6]
    assert all(item.title in page for item in naming)


@pytest.mark.django_db
def test_project_page_shows_lead_partners_topics_call_and_dates(client, portal, network):
    project = network.projects[1]
    page = text(client.get(project.url))
    html = client.get(project.url).content.decode()
    lead = project.get_parent()
    assert f'href="{lead.url}"' in html and lead.title in page
    for partner in project.partner_cities.all():
        assert f'href="{partner.url}"' in html
    for topic in project.topics.all():
        assert topic.name in page
    assert f'href="{project.funding_call.url}"' in html
    assert project.get_status_display() in page
    assert f"{project.start_date.day} {project.start_date:%B %Y}" in page


@pytest.mark.django_db
def test_call_page_shows_status_dates_budget_and_funded_projects(client, portal, network):
    call = network.open_call
    page = text(client.get(call.url))
    assert "Open" in page
    assert "€" in page and f"{call.total_budget:,}" in page
    assert "Who can apply" in page and "How to apply" in page
    funded = [p for p in network.projects if p.funding_call_id == call.pk]
    assert funded and all(p.title in page for p in funded)
    closed = text(client.get(network.closed_call.url))
    assert "This call is closed" in closed
    upcoming = text(client.get(network.upcoming_call.url))
    assert "Applications open in" in upcoming


@pytest.mark.django_db
def test_conference_page_shows_host_venue_registration_and_candidates(client, portal, network):
    conference = network.next_conference
    html = client.get(conference.url).content.decode()
    page = text(client.get(conference.url))
    assert f'href="{conference.host_city.url}"' in html
    assert conference.theme in page and conference.venue in page
    assert f'href="{conference.registration_url}"' in html
    for candidate in conference.candidate_host_cities.all():
        assert f'href="{candidate.url}"' in html
    days = [day.value["date"] for day in conference.programme]
    assert all(f"{day.day} {day:%B %Y}" in page for day in days)


@pytest.mark.django_db
def test_index_pages_list_and_paginate(client, portal):
    network = build_network(portal, cities=3, items=14, images=False)
    first = client.get(portal.projectindex.url)
    assert "14 projects" in text(first)
    second = client.get(portal.projectindex.url, {"page": 2})
    shown = [p.title for p in network.projects if p.title in text(first)]
    later = [p.title for p in network.projects if p.title in text(second)]
    assert len(shown) == 12 and len(later) == 2
    assert 'rel="next"' in first.content.decode()
    # A page number that is not a number shows the first page, never an error.
    assert client.get(portal.projectindex.url, {"page": "x"}).status_code == 200
    news = text(client.get(portal.newsindex.url))
    assert "14 news items" in news
    resources = text(client.get(portal.resourceindex.url))
    assert "14 resources" in resources


@pytest.mark.django_db
def test_index_filters_narrow_the_listings(client, portal, network):
    topic = network.topics[2]
    response = client.get(portal.projectindex.url, {"topic": topic.slug})
    page = text(response)
    for item in network.projects:
        assert (item.title in page) == item.topics.filter(pk=topic.pk).exists()
    city = network.cities[1]
    response = client.get(portal.projectindex.url, {"city": city.slug})
    page = text(response)
    for item in network.projects:
        involved = item.get_parent().pk == city.pk or city in item.partner_cities.all()
        assert (item.title in page) == involved


@pytest.mark.django_db
def test_invalid_index_filter_values_are_reported(client, portal):
    for index in (portal.projectindex, portal.newsindex, portal.resourceindex):
        response = client.get(index.url, {"topic": "no-such-topic", "year": "1066"})
        assert response.status_code == 200
        assert "Select a valid choice" in text(response)


@pytest.mark.django_db
def test_drafts_and_private_pages_stay_out_of_listings(client, portal, network):
    draft = NewsPageFactory(parent=portal.newsindex, live=False)
    private_city = network.cities[2]
    PageViewRestriction.objects.create(page=private_city, restriction_type="login")
    private_news = NewsPageFactory(parent=private_city)
    for page in (portal.home, portal.newsindex, portal.cityindex):
        body = text(client.get(page.url))
        assert draft.title not in body
        assert private_news.title not in body
    assert f'href="{private_city.url}"' not in client.get(portal.cityindex.url).content.decode()
    assert client.get(private_city.url).status_code == 302  # to the login page
    assert client.get(draft.url).status_code == 404


@pytest.mark.django_db
def test_not_found_page(client, portal):
    response = client.get(portal.home.url + "no-such-page/")
    assert response.status_code == 404
    html = structure(response)
    assert html.h1 == 1
    assert "Page not found" in text(response)
    assert html.first("a", href=portal.home.url) is not None


@pytest.mark.django_db
def test_server_error_page_renders_without_a_database(portal):
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "<h1" in html and 'href="#main"' in html


@pytest.mark.django_db
def test_search_page(client, portal, network):
    response = client.get(reverse("search"), {"q": network.first_city.title})
    assert response.status_code == 200
    assert structure(response).h1 == 1
    assert client.get(reverse("search"), {"q": "x" * 500}).status_code == 200
    empty = client.get(reverse("search"))
    assert empty.status_code == 200 and "result" not in text(empty).lower()


@pytest.mark.django_db
def test_language_switcher_and_lang_attribute(client, portal):
    city = CityPageFactory(parent=portal.cityindex)
    french = Locale.objects.get(language_code="fr")
    for page in (portal.home, portal.cityindex, city):
        translation = page.copy_for_translation(french, copy_parents=True)
        translation.save_revision().publish()
    french_city = city.get_translation(french)

    english = client.get(city.url).content.decode()
    assert '<html lang="en"' in english
    french_link = f"/i18n/choose/fr/?next={quote(french_city.url, safe='')}"
    assert f'href="{french_link}" lang="fr" hreflang="fr">Français</a>' in english
    assert 'lang="en" hreflang="en" aria-current="page">English</a>' in english

    response = client.get(french_city.url)
    assert response.status_code == 200
    assert structure(response).html_lang == "fr"
    html = response.content.decode()
    english_link = f"/i18n/choose/en/?next={quote(city.url, safe='')}"
    assert f'href="{english_link}" lang="en" hreflang="en">English</a>' in html
    # Languages without a translation lead to the same page's alias (tests/test_languages.py).
    assert f"next={quote(f'/de/cities/{city.slug}/', safe='')}" in html


@pytest.mark.django_db
def test_synchronised_links_show_in_the_page_language(client, portal):
    lead = CityPageFactory(parent=portal.cityindex)
    partner = CityPageFactory(parent=portal.cityindex)
    project = ProjectPageFactory(parent=lead)
    project.partner_cities.set([partner])
    project.save()
    french = Locale.objects.get(language_code="fr")
    for page in (portal.home, portal.cityindex, lead, partner, project):
        page.copy_for_translation(french, copy_parents=True).save_revision().publish()
    french_project = project.get_translation(french)
    french_partner = partner.get_translation(french)
    # wagtail-localize keeps the synchronised link on the English partner ...
    assert list(french_project.partner_cities.all()) == [partner]
    # ... and the French page links to the French partner.
    html = client.get(french_project.url).content.decode()
    assert f'href="{french_partner.url}"' in html
    assert f'href="{partner.url}"' not in html.split("<main")[1].split("</main>")[0]


def test_static_assets_exist():
    for path in ("css/site.css", "js/site.js", "img/favicon.svg", "img/logo.svg"):
        assert finders.find(path), path
    css = Path(finders.find("css/site.css")).read_text()
    assert "Noto Sans CJK" in css and "Noto Sans Thai" in css
    assert ":focus-visible" in css


class TestPageTree(WagtailPageTestCase):
    """Where each page type may be created (parent_page_types / subpage_types)."""

    def test_home_holds_the_sections(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                CityIndexPage,
                ProjectIndexPage,
                NewsIndexPage,
                CallIndexPage,
                ConferenceIndexPage,
                ResourceIndexPage,
                StandardPage,
            },
        )
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_cities_hold_projects_and_news(self):
        self.assertAllowedSubpageTypes(CityIndexPage, {CityPage})
        self.assertAllowedParentPageTypes(CityPage, {CityIndexPage})
        self.assertAllowedSubpageTypes(CityPage, {ProjectPage, NewsPage})
        self.assertAllowedParentPageTypes(ProjectPage, {CityPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage, CityPage})
        self.assertCanNotCreateAt(ProjectIndexPage, ProjectPage)
        self.assertCanNotCreateAt(HomePage, CityPage)

    def test_sections_hold_their_own_pages(self):
        pairs = [
            (CallIndexPage, CallForProposalsPage),
            (ConferenceIndexPage, ConferencePage),
            (ResourceIndexPage, ResourcePage),
            (NewsIndexPage, NewsPage),
        ]
        for index, child in pairs:
            self.assertCanCreateAt(index, child)
            self.assertAllowedParentPageTypes(
                child, {index} | ({CityPage} if child is NewsPage else set())
            )
        self.assertAllowedSubpageTypes(ProjectIndexPage, set())
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        for leaf in (ProjectPage, NewsPage, CallForProposalsPage, ConferencePage, ResourcePage):
            self.assertAllowedSubpageTypes(leaf, set())


@pytest.mark.django_db
def test_featured_pages_show_in_the_home_page_language(client, portal):
    city = CityPageFactory(parent=portal.cityindex)
    portal.home.featured = [{"type": "page", "value": city.pk}]
    portal.home.save()
    french = Locale.objects.get(language_code="fr")
    for page in (portal.home, portal.cityindex, city):
        page.copy_for_translation(french).save_revision().publish()
    french_home = portal.home.get_translation(french)
    html = client.get(french_home.url).content.decode()
    featured = html[
        html.index('id="featured-heading"') : html.index(
            "</section>", html.index('id="featured-heading"')
        )
    ]
    assert f'href="{city.get_translation(french).url}"' in featured
    assert f'href="{city.url}"' not in featured
