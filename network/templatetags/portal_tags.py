"""The public site's own template tags: the page chrome (home, menu, breadcrumb) and the
formats of dates and deadlines.

Everything here is computed once per request and costs a fixed number of queries,
whatever the number of pages in the tree.
"""

import copy
from types import SimpleNamespace

from django import template
from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page, Site

from babel import Locale as BabelLocale
from babel import UnknownLocaleError

from network.aliases import alias_language, language_home_url, language_versions
from network.blocks import SessionBlock
from network.listings import is_public, live_public
from network.visibility import is_visible_file, with_visibility

register = template.Library()


def bcp47(language_code):
    """A Django language code as HTML's lang attribute wants it: zh-hans → zh-Hans."""
    language, _sep, rest = (language_code or "en").partition("-")
    if not rest:
        return language
    return f"{language}-{rest.title() if len(rest) == 4 else rest.upper()}"


def _locale_home(request):
    """The home page in the active language, for views that are not pages (search, 404)."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return root
    if root.locale_id == locale.pk:
        return root
    translation = live_public(root.get_translations().filter(locale=locale), request).first()
    return translation or root


def _page_rows(page, request):
    """One query: the page's ancestors, its locale's main menu, and every version (any
    locale, live or not) of the page and of its ancestors below the root. The page's
    tree path names its ancestors and its locale's home without asking the database."""
    steplen = Page.steplen
    home_path = page.path[: 2 * steplen]
    ancestor_paths = [page.path[: depth * steplen] for depth in range(2, page.depth)]
    chain = Page.objects.filter(path__in=[*ancestor_paths, page.path]).values("translation_key")
    return list(
        with_visibility(
            Page.objects.filter(
                Q(path__in=ancestor_paths)
                | Q(path__startswith=home_path, depth=3, show_in_menus=True, live=True)
                | Q(translation_key__in=chain)
            )
        )
        .select_related("locale")
        .order_by("path")
    )


def _chrome_for_page(page, request):
    """Home, breadcrumb, menu and language versions of a page, from ``_page_rows``."""
    steplen = Page.steplen
    home_path = page.path[: 2 * steplen]
    ancestor_paths = [page.path[: depth * steplen] for depth in range(2, page.depth)]
    rows = _page_rows(page, request)
    by_pk = {row.pk: row for row in rows}
    trail = [row for row in rows if row.path in ancestor_paths]
    home = trail[0] if trail else by_pk.get(page.pk, page)
    menu = [
        row
        for row in rows
        if row.depth == 3
        and row.show_in_menus
        and row.live
        and row.path.startswith(home_path)
        and is_public(row, request)
    ]
    versions = language_versions(page, rows, request)
    chain_keys = {row.translation_key for row in trail} | {page.translation_key}
    own = by_pk.get(page.pk)
    page_code = own.locale.language_code if own is not None else get_language()
    translations = {code: version.page for code, version in versions.items() if version.page}

    chrome = SimpleNamespace(
        language=page_code,
        chain_keys=chain_keys,
        home=home,
        home_url=home.get_url(request) if home.live else None,
        breadcrumbs=[_crumb(row, request) for row in trail],
        menu=menu,
        translations=translations,
        versions=versions,
        alternates=_alternates(page, versions, request),
        alias=None,
        canonical=request.build_absolute_uri(page.get_url(request)) if request else None,
        page_url=page.get_url(request),
        page_lang=None,
        menu_lang=None,
    )
    visitor = alias_language(page, page_code, request)
    if visitor:
        _as_alias(chrome, page, rows, visitor, request)
    elif own is not None and own.alias_of_id:
        source = by_pk.get(own.alias_of_id) or own.alias_of
        chrome.alias = _alias_notice(get_language(), source, request)
        chrome.canonical = chrome.alias.source_url
        chrome.alternates = []
    return chrome


