"""Pages not yet translated: served in every language as aliases *on demand*.

A page with no live translation in a language is still served under that language's
prefix (``/fr/…``), never a 404: the visitor gets the source page with a notice in
their language, the chrome (menus, breadcrumb, footer) in their language, and
``rel=canonical`` pointing at the source.

**The choice: aliases on demand, not automatic aliases.** Wagtail and wagtail-localize
can make an alias page (a database row with ``alias_of`` set) of every new page in every
other locale. With thirteen languages that is twelve more page rows per page, each
with its revisions, tree path and search index entries, kept in sync on every publish,
moved with every move and deleted with every delete (``benchmarks/aliases_bench.py``
measures it; docs/README-languages.md has the numbers). On demand, publishing costs
nothing more; the alias exists only as a route:

- ``/fr/<path>`` is first looked up in the French tree (``HomePage.route``);
- when it is not there, :func:`route_alias` takes the deepest *live* French page along
  the path (the French home if nothing else), goes to its version in the source
  locale (``Locale.get_default()``), and looks the rest of the path up under it with
  the source's slugs. A page has one address in each language (its live, public
  translation's, else its alias under the deepest live, public translation of its
  ancestors): found at any other one (the source's slugs where French has its own, at
  any depth), it moves there for good, a 301 (``network.wagtail_hooks``), or is a 404
  when the public may not see it; at its own address it is served as the alias;
- when the language has no live home at all, Wagtail routes ``/fr/…`` through the
  source tree itself: every page found there is an alias.

:func:`language_versions` builds the same addresses the other way round (the
deepest live translation of the page's ancestors, then the source slugs), so the
language switcher links every page to its alias where it has no translation.

Alias pages that wagtail-localize creates (untranslated parents of a submitted page)
are real rows with ``alias_of`` set; they are treated the same way: notice, canonical
to the source, left out of hreflang, the sitemap and search.
"""

from types import SimpleNamespace

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from ..public.listings import is_public
from ..public.visibility import with_visibility


