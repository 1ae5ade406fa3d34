"""The link preview and structured data of the page shown (``network.reach``).

``{% reach_meta as reach %}`` gives ``{"social": {...}, "json_ld": "..."}`` for a public
page, ``reach_meta`` from the context for a view that sets it (the numbers page), and
nothing for previews, restricted, draft or expired pages. A page's values are computed
once per content generation and language (``network.reach.public.cached``), so a page
served again costs no query for them.
"""

from django import template
from django.utils.translation import get_language

from wagtail.models import Page

from network.reach.public import cached, page_is_public
from network.reach.social import page_social
from network.reach.structured_data import page_structured_data

from .portal_tags import page_chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def reach_meta(context):
    request = context.get("request")
    if request is None:
        return None
    if "reach_meta" in context:
        return context["reach_meta"]
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk or getattr(request, "is_preview", False):
        return None
    chrome = page_chrome(context)

    def build():
        if not page_is_public(page, request):
            return {}
        social = page_social(page, request, chrome, context)
        json_ld = page_structured_data(page, request, chrome, context, social)
        return {"social": social, "json_ld": json_ld}

    key = (page.pk, get_language(), request.scheme, request.get_host(), bool(chrome.alias))
    return cached("page", build, *key) or None
