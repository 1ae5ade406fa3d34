"""Admin registration of the network's snippets, grouped under one menu item, the
editors' dashboard panels (network.dashboard), and what the site refuses to serve."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .editorial.dashboard import DeadlinesPanel, SubmissionDecisionsPanel
from .editorial.users import check_bulk_user_action
from .models import FooterText
from .public.rich_text import (
    VisibleDocumentLinkHandler,
    VisibleImageEmbedHandler,
    VisiblePageLinkHandler,
)
from .public.visibility import is_published, is_visible
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


@hooks.register("before_serve_page", order=-10)
def refuse_unpublished_branches(page, request, serve_args, serve_kwargs):
    """Serve only a page the site publishes (``network.visibility.published_q``): not
    past its expiry date, even before ``publish_scheduled`` runs, and under published
    pages only. Wagtail's routing checks the page's own ``live`` flag and nothing more.
    Runs before the view restriction's login and password forms."""
    if not is_published(page):
        raise Http404


@hooks.register("before_serve_page", order=-5)
def redirect_old_addresses(page, request, serve_args, serve_kwargs):
    """A page asked for at an address its language does not serve it at (another
    language's slugs at any depth, or the alias address of a page translated there;
    ``network.i18n.aliases.route_alias``) moves for good to the address it does: a
    301, the query string kept. A page the public may not see is a 404 there instead,
    so an old address neither reveals it nor leads to it; it runs before the view
    restriction's password form, which only the page's own address shows."""
    target = getattr(request, "_portal_alias_redirect", None)
    if not target:
        return None
    if not is_visible(page):
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


@hooks.register("register_rich_text_features", order=100)
def link_only_visible_content(features):
    """Rich text shows links and images the public may see, and a hidden link's text
    alone (``network.rich_text``); after Wagtail's own handlers, which these replace."""
    features.register_link_type(VisiblePageLinkHandler)
    features.register_link_type(VisibleDocumentLinkHandler)
    features.register_embed_type(VisibleImageEmbedHandler)


hooks.register("before_bulk_action", check_bulk_user_action)
