"""HTTP caching of the API: validators, Cache-Control, a shared server-side cache, and
invalidation when content changes.

* Every GET under ``/api/`` carries an ``ETag`` (a hash of the body) and a
  ``Last-Modified`` (when published content last changed); ``If-None-Match`` and
  ``If-Modified-Since`` answer 304.
* Anonymous responses are ``public, max-age=API_CACHE_MAX_AGE,
  stale-while-revalidate=API_CACHE_STALE_WHILE_REVALIDATE``; a request with an
  ``Authorization`` header gets ``private, no-store`` and is never stored.
* Anonymous 200 responses are kept in Django's default cache (Redis when
  ``REDIS_URL`` is set, local memory otherwise) for ``API_CACHE_TIMEOUT`` seconds.
  Their keys include a *generation*: a number replaced whenever what the API shows
  may change (a page published, unpublished, moved or deleted in any locale; a view
  restriction, image, document, snippet, locale or site saved or deleted), so one
  cache write invalidates every stored response at once, in every process.
* With ``wagtail.contrib.frontend_cache`` configured (see ``portal/settings``), the
  same events purge the page's URLs in every locale, their parents (the listings)
  and the API detail URLs from the CDN.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from ..i18n.aliases import alias_paths, source_language
from ..models import ContentGeneration, FooterSettings, FooterText
from ..snippets import Organisation, Person, Topic
from .errors import parameter_problem
from .params import MAX_LIMIT, MAX_OFFSET, content_languages

API_PREFIX = "/api/"
GENERATION_KEY = "network-api:generation"
RESPONSE_KEY = "network-api:response:{generation}:{digest}"
CACHEABLE_TYPES = ("application/json", "application/geo+json")
SITE_PARAMETER = re.compile(r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?")


def setting(name, default):
    return getattr(settings, name, default)


# Generation ------------------------------------------------------------------------


def generation():
    """The current content generation (nanoseconds since the epoch of the last change).

    Read from the cache; where the cache has lost it (expired, Redis restarted or
    unreachable), from the database, which every bump writes. The cached copy expires
    after ``CACHE_GENERATION_TTL`` seconds, so a bump that could not reach Redis (down
    or frozen during a publish) is seen within that time once Redis answers again.
    """
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = ContentGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
        if value is None:
            value = ContentGeneration.objects.get_or_create(
                pk=1, defaults={"value": time.time_ns()}
            )[0].value
        cache.add(GENERATION_KEY, value, generation_ttl())
    return value


def generation_ttl():
    return setting("CACHE_GENERATION_TTL", 10)


def bump_generation(**kwargs):
    """Start a new generation: every stored response becomes unreachable."""
    value = time.time_ns()
    if not ContentGeneration.objects.filter(pk=1).update(value=value):
        ContentGeneration.objects.update_or_create(pk=1, defaults={"value": value})
    cache.set(GENERATION_KEY, value, generation_ttl())


def _bump_cache(**kwargs):
    cache.set(GENERATION_KEY, time.time_ns(), generation_ttl())


def _after_commit(**kwargs):
    # At once in the cache, so responses stop being served from it during the change;
    # durably once the change is committed. The second bump also covers a request
    # racing the change that stored the old content under the first new generation.
    _bump_cache()
    transaction.on_commit(bump_generation)


def _page_saved(instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        _after_commit()


def _page_deleted(instance, **kwargs):
    if isinstance(instance, Page):
        _after_commit()


def connect_signals():
    """Bump the generation (and purge the CDN) whenever the API's output may change."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_after_commit, dispatch_uid=f"network-api-{id(signal)}")
    post_save.connect(_page_saved, dispatch_uid="network-api-page-saved")
    post_delete.connect(_page_deleted, dispatch_uid="network-api-page-deleted")
    for model in (
        PageViewRestriction,
        CollectionViewRestriction,
        Collection,
        get_image_model(),
        get_document_model(),
        Topic,
        Organisation,
        Person,
        # The footer is on every page the anonymous page cache keeps.
        FooterSettings,
        FooterText,
        Locale,
        Site,
    ):
        for signal in (post_save, post_delete):
            signal.connect(_after_commit, sender=model, dispatch_uid=f"network-api-{model}")
    page_published.connect(_purge_now, dispatch_uid="network-api-purge-published")
    page_unpublished.connect(_purge_now, dispatch_uid="network-api-purge-unpublished")
    pre_page_move.connect(_purge_now, dispatch_uid="network-api-purge-pre-move")
    post_page_move.connect(_purge_now, dispatch_uid="network-api-purge-post-move")
    pre_delete.connect(_purge_deleted, dispatch_uid="network-api-purge-deleted")


# CDN purge ------------------------------------------------------------------------


def page_cdn_urls(page):
    """The URLs a change to ``page`` makes stale: the page and its parent in every
    locale, the addresses where languages without a translation serve them as aliases
    (``network.aliases``), and their API detail URLs."""
    base = Page.objects.filter(translation_key=page.translation_key).select_related("locale")
    source = source_language()
    urls = set()
    for version in base:
        for each in (version, version.get_parent()):
            if each is None or each.depth < 2:
                continue
            url = each.get_full_url()
            if url:
                urls.add(url)
                root = "/".join(url.split("/", 3)[:3])
                urls.add(f"{root}/api/v3/content/{each.pk}/")
                if version.locale.language_code == source:
                    urls.update(f"{root}{path}" for path in alias_paths(each))
    return sorted(urls)


