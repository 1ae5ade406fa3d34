"""wagtail-localize's admin views, narrowed to the portal's rules.

They answer at wagtail-localize's own URLs (``wagtail_hooks.register_admin_urls``
registers them first), so its editor, buttons and links reach them unchanged:

* submitting offers only the locales the user may translate into;
* syncing never publishes (the "Publish immediately" option is gone) and machine-
  translates only the user's own locales;
* string edits, overrides, PO downloads, machine translation, previews and stopping a
  translation check the translation's locale for snippets too (wagtail-localize checks
  the model-wide snippet permission only);
* a PO upload is checked in full before anything is imported (``po.py``);
* a machine translator that fails (DeepL down, quota used up) answers with a message.
"""

import contextlib
import functools
import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation, submit_translations, update_translations

from .machine import MachineTranslationError
from .permissions import (
    may_edit_translation,
    may_translate_into,
    translatable_locales,
)
from .po import POFileRefused, read_po_upload

logger = logging.getLogger(__name__)


class LocaleLimitedSubmitMixin:
    """Offer only the locales the user may translate into."""

    def get_form(self):
        form = super().get_form()
        field = form.fields["locales"]
        field.queryset = field.queryset.filter(pk__in=translatable_locales(self.request.user))
        if len(field.queryset) < 2:
            form.fields["select_all"].widget = form.fields["select_all"].hidden_widget()
        if not field.queryset:
            field.help_text = _(
                "There is no language left that you may translate this into: it exists "
                "already in your languages, or you translate into none."
            )
        return form


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
        self.object.update_from_db()
        enabled = self.object.translations.filter(enabled=True).select_related(
            "source", "target_locale"
        )
        if form.cleaned_data.get("use_machine_translation"):
            translator = get_machine_translator()
            for translation in enabled:
                if not may_translate_into(self.request.user, translation.target_locale):
                    continue
                try:
                    edit_translation.apply_machine_translation(
                        translation.id, self.request.user, translator
                    )
                except MachineTranslationError as error:
                    messages.warning(self.request, str(error))
        for translation in enabled:
            # What wagtail-localize does when not publishing: keep privacy in step.
            with contextlib.suppress(ValidationError):
                translation.source.update_target_view_restrictions(translation.target_locale)
        self.components.save(self.object, sources_and_translations={self.object: list(enabled)})
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


edit_string_translation = translation_locale_required(edit_translation.edit_string_translation)
edit_override = translation_locale_required(edit_translation.edit_override)
download_pofile = translation_locale_required(edit_translation.download_pofile)
preview_translation = translation_locale_required(edit_translation.preview_translation)
stop_translation = translation_locale_required(edit_translation.stop_translation)


def _back(request):
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))


@require_POST
@translation_locale_required
def machine_translate(request, translation_id):
    """wagtail-localize's machine translation, with the translator's failures reported."""
    try:
        return edit_translation.machine_translate(request, translation_id)
    except MachineTranslationError as error:
        messages.error(request, str(error))
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

    translation.import_po(po, user=request.user, tool_name="PO File")
    messages.success(
        request,
        ngettext(
            "Imported %(count)s translation from “%(name)s”.",
            "Imported %(count)s translations from “%(name)s”.",
            len(usable),
        )
        % {"count": len(usable), "name": request.FILES["file"].name},
    )
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
