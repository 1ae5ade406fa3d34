"""What an API client may see: live, public, unexpired pages of the site, and images
and documents outside restricted collections.

The API never looks at the caller's session or user for this: a logged-in editor
browsing ``/api/`` sees what an anonymous visitor sees, so every read response can
be cached and shared (see ``network.api.caching``). Restrictions are checked in SQL
(``NOT EXISTS`` a restriction on the page or an ancestor), so no query is spent
listing them first.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site


def restricted_q(path_field="path"):
    """True for a page that is, or is under, a page with a view restriction."""
    restrictions = PageViewRestriction.objects.filter(
        StartsWith(OuterRef(path_field), F("page__path"))
    )
    return Q(Exists(restrictions))


def site_q():
    """Pages under one of the site roots (in any locale): the ones that have a URL."""
    q = Q()
    for root in Site.get_site_root_paths():
        q |= Q(url_path__startswith=root.root_path)
    return q if q else Q(pk__in=[])


def visible_page_q():
    """Live, not expired (even before ``publish_scheduled`` has run), under a site
    root, and neither the page nor an ancestor carries a view restriction (login,
    groups or password)."""
    now = timezone.now()
    return (
        Q(live=True)
        & (Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        & site_q()
        & ~restricted_q()
    )


def visible_pages(queryset=None):
    """The pages of ``queryset`` (default: all pages) an anonymous client may see."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.filter(visible_page_q())


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
