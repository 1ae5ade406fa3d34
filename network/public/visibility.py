"""What the public may see: the one definition behind the site's pages and listings,
its links, search, feeds, calendars, sitemap, webhooks and both APIs.

A **page** is visible when it is live, not past its expiry date (even before
``publish_scheduled`` has unpublished it), no ancestor is unpublished or expired,
neither it nor an ancestor carries a view restriction (login, groups, password), and
it lies under a site root. An **image or document** is visible when neither its
collection nor a collection above it carries a view restriction.

Pages are checked in SQL (``EXISTS`` subqueries), so a filter costs no query of its
own, whatever the number of pages or restrictions. Nothing here looks at who asks:
a logged-in editor's session unlocks nothing in listings, links and APIs (Wagtail's
own serving still lets a visitor through a login or password form to the page
itself).
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Substr
from django.db.models.lookups import StartsWith
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

#: The deepest page the ancestor check reaches through the tree's path index. The
#: portal's pages sit at depth 2 (a home) to 6; a page deeper than this is treated as
#: hidden rather than shown unchecked.
MAX_DEPTH = 24


def restricted_q(path_field="path"):
    """True for a page that is, or is under, a page with a view restriction."""
    restrictions = PageViewRestriction.objects.filter(
        StartsWith(OuterRef(path_field), F("page__path"))
    )
    return Q(Exists(restrictions))


def hidden_ancestor_q():
    """True for a page with an unpublished or expired ancestor (below the root).

    The ancestors' paths are prefixes of the page's own, so they are looked up through
    the unique index on ``path``.
    """
    steplen = Page.steplen
    prefixes = [Substr(OuterRef("path"), 1, steplen * depth) for depth in range(2, MAX_DEPTH)]
    hidden = Page.objects.filter(
        Q(live=False) | Q(expire_at__lte=timezone.now()),
        path__in=prefixes,
        depth__lt=OuterRef("depth"),
    )
    return Q(Exists(hidden))


def site_q():
    """Pages under one of the site roots (in any locale): the ones that have a URL."""
    q = Q()
    for root in Site.get_site_root_paths():
        q |= Q(url_path__startswith=root.root_path)
    return q if q else Q(pk__in=[])


def placed_publicly_q():
    """Where a page would be public once live: under a site root, below published,
    unexpired ancestors only, and outside every view restriction."""
    return site_q() & Q(depth__lte=MAX_DEPTH) & ~hidden_ancestor_q() & ~restricted_q()


def published_q():
    """Live, not expired, below published ancestors, under a site root: a page the
    site serves (to anyone allowed through its view restriction, if it has one)."""
    return (
        Q(live=True)
        & (Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
        & site_q()
        & Q(depth__lte=MAX_DEPTH)
        & ~hidden_ancestor_q()
    )


def visible_page_q():
    """A page anyone may see: published and outside every view restriction."""
    return published_q() & ~restricted_q()


def visible_pages(queryset=None):
    """The pages of ``queryset`` (default: all pages) an anonymous visitor may see."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.filter(visible_page_q())


def _flag(q):
    return ExpressionWrapper(q, output_field=BooleanField())


def with_visibility(queryset, published=False, placed=False):
    """``queryset`` with ``public_visible`` on every page (see :func:`is_visible`), and
    on demand ``public_published`` (:func:`published_q`) and ``public_placed``
    (:func:`placed_publicly_q`)."""
    flags = {"public_visible": _flag(visible_page_q())}
    if published:
        flags["public_published"] = _flag(published_q())
    if placed:
        flags["public_placed"] = _flag(placed_publicly_q())
    return queryset.annotate(**flags)


def visible_page_exists(field):
    """An annotation: whether the page a foreign key ``field`` points at is visible
    (e.g. a conference's host city), computed in the same query as the listing."""
    return Exists(visible_pages(Page.objects.filter(pk=OuterRef(f"{field}_id"))))


def _known(page, flag, q):
    value = getattr(page, flag, None)
    if value is None:
        value = Page.objects.filter(q, pk=page.pk).exists()
    return value


def is_visible(page):
    """Whether a page is visible to anyone: free for pages read through
    :func:`with_visibility`, one query for any other."""
    return _known(page, "public_visible", visible_page_q())


def is_published(page):
    """Whether the site serves a page (:func:`published_q`): free for pages read
    ``with_visibility(..., published=True)``, one query for any other."""
    return _known(page, "public_published", published_q())


def visible_titles(page_ids):
    """The titles of the visible pages among ``page_ids``, as one text: what a page
    indexes for search from the pages it links to. A hidden page's title indexed
    there would make the public page an answer to a search for the hidden one."""
    ids = [pk for pk in page_ids if pk is not None]
    if not ids:
        return ""
    titles = visible_pages(Page.objects.filter(pk__in=ids)).order_by("path")
    return " ".join(titles.values_list("title", flat=True))


def collection_restricted_q(collection_path_field="collection__path"):
    """True for an image or document in a restricted collection or one beneath it."""
    restrictions = CollectionViewRestriction.objects.filter(
        StartsWith(OuterRef(collection_path_field), F("collection__path"))
    )
    return Q(Exists(restrictions))


def visible_images(queryset=None):
    """Images outside restricted collections."""
    if queryset is None:
        queryset = get_image_model().objects.all()
    return queryset.exclude(collection_restricted_q())


def visible_documents(queryset=None):
    """Documents outside restricted collections."""
    if queryset is None:
        queryset = get_document_model().objects.all()
    return queryset.exclude(collection_restricted_q())


def restricted_collection_ids(request=None):
    """The ids of the collections under a view restriction, read once per request."""
    cached = getattr(request, "_portal_restricted_collections", None)
    if cached is not None:
        return cached
    ids = frozenset(
        Collection.objects.filter(collection_restricted_q("path")).values_list("pk", flat=True)
    )
    if request is not None:
        request._portal_restricted_collections = ids
    return ids


def is_visible_file(obj, request=None):
    """Whether an image or document is outside every restricted collection (one query
    per request, shared by every image and document the request shows)."""
    return obj is not None and obj.collection_id not in restricted_collection_ids(request)
