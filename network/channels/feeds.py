"""RSS 2.0 and Atom feeds of the news, per language, optionally narrowed to a city or a topic.

URLs (under the language prefix, see ``network/feed_urls.py``)::

    /<lang>/feeds/news/rss/     RSS 2.0
    /<lang>/feeds/news/atom/    Atom 1.0
    ?city=<slug>                only news of that city (published under its page or naming it)
    ?topic=<slug>               only news about that topic; both may be combined

Only news of the feed's own language visible to the public (``network.visibility``)
appear. An unknown city or topic answers 404 with a plain-text message naming the
parameter, never a 500.
"""

import datetime
import re
import uuid

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.http import Http404, HttpResponseNotFound
from django.utils import feedgenerator, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Locale

from ..i18n.fallbacks import audience_for_locale, in_language, mark_fallbacks
from ..i18n.localization import localized
from ..models import CityPage, NewsIndexPage, NewsPage, Topic
from ..public.visibility import visible_pages

# How many items a feed carries: readers poll, so the newest are enough.
FEED_SIZE = 30

# What a page or topic slug can look like (Unicode slugs are allowed); anything else,
# such as a NUL byte PostgreSQL would refuse, is an unknown slug without a query.
SLUG = re.compile(r"[-\w]{1,255}")

# GUIDs and calendar UIDs are derived from this namespace, the page's translation key
# and its language: stable across edits, moves and slug changes, distinct per language.
CHANNELS_NAMESPACE = uuid.UUID("6f6b2f0e-8c57-4d1e-9d53-5b0f4d7b7c11")


def stable_uuid(kind, translation_key, language_code):
    """A UUID that names one piece of content in one language, forever."""
    return uuid.uuid5(CHANNELS_NAMESPACE, f"{kind}:{translation_key}:{language_code}")


def current_locale():
    """The Locale of the language prefix the request came in with."""
    try:
        return Locale.objects.get_for_language(get_language())
    except (Locale.DoesNotExist, LookupError) as error:
        raise Http404(_("This language is not published on the portal.")) from error


class FeedParameterError(Http404):
    """A query parameter names nothing that exists; answered as a plain-text 404."""


class NewsFeed(Feed):
    """The news as RSS 2.0; ``NewsAtomFeed`` is the same items as Atom 1.0.

    One instance serves every request, so nothing request-specific is kept on ``self``:
    the request travels in the feed object and on each item.
    """

    feed_type = feedgenerator.Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except FeedParameterError as error:
            return HttpResponseNotFound(str(error), content_type="text/plain; charset=utf-8")

    def get_object(self, request):
        locale = current_locale()
        city = self._city(request.GET.get("city", "").strip(), locale)
        topic = self._topic(request.GET.get("topic", "").strip(), locale)
        return {"request": request, "locale": locale, "city": city, "topic": topic}

    @staticmethod
    def _city(slug, locale):
        """The city named by ``?city=``, in the feed's language where translated."""
        if not slug:
            return None
        cities = []
        if SLUG.fullmatch(slug):
            cities = list(
                visible_pages(CityPage.objects.filter(slug=slug))
                .select_related("locale")
                .order_by("pk")
            )
        if not cities:
            raise FeedParameterError(
                _("Unknown city “%(slug)s”: the city parameter takes the slug of a city page.")
                % {"slug": slug}
            )
        same_language = [city for city in cities if city.locale_id == locale.pk]
        return localized([same_language[0] if same_language else cities[0]], locale)[0]

    @staticmethod
    def _topic(slug, locale):
        """The topic named by ``?topic=`` (topic slugs are the same in every language)."""
        if not slug:
            return None
        topics = []
        if SLUG.fullmatch(slug):
            topics = list(Topic.objects.filter(slug=slug).order_by("pk"))
        if not topics:
            raise FeedParameterError(
                _("Unknown topic “%(slug)s”: the topic parameter takes a topic's slug.")
                % {"slug": slug}
            )
        same_language = [topic for topic in topics if topic.locale_id == locale.pk]
        return same_language[0] if same_language else topics[0]

    def items(self, obj):
        locale, city, topic = obj["locale"], obj["city"], obj["topic"]
        # Every language's feed carries the whole network: the news not translated yet
        # come from the source language, at their address in the feed's language
        # (``network.i18n.fallbacks``).
        news = visible_pages(in_language(NewsPage.objects.all(), locale.pk))
        if city is not None:
            # Synchronised links may point at the city page of the source language; an
            # untranslated item lives under the source city.
            same_city = CityPage.objects.filter(translation_key=city.translation_key)
            under_city = same_city.filter(path=Substr(OuterRef("path"), 1, len(city.path)))
            news = news.filter(
                Q(Exists(under_city), depth=city.depth + 1) | Q(related_cities__in=same_city)
            )
        if topic is not None:
            # Topic slugs are synchronised, so the slug matches source-language links too.
            news = news.filter(topics__slug=topic.slug)
        items = list(
            news.distinct()
            .select_related("locale")
            .prefetch_related("topics")
            .order_by("-date", "-first_published_at", "-pk")[:FEED_SIZE]
        )
        # One query for the topics' names in the feed's language, however many items.
        topics = {topic.pk: topic for item in items for topic in item.topics.all()}
        names = {
            pk: str(local)
            for pk, local in zip(topics, localized(topics.values(), locale), strict=True)
        }
        mark_fallbacks(items, audience_for_locale(locale), obj["request"])
        for item in items:
            item.feed_link = item.get_full_url(obj["request"])
            item.feed_categories = sorted({names[topic.pk] for topic in item.topics.all()})
        # A page outside every Site has no URL: no visitor can reach it, so no reader either.
        return [item for item in items if item.feed_link]

    def title(self, obj):
        parts = [_("Michelin Cities"), _("News")]
        if obj["city"] is not None:
            parts.append(obj["city"].title)
        if obj["topic"] is not None:
            parts.append(str(localized([obj["topic"]], obj["locale"])[0]))
        return " — ".join(parts)

    def description(self, obj):
        return _("The latest news of the International Network of Michelin Cities.")

    subtitle = description

    def link(self, obj):
        """The page a reader would visit instead: the city, else the news index."""
        page = (
            obj["city"]
            or visible_pages(NewsIndexPage.objects.filter(locale=obj["locale"])).first()
        )
        url = page.get_full_url(obj["request"]) if page is not None else None
        return url or obj["request"].build_absolute_uri(f"/{obj['locale'].language_code}/")

    def feed_url(self, obj):
        return obj["request"].build_absolute_uri()

    def feed_guid(self, obj):
        return obj["request"].build_absolute_uri()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description or item.title

    def item_link(self, item):
        return item.feed_link

    def item_guid(self, item):
        return stable_uuid("news", item.translation_key, item.locale.language_code).urn

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        """The news date at the moment of first publication if that day, else at midnight."""
        published = item.first_published_at
        if published is not None and timezone.localdate(published) == item.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return item.feed_categories


class NewsAtomFeed(NewsFeed):
    """The news as Atom 1.0."""

    feed_type = feedgenerator.Atom1Feed
