"""The biennial conferences, each hosted by a city that chooses its theme."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from modelcluster.fields import ParentalManyToManyField

from ..blocks import ProgrammeBlock
from ..i18n.fallbacks import in_language, mark_listed, page_audience
from ..i18n.localization import live_link, live_links, localized
from ..public.listings import live_public, rendition_prefetch
from ..public.visibility import visible_page_exists, visible_titles
from .base import PortalPage
from .indexes import IndexPage
from .mixins import BodyMixin, DocumentsMixin, HeroImageMixin, SummaryMixin

# Granted to the Secretariat (network.roles); a host city's team edits the other fields.
MANAGE_EDITION = "network.manage_conference_edition"


class ConferenceIndexPage(IndexPage):
    """The conferences: the next one first, then the past editions."""

    subpage_types = ["network.ConferencePage"]

    class Meta:
        verbose_name = _("conference index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        conferences = list(
            live_public(
                in_language(ConferencePage.objects.all(), page_audience(request, self).locale_id),
                request,
            )
            .annotate(host_city_visible=visible_page_exists("host_city"))
            .defer_streamfields()
            .select_related("hero_image", "host_city")
            .prefetch_related(rendition_prefetch())
            .order_by("start_date")
        )
        mark_listed(request, self, conferences)
        for conference in conferences:
            if not conference.host_city_visible:
                conference.host_city = None
        # Host cities are synchronised links: show them in the page's language.
        hosts = localized(
            [c.host_city for c in conferences if c.host_city], self.locale_id, request
        )
        hosts_by_key = {city.translation_key: city for city in hosts}
        for conference in conferences:
            if conference.host_city:
                conference.host_city = hosts_by_key[conference.host_city.translation_key]
        today = timezone.localdate()
        upcoming = [c for c in conferences if c.is_upcoming(today)]
        context["upcoming_conferences"] = upcoming
        context["past_conferences"] = [c for c in reversed(conferences) if c not in upcoming]
        return context


class ConferenceQuerySet(PageQuerySet):
    """Conferences that have not ended yet, or have."""

    def upcoming(self, today=None):
        return self.filter(end_date__gte=today or timezone.localdate())

    def past(self, today=None):
        return self.filter(end_date__lt=today or timezone.localdate())


class ConferencePage(SummaryMixin, HeroImageMixin, BodyMixin, DocumentsMixin, PortalPage):
    """A conference of the network: host city, theme, dates, venue and programme."""

    edition = models.PositiveSmallIntegerField(
        _("edition"),
        help_text=_("1 for the first conference (Clermont-Ferrand, 2017), ..."),
    )
    host_city = models.ForeignKey(
        "network.CityPage",
        verbose_name=_("host city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_conferences",
    )
    theme = models.CharField(
        _("theme"), max_length=255, blank=True, help_text=_("Chosen by the host city.")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    registration_info = RichTextField(_("how to register"), blank=True)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    candidate_host_cities = ParentalManyToManyField(
        "network.CityPage",
        verbose_name=_("candidates to host the next edition"),
        blank=True,
        related_name="host_candidacies",
    )

    content_panels = [
        MultiFieldPanel(
            [
                # The network decides these; the host city's team edits the rest.
                FieldRowPanel(
                    [
                        FieldPanel("edition", permission=MANAGE_EDITION),
                        FieldPanel("host_city", permission=MANAGE_EDITION),
                    ]
                ),
                FieldPanel("theme"),
                FieldRowPanel(
                    [
                        FieldPanel("start_date", permission=MANAGE_EDITION),
                        FieldPanel("end_date", permission=MANAGE_EDITION),
                    ]
                ),
                FieldPanel("venue"),
                FieldPanel("venue_address"),
            ],
            heading=_("Edition, host and venue"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("registration_url"),
                        FieldPanel("registration_deadline"),
                    ]
                ),
                FieldPanel("registration_info"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("programme"),
    ]
    closing_panels = [
        FieldPanel(
            "candidate_host_cities",
            widget=forms.CheckboxSelectMultiple,
            permission=MANAGE_EDITION,
        ),
    ]

    search_fields = [
        index.SearchField("theme", boost=2),
        index.SearchField("venue"),
        index.SearchField("programme"),
        index.SearchField("host_city_title"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]

    api_fields = [
        APIField("edition"),
        APIField("year"),
        APIField("host_city"),
        APIField("theme"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("venue"),
        APIField("venue_address"),
        APIField("registration_url"),
        APIField("registration_deadline"),
        APIField("registration_info"),
        APIField("programme"),
        APIField("candidate_host_cities"),
    ]

    parent_page_types = ["network.ConferenceIndexPage"]
    subpage_types = []

    override_translatable_fields = [
        SynchronizedField("edition", overridable=False),
        SynchronizedField("host_city", overridable=False),
        TranslatableField("theme"),
        SynchronizedField("start_date", overridable=False),
        SynchronizedField("end_date", overridable=False),
        TranslatableField("venue"),
        # A postal address is written once, in the host country's language.
        SynchronizedField("venue_address"),
        SynchronizedField("registration_url"),
        SynchronizedField("registration_deadline", overridable=False),
        TranslatableField("registration_info"),
        TranslatableField("programme"),
        SynchronizedField("candidate_host_cities", overridable=False),
    ]

    objects = PageManager.from_queryset(ConferenceQuerySet)()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("A conference ends on or after its first day.")
            elif (self.end_date - self.start_date).days > 14:
                errors["end_date"] = _("A conference lasts two weeks at most.")
            else:
                outside = [
                    day.value["date"]
                    for day in self.programme
                    if not self.start_date <= day.value["date"] <= self.end_date
                ]
                if outside:
                    errors["programme"] = _(
                        "The programme has a day (%(date)s) outside the conference's dates."
                    ) % {"date": outside[0].isoformat()}
        if (
            self.registration_deadline
            and self.end_date
            and self.registration_deadline.date() > self.end_date
        ):
            errors["registration_deadline"] = _(
                "Registration must close before the conference ends."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["host_city"] = live_link(self.host_city, self.locale_id, request)
        context["candidate_host_cities"] = live_links(
            self.candidate_host_cities.all(), self.locale_id, request
        )
        return context

    def host_city_title(self):
        """The host city's name for the search index, if the public may see the city."""
        return visible_titles([self.host_city_id])

    @property
    def year(self):
        """The edition's year, from its first day."""
        return self.start_date.year

    def is_upcoming(self, today=None):
        return self.end_date >= (today or timezone.localdate())

    @property
    def days(self):
        """Every date of the conference, first to last."""
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + datetime.timedelta(days=n) for n in range(count)]
