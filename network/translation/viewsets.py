"""The admin's Translation menu: the network's glossary and the translation memory.

* Glossary: listed for every translator; terms added, changed, deleted and imported
  (CSV, TBX) by the Secretariat in every language and by each language's lead
  translators in theirs; exported as CSV or TBX.
* Translation memory: listed, corrected (the translation, the reviewed mark) and
  deleted by the Secretariat and the lead translators of the target language; exported
  and imported as TMX, one language pair at a time.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .glossary import (
    GlossaryFileRefused,
    editable_locale_ids,
    export_csv,
    export_tbx,
    import_rows,
    may_edit_language,
    read_csv,
    read_tbx,
)
from .memory import text_hash
from .models import GlossaryTerm, MemoryEntry
from .tmx import TMXFileRefused, export_tmx, import_tmx

MAX_UPLOAD = 20 * 1024 * 1024


class LanguagePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed for lead translators to their languages' objects."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return action == "view" or may_edit_language(user, instance.target_locale_id)

    def instances_user_has_permission_for(self, user, action):
        objects = super().instances_user_has_permission_for(user, action)
        allowed = editable_locale_ids(user)
        if action == "view" or allowed is None:
            return objects
        return objects.filter(target_locale_id__in=allowed)


class MemoryPermissionPolicy(LanguagePermissionPolicy):
    """Nobody adds to the memory by hand: it fills itself (and from TMX files)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(GlossaryTerm, LanguagePermissionPolicy(GlossaryTerm), exact_class=True)
register_permission_policy(MemoryEntry, MemoryPermissionPolicy(MemoryEntry), exact_class=True)


class LanguageCheckedMixin:
    """Edit and delete views refuse an object of a language the user may not edit."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not may_edit_language(self.request.user, instance.target_locale_id):
            raise PermissionDenied
        return instance


class LanguageEditView(LanguageCheckedMixin, EditView):
    """Edit a term or a memory entry of a language the user may edit."""


class LanguageDeleteView(LanguageCheckedMixin, DeleteView):
    """Delete a term or a memory entry of a language the user may edit."""


def _language_field_choices(form):
    allowed = editable_locale_ids(form.for_user) if form.for_user else None
    if allowed is not None:
        form.fields["target_locale"].queryset = Locale.objects.filter(pk__in=allowed)


class GlossaryTermForm(WagtailAdminModelForm):
    """A term, in the languages the user may edit; saved with its author."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _language_field_choices(self)

    def clean(self):
        data = super().clean()
        source, target = data.get("source_locale"), data.get("target_locale")
        if source and target and source == target:
            self.add_error("target_locale", _("Choose another language than the term's."))
        return data

    def save(self, commit=True):
        self.instance.updated_by = self.for_user
        return super().save(commit)


class MemoryEntryForm(WagtailAdminModelForm):
    """A remembered translation corrected by hand (its text and its reviewed mark)."""

    def clean_target_text(self):
        text = self.cleaned_data["target_text"]
        entry = self.instance
        duplicate = (
            MemoryEntry.objects.filter(
                source_locale_id=entry.source_locale_id,
                target_locale_id=entry.target_locale_id,
                source_hash=entry.source_hash,
                target_hash=text_hash(text),
            )
            .exclude(pk=entry.pk)
            .exists()
        )
        if duplicate:
            raise ValidationError(_("The memory has this translation of this text already."))
        return text

    def save(self, commit=True):
        self.instance.target_hash = text_hash(self.instance.target_text)
        self.instance.translated_by = self.for_user
        return super().save(commit)


class UploadForm(forms.Form):
    """A file to import."""

    file = forms.FileField(label=gettext_lazy("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 20 MB; is it the right file?"))
        return upload


