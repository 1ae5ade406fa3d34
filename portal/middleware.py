"""Clickjacking protection and the Content-Security-Policy.

Nothing of the portal may be framed (``X_FRAME_OPTIONS = "DENY"``, CSP
``frame-ancestors 'none'``), except the Wagtail admin by itself. The admin's preview
panel shows the page being edited in an ``<iframe>`` of the admin's own origin, so
admin responses say ``SAMEORIGIN`` instead.

Every response carries the policy of ``CONTENT_SECURITY_POLICY`` (portal/settings):
scripts, styles, images, fonts and connections from the portal's own origin only (plus
the media and static hosts when they are elsewhere), no plugin, no framing. The admin
gets what it needs on top (``PortalCSPMiddleware``).
"""

from django.urls import reverse

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware


class AdminFrameOptionsMiddleware:
    """Let the admin frame its own pages (live preview); listed after Django's
    ``XFrameOptionsMiddleware`` so it sees the response first, and that middleware keeps
    the header it finds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self.admin_prefix):
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's allowances under ``/admin/`` only
    (and for the admin's previews, which Wagtail renders through the middleware as a
    dummy request for the page's own address).

    Wagtail 8's admin and wagtail-localize's translation editor still write inline
    ``<script>`` elements whose content varies (widgets' settings, the editor's
    start-up), and set ``style`` attributes and ``<style>`` elements (Draftail, the
    React editor): no nonce or hash can name them, so the admin's ``script-src`` and
    ``style-src`` allow ``'unsafe-inline'`` (a nonce would switch that off, so the admin
    has none). The admin frames its own preview: its ``frame-ancestors`` is ``'self'``.
    The public site and the API keep the strict policy of the settings.
    """

    admin_prefix = None

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self.admin_prefix) or getattr(request, "is_dummy", False):
            parts.replace = {
                **(parts.replace or {}),
                "script-src": [SELF, UNSAFE_INLINE],
                "style-src": [SELF, UNSAFE_INLINE],
                "frame-ancestors": [SELF],
            }
        return parts
