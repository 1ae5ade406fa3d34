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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from modelcluster.queryset import FakeQuerySet

from preview.mixins import HeadlessPreviewMixin

from ..i18n.fallbacks import fallback_of, page_audience

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
        for name, form_field in self.fields.items():
            queryset = getattr(form_field, "queryset", None)
            if queryset is None or not issubclass(queryset.model, TranslatableMixin):
                continue
            chosen_pks = _pks(self.initial.get(name))
            form_field.queryset = queryset.filter(Q(locale=locale) | Q(pk__in=chosen_pks))

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

    def get_url_parts(self, request=None):
        """Wagtail's address parts, with the page's address in the visitor's language
        when a listing showed it as a fallback (set by
        ``network.i18n.fallbacks.mark_fallbacks``): ``{% pageurl %}``, ``.url`` and
        ``get_full_url`` then lead to ``/fr/…``, never to ``/en/…``."""
        parts = super().get_url_parts(request)
        address = fallback_of(self)[1]
        if address and parts is not None:
            return parts[0], parts[1], address
        return parts

    def get_context(self, request, *args, **kwargs):
        """Note the visitor's language and locale first (``page_audience``, read from
        the page's chrome, which the template would compute anyway: no query more), so
        that the page's listings and links follow the visitor."""
        if request is not None and self.pk and self.path:
            page_audience(request, self)
            chrome = getattr(request, "_portal_chrome", None)
            if chrome is not None and chrome.page is self and chrome.page_lang:
                # Served as an on-demand alias: the page's own links to itself (its map
                # marker, its listings' filters) keep the visitor's address.
                self._visitor_address = chrome.page_url
        return super().get_context(request, *args, **kwargs)

    @property
    def fallback_lang(self):
        """The language (BCP 47) of a page a listing shows in its source language for
        want of a translation in the visitor's (``network.i18n.fallbacks``), else None:
        the item's ``lang`` attribute and its visible label."""
        return fallback_of(self)[0] if hasattr(self, "_fallback_batch") else None

    def permissions_for_user(self, user):
        """Wagtail's page permissions as ``PORTAL_PAGE_PERMISSION_TESTER`` narrows them
        (what translators may not do lives with the translators' workflow, a package
        above the models, so it is named by a setting rather than imported)."""
        return import_string(settings.PORTAL_PAGE_PERMISSION_TESTER)(user, self)


def _contributes(cls):
    return "contributes" in vars(cls)


def _is_gathered(cls):
    return "_portal_own" in vars(cls)


def _declared(cls):
    """The lists a page class declares itself, kept aside before they are completed."""
    if not _is_gathered(cls):
        cls._portal_own = {name: vars(cls)[name] for name in DECLARED if name in vars(cls)}
    return cls._portal_own