def source_language():
    """The language whose tree serves the pages not translated yet (the default one,
    as ``Locale.get_default()`` picks it, without a query)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def route_alias(home, request, components):
    """The RouteResult of ``components`` under ``home`` (a locale's home) through the
    source tree; raises Http404 when the source tree has no live page there either."""
    if not components:
        raise Http404
    source = source_language()
    prefixes = [f"{home.url_path}{'/'.join(components[:k])}/" for k in range(1, len(components))]
    anchor = (
        Page.objects.live()
        .filter(url_path__in=prefixes, path__startswith=home.path)
        .order_by("-depth")
        .only("pk", "depth", "translation_key")
        .first()
    ) or home
    source_anchor = (
        Page.objects.filter(translation_key=anchor.translation_key, locale__language_code=source)
        .only("pk", "path", "url_path", "locale_id")
        .first()
    )
    if source_anchor is None or source_anchor.locale_id == home.locale_id:
        raise Http404
    rest = components[anchor.depth - home.depth :]
    target = with_visibility(
        Page.objects.filter(
            url_path=f"{source_anchor.url_path}{'/'.join(rest)}/",
            path__startswith=source_anchor.path,
        ),
        published=True,
    ).first()
    if target is None or not target.public_published:
        raise Http404
    if request is not None:
        canonical = _canonical_address(target, home, source_anchor.locale_id, request)
        if canonical != request.path:
            # Another language's slugs somewhere in the path, or a page that has its
            # own translation here: ``network.wagtail_hooks`` answers 301 (or 404 for a
            # page the public may not see) before anything is served.
            request._portal_alias_redirect = canonical
    page = target.specific_class.objects.select_related("locale").get(pk=target.pk)
    page.public_published = True
    page.public_visible = target.public_visible
    return RouteResult(page)


def ancestor_keys(page):
    """The translation keys of ``page`` and its ancestors below the root, as a subquery."""
    steplen = Page.steplen
    return Page.objects.filter(
        path__in=[page.path[: depth * steplen] for depth in range(2, page.depth + 1)]
    ).values("translation_key")


def _canonical_address(target, home, source_locale_id, request):
    """The one address ``home``'s language serves the source page ``target`` at: its
    live, public translation there, else its alias under the deepest live, public
    translation of its ancestors (:func:`language_versions`, as the switcher links it).

    One query (it replaces the lookup of the translation alone, so an alias costs what
    it did): the versions in the two locales of the page and its ancestors. A private
    ``target`` gets the address it would have if public, so that its own alias address
    still asks for the password while any other address of it is a 404."""
    chain = ancestor_keys(target)
    rows = list(
        with_visibility(
            Page.objects.filter(
                translation_key__in=chain, locale_id__in=[home.locale_id, source_locale_id]
            )
        ).select_related("locale")
    )
    for row in rows:
        if row.pk == target.pk:
            row.public_visible = True
    code = next(row.locale.language_code for row in rows if row.locale_id == home.locale_id)
    return language_versions(target, rows, request)[code].url


def mark_served_page(request, page):
    """Remember that the public site's routing (not a preview) chose ``page``: only a
    routed page can be an on-demand alias."""
    if request is not None:
        request._portal_routed_page = page.pk


def alias_language(page, page_language, request):
    """The visitor's language when ``page`` (of ``page_language``) is served as an
    on-demand alias under another language's prefix, else None."""
    if request is None or getattr(request, "_portal_routed_page", None) != page.pk:
        return None
    language = get_language()
    return language if page_language != language else None


def language_home_url(language_code):
    """``/fr/``: the address of a language's home, whether or not it has a home page."""
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


def language_versions(page, rows, request):
    """``{language_code: SimpleNamespace(url, page, real)}`` for every language.

    ``rows`` are the pages sharing a translation key with ``page`` or one of its
    ancestors below the root (any locale, live or not). ``real`` is a live, public
    translation that is not an alias; ``page`` is the page at ``url`` when it has a
    row (a translation, or wagtail-localize's alias), None for an on-demand alias.
    Languages where the source page is not live get no entry unless translated.
    """
    steplen = Page.steplen
    chain_paths = [page.path[: depth * steplen] for depth in range(2, page.depth + 1)]
    by_path = {row.path: row for row in rows}
    keys = [by_path[path].translation_key if path in by_path else None for path in chain_paths]
    if page.path in chain_paths:
        keys[-1] = page.translation_key
    by_key_locale = {(row.translation_key, row.locale.language_code): row for row in rows}

    default = source_language()
    source_chain = [by_key_locale.get((key, default)) for key in keys]
    source_ok = (
        all(source_chain) and source_chain[-1].live and is_public(source_chain[-1], request)
    )

    versions = {}
    for code, _name in settings.LANGUAGES:
        own = by_key_locale.get((keys[-1], code))
        if own is not None and own.live and is_public(own, request):
            versions[code] = SimpleNamespace(
                url=own.get_url(request), page=own, real=not own.alias_of_id
            )
            continue
        if not source_ok:
            continue
        url = language_home_url(code)
        slugs_from = 1
        for depth in range(len(keys) - 1, -1, -1):
            anchor = by_key_locale.get((keys[depth], code))
            if anchor is not None and anchor.live and is_public(anchor, request):
                url = anchor.get_url(request)
                slugs_from = depth + 1
                break
        slugs = [row.slug for row in source_chain[slugs_from:]]
        if slugs:
            url = f"{url}{'/'.join(slugs)}/"
        versions[code] = SimpleNamespace(url=url, page=None, real=False)
    return versions


def alias_paths(page):
    """The on-demand alias addresses of ``page`` (``/fr/villes/<slug>/``): one per
    language that serves it untranslated. The page counts as live, so a page being
    unpublished, moved or deleted gets the addresses it had (the CDN purges them)."""
    chain = ancestor_keys(page)
    rows = list(
        with_visibility(
            Page.objects.filter(translation_key__in=chain), placed=True
        ).select_related("locale")
    )
    for row in rows:
        if row.pk == page.pk:
            row.live, row.public_visible = True, row.public_placed
    versions = language_versions(page, rows, None)
    return sorted(version.url for version in versions.values() if version.page is None)
