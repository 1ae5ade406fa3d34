"""The city directory and the city pages: the network's members and their Michelin sites."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from ..blocks import CityBodyBlock
from ..i18n.fallbacks import in_language, mark_listed, page_audience
from ..i18n.localization import localized
from ..public.filters import CityFilterForm
from ..public.geography import CONTINENT_OF_COUNTRY, COUNTRY_CHOICES, country_name
from ..public.listings import live_public
from .base import PortalPage
from .indexes import IndexPage
from .mixins import BodyMixin, HeroImageMixin, SummaryMixin
from .news import NewsPage
from .projects import ProjectPage

# The network admits members from its first year; a city joining later than the
# current year is a typing error (checked in CityPage.clean).
FIRST_MEMBERSHIP_YEAR = 2010


class CityIndexPage(IndexPage):
    """The directory of member and partner cities, with its map and filters."""

    subpage_types = ["network.CityPage"]

    class Meta:
        verbose_name = _("city directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_cities = list(
            live_public(
                in_language(CityPage.objects.all(), page_audience(request, self).locale_id),
                request,
            )
            .defer_streamfields()
            .prefetch_related("michelin_sites")
            .order_by("title")
        )
        form = CityFilterForm(
            request.GET or None,
            locale=self.locale,
            countries={city.country for city in all_cities},
            memberships=CityPage.Membership.choices,
            site_kinds=MichelinSite.Kind.choices,
        )
        context["filter_form"] = form
        context["all_cities"] = mark_listed(request, self, all_cities)
        context["cities"] = form.filter(all_cities)
        return context


class CityPage(SummaryMixin, HeroImageMixin, BodyMixin, PortalPage):
    """A city of the network: its facts, its Michelin sites, its partners and its people."""

    class Membership(models.TextChoices):
        FOUNDING = "founding", _("Founding member")
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner city")
        CANDIDATE = "candidate", _("Candidate")

    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    region = models.CharField(
        _("region"),
        max_length=100,
        blank=True,
        help_text=_("State, province or region."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("Decimal degrees, north positive (Clermont-Ferrand: 45.77722)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("Decimal degrees, east positive (Clermont-Ferrand: 3.08682)."),
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        validators=[MinValueValidator(100), MaxValueValidator(40_000_000)],
        help_text=_("Inhabitants of the municipality, from its latest census."),
    )
    membership = models.CharField(
        _("membership"),
        max_length=20,
        choices=Membership.choices,
        default=Membership.MEMBER,
    )
    year_joined = models.PositiveSmallIntegerField(
        _("year joined"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_MEMBERSHIP_YEAR)],
    )
    website = models.URLField(_("city website"), blank=True)
    partner_cities = ParentalManyToManyField(
        "self",
        verbose_name=_("partner cities"),
        blank=True,
        symmetrical=False,
        related_name="partnered_by",
        help_text=_("Cities of the network this city works with."),
    )
    stakeholders = ParentalManyToManyField(
        "network.Organisation",
        verbose_name=_("stakeholders"),
        blank=True,
        related_name="cities",
        help_text=_("Universities, businesses, associations and artists taking part."),
    )
    contacts = ParentalManyToManyField(
        "network.Person",
        verbose_name=_("contacts"),
        blank=True,
        related_name="cities",
    )
    # The common body, with the city's gallery.
    body = StreamField(CityBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("population"), FieldPanel("website")]),
            ],
            heading=_("Facts"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("membership"), FieldPanel("year_joined")])],
            heading=_("Membership"),
        ),
        InlinePanel(
            "michelin_sites",
            heading=_("Michelin sites"),
            label=_("Michelin site"),
            # No minimum: partner cities (twin towns of member cities) host no Michelin site.
            help_text=_(
                "Every production plant, research centre or test track in the city; "
                "none for a partner city."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("partner_cities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("stakeholders", widget=forms.CheckboxSelectMultiple),
                FieldPanel("contacts", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("People and partners"),
            classname="collapsed",
        ),
    ]

    search_fields = [
        index.SearchField("region"),
        index.RelatedFields(
            "michelin_sites",
            [
                index.SearchField("name"),
                index.SearchField("get_kind_display"),
                index.SearchField("description"),
            ],
        ),
        # Only live, public partners are indexed, in the page's language (search.backends).
        index.RelatedFields("stakeholders", [index.SearchField("name")]),
        index.RelatedFields("partner_cities", [index.SearchField("title")]),
        index.FilterField("country"),
        index.FilterField("membership"),
    ]

    api_fields = [
        APIField("country"),
        APIField("region"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("population"),
        APIField("membership"),
        APIField("year_joined"),
        APIField("website"),
        APIField("michelin_sites"),
        APIField("partner_cities"),
        APIField("stakeholders"),
        APIField("contacts"),
    ]

    parent_page_types = ["network.CityIndexPage"]
    subpage_types = ["network.ProjectPage", "network.NewsPage"]

    override_translatable_fields = [
        SynchronizedField("country", overridable=False),
        TranslatableField("region"),
        SynchronizedField("latitude", overridable=False),
        SynchronizedField("longitude", overridable=False),
        SynchronizedField("population", overridable=False),
        SynchronizedField("membership", overridable=False),
        SynchronizedField("year_joined", overridable=False),
        # A city may have a website in the visitor's language.
        SynchronizedField("website"),
        SynchronizedField("partner_cities", overridable=False),
        SynchronizedField("stakeholders", overridable=False),
        SynchronizedField("contacts", overridable=False),
        TranslatableField("michelin_sites"),
    ]

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def clean(self):
        super().clean()
        if self.year_joined and self.year_joined > timezone.localdate().year:
            raise ValidationError(
                {"year_joined": _("A city cannot join in a year that has not come yet.")}
            )

    @property
    def continent(self):
        """The continent key of the city's country (see network.geography)."""
        return CONTINENT_OF_COUNTRY.get(self.country, "")

    @property
    def country_name(self):
        """The country's name in the active language."""
        return country_name(self.country)

    @cached_property
    def site_kinds(self):
        """The kinds of Michelin site in the city, for badges and filters."""
        return sorted({site.kind for site in self.michelin_sites.all()})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = self.locale_id
        # This city in every language: synchronised links may name any of them.
        this_city = CityPage.objects.filter(translation_key=self.translation_key)
        # Its own projects and news: children of any of its versions (an untranslated
        # item lives under the source city), the visitor's language first.
        in_this_city = this_city.filter(path=Substr(OuterRef("path"), 1, len(self.path)))
        context["michelin_sites"] = list(self.michelin_sites.all())
        context["stakeholders"] = localized(self.stakeholders.all(), locale, request)
        context["contacts"] = localized(
            self.contacts.select_related("organisation", "photo"), locale, request
        )
        projects = list(
            live_public(
                in_language(ProjectPage.objects.all(), page_audience(request, self).locale_id),
                request,
            )
            .filter(
                Q(Exists(in_this_city), depth=self.depth + 1) | Q(partner_cities__in=this_city)
            )
            .distinct()
            .defer_streamfields()
            .order_by("-start_date", "title")
        )
        context["news"] = list(
            live_public(
                in_language(NewsPage.objects.all(), page_audience(request, self).locale_id),
                request,
            )
            .filter(
                Q(Exists(in_this_city), depth=self.depth + 1) | Q(related_cities__in=this_city)
            )
            .distinct()
            .defer_streamfields()
            .order_by("-date", "-pk")[:6]
        )
        # The partner cities and the lead cities of the projects the city joins, in one
        # query: a city page shows many things, and each listing must stay one query.
        lead_paths = {p.path[: -self.steplen] for p in projects} - {self.path}
        partner_of_this = CityPage.partner_cities.through.objects.filter(
            from_citypage=self.pk, to_citypage=OuterRef("pk")
        )
        cities = list(
            live_public(CityPage.objects.all(), request)
            .filter(Q(Exists(partner_of_this)) | Q(path__in=lead_paths))
            .annotate(is_partner=Exists(partner_of_this))
            .defer_streamfields()
            .order_by("title")
        )
        by_path = {city.path: city for city in cities}
        by_path[self.path] = self
        for project in projects:
            project._lead_city = by_path.get(project.path[: -self.steplen])
        context["projects"] = mark_listed(request, self, projects)
        mark_listed(request, self, [*context["news"], *cities])
        context["partner_cities"] = localized(
            [city for city in cities if city.is_partner], locale, request
        )
        return context


class MichelinSite(TranslatableMixin, Orderable):
    """A Michelin production plant, research centre or test centre in a city."""

    class Kind(models.TextChoices):
        PRODUCTION = "production", _("Production")
        RESEARCH = "research", _("Research")
        TEST_CENTRE = "test-centre", _("Test centre")

    city = ParentalKey(CityPage, on_delete=models.CASCADE, related_name="michelin_sites")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. “Cataroux plant”"))
    description = models.TextField(
        _("description"), blank=True, help_text=_("What is made or studied there.")
    )
    established = models.PositiveSmallIntegerField(
        _("established"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1889), MaxValueValidator(2100)],
        help_text=_("Year the site opened (Michelin was founded in 1889)."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("established")]),
        FieldPanel("name"),
        FieldPanel("description"),
    ]

    api_fields = [
        APIField("kind"),
        APIField("name"),
        APIField("description"),
        APIField("established"),
    ]

    override_translatable_fields = [
        SynchronizedField("kind", overridable=False),
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("established", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("Michelin site")
        verbose_name_plural = _("Michelin sites")

    def __str__(self):
        return self.name
