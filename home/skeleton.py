"""The portal's skeleton, what every deployment needs before an editor can start: the
locales of LANGUAGES, the home page as the default site's root, and one index page per
section. Idempotent: what exists is left as it is.

``manage.py setup_portal`` runs it; the demo loader runs that command first, and the
test suite builds its empty portal with these functions.
"""

from django.conf import settings

from wagtail.models import Collection, Locale, Page, Site

from network.models import (
    CallIndexPage,
    CityIndexPage,
    ConferenceIndexPage,
    NewsIndexPage,
    ProjectIndexPage,
    ResourceIndexPage,
)

from .models import HomePage

SECTIONS = [
    (CityIndexPage, "Cities", "cities"),
    (ProjectIndexPage, "Projects", "projects"),
    (NewsIndexPage, "News", "news"),
    (CallIndexPage, "Calls for proposals", "calls"),
    (ConferenceIndexPage, "Conferences", "conferences"),
    (ResourceIndexPage, "Resources", "resources"),
]


def ensure_locales():
    """One Locale per configured language; returns how many were created."""
    existing = set(Locale.objects.values_list("language_code", flat=True))
    missing = [code for code, _name in settings.LANGUAGES if code not in existing]
    Locale.objects.bulk_create([Locale(language_code=code) for code in missing])
    return len(missing)


def ensure_roots():
    """The root page and root collection Wagtail's migrations create, should they be gone
    (a flushed test database, a hand-emptied table)."""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def ensure_home():
    """The default locale's HomePage, as the root of the default site."""
    locale = Locale.get_default()
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    if home is None:
        # The page Wagtail creates at install ("Welcome to your new Wagtail site!").
        Page.objects.filter(depth=2, content_type__model="page", numchild=0).delete()
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title="Michelin Cities", slug="home", locale=locale)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Michelin Cities"
        site.save()
    return home


def ensure_sections(home):
    """One index page per section under the home page; returns the pages by model."""
    pages = {}
    for model, title, slug in SECTIONS:
        page = model.objects.child_of(home).first()
        if page is None:
            page = home.add_child(instance=model(title=title, slug=slug, show_in_menus=True))
            page.save_revision().publish()
        pages[model] = page
    return pages
