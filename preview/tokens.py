"""Preview tokens: signed, timestamped names of a ``PreviewSnapshot``.

A token is ``django.core.signing`` data (salted, HMAC with SECRET_KEY) holding the
snapshot id and its creation time; it is refused after ``HEADLESS_PREVIEW_MAX_AGE``
seconds (default 600) or when a single character has been changed.
"""

import datetime
import logging
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import PreviewSnapshot

SALT = "portal.preview.token"
logger = logging.getLogger(__name__)


class TokenExpired(Exception):
    """The token was genuine but is older than HEADLESS_PREVIEW_MAX_AGE."""


class TokenInvalid(Exception):
    """The token was not made by this portal (forged, altered or truncated)."""


def max_age():
    return int(getattr(settings, "HEADLESS_PREVIEW_MAX_AGE", 600))


def make_snapshot(page, user=None):
    """Store the page as it is now (in memory, unsaved edits included); prune old ones."""
    cutoff = timezone.now() - datetime.timedelta(seconds=max_age() * 2)
    PreviewSnapshot.objects.filter(created_at__lt=cutoff).delete()
    return PreviewSnapshot.objects.create(
        page_id=page.pk,
        content=page.serializable_data(),
        created_by=user if user is not None and user.is_authenticated else None,
    )


def make_token(snapshot):
    return signing.dumps({"snapshot": str(snapshot.pk)}, salt=SALT)


def read_token(token):
    """The snapshot a token names; raises TokenExpired or TokenInvalid."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except signing.BadSignature as error:
        raise TokenInvalid from error
    try:
        return PreviewSnapshot.objects.select_related("page").get(pk=data["snapshot"])
    except (KeyError, TypeError, ValueError, PreviewSnapshot.DoesNotExist) as error:
        # A genuine token whose snapshot was pruned or whose page was deleted.
        raise TokenExpired from error


def front_end_url(page, token):
    """The front end's preview URL for ``page``, or None when none is configured.

    ``HEADLESS_PREVIEW_URLS`` maps a Site's hostname to a URL template and
    ``HEADLESS_PREVIEW_URL`` is the template for every other site. Templates may use
    ``{locale}``, ``{hostname}``, ``{root_url}`` and ``{token}``; without ``{token}``
    the token is added as the ``token`` query parameter.
    """
    site = page.get_site()
    per_site = getattr(settings, "HEADLESS_PREVIEW_URLS", {}) or {}
    template = (per_site.get(site.hostname) if site else None) or getattr(
        settings, "HEADLESS_PREVIEW_URL", ""
    )
    if not template:
        return None
    values = {
        "locale": page.locale.language_code,
        "hostname": site.hostname if site else "",
        "root_url": site.root_url if site else "",
        "token": token,
    }
    try:
        url = template.format(**values)
    except (KeyError, IndexError, ValueError):
        logger.warning("HEADLESS_PREVIEW_URL(S) has an unknown placeholder: %s", template)
        return None
    if "{token}" in template:
        return url
    scheme, netloc, path, query, fragment = urlsplit(url)
    query = "&".join(part for part in (query, urlencode({"token": token})) if part)
    return urlunsplit((scheme, netloc, path, query, fragment))
