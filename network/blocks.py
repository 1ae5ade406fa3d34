"""StreamField blocks: one body StreamBlock per content family, extended by subclassing.

Every block renders through its own template under ``site/templates/blocks/`` and
controls its own API output: rich text as rendered HTML, images as rendition URLs from
the allow-list in ``network.public.images``, links to pages and snippets as small objects.
"""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .public.visibility import with_visibility
from .references.batch import References


def _references(context):
    """The API batch being serialised (see ``network.references.batch``), or a new one."""
    request = context.get("request") if isinstance(context, dict) else None
    return References.current_or_new(request)


class APIChooserMixin:
    """A chooser whose API value comes from the batch's preloaded, visible objects.

    Inside an API batch, ``bulk_to_python`` takes the objects the batch already
    loaded (so a listing spends no query per StreamField); hidden objects (draft or
    private pages, images and documents in restricted collections) come out as None.
    """

    reference_kind = None

    def bulk_to_python(self, values):
        references = References.current()
        if references is None:
            return super().bulk_to_python(values)
        lookup = getattr(references, self.reference_kind)
        return [lookup(value) if value is not None else None for value in values]

    def get_api_representation(self, value, context=None):
        if value is None:
            return None
        return getattr(_references(context), f"{self.reference_kind}_data")(value)


class APIStreamBlockMixin:
    """A StreamBlock that loads what its whole stream links to at once for the API,
    and leaves out the blocks whose value a visitor may not see (a figure of a
    restricted image, a chosen private page): a ``null`` would tell that one is there."""

    def get_api_representation(self, value, context=None):
        if value is None or References.current() is not None:
            return _shown(super().get_api_representation(value, context))
        references = _references(context)
        references.collect_stream(value)
        references.load()
        with references.activate():
            return _shown(super().get_api_representation(value, context))


def _shown(children):
    if children is None:
        return None
    return [child for child in children if child.get("value") is not None]


class ListBlock(blocks.ListBlock):
    """A list whose API value leaves out the items a visitor may not see: a list of
    hidden links or documents would otherwise come out as ``[null, null]``, telling
    how many there are."""

    def get_api_representation(self, value, context=None):
        items = super().get_api_representation(value, context)
        return [item for item in items if item is not None]


class RichTextBlock(blocks.RichTextBlock):
    """Rich text whose API value is display HTML with resolved links, never stored markup.

    A link to a page or document a visitor cannot see keeps its text and loses its
    target; an embedded image from a restricted collection is left out.
    """

    def get_api_representation(self, value, context=None):
        return _references(context).rich_text(value.source) if value else ""


class PageLinkBlock(APIChooserMixin, blocks.PageChooserBlock):
    """A chosen page; in the API ``{id, title, url, locale}``, in the item's language.

    On the site, each page comes with whether the public may see it
    (``network.public.visibility.with_visibility``), so templates check it without a query.
    """

    reference_kind = "page"

    def bulk_to_python(self, values):
        if References.current() is not None:
            return super().bulk_to_python(values)
        pages = with_visibility(self.model_class.objects.all()).in_bulk(
            [value for value in values if value is not None]
        )
        # A page chosen twice gets two objects, as Wagtail's own chooser gives.
        return [copy.copy(pages[value]) if value in pages else None for value in values]

    def get_api_representation(self, value, context=None):
        if value is None:
            return None
        return _references(context).page_ref(value)


class ImageBlock(APIChooserMixin, ImageChooserBlock):
    """A chosen image; in the API its alt text, credit and allowed renditions."""

    reference_kind = "image"


class DocumentBlock(APIChooserMixin, DocumentChooserBlock):
    """A chosen document; in the API its title, file type and download URL."""

    reference_kind = "document"


class PersonBlock(APIChooserMixin, SnippetChooserBlock):
    """A chosen person (speaker, contact)."""

    reference_kind = "person"

    def __init__(self, **kwargs):
        super().__init__("network.Person", **kwargs)

    def bulk_to_python(self, values):
        references = References.current()
        if references is None:
            return super().bulk_to_python(values)
        return [references.snippet("person", v) if v is not None else None for v in values]


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

    def get_api_representation(self, value, context=None):
        # A figure whose image a visitor may not see is left out as a whole.
        representation = super().get_api_representation(value, context)
        return representation if representation.get("image") else None


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

    def get_api_representation(self, value, context=None):
        """``{text, url, page}``: ``url`` is the page's or the external address; a link
        to a page a visitor may not see has no target and comes out as None."""
        page = self.child_blocks["page"].get_api_representation(value.get("page"), context)
        url = page["url"] if page else value.get("url") or None
        if not url:
            return None
        return {"text": value.get("text") or "", "url": url, "page": page}

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


class FeaturedPagesBlock(APIStreamBlockMixin, blocks.StreamBlock):
    """Pages put forward (a home page's), in the editor's order."""

    page = PageLinkBlock(label=_("Page"))


class SectionContentBlock(APIStreamBlockMixin, blocks.StreamBlock):
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


class BaseBodyBlock(APIStreamBlockMixin, blocks.StreamBlock):
    """The body of most pages; families extend it by subclassing."""

    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="blocks/heading.html"
    )
    paragraph = RichTextBlock(label=_("Paragraph"), template="blocks/paragraph.html")
    image = FigureBlock()
    quote = QuoteBlock()
    key_figures = ListBlock(
        KeyFigureBlock(), label=_("Key figures"), template="blocks/key_figures.html"
    )
    links = ListBlock(LinkBlock(), label=_("Links"), template="blocks/links.html")
    documents = ListBlock(
        DocumentBlock(label=_("Document")),
        label=_("Documents"),
        template="blocks/documents.html",
    )
    people = ListBlock(
        PersonBlock(label=_("Person")), label=_("People"), template="blocks/people.html"
    )
    section = SectionBlock()


class CityBodyBlock(BaseBodyBlock):
    """A city page's body: the common blocks plus a photo gallery."""

    gallery = ListBlock(
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
    speakers = ListBlock(PersonBlock(), required=False, label=_("Speakers"))

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
    sessions = ListBlock(SessionBlock(), label=_("Sessions"))

    class Meta:
        icon = "date"
        label = _("Day")
        template = "blocks/programme_day.html"


class ProgrammeBlock(APIStreamBlockMixin, blocks.StreamBlock):
    """A conference programme: its days, in order."""

    day = ProgrammeDayBlock()


class ResourceItemBlock(APIStreamBlockMixin, blocks.StreamBlock):
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


class SocialLinkBlock(blocks.StructBlock):
    """An account of the network on a social network, for the site's footer."""

    NETWORKS = [
        ("bluesky", "Bluesky"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("linkedin", "LinkedIn"),
        ("mastodon", "Mastodon"),
        ("x", "X"),
        ("youtube", "YouTube"),
    ]

    network = blocks.ChoiceBlock(choices=NETWORKS, label=_("Social network"))
    url = blocks.URLBlock(label=_("Address of the account"))

    class Meta:
        icon = "link"
        label = _("Account")
