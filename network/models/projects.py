"""Projects: started by a lead city (their parent page) with partner cities."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from modelcluster.fields import ParentalManyToManyField

from ..i18n.fallbacks import in_language, mark_listed, page_audience
from ..i18n.localization import attach_localized, live_link, live_links, localized
from ..public.filters import ProjectFilterForm, paginate
from ..public.listings import live_public, rendition_prefetch
from .base import PortalPage, PortalPageForm
from .indexes import IndexPage
from .mixins import BodyMixin, HeroImageMixin, SummaryMixin, TopicsMixin
from .news import NewsPage


class ProjectPageForm(PortalPageForm):
    """Refuses a project whose lead city is also listed among its partner cities."""

    def clean(self):
        cleaned_data = super().clean()
        lead_city = self.instance.get_parent() if self.instance.pk else self.parent_page
        partners = cleaned_data.get("partner_cities") or []
        if lead_city is not None and any(
            city.translation_key == lead_city.translation_key for city in partners
        ):
            self.add_error(
                "partner_cities",
                _("%(city)s leads this project, so it cannot also be one of its partner cities.")
                % {"city": lead_city.title},
            )
        return cleaned_data


class ProjectIndexPage(IndexPage):
    """Every project of the network, gathered from all the cities, with filters."""

    class Meta:
        verbose_name = _("project index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ProjectFilterForm(
            request.GET or None,
            locale=self.locale,
            request=request,
            cities=ProjectPage.city_model().objects.filter(locale=self.locale),
            statuses=ProjectPage.Status.choices,
        )
        projects = form.filter(
            live_public(
                in_language(ProjectPage.objects.all(), page_audience(request, self).locale_id),
                request,
            )
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("topics", rendition_prefetch())
            .order_by("-start_date", "title")
        )
        context["filter_form"] = form
        context["projects"] = page = mark_listed(request, self, paginate(request, projects))
        # The filter form has read the locale's cities already: lead cities come from there.
        cities = {city.path: city for city in form.cities}
        for project in page:
            project._lead_city = cities.get(project.path[: -ProjectPage.steplen])
        ProjectPage.attach_lead_cities([p for p in page if p._lead_city is None])
        attach_localized(page, "topics", self.locale_id, request)
        return context


class ProjectPage(SummaryMixin, HeroImageMixin, BodyMixin, TopicsMixin, PortalPage):
    """A project of the network; its lead city is the city page it sits under."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Under way")
        COMPLETED = "completed", _("Completed")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    partner_cities = ParentalManyToManyField(
        "network.CityPage",
        verbose_name=_("partner cities"),
        blank=True,
        related_name="partner_projects",
        help_text=_("Other cities of the network taking part (not the lead city)."),
    )
    funding_call = models.ForeignKey(
        "network.CallForProposalsPage",
        verbose_name=_("funded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funded_projects",
        help_text=_("The call for proposals that funds this project, if any."),
    )
    stakeholders = ParentalManyToManyField(
        "network.Organisation",
        verbose_name=_("stakeholders"),
        blank=True,
        related_name="projects",
    )
    results = RichTextField(
        _("results"),
        blank=True,
        help_text=_("What the project achieved: figures, publications, what changed."),
    )

    content_panels = [
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("funding_call"),
            ],
            heading=_("Status and dates"),
        ),
    ]
    closing_panels = [FieldPanel("results")]
    about_panels = [
        FieldPanel("partner_cities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("stakeholders", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = [
        index.SearchField("results"),
        # Only live, public partners are indexed, in the page's language (search.backends).
        index.RelatedFields("partner_cities", [index.SearchField("title")]),
        index.RelatedFields("stakeholders", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("start_date"),
    ]

    api_fields = [
        APIField("status"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("partner_cities"),
        APIField("funding_call"),
        APIField("stakeholders"),
        APIField("results"),
    ]

    parent_page_types = ["network.CityPage"]
    subpage_types = []
    base_form_class = ProjectPageForm

    override_translatable_fields = [
        SynchronizedField("status", overridable=False),
        SynchronizedField("start_date", overridable=False),
        SynchronizedField("end_date", overridable=False),
        SynchronizedField("partner_cities", overridable=False),
        SynchronizedField("funding_call", overridable=False),
        SynchronizedField("stakeholders", overridable=False),
        TranslatableField("results"),
    ]

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A project ends after it starts.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = self.locale_id
        context["partner_cities"] = live_links(self.partner_cities.all(), locale, request)
        context["stakeholders"] = localized(self.stakeholders.all(), locale, request)
        context["funding_call"] = live_link(self.funding_call, locale, request)
        # The lead city in the visitor's language (its alias address where untranslated).
        self._lead_city = localized([self.lead_city], locale, request)[0]
        context["news"] = list(
            live_public(
                in_language(NewsPage.objects.all(), page_audience(request, self).locale_id),
                request,
            )
            .filter(related_projects__translation_key=self.translation_key)
            .distinct()
            .defer_streamfields()
            .order_by("-date")[:4]
        )
        mark_listed(request, self, context["news"])
        return context

    @property
    def lead_city(self):
        """The city page this project sits under."""
        cached = getattr(self, "_lead_city", None)
        if cached is None:
            cached = self._lead_city = self.get_parent().specific
        return cached

    @classmethod
    def city_model(cls):
        """The city page model: a project's lead city is the one page type it lives under
        (``parent_page_types``), which spares this module an import of the cities'."""
        (model,) = cls.allowed_parent_page_models()
        return model

    @classmethod
    def attach_lead_cities(cls, projects):
        """Give every project of a listing its lead city, in one query for all of them."""
        projects = list(projects)
        parent_paths = {project.path[: -cls.steplen] for project in projects}
        cities = {
            city.path: city
            for city in cls.city_model()
            .objects.filter(path__in=parent_paths)
            .select_related("locale")
        }
        for project in projects:
            project._lead_city = cities.get(project.path[: -cls.steplen])
        return projects
