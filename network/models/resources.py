"""Resources: documents and links the network shares, by topic and city."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from ..blocks import ResourceItemBlock
from ..i18n.fallbacks import in_language, mark_listed, page_audience
from ..i18n.localization import attach_localized
from ..public.filters import ResourceFilterForm, paginate
from ..public.listings import live_public, rendition_prefetch
from .base import PortalPage
from .indexes import IndexPage
from .mixins import BodyMixin, HeroImageMixin, RelatedCitiesMixin, SummaryMixin, TopicsMixin


class ResourceIndexPage(IndexPage):
    """The library of resources, newest first."""

    subpage_types = ["network.ResourcePage"]

    class Meta:
        verbose_name = _("resource index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET or None, locale=self.locale, request=request)
        resources = form.filter(
            live_public(
                in_language(ResourcePage.objects.all(), page_audience(request, self).locale_id),
                request,
            )
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("topics", rendition_prefetch())
            .order_by("-first_published_at", "title")
        )
        context["filter_form"] = form
        context["resources"] = mark_listed(request, self, paginate(request, resources))
        attach_localized(context["resources"], "topics", self.locale_id, request)
        return context


class ResourcePage(
    SummaryMixin, HeroImageMixin, BodyMixin, TopicsMixin, RelatedCitiesMixin, PortalPage
):
    """A resource: an introduction and the documents and links it offers."""

    items = StreamField(ResourceItemBlock(), verbose_name=_("documents and links"))

    content_panels = [FieldPanel("items")]
    search_fields = [index.SearchField("items")]
    api_fields = [APIField("items")]

    parent_page_types = ["network.ResourceIndexPage"]
    subpage_types = []

    override_translatable_fields = [TranslatableField("items")]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
