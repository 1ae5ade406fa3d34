"""Admin wiring of the translators' workflow.

* wagtail-localize's endpoints are answered by the portal's narrowed views at the same
  URLs (registered before wagtail-localize's, so they match first);
* guards keep translators to translations in their own locales, for pages and
  snippets, whatever view they come through (edit, unpublish, delete, bulk actions);
* the snippet listing hides the edit and delete buttons a translator cannot use;
* the translation status report under Reports, and a backlog panel on translators'
  dashboards, with their background submissions;
* the translation editor gets the workbench (memory matches, glossary terms, the
  page's future address: ``workbench.py``) and its Publish is the portal's
  (``publish_translation``: glossary warning, slug kept, history);
* the Translation menu (glossary, translation memory) and the translators' actions in
  the history (``audit.py``).
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, PageLogEntry, TranslatableMixin
from wagtail_localize.models import Translation, TranslationLog
from wagtail_localize.views import edit_translation

from ..i18n.languages import language_in_sentence
from . import audit, views, workbench
from .glossary import missing_terms_of_translation
from .operations import keep_published_slug
from .permissions import (
    may_change_snippet,
    snippet_locale_out_of_reach,
    translator_locale_ids,
    translator_may_change_page,
)
from .report import (
    SubmissionsPanel,
    TranslationBacklogPanel,
    TranslationStatusView,
    may_see_report,
)
from .status import source_changed_since_sync
from .viewsets import TranslationViewSetGroup


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
        path(
            "translation/workbench/<int:translation_id>/",
            workbench.workbench_data,
            name="translation_workbench",
        ),
        path(
            "translation/workbench/<int:translation_id>/use/",
            workbench.use_match,
            name="translation_workbench_use",
        ),
        path(
            "translation/submissions/<int:pk>/",
            views.SubmissionJobView.as_view(),
            name="translation_submission_job",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_translation_menu():
    return TranslationViewSetGroup()


@hooks.register("register_log_actions")
def register_translation_log_actions(actions):
    audit.register_actions(actions)


@hooks.register("insert_editor_js")
def translation_workbench_js():
    return workbench.editor_script_tags()


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
        % {"language": language_in_sentence(translation.source.locale.language_code)},
        buttons=[messages.button(f"{sync_url}?next={request.path}", _("Sync translations"))],
    )


def _glossary_warning(problems):
    listed = "; ".join(
        f"{label}: " + ", ".join(f"“{term.source_term}” → “{term.target_term}”" for term in terms)
        for label, terms in problems
    )
    return _("Published without the glossary's required translations: %(list)s") % {"list": listed}


def publish_translation(request, instance):
    """The translation editor's Publish, through wagtail-localize's own view, with the
    portal's rules: a published page keeps its slug unless a translator changed it,
    the glossary's missing terms are listed, the history says who published."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )
    if translation is None:
        return None
    started = timezone.now()
    logs = TranslationLog.objects.filter(
        source=translation.source, locale=translation.target_locale
    )
    before = logs.count()
    if isinstance(instance, Page):
        keep_published_slug(translation, instance)
    response = edit_translation.edit_translation(request, translation, instance)
    if logs.count() == before:
        return response  # not published (validation errors are in the messages)
    if problems := missing_terms_of_translation(translation):
        messages.warning(request, _glossary_warning(problems))
    if isinstance(instance, Page):
        user = request.user

        def publisher():
            # wagtail-localize publishes on commit, maybe outside this request's log context.
            PageLogEntry.objects.filter(
                page_id=instance.pk,
                action="wagtail.publish",
                user__isnull=True,
                timestamp__gte=started,
            ).update(user=user)

        transaction.on_commit(publisher)
    else:
        audit.record(instance, audit.PUBLISHED, request.user)
    return response


@hooks.register("before_edit_page", order=-10)
def guard_and_inform_page_translators(request, page):
    # Ordered before wagtail-localize's before_edit_page, which renders its editor.
    _refuse_source_page(request, page)
    _warn_if_outdated(request, page)
    return publish_translation(request, page)


hooks.register("before_unpublish_page", _refuse_source_page, order=-10)


@hooks.register("before_edit_snippet", order=-10)
def refuse_snippet_of_another_locale(request, instance):
    if not may_change_snippet(request.user, instance):
        raise PermissionDenied
    if isinstance(instance, TranslatableMixin):
        _warn_if_outdated(request, instance)
        return publish_translation(request, instance)
    return None


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
        gettext_lazy("Translation status"),
        reverse("translation_status_report"),
        name="translation-status",
        icon_name="site",
        order=8900,
    )


@hooks.register("construct_homepage_panels")
def add_translation_backlog_panel(request, panels):
    if translator_locale_ids(request.user):
        panels.append(TranslationBacklogPanel(request))
    submissions = SubmissionsPanel(request)
    if submissions.jobs:
        panels.append(submissions)
