"""Admin wiring of the translators' workflow.

* wagtail-localize's endpoints are answered by the portal's narrowed views at the same
  URLs (registered before wagtail-localize's, so they match first);
* guards keep translators to translations in their own locales, for pages and
  snippets, whatever view they come through (edit, unpublish, delete, bulk actions);
* the snippet listing hides the edit and delete buttons a translator cannot use;
* the translation status report under Reports, and a backlog panel on translators'
  dashboards.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.models import Translation

from . import views
from .permissions import (
    may_change_snippet,
    snippet_locale_out_of_reach,
    translator_locale_ids,
    translator_may_change_page,
)
from .report import TranslationBacklogPanel, TranslationStatusView, may_see_report
from .status import source_changed_since_sync


@hooks.register("register_admin_urls", order=-10)
def register_admin_urls():
    """The same paths as wagtail-localize's (under /admin/localize/), matched first."""
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            views.SubmitPageTranslationView.as_view(),
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            views.SubmitSnippetTranslationView.as_view(),
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            views.UpdateTranslationsView.as_view(),
        ),
        path(
            "localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
            views.edit_string_translation,
        ),
        path(
            "localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
            views.edit_override,
        ),
        path("localize/translate/<int:translation_id>/pofile/download/", views.download_pofile),
        path("localize/translate/<int:translation_id>/pofile/upload/", views.upload_pofile),
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            views.machine_translate,
        ),
        path("localize/translate/<int:translation_id>/preview/", views.preview_translation),
        path(
            "localize/translate/<int:translation_id>/preview/<str:mode>/",
            views.preview_translation,
        ),
        path("localize/translate/<int:translation_id>/disable/", views.stop_translation),
        path(
            "reports/translation-status/",
            TranslationStatusView.as_view(),
            name="translation_status_report",
        ),
    ]


def _refuse_source_page(request, page):
    if not translator_may_change_page(request.user, page):
        raise PermissionDenied


def _warn_if_outdated(request, instance):
    """Say so in the translation editor when the source changed since the last sync."""
    if request.method != "GET":
        return
    translation = (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .select_related("source", "source__locale")
        .first()
    )
    if translation is None or not source_changed_since_sync(translation.source):
        return
    sync_url = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    messages.warning(
        request,
        _(
            "The %(language)s source has changed since this translation was last synced: "
            "sync to bring in the new and changed text."
        )
        % {"language": translation.source.locale.get_display_name()},
        buttons=[messages.button(f"{sync_url}?next={request.path}", _("Sync translations"))],
    )


@hooks.register("before_edit_page", order=-10)
def guard_and_inform_page_translators(request, page):
    # Ordered before wagtail-localize's before_edit_page, which renders its editor.
    _refuse_source_page(request, page)
    _warn_if_outdated(request, page)


hooks.register("before_unpublish_page", _refuse_source_page, order=-10)


@hooks.register("before_edit_snippet", order=-10)
def refuse_snippet_of_another_locale(request, instance):
    if not may_change_snippet(request.user, instance):
        raise PermissionDenied
    if isinstance(instance, TranslatableMixin):
        _warn_if_outdated(request, instance)


@hooks.register("before_delete_snippet", order=-10)
def refuse_deleting_snippets_of_another_locale(request, instances):
    if not all(may_change_snippet(request.user, instance) for instance in instances):
        raise PermissionDenied


@hooks.register("before_bulk_action", order=-10)
def refuse_bulk_actions_on_source_content(request, action_type, objects, action_class_instance):
    for obj in objects:
        if isinstance(obj, Page):
            if not translator_may_change_page(request.user, obj):
                raise PermissionDenied
        elif not may_change_snippet(request.user, obj):
            raise PermissionDenied


@hooks.register("construct_snippet_listing_buttons")
def hide_snippet_buttons_of_other_locales(buttons, snippet, user):
    if not snippet_locale_out_of_reach(user, snippet):
        return
    viewset = snippet.snippet_viewset
    pk = quote(snippet.pk)
    blocked = {reverse(viewset.get_url_name(name), args=[pk]) for name in ("edit", "delete")}
    buttons[:] = [button for button in buttons if getattr(button, "url", None) not in blocked]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("translation_status_report"),
        name="translation-status",
        icon_name="site",
        order=8900,
    )


@hooks.register("construct_homepage_panels")
def add_translation_backlog_panel(request, panels):
    if translator_locale_ids(request.user):
        panels.append(TranslationBacklogPanel(request))
