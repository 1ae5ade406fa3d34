"""The language switcher's data: where the current page (or view) is in other languages.

Every language leads to the same page: its live translation where there is one, else
the address of that page's alias under the language's prefix (``network.i18n.aliases``).
A page written only in a language other than the source one (no source version to
serve as an alias) leads the other languages to their home page.
Views that are not Wagtail pages (search, errors) link to the same view under each
language prefix. The links go through ``choose_language`` (``/i18n/choose/<code>/``),
which remembers the choice in the language cookie and redirects to the page, so the
next visit to ``/`` opens in that language; no JavaScript is involved.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url

from wagtail.models import Page

from .aliases import language_home_url
from .chrome import page_chrome
from .languages import bcp47, language_label


def choose_url(code, url):
    """The address that sets the language cookie to ``code`` and then opens ``url``."""
    return f"{reverse('choose_language', args=[code])}?{urlencode({'next': url})}"


def language_links(request, page):
    """``[{code, lang, name, url, target, current}]`` in the order of settings.LANGUAGES;
    ``target`` is the page's address in that language, ``url`` the link that
    remembers the choice on the way."""
    chrome = page_chrome(request, page)
    if isinstance(page, Page) and chrome.versions:
        targets = {
            code: chrome.versions[code].url if code in chrome.versions else language_home_url(code)
            for code, _name in settings.LANGUAGES
        }
    elif request is not None:
        path = request.get_full_path()
        targets = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    else:
        return []
    return [
        {
            "code": code,
            "lang": bcp47(code),
            "name": language_label(code),
            "target": targets[code],
            "url": choose_url(code, targets[code]),
            "current": code == chrome.language,
        }
        for code, _name in settings.LANGUAGES
        if targets.get(code)
    ]
