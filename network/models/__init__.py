"""The network's content model; see DESIGN.md's table for how the pages nest."""

from ..snippets import Organisation, Person, Topic
from .calls import CallForProposalsPage, CallIndexPage
from .cities import CityIndexPage, CityPage, MichelinSite
from .conferences import ConferenceIndexPage, ConferencePage
from .editorial import CityTeam, ModerationTask
from .generation import ContentGeneration
from .media import PortalImage, PortalRendition
from .news import NewsIndexPage, NewsPage
from .projects import ProjectIndexPage, ProjectPage
from .resources import ResourceIndexPage, ResourcePage
from .site import FooterSettings, FooterText
from .standard import StandardPage

__all__ = [
    "CallForProposalsPage",
    "CallIndexPage",
    "CityIndexPage",
    "CityPage",
    "CityTeam",
    "ConferenceIndexPage",
    "ConferencePage",
    "FooterSettings",
    "FooterText",
    "ContentGeneration",
    "MichelinSite",
    "ModerationTask",
    "NewsIndexPage",
    "NewsPage",
    "Organisation",
    "Person",
    "PortalImage",
    "PortalRendition",
    "ProjectIndexPage",
    "ProjectPage",
    "ResourceIndexPage",
    "ResourcePage",
    "StandardPage",
    "Topic",
]
