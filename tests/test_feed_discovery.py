"""Feeds and calendars people can find (issue 13): every public page announces its
feeds in <head> (``<link rel="alternate">``), the pages they concern show them as
"Subscribe" links, in the page's language, and each link leads to a feed or calendar
that parses.

The pages are fetched as a visitor would (Django's test client), read with the standard
library's HTML parser, and every link is followed and read with the parsers feed
readers and calendar applications use (feedparser, icalendar).
"""

from html.parser import HTMLParser

from wagtail.models import Locale, PageViewRestriction

import feedparser
import icalendar
import pytest

from network.factories import CityPageFactory, NewsPageFactory, TopicFactory, UserFactory

FEED_TYPES = {"application/rss+xml", "application/atom+xml"}
CALENDAR = "text/calendar"


class FeedLinks(HTMLParser):
    """The ``<link rel="alternate">`` of a feed in <head> and the links of the
    "Subscribe" section (with their text) of a page."""

    def __init__(self):
        super().__init__()
        self.head = []
        self.subscribe = []
        self._in_subscribe = 0
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "type" in attrs:
            self.head.append(attrs)
        if tag == "section" and "subscribe" in attrs.get("class", "").split():
            self._in_subscribe = 1
        elif tag == "section" and self._in_subscribe:
            self._in_subscribe += 1
        if tag == "a" and self._in_subscribe:
            self._link = {**attrs, "text": ""}

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self._link["text"] = " ".join(self._link["text"].split())
            self.subscribe.append(self._link)
            self._link = None
        if tag == "section" and self._in_subscribe:
            self._in_subscribe -= 1


def links_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = FeedLinks()
    parser.feed(response.content.decode())
    return parser


def follow(client, link, language):
    """Read the feed or calendar a link leads to; its entries' titles (or events'
    summaries)."""
    response = client.get(link["href"])
    assert response.status_code == 200, link
    if link["type"] == CALENDAR:
        assert response["Content-Type"].startswith(CALENDAR)
        calendar = icalendar.Calendar.from_ical(response.content)
        assert calendar.name == "VCALENDAR"
        return [str(event["summary"]) for event in calendar.walk("VEVENT")]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (link, feed.bozo_exception)
    assert feed.feed.language == language
    return [entry.title for entry in feed.entries]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def in_language(page, language):
    """``page`` itself in English; else its translation into ``language``, published
    with its ancestors, which are real translations too (``copy_parents`` makes them
    aliases, whose content the site shows in the source language)."""
    if language == "en":
        return page
    locale = Locale.objects.get(language_code=language)
    translation = page.get_translations().filter(locale=locale).first()
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
        translation.title = f"{page.title} ({language})"
    for version in [*translation.get_ancestors().filter(depth__gte=2), translation]:
        version = version.specific
        if version.alias_of_id or not version.live:
            version.alias_of = None
            publish(version)
    translation.refresh_from_db()
    return translation.specific


@pytest.fixture
def network(portal):
    """A city with one news item of its own and one about a topic, in English."""
    city = publish(CityPageFactory(parent=portal.cityindex))
    topic = TopicFactory()
    city_news = publish(NewsPageFactory(parent=city))
    topic_news = publish(NewsPageFactory(parent=portal.newsindex, topics=[topic]))
    return portal, city, topic, city_news, topic_news


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_announce_and_show_their_feeds_in_the_page_language(client, network, language):
    portal, city, topic, city_news, topic_news = network
    city, city_news = in_language(city, language), in_language(city_news, language)
    topic_news = in_language(topic_news, language)
    home, news_index = in_language(portal.home, language), in_language(portal.newsindex, language)
    calls, conferences = (
        in_language(portal.callindex, language),
        in_language(portal.conferenceindex, language),
    )
    if language != "en":
        local_topic = topic.copy_for_translation(Locale.objects.get(language_code=language))
        local_topic.name = f"{topic.name} ({language})"
        local_topic.save()
        topic = local_topic
    prefix = f"/{language}/feeds/"
    network_rss = f"{prefix}news/rss/"

    # Every page: the network's news, announced only.
    page = links_of(client, home.url)
    assert {(link["type"], link["href"]) for link in page.head} == {
        ("application/rss+xml", network_rss),
        ("application/atom+xml", f"{prefix}news/atom/"),
    }
    assert page.subscribe == []

    # A city page: the city's news too, announced and shown.
    page = links_of(client, city.url)
    city_feeds = [link for link in page.head if link["href"].endswith(f"?city={city.slug}")]
    assert {link["type"] for link in city_feeds} == FEED_TYPES
    assert [(link["href"], link["type"]) for link in page.subscribe] == [
        (f"{network_rss}?city={city.slug}", "application/rss+xml")
    ]
    assert city.title in page.subscribe[0]["text"]
    for link in page.head:
        titles = follow(client, link, language)
        if link in city_feeds:
            assert titles == [city_news.title]

    # The news index, filtered by a topic: the network's and the topic's news.
    page = links_of(client, f"{news_index.url}?topic={topic.slug}")
    assert [link["href"] for link in page.subscribe] == [
        network_rss,
        f"{network_rss}?topic={topic.slug}",
    ]
    assert topic.name in page.subscribe[1]["text"]
    assert {link["href"] for link in page.subscribe} <= {link["href"] for link in page.head}
    for link in page.head:
        titles = follow(client, link, language)
        if link["href"].endswith(f"?topic={topic.slug}"):
            assert titles == [topic_news.title]
    unfiltered = links_of(client, news_index.url)
    assert [link["href"] for link in unfiltered.subscribe] == [network_rss]
    # A topic nobody published offers no feed (the visitor's words are never a title).
    made_up = links_of(client, f"{news_index.url}?topic=made-up-topic")
    assert [link["href"] for link in made_up.subscribe] == [network_rss]
    assert not [link for link in made_up.head if "made-up-topic" in link["href"]]

    # The calls and conferences: their calendars.
    for index, calendar in ((calls, "calls.ics"), (conferences, "conferences.ics")):
        page = links_of(client, index.url)
        ical = [link for link in page.head if link["type"] == CALENDAR]
        assert [link["href"] for link in ical] == [f"{prefix}{calendar}"]
        assert [link["href"] for link in page.subscribe] == [f"{prefix}{calendar}"]
        assert page.subscribe[0]["type"] == CALENDAR
        follow(client, page.subscribe[0], language)

    if language == "fr":
        assert page.subscribe[0]["text"] == "Conférences (iCalendar)"
        city_page = links_of(client, city.url)
        assert city_page.subscribe[0]["text"] == f"Actualités de {city.title} (RSS)"
        assert "S’abonner" in client.get(city.url).content.decode()


@pytest.mark.django_db
def test_a_hidden_city_s_feed_is_never_offered(client, portal):
    hidden = publish(CityPageFactory(parent=portal.cityindex))
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    publish(NewsPageFactory(parent=portal.newsindex, related_cities=[hidden]))

    for url in (portal.home.url, portal.newsindex.url, portal.cityindex.url):
        assert f"city={hidden.slug}" not in client.get(url).content.decode()

    # A visitor let through the restriction sees the page, not a feed that would 404.
    client.force_login(UserFactory())
    page = links_of(client, hidden.url)
    assert page.head  # the network's news still
    assert not [link for link in page.head + page.subscribe if "city=" in link["href"]]
    assert client.get(f"/en/feeds/news/rss/?city={hidden.slug}").status_code == 404
