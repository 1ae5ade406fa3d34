"""Plain pages: about the network, its governance, how to reach the secretariat."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from preview.models import HeadlessPreviewMixin

from ..blocks import BaseBodyBlock
from ..translation.permissions import TranslatorPermissionsMixin
from .base import PortalPageForm
from .mixins import HeroImageMixin, SummaryMixin


class StandardPage(
    SummaryMixin, HeroImageMixin, HeadlessPreviewMixin, TranslatorPermissionsMixin, Page
):
    """A page of text and images, anywhere under the home page."""

    body = StreamField(BaseBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        *SummaryMixin.summary_panels,
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        *SummaryMixin.summary_search_fields,
        index.SearchField("body"),
    ]

    api_fields = [
        *SummaryMixin.summary_api_fields,
        APIField("hero_image"),
        APIField("body"),
    ]

    parent_page_types = ["home.HomePage", "network.StandardPage"]
    subpage_types = ["network.StandardPage"]
    base_form_class = PortalPageForm

    override_translatable_fields = [
        *SummaryMixin.summary_translatable_fields,
        *HeroImageMixin.hero_translatable_fields,
        TranslatableField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        from ..listings import attach_hero_images, live_public

        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = attach_hero_images(
            live_public(self.get_children(), request).specific().defer_streamfields()
        )
        return context
