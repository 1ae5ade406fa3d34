"""The "Front end" preview mode every portal page offers."""

from django.utils.translation import gettext_lazy as _

from .views import headless_preview_response


class HeadlessPreviewMixin:
    """Adds a "Front end" preview mode that opens the draft in the headless front end.

    Mix it in before ``Page``. Wagtail's own preview (the site's templates) stays the
    default mode; the front end receives ``?token=...`` and reads the draft from
    ``GET /api/v3/preview/?token=...``.
    """

    HEADLESS_PREVIEW_MODE = "headless"

    @property
    def preview_modes(self):
        return [*super().preview_modes, (self.HEADLESS_PREVIEW_MODE, _("Front end"))]

    def serve_preview(self, request, mode_name):
        if mode_name != self.HEADLESS_PREVIEW_MODE:
            return super().serve_preview(request, mode_name)
        return headless_preview_response(request, self)
