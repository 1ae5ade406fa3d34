"""Resources: documents and links the network shares, by topic and city."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from preview.models import HeadlessPreviewMixin

from ..blocks import BaseBodyBlock, ResourceItemBlock
from ..translation.permissions import TranslatorPermissionsMixin
from .base import IndexPage, PortalPageForm
from .mixins import HeroImageMixin, RelatedCitiesMixin, SummaryMixin, TopicsMixin


class ResourceIndexPage(IndexPage):
    """The library of resources, newest first."""

    subpage_types = ["network.ResourcePage"]

    class Meta:
        verbose_name = _("resource index")

    def get_context(self, request, *args, **kwargs):
        from ..filters import ResourceFilterForm, paginate
        from ..listings import attach_localized, live_public, rendition_prefetch

        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET or None, locale=self.locale, request=request)
        resources = form.filter(
            live_public(ResourcePage.objects.filter(locale_id=self.locale_id), request)
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("topics", rendition_prefetch())
            .order_by("-first_published_at", "title")
        )
        context["filter_form"] = form
        context["resources"] = paginate(request, resources)
        attach_localized(context["resources"], "topics", self.locale_id, request)
        return context


class ResourcePage(
    SummaryMixin,
    HeroImageMixin,
    TopicsMixin,
    RelatedCitiesMixin,
    HeadlessPreviewMixin,
    TranslatorPermissionsMixin,
    Page,
):
    """A resource: an introduction and the documents and links it offers."""

    items = StreamField(ResourceItemBlock(), verbose_name=_("documents and links"))
    body = StreamField(BaseBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        *SummaryMixin.summary_panels,
        *HeroImageMixin.hero_panels,
        FieldPanel("items"),
        FieldPanel("body"),
        MultiFieldPanel(
            [*TopicsMixin.topics_panels, *RelatedCitiesMixin.related_cities_panels],
            heading=_("Topics and cities"),
            classname="collapsed",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        *SummaryMixin.summary_search_fields,
        *TopicsMixin.topics_search_fields,
        *RelatedCitiesMixin.related_cities_search_fields,
        index.SearchField("items"),
        index.SearchField("body"),
    ]

    api_fields = [
        *SummaryMixin.summary_api_fields,
        APIField("hero_image"),
        APIField("items"),
        APIField("body"),
        *TopicsMixin.topics_api_fields,
        *RelatedCitiesMixin.related_cities_api_fields,
    ]

    parent_page_types = ["network.ResourceIndexPage"]
    subpage_types = []
    base_form_class = PortalPageForm

    override_translatable_fields = [
        *SummaryMixin.summary_translatable_fields,
        *HeroImageMixin.hero_translatable_fields,
        *TopicsMixin.topics_translatable_fields,
        *RelatedCitiesMixin.related_cities_translatable_fields,
        TranslatableField("items"),
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def get_context(self, request, *args, **kwargs):
        from ..listings import live_public
        from ..localization import localized

        context = super().get_context(request, *args, **kwargs)
        context["related_cities"] = localized(
            live_public(self.related_cities.all(), request).order_by("title"),
            self.locale_id,
            request,
        )
        context["topics"] = localized(self.topics.all(), self.locale_id, request)
        return context
