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

from network.blocks import SessionBlock
from network.listings import is_public, live_public

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


def _chrome_for_page(page, request):
    """Ancestors, menu and translations of a page in one query: the page's tree path
    names its ancestors and its locale's home without asking the database."""
    steplen = Page.steplen
    home_path = page.path[: 2 * steplen]
    ancestor_paths = [page.path[: depth * steplen] for depth in range(2, page.depth)]
    rows = list(
        Page.objects.filter(
            Q(path__in=ancestor_paths)
            | Q(path__startswith=home_path, depth=3, show_in_menus=True, live=True)
            | Q(translation_key=page.translation_key, live=True)
        )
        .select_related("locale")
        .order_by("path")
    )
    public = [row for row in rows if is_public(row, request)]
    trail = [row for row in rows if row.path in ancestor_paths]
    home = trail[0] if trail else page
    menu = [
        row
        for row in public
        if row.depth == 3 and row.show_in_menus and row.path.startswith(home_path)
    ]
    translations = {
        row.locale.language_code: row
        for row in public
        if row.translation_key == page.translation_key
    }
    return home, trail, menu, translations


def _chrome_for_view(request):
    """The chrome of a view that is not a page: the locale's home and its menu."""
    home = _locale_home(request)
    menu = list(live_public(home.get_children().in_menu(), request)) if home else []
    return home, [], menu, {}


@register.simple_tag(takes_context=True)
def page_chrome(context):
    """The locale's home page, its main menu, the breadcrumb and the translations of the
    page being shown, cached on the request so the header, footer, ``lang`` attribute
    and language switcher share them (one query for a page)."""
    request = context.get("request")
    page = context.get("page")
    cached = getattr(request, "_portal_chrome", None)
    if cached is not None and cached.page is page:
        return cached

    if isinstance(page, Page) and (page.depth or 0) >= 2 and page.path:
        home, trail, menu, translations = _chrome_for_page(page, request)
    else:
        home, trail, menu, translations = _chrome_for_view(request)
    current_path = page.path if isinstance(page, Page) and page.path else None
    chrome = SimpleNamespace(
        page=page,
        home=home,
        breadcrumbs=trail,
        menu=[
            SimpleNamespace(
                page=item,
                current=bool(current_path and current_path.startswith(item.path)),
            )
            for item in menu
        ],
        translations=translations,
    )
    if request is not None:
        request._portal_chrome = chrome
    return chrome


def page_translations(context):
    """``{language_code: page}``: the live, public translations of the page shown."""
    return page_chrome(context).translations


def page_language(context):
    """The language code of the page shown (its locale), else the active language."""
    page = context.get("page")
    for code, translation in page_translations(context).items():
        if isinstance(page, Page) and translation.pk == page.pk:
            return code
    return get_language()


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
