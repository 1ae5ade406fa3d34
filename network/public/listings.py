"""Helpers that let a listing show pictures and linked snippets without a query per item.

A loop that queries is a bug (DESIGN.md): a listing of fifty pages must cost what a
listing of ten costs. These helpers do, for a whole list at once, what a template
would otherwise do one item at a time.
"""

from django.db.models import Prefetch

from wagtail.images import get_image_model
from wagtail.models import Page

from modelcluster.queryset import FakeQuerySet

from .images import RENDITION_SPECS
from .visibility import is_visible, is_visible_file, visible_pages


def is_public(page, request=None):
    """Whether a page is visible to the public (``network.visibility``): free for pages
    read through ``with_visibility`` (the chrome's rows), one query for any other."""
    return is_visible(page)


def live_public(queryset, request=None):
    """The pages of ``queryset`` the public may see (``network.visibility``): live, not
    expired, under published ancestors, outside view restrictions. Checked in SQL, so
    it costs no query of its own (``request`` is no longer needed, and ignored).

    Also takes the in-memory relations of a page being previewed (modelcluster's
    ``FakeQuerySet``, which is not a database query): one query checks them all.
    """
    if not hasattr(queryset, "live"):
        objects = list(queryset)
        shown = set(
            visible_pages(Page.objects.filter(pk__in=[obj.pk for obj in objects])).values_list(
                "pk", flat=True
            )
        )
        return FakeQuerySet(queryset.model, [obj for obj in objects if obj.pk in shown])
    return visible_pages(queryset)


def rendition_prefetch(lookup="hero_image", *names):
    """A Prefetch of the named renditions (default: the thumbnail) of an image relation.

    Use with ``select_related(lookup)``: the images come with the pages and their
    renditions in one more query for the whole list.
    """
    rendition_model = get_image_model().get_rendition_model()
    specs = [RENDITION_SPECS[name] for name in names or ["thumbnail"]]
    return Prefetch(
        f"{lookup}__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
    )


def attach_hero_images(pages, *names):
    """Fetch the hero images of pages of mixed types (``.specific()`` results) at once.

    Each page's ``hero_image`` is set from one query, with the named renditions
    prefetched (see ``rendition_prefetch``); pages without the field are left alone.
    """
    pages = list(pages)
    image_ids = {getattr(page, "hero_image_id", None) for page in pages} - {None}
    if not image_ids:
        return pages
    specs = [RENDITION_SPECS[name] for name in names or ["thumbnail"]]
    images = get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(*specs)
    by_id = {image.pk: image for image in images}
    for page in pages:
        if getattr(page, "hero_image_id", None):
            page.hero_image = by_id.get(page.hero_image_id)
    return pages


def attach_renditions(images, *names):
    """Fetch the named renditions (default: thumbnail) of many images in one query.

    For images gathered from several listings (the projects and the news of a page),
    where a ``Prefetch`` per listing would cost a query each.
    """
    images = {image.pk: image for image in images if image is not None}
    if not images:
        return
    specs = [RENDITION_SPECS[name] for name in names or ["thumbnail"]]
    rendition_model = get_image_model().get_rendition_model()
    renditions = {pk: [] for pk in images}
    for rendition in rendition_model.objects.filter(image_id__in=images, filter_spec__in=specs):
        # Its image is at hand: ``{% image %}`` reads it for the alt text.
        rendition.image = images[rendition.image_id]
        renditions[rendition.image_id].append(rendition)
    for pk, image in images.items():
        # Wagtail looks here before its cache and the database (AbstractImage).
        image.prefetched_renditions = renditions[pk]


def mark_public(obj):
    """Note on an image or document read through a query that left out restricted
    collections (``visible_images``) that it is public: :func:`visible` then takes it
    without reading the restricted collections."""
    obj._portal_seen_public = True
    return obj


def visible(obj, request=None):
    """``obj`` if the public may see it, else None: a page (``network.public.visibility``:
    free for pages chosen in blocks, one query for another), an image or a document
    (outside restricted collections: one query per request, none for one that
    :func:`mark_public` marked)."""
    if not obj:
        return None
    if isinstance(obj, Page):
        return obj if is_public(obj) else None
    if getattr(obj, "_portal_seen_public", False):
        return obj
    return obj if is_visible_file(obj, request) else None
