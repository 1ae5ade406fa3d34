"""wagtail-localize's admin views, narrowed to the portal's rules.

They answer at wagtail-localize's own URLs (``wagtail_hooks.register_admin_urls``
registers them first), so its editor, buttons and links reach them unchanged:

* submitting offers only the locales the user may translate into;
* syncing never publishes (the "Publish immediately" option is gone) and machine-
  translates only the user's own locales;
* string edits, overrides, PO downloads, machine translation, previews and stopping a
  translation check the translation's locale for snippets too (wagtail-localize checks
  the model-wide snippet permission only);
* a PO upload is checked in full before anything is imported (``po.py``), and its
  message counts the translations it changed;
* a machine translator that fails (DeepL down, quota used up) answers with a message;
* submitting may pre-fill exact memory matches; a subtree is prepared in the background
  (``jobs.py``) with its progress on ``SubmissionJobView``;
* what translators do is written in the history of the translated page or snippet
  (``audit.py``): segments edited, machine translation, PO imports, syncs.
"""

import contextlib
import functools
import logging

from django import forms
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, Translation
from wagtail_localize.views import edit_translation, submit_translations, update_translations

from . import audit, operations
from .background import start_subtree_job
from .machine import MachineTranslationError
from .models import SubmissionJob
from .paths import describe_context
from .permissions import (
    may_edit_translation,
    may_translate_into,
    translatable_locales,
)
from .po import POFileRefused, read_po_upload
from .submission import submit
from .synchronisation import empty_emptied_links

logger = logging.getLogger(__name__)


class LocaleLimitedSubmitMixin:
    """Offer only the locales the user may translate into (the only one ticked already),
    and the memory pre-fill; submit with the portal's creator, the subtree as a
    background job."""

    def get_form(self):
        form = super().get_form()
        field = form.fields["locales"]
        field.queryset = field.queryset.filter(pk__in=translatable_locales(self.request.user))
        locales = list(field.queryset)
        if len(locales) < 2:
            form.fields["select_all"].widget = form.fields["select_all"].hidden_widget()
        if len(locales) == 1 and not form.is_bound:
            form.initial["locales"] = [locales[0].pk]
        if not locales:
            field.help_text = _(
                "There is no language left that you may translate this into: it exists "
                "already in your languages, or you translate into none."
            )
        form.fields["prefill_from_memory"] = forms.BooleanField(
            required=False,
            label=gettext_lazy("Pre-fill from the translation memory"),
            help_text=gettext_lazy(
                "Fill in the text that was translated and reviewed before, word for word. "
                "It stays marked as not reviewed until a translator saves it."
            ),
        )
        return form

    @transaction.atomic
    def form_valid(self, form):
        locales = list(form.cleaned_data["locales"])
        user = self.request.user
        prefill = form.cleaned_data.get("prefill_from_memory", False)
        creator = submit(self.object, locales, user, prefill=prefill)
        self.components.save(creator, sources_and_translations=creator.mappings)
        job = None
        if isinstance(self.object, Page) and form.cleaned_data.get("include_subtree"):
            job = start_subtree_job(self.object, locales, user, prefill=prefill)

        single = self.object.get_translation(locales[0]) if len(locales) == 1 else None
        label = locales[0].get_display_name() if single else _("{} locales").format(len(locales))
        messages.success(self.request, self.get_success_message(label))
        if job is not None:
            messages.info(
                self.request,
                _("The %(count)s pages under it are being prepared in the background.")
                % {"count": job.total},
                buttons=[
                    messages.button(
                        reverse("translation_submission_job", args=[job.pk]), _("Follow")
                    )
                ],
            )
            return redirect("translation_submission_job", job.pk)
        return redirect(self.get_success_url() or self.get_default_success_url(single))


class SubmitPageTranslationView(
    LocaleLimitedSubmitMixin, submit_translations.SubmitPageTranslationView
):
    """wagtail-localize's "Translate this page", limited to the user's locales."""


