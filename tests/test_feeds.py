"""RSS and Atom feeds of the news: what a feed reader gets, parsed with feedparser."""

import datetime
import email.utils

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale

import feedparser
import pytest

from network.factories import CityPageFactory, NewsPageFactory, TopicFactory
from tests.leakage_channels import build_hidden_pages, leaked

RSS = "/en/feeds/news/rss/"
ATOM = "/en/feeds/news/atom/"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def news(parent, **fields):
    return publish(NewsPageFactory(parent=parent, **fields))


def published(entry):
    """The entry's publication moment as written in the feed, offset included."""
    try:
        return datetime.datetime.fromisoformat(entry.published)  # Atom
    except ValueError:
        return email.utils.parsedate_to_datetime(entry.published)  # RSS


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response, feedparser.parse(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [RSS, ATOM])
def test_feed_lists_the_news_newest_first_with_absolute_links_dates_and_language(
    client, portal, url
):
    today = datetime.date.today()
    items = [
        news(portal.newsindex, date=today - datetime.timedelta(days=days)) for days in (9, 1, 4)
    ]

    response, feed = read(client, url)

    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == "en"
    assert feed.feed.link == portal.newsindex.get_full_url()
    newest_first = sorted(items, key=lambda page: page.date, reverse=True)
    assert [entry.title for entry in feed.entries] == [page.title for page in newest_first]
    for entry, page in zip(feed.entries, newest_first, strict=True):
        assert entry.link == page.get_full_url()
        assert entry.link.startswith("http")
        assert entry.summary == page.summary
        assert timezone.localdate(published(entry)) == page.date
    assert "Last-Modified" in response


@pytest.mark.django_db
def test_news_keep_their_guid_when_edited_moved_and_renamed(client, portal):
    city = publish(CityPageFactory(parent=portal.cityindex))
    page = news(portal.newsindex)
    _response, before = read(client, ATOM)

    page.title = f"{page.title} (updated)"
    page.slug = f"{page.slug}-updated"
    page.save_revision().publish()
    page.move(city, pos="last-child")
    _response, after = read(client, ATOM)

    assert after.entries[0].id == before.entries[0].id
    assert after.entries[0].title == page.title
    assert after.entries[0].link != before.entries[0].link
    assert after.entries[0].link.endswith(f"/{city.slug}/{page.slug}/")


@pytest.mark.django_db
def test_city_feed_has_the_city_news_and_the_news_naming_it(client, portal):
    city = publish(CityPageFactory(parent=portal.cityindex))
    other_city = publish(CityPageFactory(parent=portal.cityindex))
    own = news(city)
    naming = news(portal.newsindex, related_cities=[city])
    unrelated = [news(other_city), news(portal.newsindex, related_cities=[other_city])]

    for url in (RSS, ATOM):
        _response, feed = read(client, f"{url}?city={city.slug}")
        titles = {entry.title for entry in feed.entries}
        assert titles == {own.title, naming.title}
        assert not titles & {page.title for page in unrelated}
        assert city.title in feed.feed.title
        assert feed.feed.link == city.get_full_url()


@pytest.mark.django_db
def test_topic_feed_and_city_with_topic(client, portal):
    mobility, energy = TopicFactory(), TopicFactory()
    city = publish(CityPageFactory(parent=portal.cityindex))
    about_mobility = news(portal.newsindex, topics=[mobility])
    city_mobility = news(city, topics=[mobility, energy])
    news(portal.newsindex, topics=[energy])
    news(city)

    _response, feed = read(client, f"{RSS}?topic={mobility.slug}")
    assert {entry.title for entry in feed.entries} == {about_mobility.title, city_mobility.title}
    assert mobility.name in feed.feed.title
    categories = {tag.term for entry in feed.entries for tag in entry.tags}
    assert {mobility.name, energy.name} <= categories

    _response, feed = read(client, f"{ATOM}?topic={mobility.slug}&city={city.slug}")
    assert [entry.title for entry in feed.entries] == [city_mobility.title]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("city=atlantis", "city"),
        ("topic=underwater-basket-weaving", "topic"),
        ("city=" + "x" * 5000, "city"),
        ("city=%00%ff%c3", "city"),
        ("topic=../../etc/passwd", "topic"),
    ],
)
def test_unknown_city_or_topic_is_a_clear_404(client, portal, query, named):
    news(portal.newsindex)
    for url in (RSS, ATOM):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/plain")
        assert f"the {named} parameter" in response.content.decode()