def _crumb(row, request, url=None, language=None):
    """A breadcrumb step: title, address, whether it links, its language if not the
    page's."""
    live = row.live and is_public(row, request)
    return SimpleNamespace(
        title=row.title,
        live=live or url is not None,
        url=url or (row.get_url(request) if live else None),
        lang=bcp47(language) if language else None,
    )


def _alternates(page, versions, request):
    """``[(hreflang, absolute url)]``: the real, live translations and x-default."""
    if request is None or not any(v.page and v.page.pk == page.pk for v in versions.values()):
        return []
    real = [(code, version.url) for code, version in versions.items() if version.real]
    if len(real) < 2:
        return []
    default = versions.get(settings.LANGUAGE_CODE)
    alternates = [(bcp47(code), request.build_absolute_uri(url)) for code, url in real]
    if default is not None and default.real:
        alternates.append(("x-default", request.build_absolute_uri(default.url)))
    return alternates


def _alias_notice(visitor, source, request):
    """What the alias notice says and where the source lives."""
    names = dict(settings.LANGUAGES)
    return SimpleNamespace(
        language_name=names.get(visitor, visitor),
        source_code=source.locale.language_code,
        source_lang=bcp47(source.locale.language_code),
        source_url=request.build_absolute_uri(source.get_url(request)) if request else None,
    )


def _as_alias(chrome, page, rows, visitor, request):
    """Turn a source page's chrome into the chrome of its alias in ``visitor``'s
    language: that language's home and menu, a breadcrumb under its prefix."""
    source_code = chrome.language
    chrome.alias = _alias_notice(visitor, page, request)
    chrome.canonical = chrome.alias.source_url
    chrome.alternates = []
    chrome.language = visitor
    chrome.page_url = chrome.versions[visitor].url if visitor in chrome.versions else None
    chrome.page_lang = bcp47(source_code)
    by_key = {
        row.translation_key: row
        for row in rows
        if row.locale.language_code == visitor and row.live and is_public(row, request)
    }
    home = by_key.get(chrome.home.translation_key)
    if home is not None:
        chrome.home, chrome.home_url = home, home.get_url(request)
        chrome.menu = list(live_public(home.get_children().in_menu(), request))
    else:
        chrome.home_url = language_home_url(visitor)
        chrome.menu_urls = {item.pk: f"{chrome.home_url}{item.slug}/" for item in chrome.menu}
        chrome.menu_lang = bcp47(source_code)
    steplen = Page.steplen
    crumbs = []
    for depth in range(2, page.depth):
        source = next(row for row in rows if row.path == page.path[: depth * steplen])
        translated = by_key.get(source.translation_key)
        if translated is not None:
            crumbs.append(_crumb(translated, request))
        else:
            url = language_versions(source, rows, request).get(visitor)
            crumbs.append(_crumb(source, request, url and url.url, source_code))
    chrome.breadcrumbs = crumbs


def _chrome_for_view(request):
    """The chrome of a view that is not a page: the locale's home and its menu."""
    home = _locale_home(request)
    menu = list(live_public(home.get_children().in_menu(), request)) if home else []
    return SimpleNamespace(
        language=get_language(),
        home=home,
        home_url=home.get_url(request) if home else None,
        breadcrumbs=[],
        menu=menu,
        translations={},
        versions={},
        alternates=[],
        alias=None,
        canonical=None,
        page_url=None,
        page_lang=None,
        menu_lang=None,
    )


