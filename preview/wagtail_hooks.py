"""The admin side of headless preview: its URL and a "Preview on front end" page button."""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from .views import preview_on_front_end


@hooks.register("register_admin_urls")
def register_preview_urls():
    return [
        path(
            "preview/front-end/<int:page_id>/",
            preview_on_front_end,
            name="preview_front_end",
        )
    ]


class FrontEndPreviewButton(PageMenuItem):
    """Opens the latest draft of the page in the headless front end."""

    label = _("Preview on front end")
    icon_name = "view"
    url_name = "preview_front_end"
    priority = 25

    def is_shown(self, user):
        configured = getattr(settings, "HEADLESS_PREVIEW_URL", "") or getattr(
            settings, "HEADLESS_PREVIEW_URLS", {}
        )
        permissions = self.page.permissions_for_user(user)
        return bool(configured) and (permissions.can_edit() or permissions.can_publish())


@hooks.register("register_page_header_buttons")
def front_end_preview_button(page, user, view_name, next_url=None):
    yield FrontEndPreviewButton(page=page)