class TMXUploadForm(UploadForm):
    """A TMX file and the language pair to take from it."""

    source_locale = forms.ModelChoiceField(
        label=gettext_lazy("From"), queryset=Locale.objects.all()
    )
    target_locale = forms.ModelChoiceField(
        label=gettext_lazy("Into"), queryset=Locale.objects.all()
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = editable_locale_ids(for_user)
        if allowed is not None:
            self.fields["target_locale"].queryset = Locale.objects.filter(pk__in=allowed)

    def clean(self):
        data = super().clean()
        if data.get("source_locale") and data.get("source_locale") == data.get("target_locale"):
            raise ValidationError(_("Choose two different languages."))
        return data


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a file; everything or nothing is imported, each problem named."""

    template_name = "translation/import.html"
    header_icon = "upload"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not self.may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.viewset.get_url_name("index")), "label": self.viewset.menu_label},
            {"url": "", "label": self.page_title},
        ]

    def get_success_url(self):
        return reverse(self.viewset.get_url_name("index"))


class GlossaryImportView(ImportView):
    """Import CSV or TBX terms (the file's name says which)."""

    form_class = UploadForm
    page_title = gettext_lazy("Import glossary terms (CSV or TBX)")

    def may_import(self, user):
        return user.has_perm("translation.add_glossaryterm") and user.has_perm(
            "translation.change_glossaryterm"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["help"] = _(
            "CSV columns: source_language, term, language, translation, note (e.g. en, call "
            "for proposals, fr, appel à projets). TBX: one concept per term, its first "
            "language section the term, the others its translations. Terms already in the "
            "glossary are updated."
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        reader = read_tbx if upload.name.lower().endswith((".tbx", ".xml")) else read_csv
        try:
            rows = reader(data, self.request.user)
        except GlossaryFileRefused as refusal:
            form.add_error(
                "file",
                _("“%(name)s” was not imported, nothing changed:") % {"name": upload.name},
            )
            for error in refusal.errors[:20]:
                form.add_error("file", error)
            if len(refusal.errors) > 20:
                form.add_error(
                    "file", _("… and %(count)s more.") % {"count": len(refusal.errors) - 20}
                )
            return self.form_invalid(form)
        created, updated, unchanged = import_rows(rows, self.request.user)
        messages.success(
            self.request,
            _(
                "Imported “%(name)s”: %(created)s new, %(updated)s changed, "
                "%(unchanged)s unchanged."
            )
            % {
                "name": upload.name,
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
            },
        )
        return redirect(self.get_success_url())


class TMXImportView(ImportView):
    """Import one language pair of a TMX file into the memory."""

    form_class = TMXUploadForm
    page_title = gettext_lazy("Import a translation memory (TMX)")

    def may_import(self, user):
        return user.has_perm("translation.change_memoryentry")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            summary = import_tmx(
                upload.read(),
                form.cleaned_data["source_locale"],
                form.cleaned_data["target_locale"],
                self.request.user,
            )
        except TMXFileRefused as refusal:
            form.add_error("file", str(refusal))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Imported “%(name)s”: %(created)s new translations, %(known)s already in the "
                "memory, %(skipped)s units without both languages."
            )
            % {
                "name": upload.name,
                "created": summary.created,
                "known": summary.known,
                "skipped": summary.skipped,
            },
        )
        return redirect(self.get_success_url())


def _locale_from(request, key):
    code = request.GET.get(key, "")
    return Locale.objects.filter(language_code=code).first()


class GlossaryIndexView(IndexView):
    """The glossary, with its import and exports."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    _("Import"), url=reverse("translation_glossary:import"), icon_name="upload"
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        export = reverse("translation_glossary:export")
        return [
            *super().header_more_buttons,
            Button(_("Export as CSV"), url=f"{export}?format=csv", icon_name="download"),
            Button(_("Export as TBX"), url=f"{export}?format=tbx", icon_name="download"),
        ]


def glossary_export(request):
    """The glossary (or one language's part: ``?language=fr``) as CSV or TBX."""
    if not request.user.has_perm("translation.view_glossaryterm"):
        raise PermissionDenied
    terms = GlossaryTerm.objects.select_related("source_locale", "target_locale")
    if language := _locale_from(request, "language"):
        terms = terms.filter(target_locale=language)
    suffix = f"-{language.language_code}" if language else ""
    if request.GET.get("format") == "tbx":
        response = HttpResponse(export_tbx(terms), content_type="application/x-tbx+xml")
        response["Content-Disposition"] = f'attachment; filename="glossary{suffix}.tbx"'
    else:
        response = HttpResponse(export_csv(terms), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="glossary{suffix}.csv"'
    return response


class MemoryIndexView(IndexView):
    """The memory, with its TMX import and export."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("translation.change_memoryentry"):
            buttons.append(
                HeaderButton(
                    _("Import TMX"), url=reverse("translation_memory:import"), icon_name="upload"
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        source = _locale_from(self.request, "source") or Locale.get_default()
        export = reverse("translation_memory:export")
        return [
            *super().header_more_buttons,
            *(
                Button(
                    _("Export TMX: %(source)s → %(target)s")
                    % {"source": source.get_display_name(), "target": target.get_display_name()},
                    url=f"{export}?source={source.language_code}&target={target.language_code}",
                    icon_name="download",
                )
                for target in Locale.objects.exclude(pk=source.pk)
            ),
        ]

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("source_locale", "target_locale", "translated_by")
        )


def memory_export(request):
    """One language pair of the memory as TMX (``?source=en&target=fr``)."""
    if not request.user.has_perm("translation.view_memoryentry"):
        raise PermissionDenied
    source, target = _locale_from(request, "source"), _locale_from(request, "target")
    if source is None or target is None or source == target:
        messages.error(request, _("Choose the languages to export: ?source=en&target=fr."))
        return redirect("translation_memory:index")
    entries = (
        MemoryEntry.objects.filter(source_locale=source, target_locale=target)
        .select_related("translated_by")
        .order_by("pk")
    )
    response = HttpResponse(
        export_tmx(entries, source, target), content_type="application/x-tmx+xml"
    )
    name = f"memory-{source.language_code}-{target.language_code}.tmx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class GlossaryViewSet(ModelViewSet):
    """The network's terms and their required translation in each language."""

    model = GlossaryTerm
    name = "translation_glossary"
    url_prefix = "translation/glossary"
    icon = "doc-full"
    menu_label = gettext_lazy("Glossary")
    form_fields = ["source_locale", "source_term", "target_locale", "target_term", "note"]
    list_display = ["source_term", "target_locale", "target_term", "note"]
    list_filter = ["target_locale", "source_locale"]
    search_fields = ["source_term", "target_term", "note"]
    search_backend_name = None
    copy_view_enabled = False
    index_view_class = GlossaryIndexView
    edit_view_class = LanguageEditView
    delete_view_class = LanguageDeleteView

    def get_form_class(self, for_update=False):
        return forms.modelform_factory(self.model, form=GlossaryTermForm, fields=self.form_fields)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", GlossaryImportView.as_view(viewset=self), name="import"),
            path("export/", glossary_export, name="export"),
        ]


class MemoryViewSet(ModelViewSet):
    """The translation memory: what was translated, by whom, and whether reviewed."""

    model = MemoryEntry
    name = "translation_memory"
    url_prefix = "translation/memory"
    icon = "history"
    menu_label = gettext_lazy("Translation memory")
    form_fields = ["target_text", "reviewed"]
    list_display = [
        "source_text",
        "target_locale",
        "target_text",
        "reviewed",
        "origin",
        "translated_by",
        "translated_at",
    ]
    list_filter = ["target_locale", "source_locale", "reviewed", "origin"]
    search_fields = ["source_text", "target_text"]
    search_backend_name = None
    copy_view_enabled = False
    index_view_class = MemoryIndexView
    edit_view_class = LanguageEditView
    delete_view_class = LanguageDeleteView

    def get_form_class(self, for_update=False):
        return forms.modelform_factory(self.model, form=MemoryEntryForm, fields=self.form_fields)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", TMXImportView.as_view(viewset=self), name="import"),
            path("export/", memory_export, name="export"),
        ]


class TranslationViewSetGroup(ViewSetGroup):
    """The Translation menu."""

    menu_label = gettext_lazy("Translation")
    menu_icon = "site"
    menu_order = 250
    items = (GlossaryViewSet, MemoryViewSet)
