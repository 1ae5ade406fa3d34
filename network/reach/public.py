"""What the reach features may show, and their cache.

Public means what an anonymous visitor may see: live, not past its expiry date (even
before ``publish_scheduled`` has run), outside every view restriction, and, for images,
outside restricted collections. Pages use ``network.listings.live_public`` (the
site's definition, restrictions read once per request) plus the expiry date.

Everything computed here is cached under the API's *content generation*
(``network.api.caching.generation``): the number replaced whenever a page is published,
unpublished, moved or deleted, or a restriction, image, document, snippet, locale or
site changes. A new generation makes every stored value unreachable at once, in every
process, so publishing invalidates link previews, structured data, the numbers and the
open data files without knowing which of them a change touches.
"""

import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from wagtail.images import get_image_model

from network.api.caching import generation
from network.public.listings import is_public, live_public
from network.public.visibility import collection_restricted_q, visible_images

# Stored values live at most this long; a new generation retires them before that.
CACHE_TIMEOUT = 24 * 60 * 60


def public_pages(queryset, request=None, now=None):
    """Live, public pages of ``queryset`` that are not past their expiry date."""
    now = now or timezone.now()
    return live_public(queryset, request).filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))


def page_is_public(page, request=None):
    """Whether ``page``, as served to this request, is what any anonymous visitor sees:
    not a preview (drafts are only ever previews), live, not expired, not restricted."""
    if request is not None and getattr(request, "is_preview", False):
        return False
    if not page.live or (page.expire_at and page.expire_at <= timezone.now()):
        return False
    return is_public(page, request)


def public_images(ids, *specs, loaded=()):
    """``{pk: image}`` of the images among ``ids`` outside restricted collections, with
    the renditions of ``specs`` fetched in the same go (two queries in all).

    Images already read (``loaded``: a page's hero image, which ``HomePage.route``
    reads with the page) cost one query: their renditions, read only where the image
    lies outside every restricted collection, so that a row found proves it public.
    Where one of them has no renditions yet (its first showing), or is restricted, the
    two queries decide as above.
    """
    ids = {pk for pk in ids if pk}
    if not ids:
        return {}
    known = {image.pk: image for image in loaded if image is not None and image.pk in ids}
    if specs and set(known) == ids:
        images = _with_public_renditions(known, specs)
        if images is not None:
            return images
    images = visible_images(get_image_model().objects.filter(pk__in=ids))
    return {image.pk: image for image in images.prefetch_renditions(*specs)}


def _with_public_renditions(images, specs):
    """``images`` with their renditions of ``specs`` attached, or None when one of them
    has not every rendition outside restricted collections (one query)."""
    rendition_model = get_image_model().get_rendition_model()
    rows = rendition_model.objects.filter(image_id__in=images, filter_spec__in=specs).exclude(
        collection_restricted_q("image__collection__path")
    )
    by_image = defaultdict(list)
    for rendition in rows:
        by_image[rendition.image_id].append(rendition)
    wanted = set(specs)
    if any({r.filter_spec for r in by_image[pk]} < wanted for pk in images):
        return None
    for pk, image in images.items():
        for rendition in by_image[pk]:
            rendition.image = image
        # Wagtail looks here before its cache and the database (AbstractImage).
        image.prefetched_renditions = by_image[pk]
    return dict(images)


def cached(name, build, *parts):
    """``build()``, kept for the current content generation under ``name`` and ``parts``
    (what else the value depends on: language, host, ...)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"reach:{name}:{generation()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_TIMEOUT)
    return value
