"""What every page of the portal shares: the abstract ``PortalPage``, its editing form,
and the way its mixins contribute their panels, search, API and translation fields.

A page model lists only what is particular to it, under Wagtail's usual names
(``content_panels``, ``search_fields``, ``api_fields``, ``override_translatable_fields``).
``PortalPage.__init_subclass__`` completes those lists when the class is made: Wagtail's
own (``Page.content_panels``, ``Page.search_fields``), then what each field mixin
(``network.models.mixins``) declares in its ``contributes``, then the page's own. So a
field shared by several pages is declared once, with everything that goes with it.

The editor shows, top to bottom: the title, the mixins' *lead* panels (introduction,
summary, hero image), the page's ``content_panels``, the body, the page's
``closing_panels``, the mixins' *end* panels (documents), then one "What this is
about" group with the mixins' *about* panels (topics, related cities) and the page's
``about_panels``.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from modelcluster.queryset import FakeQuerySet

from preview.mixins import HeadlessPreviewMixin

# Where a mixin's panels go in the editor (see the module's docstring).
LEAD, BODY, END, ABOUT = "lead", "body", "end", "about"
# The lists a page declares with its own items only; PortalPage completes them.
DECLARED = (
    "content_panels",
    "closing_panels",
    "about_panels",
    "search_fields",
    "api_fields",
    "override_translatable_fields",
)


@dataclass(frozen=True)
class Contribution:
    """What a field mixin adds to every page that mixes it in."""

    panels: list = field(default_factory=list)
    search_fields: list = field(default_factory=list)
    api_fields: list = field(default_factory=list)
    override_translatable_fields: list = field(default_factory=list)
    place: str = LEAD


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
        for name, form_field in self.fields.items():
            queryset = getattr(form_field, "queryset", None)
            if queryset is None or not issubclass(queryset.model, TranslatableMixin):
                continue
            chosen_pks = _pks(self.initial.get(name))
            form_field.queryset = queryset.filter(Q(locale=locale) | Q(pk__in=chosen_pks))


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


class SocialImageMixin(models.Model):
    """What a link to the page shows when it is shared (Open Graph and Twitter cards).

    Editors may set a title, a description and a picture on the promote tab; left
    empty, the page's own title, summary and hero image are used, else the network's
    card (``network.reach.social``). Translators translate the words; the picture is
    synchronised, and a translation may use another one (with text in its language).
    Every page has it, through ``PortalPage``.
    """

    social_title = models.CharField(
        _("title when shared"),
        max_length=100,
        blank=True,
        help_text=_("Shown on social networks and messaging apps; the page title if empty."),
    )
    social_description = models.TextField(
        _("description when shared"),
        max_length=200,
        blank=True,
        help_text=_("One or two sentences under the title; the summary if empty."),
    )
    social_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image when shared"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Cropped to 1200 × 630 pixels around its focal point; the hero image if empty, "
            "else the network's card."
        ),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [
                FieldPanel("social_title"),
                FieldPanel("social_description"),
                FieldPanel("social_image"),
            ],
            heading=_("Link previews"),
        ),
    ]
    # No editor panel among the content panels (they are on the promote tab above).
    contributes = Contribution(
        override_translatable_fields=[
            TranslatableField("social_title"),
            TranslatableField("social_description"),
            SynchronizedField("social_image"),
        ],
    )

    class Meta:
        abstract = True


class PortalPage(SocialImageMixin, HeadlessPreviewMixin, Page):
    """The base of every page type: headless preview, link previews, the locale-aware
    editing form, and the panels and fields its mixins contribute (see the module's
    docstring)."""

    base_form_class = PortalPageForm

    # A page's own panels around the body and in the "What this is about" group.
    closing_panels = []
    about_panels = []

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = _declared(cls)
        # The mixins' contributions, in the order the page lists its mixins; then what the
        # page types it extends declare (IndexPage for an index), then the page itself.
        contributions = [vars(base)["contributes"] for base in cls.__mro__ if _contributes(base)]
        pages = [_declared(base) for base in reversed(cls.__mro__[1:]) if _is_gathered(base)]
        declared = [*pages, own]

        def mixins(name, place=None):
            return [
                item
                for contribution in contributions
                if place in (None, contribution.place)
                for item in getattr(contribution, name)
            ]

        def pages_own(name):
            return [item for page in declared for item in page.get(name, [])]

        about = [*mixins("panels", ABOUT), *pages_own("about_panels")]
        cls.content_panels = [
            *Page.content_panels,
            *mixins("panels", LEAD),
            *pages_own("content_panels"),
            *mixins("panels", BODY),
            *pages_own("closing_panels"),
            *mixins("panels", END),
            *([MultiFieldPanel(about, heading=_("What this is about"))] if about else []),
        ]
        cls.search_fields = [
            *Page.search_fields,
            *mixins("search_fields"),
            *pages_own("search_fields"),
        ]
        for name in ("api_fields", "override_translatable_fields"):
            setattr(cls, name, [*mixins(name), *pages_own(name)])


def _contributes(cls):
    return "contributes" in vars(cls)


def _is_gathered(cls):
    return "_portal_own" in vars(cls)


def _declared(cls):
    """The lists a page class declares itself, kept aside before they are completed."""
    if not _is_gathered(cls):
        cls._portal_own = {name: vars(cls)[name] for name in DECLARED if name in vars(cls)}
    return cls._portal_own
