"""Dashboard panels of the cycle: one for city teams and reviewers, one for the Secretariat."""

from django.template.loader import render_to_string

from wagtail.admin.ui.components import Component

from .access import is_secretariat
from .overview import notices_for, reviewer_overview, secretariat_overview, team_overview


class TeamCyclePanel(Component):
    """Ballots to cast, proposals in progress, confirmations awaiting the team, decisions,
    offers to host, reviews to do, and the latest notices."""

    name = "cycle_team"
    template_name = "cycle/admin/team_panel.html"
    order = 205

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        data = team_overview(request.user)
        data.update(reviewer_overview(request.user))
        data["notices"] = notices_for(request.user)
        data["request"] = request
        return data

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not (
            context["cities"] or context["to_review"] or context["reviewed"] or context["notices"]
        ):
            return ""
        return render_to_string(self.template_name, context)


class SecretariatCyclePanel(Component):
    """Vote turnout, proposals per call, review progress and host offers."""

    name = "cycle_secretariat"
    template_name = "cycle/admin/secretariat_panel.html"
    order = 206

    def get_context_data(self, parent_context):
        return {**secretariat_overview(), "request": parent_context["request"]}


def panels_for(request):
    panels = [TeamCyclePanel()]
    if is_secretariat(request.user):
        panels.append(SecretariatCyclePanel())
    return panels