@register.simple_tag(takes_context=True)
def page_chrome(context):
    """The locale's home page, its main menu, the breadcrumb, the language versions of
    the page being shown and whether it is an alias, cached on the request so the
    header, footer, ``lang`` attribute and language switcher share them (one query for
    a page; one more for an alias in a language that has its own home)."""
    request = context.get("request")
    page = context.get("page")
    cached = getattr(request, "_portal_chrome", None)
    if cached is not None and cached.page is page:
        return cached

    if isinstance(page, Page) and (page.depth or 0) >= 2 and page.path:
        chrome = _chrome_for_page(page, request)
    else:
        chrome = _chrome_for_view(request)
    chrome.page = page
    # An alias's content (its labels, dates, links) is the source's, in its language.
    chrome.content_language = (
        chrome.alias.source_code if chrome.alias else get_language() or settings.LANGUAGE_CODE
    )
    chain_keys = getattr(chrome, "chain_keys", set())
    current_path = page.path if isinstance(page, Page) and page.path else ""
    menu_urls = getattr(chrome, "menu_urls", {})
    chrome.menu = [
        SimpleNamespace(
            page=item,
            url=menu_urls.get(item.pk) or item.get_url(request),
            current=bool(
                current_path
                and (current_path.startswith(item.path) or item.translation_key in chain_keys)
            ),
        )
        for item in chrome.menu
    ]
    if request is not None:
        request._portal_chrome = chrome
    return chrome


def page_translations(context):
    """``{language_code: page}``: the live, public translations of the page shown
    (wagtail-localize's aliases included)."""
    return page_chrome(context).translations


def page_language(context):
    """The language of the page shown (its locale, or the visitor's for an alias),
    else the active language."""
    return page_chrome(context).language


@register.simple_tag(takes_context=True)
def section_page(context, model_label):
    """The section index of a type (``"network.CityIndexPage"``) under the locale's home.

    Found among the menu's pages without a query; looked up when not in the menu.
    """
    chrome = page_chrome(context)
    if chrome.home is None:
        return None
    model = apps.get_model(model_label)
    for item in chrome.menu:
        if item.page.specific_class is model:
            return item.page
    return live_public(model.objects.child_of(chrome.home), context.get("request")).first()


@register.simple_tag(takes_context=True)
def html_lang(context):
    """The lang attribute of the document: the page's locale, else the active language."""
    return bcp47(page_language(context))


@register.filter
def visible(obj, request=None):
    """``obj`` if the public may see it, else None: a page (``network.visibility``:
    free for pages chosen in blocks, one query for another), an image or a document
    (outside restricted collections: one query per request)."""
    if not obj:
        return None
    if isinstance(obj, Page):
        return obj if is_public(obj) else None
    return obj if is_visible_file(obj, request or None) else None


@register.simple_tag(takes_context=True)
def card_image(context, item):
    """The picture of a listing's card: its page's hero image, unless the card is
    ``text_only`` or the image is in a restricted collection."""
    if context.get("text_only") or not getattr(item, "hero_image_id", None):
        return None
    return visible(item.hero_image, context.get("request"))


@register.simple_tag
def site_name():
    """The portal's name in the active language."""
    return str(settings.WAGTAIL_SITE_NAME)


@register.filter
def deadline(value):
    """A moment with its time zone, in the network's zone: “31 March 2027, 17:00 CET”."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("%(date)s, %(time)s %(zone)s") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
        "zone": local.tzname(),
    }


@register.filter
def date_range(start, end):
    """Two dates as one period (“29 November 2017 – 1 December 2017”), one if equal."""
    if not start:
        return ""
    first = formats.date_format(start, "DATE_FORMAT")
    if not end or end == start:
        return first
    return _("%(start)s – %(end)s") % {
        "start": first,
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


@register.filter
def session_kind(value):
    """The label of a programme session's kind (plenary, workshop, ...)."""
    return dict(SessionBlock.KINDS).get(value, "")


@register.filter
def verbose_name(page):
    """The kind of a page in words (“Project”, “News item”), for listings and results."""
    return page.specific_class._meta.verbose_name if isinstance(page, Page) else ""


@register.filter
def euros(value):
    """A whole amount in euros, written the visitor's way (“€500,000”, “500 000 €”)."""
    if value in (None, ""):
        return ""
    try:
        locale = BabelLocale.parse(to_locale(get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        locale = BabelLocale.parse("en")
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern.apply(value, locale, currency="EUR", currency_digits=False)
