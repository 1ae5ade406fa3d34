"""The views of languages: the language choice, and sitemap.xml with every page's
language versions (hreflang alternates)."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control

from wagtail.models import Page, Site

from ..public.listings import live_public
from .aliases import language_home_url
from .languages import bcp47


def choose_language(request, language):
    """Remember ``language`` in the language cookie and open ``next`` (a page of this
    site), else that language's home. A link, so it works without JavaScript."""
    codes = dict(settings.LANGUAGES)
    if language not in codes:
        language = settings.LANGUAGE_CODE
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = language_home_url(language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def sitemap_pages(request):
    """``[(page, [(hreflang, url), ...])]``: every live, public page of the request's
    site in every language, wagtail-localize's aliases left out (on-demand aliases have
    no row), each with its real translations as alternates (and x-default)."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    homes = list(Page.objects.filter(translation_key=site.root_page.translation_key))
    if not homes:
        return []
    under_homes = Q()
    for home in homes:
        under_homes |= Q(path__startswith=home.path)
    pages = list(
        live_public(Page.objects.filter(under_homes), request)
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("path")
    )
    by_key = defaultdict(list)
    for page in pages:
        page.sitemap_url = request.build_absolute_uri(page.get_url(request))
        by_key[page.translation_key].append(page)
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    entries = []
    for page in pages:
        versions = sorted(
            by_key[page.translation_key], key=lambda p: order.get(p.locale.language_code, 99)
        )
        alternates = []
        if len(versions) > 1:
            alternates = [(bcp47(v.locale.language_code), v.sitemap_url) for v in versions]
            default = [v for v in versions if v.locale.language_code == settings.LANGUAGE_CODE]
            if default:
                alternates.append(("x-default", default[0].sitemap_url))
        entries.append((page, alternates))
    return entries


@cache_control(max_age=3600, public=True)
def sitemap(request, more=()):
    """``/sitemap.xml``: the live public pages with their per-language alternates, then
    the entries of each ``more(request)`` that the URL configuration passes (the numbers
    page and the open data files of ``network.reach``, which sits above this package)."""
    return TemplateResponse(
        request,
        "sitemap.xml",
        {"entries": [*sitemap_pages(request), *(e for extra in more for e in extra(request))]},
        content_type="application/xml; charset=utf-8",
    )
