"""Sending an editor to the front end's preview of a page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from wagtail.models import Page

from .tokens import front_end_url, make_snapshot, make_token


def headless_preview_response(request, page):
    """Redirect to the front end's preview of ``page`` as it is in memory (unsaved edits
    included), or explain why that cannot be done."""
    if page.pk is None:
        return _message(
            request, _("Save a draft of this new page first, then preview it on the front end.")
        )
    snapshot = make_snapshot(page, getattr(request, "user", None))
    url = front_end_url(page, make_token(snapshot))
    if url is None:
        return _message(
            request,
            _(
                "No front end is configured for previews of this site: set "
                "HEADLESS_PREVIEW_URL (or HEADLESS_PREVIEW_URLS per site)."
            ),
        )
    return HttpResponseRedirect(url)


def preview_on_front_end(request, page_id):
    """The page header's "Preview on front end": the latest draft, saved or published.

    Mounted under /admin/, so Wagtail's admin access check runs first."""
    page = get_object_or_404(Page, pk=page_id)
    permissions = page.permissions_for_user(request.user)
    if not (permissions.can_edit() or permissions.can_publish()):
        raise PermissionDenied
    return headless_preview_response(request, page.get_latest_revision_as_object())


def _message(request, message):
    return render(request, "preview/message.html", {"message": message}, status=200)
