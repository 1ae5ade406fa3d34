"""Clickjacking protection: nothing of the portal may be framed (``X_FRAME_OPTIONS =
"DENY"``), except the Wagtail admin by itself. The admin's preview panel shows the page
being edited in an ``<iframe>`` of the admin's own origin, so admin responses say
``SAMEORIGIN`` instead."""

from django.urls import reverse


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