def purge_urls(urls):
    # An optional app (FRONTEND_CACHE_BACKEND): imported only where it is installed.
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    if urls:
        PurgeBatch(urls).purge()


def cdn_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _purge_now(instance, **kwargs):
    if not cdn_configured():
        return
    urls = page_cdn_urls(instance)
    transaction.on_commit(lambda: purge_urls(urls))


def _purge_deleted(instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        _purge_now(instance)


# Middleware ------------------------------------------------------------------------


def check_common_parameters(request):
    """A 400 for parameters no API endpoint (ours, Wagtail's v2 or v3) should get:
    control characters, a non-integer or too large ``limit``/``offset``, an unknown
    ``locale``, a malformed ``site``, or stored-format rich text asked for without a
    token. (Wagtail's own endpoints would answer some of these with a 500.)"""
    for name, value in request.GET.items():
        if any(ord(char) < 32 for char in name + value):
            return parameter_problem(name, "control characters are not allowed")
    bounds = {"limit": (1, MAX_LIMIT), "offset": (0, MAX_OFFSET)}
    for name, (low, high) in bounds.items():
        if name in request.GET:
            value = request.GET[name]
            if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
                return parameter_problem(name, f"an integer from {low} to {high}")
    locale = request.GET.get("locale")
    if locale is not None and locale.lower() not in content_languages():
        return parameter_problem(
            "locale", f"unknown language; one of: {', '.join(content_languages())}"
        )
    site = request.GET.get("site")
    if site is not None and not SITE_PARAMETER.fullmatch(site):
        return parameter_problem("site", "a host name, optionally with :port")
    wanted = request.GET.get("rich_text_format")
    if wanted not in (None, "html") and "HTTP_AUTHORIZATION" not in request.META:
        return parameter_problem(
            "rich_text_format", "without an API token, rich text is given as html only"
        )
    return None


class APICacheMiddleware:
    """Validators, Cache-Control and the shared response cache for ``/api/``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        # The API reads no session: what it shows cannot depend on a cookie, so a
        # shared cache may keep it (v3 ignores sessions too; v2 is made to).
        request.META.pop("HTTP_COOKIE", None)
        request.COOKIES = {}
        if request.method not in ("GET", "HEAD"):
            response = self.get_response(request)
            response["Cache-Control"] = "private, no-store"
            return response
        private = "HTTP_AUTHORIZATION" in request.META
        current = generation()
        response = check_common_parameters(request)
        if response is None and private:
            response = self.get_response(request)
        elif response is None:
            key = self.key(request, current)
            stored = cache.get(key)
            if stored is not None:
                response = self.rebuild(stored)
            else:
                response = self.get_response(request)
                if self.cacheable(response):
                    cache.set(key, self.store(response), setting("API_CACHE_TIMEOUT", 300))
        # A view that marks its answer private (a draft shown for a preview token) keeps it so.
        private = private or self.declared_private(response)
        return self.finish(request, response, current, private)

    @staticmethod
    def declared_private(response):
        directives = response.get("Cache-Control", "")
        return "private" in directives or "no-store" in directives

    @staticmethod
    def key(request, current):
        parts = [request.get_host(), request.get_full_path(), request.META.get("HTTP_ACCEPT", "")]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return RESPONSE_KEY.format(generation=current, digest=digest)

    @staticmethod
    def cacheable(response):
        return (
            response.status_code == 200
            and not APICacheMiddleware.declared_private(response)
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").split(";")[0] in CACHEABLE_TYPES
        )

    @staticmethod
    def store(response):
        return {
            "content": response.content,
            "content_type": response["Content-Type"],
            "etag": _etag(response.content),
        }

    @staticmethod
    def rebuild(stored):
        response = HttpResponse(stored["content"], content_type=stored["content_type"])
        response["ETag"] = stored["etag"]
        return response

    @staticmethod
    def finish(request, response, current, private):
        if response.streaming:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = _etag(response.content)
        last_modified = current // 1_000_000_000
        response["Last-Modified"] = http_date(last_modified)
        if private:
            response["Cache-Control"] = "private, no-store"
        else:
            response["Cache-Control"] = (
                f"public, max-age={setting('API_CACHE_MAX_AGE', 60)}, "
                f"stale-while-revalidate={setting('API_CACHE_STALE_WHILE_REVALIDATE', 300)}"
            )
        # Output depends on the URL, the credentials and (v2) the media type only.
        response["Vary"] = "Accept, Authorization"
        if 200 <= response.status_code < 300:
            conditional = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=last_modified,
                response=response,
            )
            if conditional is not response:
                for header in ("Cache-Control", "Vary", "Last-Modified", "ETag"):
                    conditional[header] = response[header]
                return conditional
        return response


def _etag(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'
