"""Admin registration of the network's snippets, grouped under one menu item, and the
editors' dashboard panels (network.dashboard)."""

from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .editorial.dashboard import DeadlinesPanel, SubmissionDecisionsPanel
from .models import FooterText
from .snippets import Organisation, Person, Topic


class TopicViewSet(SnippetViewSet):
    """Topics, as the secretariat edits them."""

    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]


class OrganisationViewSet(SnippetViewSet):
    """Organisations (stakeholders), filterable by kind."""

    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


class PersonViewSet(SnippetViewSet):
    """People: speakers and contacts."""

    model = Person
    icon = "user"
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "role", "bio"]


class FooterTextViewSet(SnippetViewSet):
    """The footer's words (Settings > Footer and contact details chooses which)."""

    model = FooterText
    icon = "site"
    list_display = ["secretariat", "about"]


class NetworkSnippets(SnippetViewSetGroup):
    """The menu item that holds the network's snippets."""

    items = (TopicViewSet, OrganisationViewSet, PersonViewSet, FooterTextViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Network")
    menu_name = "network"


register_snippet(NetworkSnippets)


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    """Decisions on the user's submissions, and the network's calls and deadlines."""
    panels.append(SubmissionDecisionsPanel())
    panels.append(DeadlinesPanel())


@hooks.register("before_serve_page")
def redirect_alias_to_translation(page, request, serve_args, serve_kwargs):
    """An alias address of a page that has its own translation in that language
    (``network.aliases.route_alias``) sends the visitor to the translation."""
    target = getattr(request, "_portal_alias_redirect", None)
    if target:
        return HttpResponseRedirect(target)
    return None
