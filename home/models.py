"""The home page of each language: what the network is and what is happening now."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from network.blocks import PageLinkBlock
from network.models.base import PortalPageForm
from network.models.mixins import HeroImageMixin
from preview.models import HeadlessPreviewMixin


class HomePage(HeroImageMixin, HeadlessPreviewMixin, Page):
    """The root of a language's tree: an introduction, featured pages, and the news,
    open calls, next conference and map of cities gathered from the whole tree."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Who the network is, in two or three sentences."),
    )
    featured = StreamField(
        [("page", PageLinkBlock(label=_("Page")))],
        verbose_name=_("featured pages"),
        blank=True,
        max_num=6,
        help_text=_("Up to six pages to put forward under the introduction."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        *HeroImageMixin.hero_panels,
        FieldPanel("featured"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("hero_image"), APIField("featured")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "network.CityIndexPage",
        "network.ProjectIndexPage",
        "network.NewsIndexPage",
        "network.CallIndexPage",
        "network.ConferenceIndexPage",
        "network.ResourceIndexPage",
        "network.StandardPage",
    ]
    base_form_class = PortalPageForm

    override_translatable_fields = [
        TranslatableField("intro"),
        *HeroImageMixin.hero_translatable_fields,
        TranslatableField("featured"),
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from network.models import (
            CallForProposalsPage,
            CityPage,
            ConferencePage,
            NewsPage,
        )

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        in_locale = Q(locale=self.locale)
        context["open_calls"] = list(
            CallForProposalsPage.objects.live()
            .public()
            .filter(in_locale)
            .open(now)
            .select_related("locale")
            .order_by("closes_at")
        )
        context["next_conference"] = (
            ConferencePage.objects.live()
            .public()
            .filter(in_locale)
            .upcoming()
            .select_related("locale", "host_city", "hero_image")
            .order_by("start_date")
            .first()
        )
        context["latest_news"] = list(
            NewsPage.objects.live()
            .public()
            .filter(in_locale)
            .select_related("locale", "hero_image")
            .order_by("-date", "-pk")[:4]
        )
        context["cities"] = list(
            CityPage.objects.live().public().filter(in_locale).order_by("title")
        )
        return context
