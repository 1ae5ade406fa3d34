"""Plain pages: about the network, its governance, how to reach the secretariat."""

from django.utils.translation import gettext_lazy as _

from ..public.listings import attach_hero_images, live_public
from .base import PortalPage
from .mixins import BodyMixin, HeroImageMixin, SummaryMixin


class StandardPage(SummaryMixin, HeroImageMixin, BodyMixin, PortalPage):
    """A page of text and images, anywhere under the home page."""

    parent_page_types = ["home.HomePage", "network.StandardPage"]
    subpage_types = ["network.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = attach_hero_images(
            live_public(self.get_children(), request).specific().defer_streamfields()
        )
        return context
