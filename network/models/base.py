"""What every page of the portal shares: its editing form and the index-page base."""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from preview.models import HeadlessPreviewMixin

from ..translation.permissions import TranslatorPermissionsMixin


class PortalPageFormMetaclass(type(WagtailAdminPageForm)):
    """Keeps a form's field permissions to the fields it has.

    Wagtail's API v3 builds its write forms from the editor's panels narrowed to the
    writable fields, but keeps the panels' permissions: a user without the permission
    of a field the form no longer has made the form fail (``KeyError``) instead of
    answering.
    """

    def __new__(mcs, name, bases, attrs):
        form_class = super().__new__(mcs, name, bases, attrs)
        permissions = getattr(form_class._meta, "field_permissions", None)
        if permissions:
            form_class._meta.field_permissions = {
                field: permission
                for field, permission in permissions.items()
                if field in form_class.base_fields
            }
        return form_class


class PortalPageForm(WagtailAdminPageForm, metaclass=PortalPageFormMetaclass):
    """The page editor's form: choosers offer only content of the page's own language.

    Without this, a list of cities would show every city once per locale. Values
    already chosen stay selectable (a translation keeps its source's links).

    A new page must get every field the database requires: a field the form does not
    offer (not writable through the API, or not this user's to set) and has no value
    is reported by name, rather than failing when the page is saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.instance.locale if self.instance.locale_id else None
        if locale is None and self.parent_page is not None:
            locale = self.parent_page.locale
        if locale is None:
            return
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not issubclass(queryset.model, TranslatableMixin):
                continue
            chosen_pks = _pks(self.initial.get(name))
            field.queryset = queryset.filter(Q(locale=locale) | Q(pk__in=chosen_pks))

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            for name in self.missing_required_fields():
                self.add_error(
                    None,
                    ValidationError(
                        _("“%(field)s” is required, and cannot be set here.") % {"field": name},
                        code="required",
                    ),
                )
        return cleaned_data

    def missing_required_fields(self):
        """The names of the model's required fields that the form does not offer and
        the new page has no value for."""
        page_fields = {field.name for field in Page._meta.concrete_fields}
        return [
            field.name
            for field in self.instance._meta.concrete_fields
            if field.name not in page_fields
            and not field.primary_key
            and field.name not in self.fields
            and not field.null
            and not field.blank
            and not field.has_default()
            and getattr(self.instance, field.attname) in (None, "")
        ]


def _pks(initial):
    """The ids in a field's initial value: one object or id, or several (a many-to-many
    field's initial value is a queryset or a list)."""
    if initial is None or initial == "":
        return []
    values = initial if isinstance(initial, QuerySet | list | tuple | set) else [initial]
    return [getattr(value, "pk", value) for value in values if value]


class IndexPage(HeadlessPreviewMixin, TranslatorPermissionsMixin, Page):
    """A section's front page: an introduction, then a listing that it builds itself."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short paragraph above the listing."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    base_form_class = PortalPageForm

    override_translatable_fields = [TranslatableField("intro")]

    class Meta:
        abstract = True
