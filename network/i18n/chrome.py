"""The page chrome: the locale's home and main menu, the breadcrumb, the language
versions of the page shown, its hreflang alternates and canonical address, and whether
it is served as an alias (with the notice that says so).

Computed once per request and cached on it; a fixed number of queries, whatever the
number of pages in the tree. The template tags of ``network.templatetags.portal_tags``
and ``language_switcher`` hand it to the templates.
"""

from types import SimpleNamespace

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

from ..public.listings import is_public, live_public
from ..public.visibility import with_visibility
from .aliases import alias_language, language_home_url, language_versions, source_language
from .languages import bcp47, language_in_sentence


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


def _source_menu_q():
    """The source language's main menu (its homes' children shown in menus)."""
    return Q(depth=3, show_in_menus=True, live=True, locale__language_code=source_language())


def _merged_menu(local, rows, home_path, home_url, request):
    """The main menu of a language's home: its own sections (``local``), plus the
    source language's sections it has not translated, at their alias address under
    ``home_url`` and marked with their language, in the source's order. So every
    language's menu shows the same sections. Returns ``(pages, {pk: url}, {pk: lang})``."""
    source = source_language()
    source_items = [
        row
        for row in rows
        if row.depth == 3
        and row.show_in_menus
        and row.live
        and row.locale.language_code == source
        and not row.path.startswith(home_path)
        and is_public(row, request)
    ]
    if not source_items:
        return list(local), {}, {}
    keys = {row.translation_key for row in local}
    missing = [row for row in source_items if row.translation_key not in keys]
    order = {row.translation_key: row.path[-Page.steplen :] for row in source_items}
    menu = sorted(
        [*local, *missing],
        key=lambda row: order.get(row.translation_key, "~" + row.path[-Page.steplen :]),
    )
    urls = {row.pk: f"{home_url}{row.slug}/" for row in missing}
    langs = {row.pk: bcp47(source) for row in missing}
    return menu, urls, langs


def _page_rows(page, request):
    """One query: the page's ancestors, its locale's main menu (and the source
    language's, see :func:`_merged_menu`), and every version (any
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
                | _source_menu_q()
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
    home_url = home.get_url(request) if home.live else None
    menu_urls, menu_langs = {}, {}
    if home_url and home.locale.language_code != source_language():
        menu, menu_urls, menu_langs = _merged_menu(menu, rows, home_path, home_url, request)
    versions = language_versions(page, rows, request)
    chain_keys = {row.translation_key for row in trail} | {page.translation_key}
    own = by_pk.get(page.pk)
    page_code = own.locale.language_code if own is not None else get_language()
    translations = {code: version.page for code, version in versions.items() if version.page}

    chrome = SimpleNamespace(
        language=page_code,
        chain_keys=chain_keys,
        home=home,
        home_url=home_url,
        breadcrumbs=[_crumb(row, request) for row in trail],
        menu=menu,
        menu_urls=menu_urls,
        menu_langs=menu_langs,
        translations=translations,
        versions=versions,
        alternates=_alternates(page, versions, request),
        alias=None,
        canonical=request.build_absolute_uri(page.get_url(request)) if request else None,
        page_url=page.get_url(request),
        page_lang=None,
        menu_lang=None,
        # Whether the public may see the page itself (its row carries the flag): what
        # may be offered about it elsewhere, such as a city's news feed.
        public=bool(own is not None and is_public(own, request)),
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
    return SimpleNamespace(
        # Inside the notice's sentence, in the visitor's (active) language.
        language_name=language_in_sentence(visitor),
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
        local = live_public(home.get_children().in_menu(), request).select_related("locale")
        chrome.menu, chrome.menu_urls, chrome.menu_langs = _merged_menu(
            local, rows, home.path, chrome.home_url, request
        )
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
    home_url = home.get_url(request) if home else None
    menu, menu_urls, menu_langs = [], {}, {}
    if home is not None:
        # One query: the home's menu and the source language's (``_merged_menu``).
        rows = list(
            with_visibility(
                Page.objects.filter(
                    Q(path__startswith=home.path, depth=3, show_in_menus=True, live=True)
                    | _source_menu_q()
                )
            )
            .select_related("locale")
            .order_by("path")
        )
        local = [row for row in rows if row.path.startswith(home.path) and is_public(row)]
        menu, menu_urls, menu_langs = _merged_menu(local, rows, home.path, home_url, request)
    return SimpleNamespace(
        language=get_language(),
        home=home,
        home_url=home_url,
        breadcrumbs=[],
        menu=menu,
        menu_urls=menu_urls,
        menu_langs=menu_langs,
        translations={},
        versions={},
        alternates=[],
        alias=None,
        canonical=None,
        page_url=None,
        page_lang=None,
        menu_lang=None,
        public=True,
    )


def page_chrome(request, page):
    """The locale's home page, its main menu, the breadcrumb, the language versions of
    ``page`` (a page, or None for a view) and whether it is an alias, cached on the
    request so the header, footer, ``lang`` attribute and language switcher share them
    (one query for a page; one more for an alias in a language that has its own home)."""
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
    menu_langs = getattr(chrome, "menu_langs", {})
    chrome.menu = [
        SimpleNamespace(
            page=item,
            url=menu_urls.get(item.pk) or item.get_url(request),
            lang=menu_langs.get(item.pk) or chrome.menu_lang,
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


def section_page(chrome, model, request):
    """The section index of a page model under the chrome's home: found among the menu's
    pages without a query; looked up when not in the menu."""
    if chrome.home is None:
        return None
    for item in chrome.menu:
        if item.page.specific_class is model:
            if item.url != item.page.get_url(request):
                # A section not translated yet: at its alias address (no query).
                section = item.page.specific_deferred
                section._visitor_address = item.url
                return section
            return item.page
    return live_public(model.objects.child_of(chrome.home), request).first()
