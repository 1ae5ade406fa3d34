"""The cycle in the admin: its URLs and menu, the Secretariat's model viewsets, the
dashboard panels and the audit log's actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_urls
from .dashboard import panels_for
from .forms import CriterionForm, HostOfferCallForm, TopicVoteForm
from .models import CallCycle, HostOfferCall, ReviewCriterion, ReviewerAppointment, TopicVote


@hooks.register("register_admin_urls")
def register_cycle_urls():
    return [path("cycle/", include(admin_urls, namespace="cycle"))]


@hooks.register("register_admin_menu_item")
def register_cycle_menu():
    return MenuItem(_("Network cycle"), reverse("cycle:home"), icon_name="repeat", order=250)


class FormClassViewSet(ModelViewSet):
    """A viewset whose create and edit views use the cycle's own form (its validation)."""

    form_class = None

    def get_form_class(self, for_update=False):
        return self.form_class


class TopicVoteViewSet(FormClassViewSet):
    """The Secretariat opens and edits topic votes."""

    model = TopicVote
    form_class = TopicVoteForm
    icon = "list-ol"
    menu_label = _("Topic votes")
    list_display = ["title", "edition", "method", "opens_at", "closes_at", "results_computed_at"]
    inspect_view_enabled = False


class HostOfferCallViewSet(FormClassViewSet):
    """The Secretariat opens calls for offers to host a conference."""

    model = HostOfferCall
    form_class = HostOfferCallForm
    icon = "site"
    menu_label = _("Calls for host offers")
    list_display = ["title", "edition", "opens_at", "closes_at", "decided_at"]


class ReviewCriterionViewSet(FormClassViewSet):
    """Each call's review criteria and their weights."""

    model = ReviewCriterion
    form_class = CriterionForm
    icon = "tasks"
    menu_label = _("Review criteria")
    list_display = ["name", "call", "weight", "sort_order"]
    list_filter = ["call"]


class ReviewerViewSet(ModelViewSet):
    """Reviewers appointed per call, with the city they come from, if any."""

    model = ReviewerAppointment
    form_fields = ["call", "reviewer", "city"]
    icon = "user"
    menu_label = _("Reviewers")
    list_display = ["reviewer", "call", "city"]
    list_filter = ["call"]


class CallCycleViewSet(ModelViewSet):
    """A call's deadline time zone (and when its results were published)."""

    model = CallCycle
    form_fields = ["call", "time_zone", "results_published_at"]
    icon = "date"
    menu_label = _("Call settings")
    list_display = ["call", "time_zone", "results_published_at"]


class CycleAdminGroup(ViewSetGroup):
    """The Secretariat's side of the cycle (shown to those with the permissions)."""

    menu_label = _("Cycle settings")
    menu_icon = "cogs"
    menu_order = 251
    items = (
        TopicVoteViewSet("cycle_votes", url_prefix="cycle-settings/votes"),
        HostOfferCallViewSet("cycle_host_calls", url_prefix="cycle-settings/host-calls"),
        ReviewCriterionViewSet("cycle_criteria", url_prefix="cycle-settings/criteria"),
        ReviewerViewSet("cycle_reviewers", url_prefix="cycle-settings/reviewers"),
        CallCycleViewSet("cycle_calls", url_prefix="cycle-settings/calls"),
    )


@hooks.register("register_admin_viewset")
def register_cycle_viewsets():
    return CycleAdminGroup()


@hooks.register("construct_homepage_panels")
def add_cycle_panels(request, panels):
    panels.extend(panels_for(request))


ACTIONS = {
    "cycle.ballot.cast": _("Ballot cast"),
    "cycle.ballot.changed": _("Ballot changed"),
    "cycle.vote.counted": _("Vote counted"),
    "cycle.proposal.saved": _("Proposal saved"),
    "cycle.proposal.submitted": _("Proposal submitted"),
    "cycle.partner.confirmed": _("Partner confirmed"),
    "cycle.partner.declined": _("Partner declined"),
    "cycle.review.saved": _("Review saved"),
    "cycle.proposal.decided": _("Decision"),
    "cycle.results.published": _("Results published"),
    "cycle.offer.saved": _("Host offer saved"),
    "cycle.offer.submitted": _("Host offer submitted"),
    "cycle.host.chosen": _("Host chosen"),
    "cycle.note.saved": _("Partner note saved"),
}


@hooks.register("register_log_actions")
def register_cycle_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)