@pytest.mark.django_db
def test_each_language_has_its_own_feed(client, portal):
    english = news(portal.newsindex)
    french_locale = Locale.objects.get(language_code="fr")
    french = english.copy_for_translation(french_locale, copy_parents=True)
    french.title = f"{english.title} (fr)"
    publish(french)

    _response, feed = read(client, "/fr/feeds/news/rss/")
    assert feed.feed.language == "fr"
    assert [entry.title for entry in feed.entries] == [french.title]
    assert feed.entries[0].link == french.get_full_url()
    assert "/fr/" in feed.entries[0].link
    assert feed.entries[0].id != read(client, RSS)[1].entries[0].id

    _response, feed = read(client, RSS)
    assert [entry.title for entry in feed.entries] == [english.title]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [RSS, ATOM])
def test_no_hidden_news_in_any_feed(client, portal, url):
    city = publish(CityPageFactory(parent=portal.cityindex))
    restricted_city = publish(CityPageFactory(parent=portal.cityindex))
    visible = news(portal.newsindex, related_cities=[city])
    markers = build_hidden_pages(
        NewsPageFactory,
        portal.newsindex,
        restricted_parent=restricted_city,
        related_cities=[city],
    )
    markers.update(
        {
            f"city {kind}": marker
            for kind, marker in build_hidden_pages(NewsPageFactory, city).items()
        }
    )

    for query in ("", f"?city={city.slug}"):
        response, feed = read(client, url + query)
        assert visible.title in {entry.title for entry in feed.entries}
        assert leaked(response.content.decode(), markers) == []

    # A city an anonymous visitor cannot see cannot be asked for either.
    response = client.get(f"{url}?city={restricted_city.slug}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_feed_queries_do_not_grow_with_the_items(client, portal):
    topics = TopicFactory.create_batch(3)
    city = publish(CityPageFactory(parent=portal.cityindex))

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            read(client, RSS)
            read(client, f"{ATOM}?city={city.slug}&topic={topics[0].slug}")
        return len(queries)

    for _ in range(2):
        news(city, topics=topics, related_cities=[city])
    count_queries()  # warms the caches of sites and content types
    few = count_queries()
    for _ in range(12):
        news(city, topics=topics, related_cities=[city])
    assert count_queries() == few
    assert few == 7  # two feeds, whatever the number of items (docs/README-channels.md)


@pytest.mark.django_db
def test_feed_links_tag_announces_the_feeds_of_the_page(rf, portal):
    city = publish(CityPageFactory(parent=portal.cityindex))
    template = Template("{% load feed_tags %}{% feed_links page %}")

    html = template.render(Context({"page": city}))
    assert 'rel="alternate" type="application/rss+xml" href="/en/feeds/news/rss/"' in html
    assert f'href="/en/feeds/news/atom/?city={city.slug}"' in html
    assert "text/calendar" not in html

    html = template.render(Context({"page": portal.conferenceindex}))
    assert 'type="text/calendar" href="/en/feeds/conferences.ics"' in html
    html = template.render(Context({"page": portal.callindex}))
    assert 'type="text/calendar" href="/en/feeds/calls.ics"' in html


@pytest.mark.django_db
def test_news_outside_every_site_is_left_out_not_a_500(client, portal):
    from wagtail.models import Page

    from home.models import HomePage
    from network.models import NewsIndexPage

    orphan_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Another home, not a Site", slug="orphan")
    )
    orphan_index = orphan_home.add_child(instance=NewsIndexPage(title="News", slug="news"))
    orphan = news(orphan_index)
    visible = news(portal.newsindex)
    assert orphan.get_full_url() is None

    for url in (RSS, ATOM):
        _response, feed = read(client, url)
        assert [entry.title for entry in feed.entries] == [visible.title]
