"""Helpers that let a listing show pictures and linked snippets without a query per item.

A loop that queries is a bug (DESIGN.md): a listing of fifty pages must cost what a
listing of ten costs. These helpers do, for a whole list at once, what a template
would otherwise do one item at a time.
"""

from django.db.models import Prefetch, Q

from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from modelcluster.queryset import FakeQuerySet

from .images import RENDITION_SPECS


def private_paths(request=None):
    """Tree paths of the pages that carry a view restriction, read once per request.

    Wagtail's ``.public()`` reads every view restriction each time it is called; a
    page showing five listings would read them five times. The paths are kept on the
    request, so one request reads them once (and never sees another request's).
    """
    if request is not None and hasattr(request, "_portal_private_paths"):
        return request._portal_private_paths
    paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    if request is not None:
        request._portal_private_paths = paths
    return paths


def private_q(request=None):
    """The Q of pages in private sections (as Wagtail's ``PageQuerySet.private_q``)."""
    q = Q()
    for path in private_paths(request):
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def is_public(page, request=None):
    """Whether a page is outside every private section."""
    return not any(page.path.startswith(path) for path in private_paths(request))


def live_public(queryset, request=None):
    """``queryset.live().public()``, with the view restrictions read once per request.

    Also takes the in-memory relations of a page being previewed (modelcluster's
    ``FakeQuerySet``, which has no ``live()``).
    """
    if not hasattr(queryset, "live"):
        shown = [obj for obj in queryset if obj.live and is_public(obj, request)]
        return FakeQuerySet(queryset.model, shown)
    return queryset.live().exclude(private_q(request))


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
        renditions[rendition.image_id].append(rendition)
    for pk, image in images.items():
        # Wagtail looks here before its cache and the database (AbstractImage).
        image.prefetched_renditions = renditions[pk]
