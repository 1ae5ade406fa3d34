"""News of the network (under the news index) and of each city (under its city page)."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from modelcluster.fields import ParentalManyToManyField

from ..i18n.fallbacks import in_language, mark_listed, page_audience
from ..i18n.localization import live_links
from ..public.filters import NewsFilterForm, paginate
from ..public.listings import live_public, rendition_prefetch
from .base import PortalPage
from .indexes import IndexPage
from .mixins import BodyMixin, HeroImageMixin, RelatedCitiesMixin, SummaryMixin, TopicsMixin


class NewsIndexPage(IndexPage):
    """All news, of the network and of the cities, newest first, with filters."""

    class Meta:
        verbose_name = _("news index")

    subpage_types = ["network.NewsPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = NewsFilterForm(
            request.GET or None,
            locale=self.locale,
            request=request,
            cities=NewsPage.city_model().objects.filter(locale=self.locale),
            news=NewsPage.objects.filter(locale=self.locale),
        )
        news = form.filter(
            live_public(
                in_language(NewsPage.objects.all(), page_audience(request, self).locale_id),
                request,
            )
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related(rendition_prefetch())
            .order_by("-date", "-pk")
        )
        context["filter_form"] = form
        context["news"] = mark_listed(request, self, paginate(request, news))
        return context


class NewsPage(
    SummaryMixin, HeroImageMixin, BodyMixin, RelatedCitiesMixin, TopicsMixin, PortalPage
):
    """A news item: dated, about some cities, projects and topics."""

    date = models.DateField(_("date"), default=timezone.localdate)
    related_projects = ParentalManyToManyField(
        "network.ProjectPage",
        verbose_name=_("related projects"),
        blank=True,
        related_name="news_mentions",
    )

    content_panels = [FieldPanel("date")]
    about_panels = [FieldPanel("related_projects", widget=forms.CheckboxSelectMultiple)]

    search_fields = [index.FilterField("date")]

    api_fields = [APIField("date"), APIField("related_projects")]

    parent_page_types = ["network.NewsIndexPage", "network.CityPage"]
    subpage_types = []

    override_translatable_fields = [
        SynchronizedField("date", overridable=False),
        SynchronizedField("related_projects", overridable=False),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_projects"] = live_links(
            self.related_projects.all(), self.locale_id, request
        )
        return context
