"""StreamField blocks: one body StreamBlock per content family, extended by subclassing.

Every block renders through its own template under ``site/templates/blocks/`` and
controls its own API output: rich text as rendered HTML, images as rendition URLs from
the allow-list in ``network.images``, links to pages and snippets as small objects.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html
from wagtail.snippets.blocks import SnippetChooserBlock

from .images import image_representation


def page_reference(page):
    """A linked page as other channels want it: ``{id, title, url, locale}``."""
    if page is None:
        return None
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.get_url(),
        "locale": page.locale.language_code,
    }


class RichTextBlock(blocks.RichTextBlock):
    """Rich text whose API value is display HTML with resolved links, never stored markup."""

    def get_api_representation(self, value, context=None):
        return expand_db_html(value.source) if value else ""


class PageLinkBlock(blocks.PageChooserBlock):
    """A chosen page; in the API an object with its id, title, url and locale."""

    def get_api_representation(self, value, context=None):
        return page_reference(value)


class ImageBlock(ImageChooserBlock):
    """A chosen image; in the API its alt text, credit and allowed renditions."""

    def get_api_representation(self, value, context=None):
        return image_representation(value)


class DocumentBlock(DocumentChooserBlock):
    """A chosen document; in the API its title, file type and download URL."""

    def get_api_representation(self, value, context=None):
        if value is None:
            return None
        return {
            "id": value.pk,
            "title": value.title,
            "url": value.url,
            "type": value.file_extension,
        }


class PersonBlock(SnippetChooserBlock):
    """A chosen person (speaker, contact)."""

    def __init__(self, **kwargs):
        super().__init__("network.Person", **kwargs)

    def get_api_representation(self, value, context=None):
        if value is None:
            return None
        return {"id": value.pk, "name": value.name, "role": value.role}


class FigureBlock(blocks.StructBlock):
    """An image with its caption; alt text falls back to the image's own description."""

    image = ImageBlock()
    alt_text = blocks.CharBlock(
        required=False,
        label=_("Alt text"),
        help_text=_(
            "Describe the image for people who cannot see it; "
            "leave empty to use the image's own description."
        ),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation and who said it."""

    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"


class KeyFigureBlock(blocks.StructBlock):
    """A number that tells the story (“1,200 jobs”, “35 km of cycle lanes”)."""

    value = blocks.CharBlock(label=_("Figure"), max_length=30)
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)

    class Meta:
        icon = "order"
        label = _("Key figure")


class LinkBlock(blocks.StructBlock):
    """A link to a page of the portal or to another site, with its own text."""

    page = PageLinkBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("Or an address on another site"))
    text = blocks.CharBlock(required=False, label=_("Link text"))

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter an address, not both and not neither.")
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(message),
                    "url": ValidationError(message),
                }
            )
        return value


class SectionContentBlock(blocks.StreamBlock):
    """What a section holds: text, images and quotes."""

    paragraph = RichTextBlock(label=_("Paragraph"))
    image = FigureBlock()
    quote = QuoteBlock()


class SectionBlock(blocks.StructBlock):
    """A titled section holding its own stream of blocks (a nested StreamBlock)."""

    heading = blocks.CharBlock(label=_("Heading"))
    content = SectionContentBlock(label=_("Content"))

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "blocks/section.html"


class BaseBodyBlock(blocks.StreamBlock):
    """The body of most pages; families extend it by subclassing."""

    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="blocks/heading.html"
    )
    paragraph = RichTextBlock(label=_("Paragraph"), template="blocks/paragraph.html")
    image = FigureBlock()
    quote = QuoteBlock()
    key_figures = blocks.ListBlock(
        KeyFigureBlock(), label=_("Key figures"), template="blocks/key_figures.html"
    )
    links = blocks.ListBlock(LinkBlock(), label=_("Links"), template="blocks/links.html")
    documents = blocks.ListBlock(
        DocumentBlock(label=_("Document")),
        label=_("Documents"),
        template="blocks/documents.html",
    )
    people = blocks.ListBlock(
        PersonBlock(label=_("Person")), label=_("People"), template="blocks/people.html"
    )
    section = SectionBlock()


class CityBodyBlock(BaseBodyBlock):
    """A city page's body: the common blocks plus a photo gallery."""

    gallery = blocks.ListBlock(
        ImageBlock(label=_("Image")), label=_("Gallery"), template="blocks/gallery.html"
    )


class SessionBlock(blocks.StructBlock):
    """One session of a conference programme."""

    KINDS = [
        ("plenary", _("Plenary")),
        ("workshop", _("Workshop")),
        ("visit", _("Site visit")),
        ("break", _("Break")),
    ]

    starts = blocks.TimeBlock(label=_("Starts"))
    ends = blocks.TimeBlock(label=_("Ends"), required=False)
    title = blocks.CharBlock(label=_("Title"))
    kind = blocks.ChoiceBlock(choices=KINDS, default="plenary", label=_("Kind"))
    room = blocks.CharBlock(required=False, label=_("Room"))
    description = RichTextBlock(
        required=False, label=_("Description"), features=["bold", "italic", "link"]
    )
    speakers = blocks.ListBlock(PersonBlock(), required=False, label=_("Speakers"))

    class Meta:
        icon = "time"
        label = _("Session")

    def clean(self, value):
        value = super().clean(value)
        if value.get("ends") and value["ends"] <= value["starts"]:
            raise StructBlockValidationError(
                block_errors={"ends": ValidationError(_("A session ends after it starts."))}
            )
        return value


class ProgrammeDayBlock(blocks.StructBlock):
    """A day of a conference and its sessions."""

    date = blocks.DateBlock(label=_("Date"))
    title = blocks.CharBlock(required=False, label=_("Title of the day"))
    sessions = blocks.ListBlock(SessionBlock(), label=_("Sessions"))

    class Meta:
        icon = "date"
        label = _("Day")
        template = "blocks/programme_day.html"


class ProgrammeBlock(blocks.StreamBlock):
    """A conference programme: its days, in order."""

    day = ProgrammeDayBlock()


class ResourceItemBlock(blocks.StreamBlock):
    """The documents and links a resource page offers."""

    document = blocks.StructBlock(
        [
            ("document", DocumentBlock(label=_("Document"))),
            ("description", blocks.TextBlock(required=False, label=_("Description"))),
        ],
        icon="doc-full",
        label=_("Document"),
        template="blocks/resource_document.html",
    )
    link = blocks.StructBlock(
        [
            ("link", LinkBlock()),
            ("description", blocks.TextBlock(required=False, label=_("Description"))),
        ],
        icon="link",
        label=_("Link"),
        template="blocks/resource_link.html",
    )
