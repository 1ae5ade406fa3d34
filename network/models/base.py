"""What every page of the portal shares: its editing form and the index-page base."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from modelcluster.queryset import FakeQuerySet

from preview.models import HeadlessPreviewMixin


class PortalPageForm(WagtailAdminPageForm):
    """The page editor's form: choosers offer only content of the page's own language.

    Without this, a list of cities would show every city once per locale. Values
    already chosen stay selectable (a translation keeps its source's links).
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


def _pks(initial):
    """The ids in a field's initial value: one object or id, or several (a many-to-many
    field's initial value is a queryset or a list)."""
    if initial is None or initial == "":
        return []
    # A draft's relations come back from its revision as modelcluster's FakeQuerySet.
    values = (
        initial if isinstance(initial, QuerySet | FakeQuerySet | list | tuple | set) else [initial]
    )
    return [getattr(value, "pk", value) for value in values if value]


class IndexPage(HeadlessPreviewMixin, Page):
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
