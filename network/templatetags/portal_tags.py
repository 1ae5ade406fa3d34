"""The public site's own template tags: the page chrome (``network.i18n.chrome``), the
footer (``network.models.site``) and the formats of dates, deadlines and amounts
(``network.public.formats``)."""

from django import template
from django.apps import apps
from django.conf import settings

from wagtail.models import Page

from network.blocks import SessionBlock
from network.i18n import chrome
from network.i18n.languages import bcp47
from network.models.site import site_footer as footer_of
from network.public import formats, listings

register = template.Library()

register.filter("deadline", formats.deadline)
register.filter("date_range", formats.date_range)
register.filter("euros", formats.euros)
register.simple_tag(formats.time_zone_name, name="time_zone_name")


@register.simple_tag(takes_context=True)
def page_chrome(context):
    """Home, menu, breadcrumb, language versions and alias notice of the page shown."""
    return chrome.page_chrome(context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def section_page(context, model_label):
    """The section index of a type (``"network.CityIndexPage"``) under the locale's home."""
    return chrome.section_page(
        page_chrome(context), apps.get_model(model_label), context.get("request")
    )


@register.simple_tag(takes_context=True)
def html_lang(context):
    """The lang attribute of the document: the page's locale (the visitor's language for
    an alias), else the active language."""
    return bcp47(page_chrome(context).language)


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer's words and contact details as the Secretariat set them (see
    ``network.models.site``); None outside a site."""
    return footer_of(context.get("request"))


@register.filter
def visible(obj, request=None):
    """``obj`` if the public may see it, else None (``network.public.listings.visible``)."""
    return listings.visible(obj, request or None)


@register.simple_tag(takes_context=True)
def public(context, obj):
    """``{% public obj as shown %}``: ``obj`` if the public may see it, else None; for
    blocks, which may be rendered without a request (``render_as_block()``)."""
    return listings.visible(obj, context.get("request"))


@register.simple_tag(takes_context=True)
def card_image(context, item):
    """The picture of a listing's card: its page's hero image, unless the card is
    ``text_only`` or the image is in a restricted collection."""
    if context.get("text_only") or not getattr(item, "hero_image_id", None):
        return None
    return listings.visible(item.hero_image, context.get("request"))


@register.simple_tag
def site_name():
    """The portal's name in the active language."""
    return str(settings.WAGTAIL_SITE_NAME)


@register.filter
def session_kind(value):
    """The label of a programme session's kind (plenary, workshop, ...)."""
    return dict(SessionBlock.KINDS).get(value, "")


@register.filter
def verbose_name(page):
    """The kind of a page in words (“Project”, “News item”), for listings and results."""
    return page.specific_class._meta.verbose_name if isinstance(page, Page) else ""


@register.filter
def language_name(code):
    """A language's name in itself (``settings.LANGUAGES``) from its code or BCP 47 tag
    (``en``, ``pt-BR``): the label of an item shown in its source language."""
    names = {bcp47(key).lower(): name for key, name in settings.LANGUAGES}
    return names.get(str(code).lower(), code)
