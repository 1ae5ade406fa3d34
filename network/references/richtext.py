"""Rich text for the API: Wagtail's stored HTML rewritten to display HTML.

Links and embeds are resolved from a ``References`` batch (no query per link), so
only what a visitor may see gets a target: a link to a draft, private or expired
page, or to a document in a restricted collection, keeps its text and loses its
``href``; an image from a restricted collection is left out; other images use the
allow-listed "medium" rendition. Every other link or embed type is expanded by
Wagtail's own handlers.
"""

from django.utils.html import escape

from wagtail.rich_text import features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter


def expand(html, references):
    """``html`` (Wagtail's stored format) as display HTML, resolved by ``references``."""
    link_rules = {
        linktype: handler.expand_db_attributes_many
        for linktype, handler in features.get_link_types().items()
    }
    link_rules.update(
        page=lambda attrs_list: _page_links(attrs_list, references),
        document=lambda attrs_list: _document_links(attrs_list, references),
    )
    embed_rules = {
        embedtype: handler.expand_db_attributes_many
        for embedtype, handler in features.get_embed_types().items()
    }
    embed_rules["image"] = lambda attrs_list: _image_embeds(attrs_list, references)
    rewriter = MultiRuleRewriter(
        [LinkRewriter(bulk_rules=link_rules), EmbedRewriter(bulk_rules=embed_rules)]
    )
    return rewriter(html)


def _link(url):
    # A link to something hidden keeps its text and loses its target.
    return f'<a href="{escape(url)}">' if url else "<a>"


def _page_links(attrs_list, references):
    return [_link(references.page_url(references.page(attrs.get("id")))) for attrs in attrs_list]


def _document_links(attrs_list, references):
    tags = []
    for attrs in attrs_list:
        document = references.document(attrs.get("id"))
        tags.append(_link(references.absolute(document.url) if document else None))
    return tags


def _image_embeds(attrs_list, references):
    tags = []
    for attrs in attrs_list:
        image = references.image(attrs.get("id"))
        if image is None:
            tags.append("")
            continue
        rendition = references.rendition(image, "medium")
        src = escape(references.absolute(rendition.url))
        alt = escape(attrs.get("alt") or image.default_alt_text)
        tags.append(
            f'<img src="{src}" width="{rendition.width}" height="{rendition.height}" alt="{alt}">'
        )
    return tags
