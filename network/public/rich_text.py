"""Rich text on the public site links and embeds only what the public may see.

Wagtail's own handlers turn a stored link into the page's or document's address and an
embedded image into its rendition, whatever the target's state: a link to a draft or a
private page would show its address, an image of a restricted collection its file.
These subclasses (registered in ``network.wagtail_hooks``) keep a hidden link's text
without its target, and leave a hidden image out, as the API does
(``network.api.richtext``). Each still loads all the links of a text in one query.
"""

from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.images.formats import get_image_format
from wagtail.images.rich_text import ImageEmbedHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .visibility import visible_documents, visible_images, visible_pages


def _by_id(objects, attrs_list):
    by_id = {str(obj.pk): obj for obj in objects}
    return [by_id.get(str(attrs.get("id"))) for attrs in attrs_list]


class VisiblePageLinkHandler(PageLinkHandler):
    """A link to a page: its address if the public may see it, else the text alone."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = visible_pages(Page.objects.filter(id__in=_integers(ids)))
        return _by_id(pages.defer_streamfields().specific(), attrs_list)


class VisibleDocumentLinkHandler(DocumentLinkHandler):
    """A link to a document: its address unless its collection is restricted."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = _integers(attrs.get("id") for attrs in attrs_list)
        return _by_id(visible_documents(cls.get_model().objects.filter(id__in=ids)), attrs_list)


class VisibleImageEmbedHandler(ImageEmbedHandler):
    """An embedded image, left out when its collection is restricted."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = _integers(attrs.get("id") for attrs in attrs_list)
        return _by_id(visible_images(cls.get_model().objects.filter(id__in=ids)), attrs_list)

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            get_image_format(attrs.get("format")).image_to_html(image, attrs.get("alt", ""))
            if image is not None
            else ""
            for attrs, image in zip(attrs_list, cls.get_many(attrs_list), strict=True)
        ]


def _integers(values):
    """The ids that are numbers (stored markup may hold anything)."""
    return [int(value) for value in values if str(value).isascii() and str(value).isdigit()]
