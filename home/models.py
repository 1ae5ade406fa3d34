"""The home page of each language: what the network is and what is happening now."""

import functools

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import TranslatableField

from network.blocks import FeaturedPagesBlock
from network.i18n.aliases import mark_served_page, route_alias
from network.i18n.fallbacks import in_language, mark_fallbacks, page_audience
from network.i18n.localization import localized
from network.models import CallForProposalsPage, CityPage, ConferencePage, NewsPage
from network.models.base import PortalPage
from network.models.mixins import HeroImageMixin, IntroMixin
from network.public.listings import attach_renditions, live_public
from network.public.visibility import visible_page_exists, with_visibility


class HomePage(IntroMixin, HeroImageMixin, PortalPage):
    """The root of a language's tree: an introduction, featured pages, and the news,
    open calls, next conference and map of cities gathered from the whole tree."""

    # The introduction, with the home page's own help text.
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Who the network is, in two or three sentences."),
    )
    featured = StreamField(
        FeaturedPagesBlock(),
        verbose_name=_("featured pages"),
        blank=True,
        max_num=6,
        help_text=_("Up to six pages to put forward under the introduction."),
    )

    content_panels = [FieldPanel("featured")]
    api_fields = [APIField("featured")]

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

    override_translatable_fields = [TranslatableField("featured")]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the page at a path in two queries, whatever its depth.

        Wagtail's routing asks for each level of the path in turn (two queries a level);
        a page's ``url_path`` names the whole path, so one query finds the page and a
        second fetches it with the images and locale its template shows. Falls back to
        Wagtail's walk when nothing matches or when a page model routes itself, then
        to the source language's page served as an alias (``network.i18n.aliases``).
        """
        try:
            result = self._route_in_tree(request, path_components)
        except Http404:
            # Not (yet) in this language's tree: the source page, as an alias.
            result = route_alias(self, request, path_components)
        mark_served_page(request, result.page)
        return result

    def _route_in_tree(self, request, path_components):
        if not path_components:
            # A language's home: its only ancestor is the tree's root.
            self.public_published = self.expire_at is None or self.expire_at > timezone.now()
            return super().route(request, path_components)
        if _custom_routing():
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        page = Page.objects.filter(
            slug=path_components[-1],
            depth=self.depth + len(path_components),
            url_path=url_path,
            path__startswith=self.path,
        ).first()
        model = page.specific_class if page is not None else None
        if model is None:
            return super().route(request, path_components)
        related = [
            field
            for field in ("locale", "hero_image")
            if any(f.name == field for f in model._meta.get_fields())
        ]
        # Whether it may be served (live, not expired, under published pages) comes
        # with it; ``network.wagtail_hooks`` refuses the others before serving.
        page = with_visibility(model.objects.select_related(*related), published=True).get(
            pk=page.pk
        )
        if not page.public_published:
            raise Http404
        return RouteResult(page)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        audience = page_audience(request, self)
        locale = audience.locale_id
        context["open_calls"] = list(
            live_public(in_language(CallForProposalsPage.objects.all(), locale), request)
            .open(now)
            .defer_streamfields()
            .order_by("closes_at")
        )
        next_conference = (
            live_public(in_language(ConferencePage.objects.all(), locale), request)
            .upcoming()
            .annotate(host_city_visible=visible_page_exists("host_city"))
            .defer_streamfields()
            .select_related("host_city")
            .order_by("start_date")
            .first()
        )
        if next_conference and not next_conference.host_city_visible:
            next_conference.host_city = None
        if next_conference and next_conference.host_city:
            next_conference.host_city = localized([next_conference.host_city], locale, request)[0]
        context["next_conference"] = next_conference
        context["latest_news"] = list(
            live_public(in_language(NewsPage.objects.all(), locale), request)
            .defer_streamfields()
            .select_related("hero_image")
            .order_by("-date", "-pk")[:4]
        )
        context["cities"] = list(
            live_public(in_language(CityPage.objects.all(), locale), request)
            .defer_streamfields()
            .order_by("title")
        )
        context["featured_pages"] = self.featured_pages(request)
        # Items not translated yet: at their address in the visitor's language, marked.
        mark_fallbacks(
            [
                *context["open_calls"],
                next_conference,
                *context["latest_news"],
                *context["cities"],
            ],
            audience,
            request,
        )
        # One query for the renditions of every picture on the page.
        attach_renditions(
            [self.hero_image, *(item.hero_image for item in context["latest_news"])],
            "thumbnail",
            "large",
        )
        return context

    def featured_pages(self, request=None):
        """The featured pages that are live and public, in the editor's order.

        Read from the stream's raw ids in one query; pages come with their generic
        fields only (title, search description), whatever their types, in the home
        page's language where translated.
        """
        ids = [item["value"] for item in self.featured.raw_data if item.get("value")]
        if not ids:
            return []
        pages = live_public(Page.objects.filter(pk__in=ids), request).specific(defer=True)
        by_id = {page.pk: page for page in pages}
        # A translated home page may still point at the source language's pages.
        return localized([by_id[pk] for pk in ids if pk in by_id], self.locale_id, request)


@functools.cache
def _custom_routing():
    """Whether a page model routes its own sub-paths (then every level must be walked)."""
    return any(
        model.route is not Page.route for model in get_page_models() if model is not HomePage
    )
