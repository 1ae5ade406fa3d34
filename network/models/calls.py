"""Calls for proposals: biennial, on the topics the member cities voted for."""

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

from ..blocks import BaseBodyBlock
from ..i18n.fallbacks import in_language, mark_fallbacks, mark_listed, page_audience
from ..public.listings import live_public
from .base import PortalPage
from .indexes import IndexPage
from .mixins import BodyMixin, DocumentsMixin, HeroImageMixin, SummaryMixin, TopicsMixin
from .projects import ProjectPage


class CallIndexPage(IndexPage):
    """The calls for proposals: open ones first, then upcoming, then closed."""

    subpage_types = ["network.CallForProposalsPage"]

    class Meta:
        verbose_name = _("call index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calls = (
            live_public(
                in_language(
                    CallForProposalsPage.objects.all(), page_audience(request, self).locale_id
                ),
                request,
            )
            .defer_streamfields()
            .order_by("-opens_at")
        )
        by_status = {status: [] for status in CallForProposalsPage.Status.values}
        for call in mark_fallbacks(calls, page_audience(request, self), request):
            by_status[call.status].append(call)
        context["open_calls"] = by_status[CallForProposalsPage.Status.OPEN]
        context["upcoming_calls"] = by_status[CallForProposalsPage.Status.UPCOMING]
        context["closed_calls"] = by_status[CallForProposalsPage.Status.CLOSED]
        return context


class CallQuerySet(PageQuerySet):
    """Calls filtered by the status their dates give them now."""

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now=None):
        return self.filter(opens_at__gt=now or timezone.now())

    def closed(self, now=None):
        return self.filter(closes_at__lte=now or timezone.now())


class CallForProposalsPage(
    SummaryMixin, HeroImageMixin, BodyMixin, DocumentsMixin, TopicsMixin, PortalPage
):
    """A call for proposals; its status comes from its dates and the current time."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    edition = models.PositiveSmallIntegerField(
        _("edition"),
        help_text=_("1 for the network's first call, 2 for the second, ..."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(
        _("deadline"), help_text=_("Applications are accepted until this moment.")
    )
    total_budget = models.PositiveIntegerField(_("total budget (EUR)"), null=True, blank=True)
    max_grant = models.PositiveIntegerField(_("largest grant (EUR)"), null=True, blank=True)
    eligibility = RichTextField(_("who can apply"), blank=True)
    how_to_apply = RichTextField(_("how to apply"), blank=True)
    # The body, under the name calls give it.
    body = StreamField(BaseBodyBlock(), verbose_name=_("description"), blank=True)

    content_panels = [
        MultiFieldPanel(
            [
                FieldPanel("edition"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("total_budget"), FieldPanel("max_grant")]),
            ],
            heading=_("Dates and budget"),
            help_text=_("Times are in your time zone (see your account settings)."),
        ),
    ]
    closing_panels = [FieldPanel("eligibility"), FieldPanel("how_to_apply")]

    search_fields = [
        index.SearchField("eligibility"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]

    api_fields = [
        APIField("edition"),
        APIField("status"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("total_budget"),
        APIField("max_grant"),
        APIField("eligibility"),
        APIField("how_to_apply"),
    ]

    parent_page_types = ["network.CallIndexPage"]
    subpage_types = []

    override_translatable_fields = [
        SynchronizedField("edition", overridable=False),
        SynchronizedField("opens_at", overridable=False),
        SynchronizedField("closes_at", overridable=False),
        SynchronizedField("total_budget", overridable=False),
        SynchronizedField("max_grant", overridable=False),
        TranslatableField("eligibility"),
        TranslatableField("how_to_apply"),
    ]

    objects = PageManager.from_queryset(CallQuerySet)()

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The deadline must come after the opening date.")
        if self.total_budget and self.max_grant and self.max_grant > self.total_budget:
            errors["max_grant"] = _("The largest grant cannot exceed the total budget.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["funded_projects"] = mark_listed(
            request,
            self,
            ProjectPage.attach_lead_cities(
                live_public(
                    in_language(ProjectPage.objects.all(), page_audience(request, self).locale_id),
                    request,
                )
                .filter(funding_call__translation_key=self.translation_key)
                .defer_streamfields()
                .order_by("title")
            ),
        )
        return context

    def status_at(self, now):
        """The call's status at a given moment."""
        if now < self.opens_at:
            return self.Status.UPCOMING
        if now < self.closes_at:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self):
        """Upcoming, open or closed, from the dates and the current time."""
        return self.status_at(timezone.now())

    def get_status_display(self):
        return self.Status(self.status).label