class SubmitSnippetTranslationView(
    LocaleLimitedSubmitMixin, submit_translations.SubmitSnippetTranslationView
):
    """wagtail-localize's "Translate" for snippets, limited to the user's locales."""


class UpdateTranslationsForm(update_translations.UpdateTranslationsForm):
    """The sync form without "Publish immediately": syncing never publishes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["publish_translations"]
        if "use_machine_translation" in self.fields:
            self.fields["use_machine_translation"].help_text = gettext_lazy(
                "Machine-translate the new and changed text into the languages you "
                "translate. Nothing is published: translations stay drafts until someone "
                "publishes them in their language."
            )


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Sync ("update translations"): bring the source's new and changed text to its
    translations. Never publishes; machine-translates only the user's locales."""

    def get_form(self):
        if self.request.method == "POST":
            return UpdateTranslationsForm(self.request.POST)
        return UpdateTranslationsForm()

    def my_translations(self):
        """The enabled translations in the languages the user translates into."""
        return [
            translation
            for translation in self.object.translations.filter(enabled=True).select_related(
                "source", "source__locale", "target_locale"
            )
            if may_translate_into(self.request.user, translation.target_locale)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = {translation.target_locale_id for translation in self.my_translations()}
        context["translations"] = [t for t in context["translations"] if t["locale"].pk in mine]
        return context

    def dispatch(self, request, *args, **kwargs):
        source = get_object_or_404(
            update_translations.TranslationSource, id=kwargs["translation_source_id"]
        )
        translations = source.translations.select_related("target_locale")
        if request.user.is_authenticated and not any(
            may_translate_into(request.user, t.target_locale) for t in translations
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        # The source's text is one for all its languages: refreshing it shows the new
        # text to every language's translators; the rest is done in the user's only.
        self.object.update_from_db()
        mine = self.my_translations()
        user = self.request.user
        for translation in mine:
            audit.record(
                translation.get_target_instance(),
                audit.SYNCED,
                user,
                language_code=translation.source.locale.language_code,
            )
        if form.cleaned_data.get("use_machine_translation"):
            translator = get_machine_translator()
            for translation in mine:
                try:
                    operations.apply_machine_translation(translation, user, translator)
                except MachineTranslationError as error:
                    messages.warning(self.request, str(error))
        for translation in mine:
            # What wagtail-localize does when not publishing: keep privacy in step.
            with contextlib.suppress(ValidationError):
                translation.source.update_target_view_restrictions(translation.target_locale)
        self.components.save(self.object, sources_and_translations={self.object: mine})
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url() or self.get_default_success_url())


def translation_locale_required(view):
    """Refuse a translation's endpoints to users who may not work on it (403)."""

    @functools.wraps(view)
    def wrapped(request, translation_id, *args, **kwargs):
        translation = get_object_or_404(Translation, id=translation_id)
        try:
            allowed = request.user.is_authenticated and may_edit_translation(
                request.user, translation
            )
        except ObjectDoesNotExist as error:
            raise Http404(_("The translated page or snippet no longer exists.")) from error
        if not allowed:
            raise PermissionDenied
        return view(request, translation_id, *args, **kwargs)

    return wrapped


@translation_locale_required
def edit_string_translation(request, translation_id, string_segment_id):
    """wagtail-localize's segment save (PUT) and removal (DELETE), in the history."""
    response = edit_translation.edit_string_translation(request, translation_id, string_segment_id)
    if response.status_code in (200, 201) and request.method in ("PUT", "DELETE"):
        translation = Translation.objects.select_related("source").get(pk=translation_id)
        segment = StringSegment.objects.select_related("context").get(pk=string_segment_id)
        model = translation.source.specific_content_type.model_class()
        text = response.data.get("data", "") if request.method == "PUT" else ""
        audit.record(
            translation.get_target_instance(),
            audit.SEGMENT_EDITED,
            request.user,
            field=describe_context(segment.context, model),
            text=audit.excerpt(text),
        )
    return response


edit_override = translation_locale_required(edit_translation.edit_override)
download_pofile = translation_locale_required(edit_translation.download_pofile)
stop_translation = translation_locale_required(edit_translation.stop_translation)


@translation_locale_required
def preview_translation(request, translation_id, mode=None):
    """wagtail-localize's preview, with the links the source emptied emptied too."""
    translation = get_object_or_404(Translation, id=translation_id)
    instance = translation.get_target_instance()
    if not isinstance(instance, Page):
        raise Http404
    mode = mode or instance.default_preview_mode
    if mode not in dict(instance.preview_modes):
        raise Http404
    preview = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    empty_emptied_links(translation.source.as_instance(), preview)
    return preview.make_preview_request(request, mode)


def _back(request):
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))


