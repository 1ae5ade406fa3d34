"""Locale rows by language code, kept in each process.

Every page request asks Wagtail for the active locale (``Locale.get_active()``, through
``Page.localized`` when the site root is routed, and the chrome's own look-ups): one
query for a row that holds two facts, an id and a language code, which never change
with content. :func:`install` makes ``Locale.objects.get_for_language`` answer from a
dictionary of the process, filled on first use of each language.

Kept for ``LOCALE_CACHE_TTL`` seconds (default 300) at most, and emptied in this
process at once when a locale is saved or deleted (other processes see the change
within the TTL; a locale is added or removed when a language is, an operator's
change). Only rows that exist are kept: a language without a locale still asks the
database, and still raises ``Locale.DoesNotExist``. Each caller gets its own copy
of the row, so nothing set on it leaks into another request.
"""

import copy
import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

_lock = threading.Lock()
_rows = {}  # language code -> (expires at, Locale)
_original = LocaleManager.get_for_language


def ttl():
    return getattr(settings, "LOCALE_CACHE_TTL", 300)


def clear(**kwargs):
    """Forget every kept locale (on a locale's save or delete; between tests)."""
    with _lock:
        _rows.clear()


def get_for_language(manager, language_code):
    """``Locale.objects.get_for_language`` answered from the process's rows."""
    if manager.model is not Locale:
        return _original(manager, language_code)
    code = get_supported_content_language_variant(language_code)
    now = time.monotonic()
    kept = _rows.get(code)
    if kept is None or kept[0] <= now:
        locale = manager.get(language_code=code)
        with _lock:
            _rows[code] = (now + ttl(), locale)
        kept = _rows[code]
    return copy.copy(kept[1])


def install():
    """Answer locale look-ups by language code from the process (see the module)."""
    LocaleManager.get_for_language = get_for_language
    for signal in (post_save, post_delete):
        signal.connect(clear, sender=Locale, dispatch_uid=f"network-locales-{id(signal)}")
