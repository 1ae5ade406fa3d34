"""News of the network (under the news index) and of each city (under its city page)."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from modelcluster.fields import ParentalManyToManyField

from preview.models import HeadlessPreviewMixin

from ..blocks import BaseBodyBlock
from ..translation.permissions import TranslatorPermissionsMixin
from .base import IndexPage, PortalPageForm
from .mixins import HeroImageMixin, RelatedCitiesMixin, SummaryMixin, TopicsMixin


class NewsIndexPage(IndexPage):
    """All news, of the network and of the cities, newest first, with filters."""

    class Meta:
        verbose_name = _("news index")

    subpage_types = ["network.NewsPage"]

    def get_context(self, request, *args, **kwargs):
        from ..filters import NewsFilterForm, paginate
        from ..listings import live_public, rendition_prefetch

        context = super().get_context(request, *args, **kwargs)
        form = NewsFilterForm(request.GET or None, locale=self.locale, request=request)
        news = form.filter(
            live_public(NewsPage.objects.filter(locale_id=self.locale_id), request)
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related(rendition_prefetch())
            .order_by("-date", "-pk")
        )
        context["filter_form"] = form
        context["news"] = paginate(request, news)
        return context


class NewsPage(
    SummaryMixin,
    HeroImageMixin,
    TopicsMixin,
    RelatedCitiesMixin,
    HeadlessPreviewMixin,
    TranslatorPermissionsMixin,
    Page,
):
    """A news item: dated, about some cities, projects and topics."""

    date = models.DateField(_("date"), default=timezone.localdate)
    related_projects = ParentalManyToManyField(
        "network.ProjectPage",
        verbose_name=_("related projects"),
        blank=True,
        related_name="news_mentions",
    )
    body = StreamField(BaseBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        *SummaryMixin.summary_panels,
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                *RelatedCitiesMixin.related_cities_panels,
                FieldPanel("related_projects", widget=forms.CheckboxSelectMultiple),
                *TopicsMixin.topics_panels,
            ],
            heading=_("What this is about"),
            classname="collapsed",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        *SummaryMixin.summary_search_fields,
        *TopicsMixin.topics_search_fields,
        *RelatedCitiesMixin.related_cities_search_fields,
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    api_fields = [
        APIField("date"),
        *SummaryMixin.summary_api_fields,
        APIField("hero_image"),
        *RelatedCitiesMixin.related_cities_api_fields,
        APIField("related_projects"),
        *TopicsMixin.topics_api_fields,
        APIField("body"),
    ]

    parent_page_types = ["network.NewsIndexPage", "network.CityPage"]
    subpage_types = []
    base_form_class = PortalPageForm

    override_translatable_fields = [
        SynchronizedField("date", overridable=False),
        *SummaryMixin.summary_translatable_fields,
        *HeroImageMixin.hero_translatable_fields,
        *TopicsMixin.topics_translatable_fields,
        *RelatedCitiesMixin.related_cities_translatable_fields,
        SynchronizedField("related_projects", overridable=False),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def get_context(self, request, *args, **kwargs):
        from ..listings import live_public
        from ..localization import localized

        context = super().get_context(request, *args, **kwargs)
        locale = self.locale_id
        context["related_cities"] = localized(
            live_public(self.related_cities.all(), request).order_by("title"), locale, request
        )
        context["related_projects"] = localized(
            live_public(self.related_projects.all(), request).order_by("title"), locale, request
        )
        context["topics"] = localized(self.topics.all(), locale, request)
        return context
