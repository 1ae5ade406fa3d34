"""The language switcher's data: where the current page (or view) is in other languages.

A first version: links to the live translations of the page being shown, each
language named in itself (settings.LANGUAGES). Pages that are not Wagtail pages
(search, errors) link to the same view under each language prefix.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Page

from .portal_tags import bcp47, page_language, page_translations

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """``[{code, lang, name, url, current}]`` in the order of settings.LANGUAGES."""
    request = context.get("request")
    page = context.get("page")
    names = dict(settings.LANGUAGES)
    active = get_language()
    if isinstance(page, Page):
        urls = {
            code: translation.get_url(request)
            for code, translation in page_translations(context).items()
        }
        current = page_language(context)
    elif request is not None:
        path = request.get_full_path()
        urls = {code: translate_url(path, code) for code in names}
        current = active
    else:
        return []
    return [
        {
            "code": code,
            "lang": bcp47(code),
            "name": name,
            "url": urls[code],
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
        if urls.get(code)
    ]
