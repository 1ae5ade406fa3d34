"""What the API says about pages: every type's fields in v3 and v2, rich text as HTML
with resolved links at any depth, images as allow-listed renditions, typed
StreamFields, related pages as {id, title, url, locale}, and the network filters."""

import datetime
import json
import re

from django.utils import timezone

import pytest

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
    ImageFactory,
    NewsPageFactory,
    ProjectPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    TopicFactory,
)
from network.public.images import RENDITION_SPECS

pytestmark = pytest.mark.django_db

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?[+-]\d\d:\d\d$")


@pytest.fixture
def site(portal):
    lyon = CityPageFactory(parent=portal.cityindex, title="Lyon", slug="lyon")
    image = ImageFactory()
    link = f'<p>Partner: <a linktype="page" id="{lyon.pk}">Lyon</a></p>'
    body = json.dumps(
        [
            {"type": "heading", "value": "Facts"},
            {"type": "paragraph", "value": link},
            {
                "type": "section",
                "value": {"heading": "Deep", "content": [{"type": "paragraph", "value": link}]},
            },
            {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": "c"}},
            {"type": "key_figures", "value": [{"value": "1,200", "label": "jobs"}]},
        ]
    )
    clermont = CityPageFactory(
        parent=portal.cityindex,
        title="Clermont-Ferrand",
        slug="clermont",
        body=body,
        hero_image=image,
    )
    mobility = TopicFactory(name="Mobility", slug="mobility")
    energy = TopicFactory(name="Energy", slug="energy")
    led = ProjectPageFactory(parent=clermont, title="Tram", body=body)
    led.topics.set([mobility])
    led.save()
    partner = ProjectPageFactory(parent=lyon, title="Hydrogen")
    partner.partner_cities.set([clermont])
    partner.topics.set([energy])
    partner.save()
    now = timezone.now()
    calls = {
        "open": CallForProposalsPageFactory(
            parent=portal.callindex, title="Open call", eligibility=link
        ),
        "upcoming": CallForProposalsPageFactory(
            parent=portal.callindex, title="Next call", opens_at=now + datetime.timedelta(days=9)
        ),
        "closed": CallForProposalsPageFactory(
            parent=portal.callindex,
            title="Old call",
            opens_at=now - datetime.timedelta(days=400),
        ),
    }
    today = timezone.localdate()
    ConferencePageFactory(parent=portal.conferenceindex, title="Next conference")
    ConferencePageFactory(
        parent=portal.conferenceindex,
        title="Past conference",
        start_date=today - datetime.timedelta(days=700),
        end_date=today - datetime.timedelta(days=698),
    )
    news = NewsPageFactory(parent=clermont, body=body)
    news.related_cities.set([lyon])
    news.save()
    ResourcePageFactory(parent=portal.resourceindex)
    StandardPageFactory(parent=portal.home)
    return {"lyon": lyon, "clermont": clermont, "image": image, "calls": calls}


def test_every_page_type_answers_in_v3_and_v2_with_its_fields(client, portal, site):
    from wagtail.models import Page

    for page in Page.objects.filter(depth__gt=1).specific():
        for url in (
            f"/api/v3/pages/{page.pk}/",
            f"/api/v2/pages/{page.pk}/",
            f"/api/v3/content/{page.pk}/",
        ):
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            data = response.json()
            for field in page.api_fields:
                assert field.name in data, (url, field.name)


def test_rich_text_is_html_with_resolved_links_at_any_depth(client, site):
    lyon_url = site["lyon"].full_url
    for url in (
        f"/api/v3/content/{site['clermont'].pk}/",
        f"/api/v3/pages/{site['clermont'].pk}/",
        f"/api/v2/pages/{site['clermont'].pk}/",
        f"/api/v3/content/{site['calls']['open'].pk}/",
        f"/api/v3/pages/{site['calls']['open'].pk}/",
        f"/api/v2/pages/{site['calls']['open'].pk}/",
    ):
        body = client.get(url).content.decode()
        assert "linktype" not in body, url
        assert f'href=\\"{lyon_url}\\"' in body or f'href=\\"{lyon_url}\\"' in body, url
    data = client.get(f"/api/v3/content/{site['clermont'].pk}/").json()
    section = next(b for b in data["body"] if b["type"] == "section")
    assert f'<a href="{lyon_url}">Lyon</a>' in section["value"]["content"][0]["value"]


def test_streamfields_are_typed_and_images_are_allow_listed_renditions(client, site):
    data = client.get(f"/api/v3/content/{site['clermont'].pk}/").json()
    assert [block["type"] for block in data["body"]] == [
        "heading",
        "paragraph",
        "section",
        "image",
        "key_figures",
    ]
    assert all(block["id"] for block in data["body"])
    assert data["body"][4]["value"] == [{"value": "1,200", "label": "jobs"}]
    image = data["hero_image"]
    assert set(image["renditions"]) == set(RENDITION_SPECS)
    for name, spec in RENDITION_SPECS.items():
        assert spec in image["renditions"][name]["url"]
    # No way to ask for another size.
    assert client.get("/api/v3/cities/?rendition=fill-4000x4000").status_code == 400


def test_related_pages_and_topics_are_small_objects(client, site):
    news = client.get("/api/v3/news/?fields=*").json()["items"][0]
    lyon = site["lyon"]
    assert news["related_cities"] == [
        {"id": lyon.pk, "title": "Lyon", "url": lyon.full_url, "locale": "en"}
    ]
    project = client.get("/api/v3/projects/?topic=mobility&fields=*").json()["items"][0]
    assert project["topics"] == [
        {"id": project["topics"][0]["id"], "name": "Mobility", "slug": "mobility"}
    ]
    assert project["lead_city"]["title"] == "Clermont-Ferrand"


def test_projects_by_city_and_topic(client, site):
    def titles(query):
        return sorted(p["title"] for p in client.get(f"/api/v3/projects/?{query}").json()["items"])

    # A city's projects: those it leads and those it is a partner of.
    assert titles("city=clermont") == ["Hydrogen", "Tram"]
    assert titles(f"city={site['lyon'].pk}") == ["Hydrogen"]
    assert titles("topic=energy") == ["Hydrogen"]
    assert titles("city=clermont&topic=mobility") == ["Tram"]


def test_calls_by_status_with_iso_8601_deadlines(client, site):
    for status in ("open", "upcoming", "closed"):
        items = client.get(f"/api/v3/calls/?status={status}").json()["items"]
        assert [item["id"] for item in items] == [site["calls"][status].pk]
        assert items[0]["status"] == status
        assert ISO_WITH_OFFSET.match(items[0]["closes_at"]), items[0]["closes_at"]
        assert ISO_WITH_OFFSET.match(items[0]["opens_at"])


def test_conferences_upcoming_and_past(client, site):
    upcoming = client.get("/api/v3/conferences/?when=upcoming").json()["items"]
    past = client.get("/api/v3/conferences/?when=past").json()["items"]
    assert [c["title"] for c in upcoming] == ["Next conference"]
    assert upcoming[0]["upcoming"] is True
    assert [c["title"] for c in past] == ["Past conference"]


def test_topics_and_fields(client, site):
    topics = client.get("/api/v3/topics/").json()
    assert [t["slug"] for t in topics["items"]] == ["energy", "mobility"]
    short = client.get("/api/v3/cities/").json()["items"][0]
    assert "body" not in short and "country" in short
    chosen = client.get("/api/v3/cities/?fields=body").json()["items"][0]
    assert "body" in chosen and "partner_cities" not in chosen
    full = client.get("/api/v3/cities/?fields=*").json()["items"][0]
    assert {"body", "partner_cities", "michelin_sites", "translations"} <= set(full)
