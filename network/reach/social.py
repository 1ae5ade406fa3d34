"""Link previews: the Open Graph and Twitter card tags of a page, in its language.

What a shared link shows, in order of preference:

- title: the page's *title when shared* (promote tab), else its SEO title, else its title;
- description: its *description when shared*, else its search description, else its
  summary or introduction, else a sentence about the network;
- image: its *image when shared*, else its hero image, else the network's card
  (``SOCIAL_DEFAULT_IMAGE``: a file of the portal's static files, by default
  ``img/social-card.png``, or an absolute URL). Pictures are cropped to 1200 × 630
  around their focal point (``SOCIAL_SPEC``), as JPEG, which every network accepts;
  an image in a restricted collection is never used;
- url: the page's canonical address (its own, in its language; the source page's for a
  page served untranslated), with ``og:locale`` its language and
  ``og:locale:alternate`` the languages it is really translated into.
"""

import mimetypes
from functools import cache

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from network.channels.feeds import NewsFeed
from network.models import NewsPage
from network.public.images import RENDITION_SPECS
from network.public.listings import mark_public

from .public import public_images

# The size of a large link card (Open Graph, Twitter's summary_large_image): 1.91:1.
CARD_WIDTH, CARD_HEIGHT = 1200, 630
SOCIAL_SPEC = f"fill-{CARD_WIDTH}x{CARD_HEIGHT}|format-jpeg|jpegquality-85"
DEFAULT_IMAGE = "img/social-card.png"
# The renditions of a page's hero banner (includes/hero_image.html, the home page's).
HERO_SPECS = (RENDITION_SPECS["medium"], RENDITION_SPECS["large"])
# Longer descriptions are cut by every network anyway (Twitter stops at 200).
DESCRIPTION_LENGTH = 200


@cache
def og_locale(language_code):
    """A Django language code as Open Graph writes locales: ``fr`` → ``fr_FR``,
    ``pt-br`` → ``pt_BR``, ``zh-hans`` → ``zh_CN`` (CLDR's likely territory)."""
    name = to_locale(language_code)
    try:
        parsed = Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return name
    territory = parsed.territory
    if not territory:
        likely = get_global("likely_subtags")
        full = likely.get(name) or likely.get(parsed.language)
        territory = Locale.parse(full).territory if full else None
    return f"{parsed.language}_{territory}" if territory else parsed.language


def network_description():
    """The sentence that describes the network, in the active language."""
    return _(
        "The International Network of Michelin Cities: the cities that host a Michelin "
        "site, working together on shared projects."
    )


def default_image(request):
    """The card of pages without a picture: ``SOCIAL_DEFAULT_IMAGE`` (a static file or
    an absolute URL), by default the network's card from the portal's static files."""
    configured = getattr(settings, "SOCIAL_DEFAULT_IMAGE", "") or DEFAULT_IMAGE
    is_url = configured.startswith(("https://", "http://"))
    url = configured if is_url else request.build_absolute_uri(static(configured))
    known_size = configured == DEFAULT_IMAGE
    return {
        "url": url,
        "type": mimetypes.guess_type(configured)[0] or "",
        "width": CARD_WIDTH if known_size else None,
        "height": CARD_HEIGHT if known_size else None,
        "alt": (
            _("The logo and name of the International Network of Michelin Cities")
            if known_size
            else _("The International Network of Michelin Cities")
        ),
    }


def image_card(image, request):
    """An image's 1200 × 630 rendition (made once, then reused) as a card."""
    rendition = image.get_rendition(SOCIAL_SPEC)
    return {
        "url": request.build_absolute_uri(rendition.url),
        "type": "image/jpeg",
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


def page_image(page, request):
    """The card of ``page``: its image when shared, its hero image, else the default.

    The page's hero image comes in the same two queries (one where the page was read
    with it), with the renditions its hero
    banner shows (``HERO_SPECS``), and is set on ``page``, marked as seen public
    (``network.public.listings.mark_public``): the banner below the card then costs no
    query for the image, its collection's restrictions or its renditions. A hero image
    in a restricted collection is not among them, and the banner checks it as before.
    """
    hero_id = getattr(page, "hero_image_id", None)
    candidates = [page.social_image_id, hero_id]
    loaded = [page.hero_image] if hero_id and type(page).hero_image.is_cached(page) else []
    images = public_images(candidates, SOCIAL_SPEC, *HERO_SPECS, loaded=loaded)
    if hero_id in images:
        page.hero_image = mark_public(images[hero_id])
    for pk in candidates:
        if pk in images:
            return image_card(images[pk], request)
    return default_image(request)


def moment(value):
    """A moment in the portal's time zone, ISO 8601 with its offset, to the second."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else ""


def _plain(value):
    return " ".join(strip_tags(str(value or "")).split())


def page_description(page):
    """The first of: description when shared, search description, summary, introduction."""
    for value in (
        page.social_description,
        page.search_description,
        getattr(page, "summary", ""),
        getattr(page, "intro", ""),
    ):
        text = _plain(value)
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return network_description()


def page_social(page, request, chrome, context):
    """The link preview of a public page: a dict for ``includes/social_meta.html``."""
    language = chrome.alias.source_code if chrome.alias else chrome.language
    alternates = sorted(
        code for code, version in chrome.versions.items() if version.real and code != language
    )
    social = {
        "type": "website",
        "title": page.social_title or page.seo_title or page.title,
        "description": page_description(page),
        "url": chrome.canonical,
        "site_name": str(settings.WAGTAIL_SITE_NAME),
        "locale": og_locale(language),
        "locale_alternates": [og_locale(code) for code in alternates],
        "image": page_image(page, request),
    }
    if isinstance(page, NewsPage):
        # Dated as the news feeds date it: the news date, at its first publication if
        # that was the same day.
        published = NewsFeed().item_pubdate(page)
        social["type"] = "article"
        social["article"] = {
            "published_time": moment(published),
            "modified_time": moment(page.last_published_at or published),
            "tags": [str(topic) for topic in context.get("topics", [])],
        }
    return social


def view_social(request, title, description, languages=()):
    """The link preview of a view that is not a page (the numbers page), at the
    request's address, available in ``languages`` besides the active one."""
    language = get_language()
    return {
        "type": "website",
        "title": title,
        "description": description,
        "url": request.build_absolute_uri(request.path),
        "site_name": str(settings.WAGTAIL_SITE_NAME),
        "locale": og_locale(language),
        "locale_alternates": [og_locale(code) for code in languages if code != language],
        "image": default_image(request),
    }