@require_POST
@translation_locale_required
def machine_translate(request, translation_id):
    """Machine translation (never the slug), failures reported, the count in the history."""
    translator = get_machine_translator()
    if translator is None:
        raise Http404
    translation = get_object_or_404(
        Translation.objects.select_related("source", "source__locale", "target_locale"),
        id=translation_id,
    )
    if not translator.can_translate(translation.source.locale, translation.target_locale):
        raise Http404
    try:
        count = operations.apply_machine_translation(translation, request.user, translator)
    except MachineTranslationError as error:
        messages.error(request, str(error))
        return _back(request)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s segment translated with %(tool)s.",
                "%(count)s segments translated with %(tool)s.",
                count,
            )
            % {"count": count, "tool": translator.display_name},
        )
    else:
        messages.warning(request, _("There isn't anything left to translate."))
    return _back(request)


@require_POST
@translation_locale_required
def upload_pofile(request, translation_id):
    """Import a PO file into a translation, after checking all of it (``po.py``)."""
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), id=translation_id
    )
    try:
        po = read_po_upload(request.FILES.get("file"), translation)
    except POFileRefused as refusal:
        messages.error(request, str(refusal))
        return _back(request)

    before = set(translation.source.stringsegment_set.values_list("string__data", "context__path"))
    usable = [
        entry
        for entry in po
        if not entry.obsolete and entry.msgstr and (entry.msgid, entry.msgctxt) in before
    ]
    ignored = sum(1 for entry in po if not entry.obsolete and entry.msgstr) - len(usable)
    if not usable:
        messages.warning(
            request,
            _("“%(name)s” has no translation for the current text, so nothing was imported.")
            % {"name": request.FILES["file"].name},
        )
        return _back(request)

    name = request.FILES["file"].name
    changed = operations.import_po(translation, po, request.user, name)
    unchanged = len(usable) - changed
    message = ngettext(
        "Imported “%(name)s”: %(count)s translation changed",
        "Imported “%(name)s”: %(count)s translations changed",
        changed,
    ) % {"name": name, "count": changed}
    if unchanged:
        message += ngettext(
            ", %(count)s was already there.",
            ", %(count)s were already there.",
            unchanged,
        ) % {"count": unchanged}
    else:
        message += "."
    messages.success(request, message)
    if ignored:
        messages.warning(
            request,
            ngettext(
                "%(count)s entry was left out: its source text has changed since the file "
                "was downloaded. Download the file again to translate it.",
                "%(count)s entries were left out: their source text has changed since the "
                "file was downloaded. Download the file again to translate them.",
                ignored,
            )
            % {"count": ignored},
        )
    return _back(request)


class SubmissionJobView(WagtailAdminTemplateMixin, DetailView):
    """A background submission's progress ("N of M pages prepared") and outcome, for
    its submitter; it reloads itself until the job is done."""

    model = SubmissionJob
    template_name = "translation/submission_job.html"
    page_title = gettext_lazy("Submission for translation")
    header_icon = "site"
    context_object_name = "job"

    def get_queryset(self):
        jobs = SubmissionJob.objects.select_related("page")
        if self.request.user.is_superuser:
            return jobs
        return jobs.filter(submitted_by=self.request.user)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        context["percent"] = round(100 * job.done / job.total) if job.total else 100
        context["locales"] = job.locales.all()
        return context
