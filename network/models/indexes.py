"""The section indexes' shared base: an introduction above a listing it builds itself."""

from .base import PortalPage
from .mixins import IntroMixin


class IndexPage(IntroMixin, PortalPage):
    """A section's front page: an introduction, then a listing that it builds itself."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True
