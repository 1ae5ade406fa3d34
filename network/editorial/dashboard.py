"""Dashboard panels: what concerns the person who opens the admin.

Wagtail's own panels already list what awaits the user's review and their pages that
are in moderation now; these add what happened to their recent submissions (approved,
changes requested, rejected) and the network's open calls and coming deadlines.
Each panel costs a fixed number of queries, whatever the number of rows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page, TaskState, WorkflowState
from wagtail.permissions import policy_registry

from ..models import CallForProposalsPage, ConferencePage

# How far ahead the deadlines panel looks, and how far back the submissions panel.
DEADLINE_HORIZON = datetime.timedelta(days=90)
DECISIONS_SINCE = datetime.timedelta(days=30)
DECISIONS_SHOWN = 8


@dataclass
class Deadline:
    """One dated event of a call or conference, for the deadlines panel."""

    when: datetime.datetime | datetime.date
    what: str
    page: Page
    editable: bool = False


class SubmissionDecisionsPanel(Component):
    """The user's submissions decided in the last 30 days, with the reviewer's comment."""

    name = "network_submission_decisions"
    template_name = "network/admin/submission_decisions_panel.html"
    order = 215

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        states = list(
            WorkflowState.objects.filter(
                requested_by=request.user,
                base_content_type__app_label="wagtailcore",
                base_content_type__model="page",
                status__in=[WorkflowState.STATUS_APPROVED, WorkflowState.STATUS_CANCELLED],
                current_task_state__finished_at__gte=timezone.now() - DECISIONS_SINCE,
            )
            # An author cancelling their own submission is not a decision.
            .exclude(
                status=WorkflowState.STATUS_CANCELLED,
                current_task_state__status=TaskState.STATUS_CANCELLED,
            )
            .select_related("current_task_state", "current_task_state__finished_by")
            .order_by("-current_task_state__finished_at")[:DECISIONS_SHOWN]
        )
        pages = Page.objects.in_bulk([int(state.object_id) for state in states])
        decisions = []
        for state in states:
            page = pages.get(int(state.object_id))
            if page is None:
                continue
            task_state = state.current_task_state
            decisions.append(
                {
                    "page": page,
                    "approved": state.status == WorkflowState.STATUS_APPROVED,
                    "by": task_state.finished_by,
                    "at": task_state.finished_at,
                    "comment": task_state.comment,
                }
            )
        return {"decisions": decisions, "request": request}


class DeadlinesPanel(Component):
    """Open calls, and the next 90 days' deadlines of calls and conferences."""

    name = "network_deadlines"
    template_name = "network/admin/deadlines_panel.html"
    order = 230

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        horizon = now + DEADLINE_HORIZON
        today = timezone.localdate()
        # The source locale: the one editors write in (translations follow its dates).
        locale = Locale.get_default()
        calls = list(
            CallForProposalsPage.objects.live()
            .filter(locale=locale)
            .filter(
                Q(opens_at__lte=now, closes_at__gt=now)
                | Q(opens_at__gt=now, opens_at__lte=horizon)
            )
            .defer_streamfields()
            .select_related("locale")
            .order_by("closes_at")
        )
        conferences = list(
            ConferencePage.objects.live()
            .filter(locale=locale, end_date__gte=today)
            .filter(
                Q(start_date__lte=horizon.date())
                | Q(registration_deadline__gt=now, registration_deadline__lte=horizon)
            )
            .defer_streamfields()
            .select_related("locale")
            .order_by("start_date")
        )
        policy = policy_registry.get_by_type(Page)
        editable = set(
            policy.instances_user_has_any_permission_for(request.user, {"change", "publish"})
            .filter(pk__in=[page.pk for page in [*calls, *conferences]])
            .values_list("pk", flat=True)
        )

        open_calls = [call for call in calls if call.opens_at <= now]
        deadlines = []
        for call in calls:
            if call.opens_at > now:
                deadlines.append(Deadline(call.opens_at, _("Call opens"), call))
            elif call.closes_at <= horizon:
                deadlines.append(Deadline(call.closes_at, _("Call closes"), call))
        for conference in conferences:
            deadline = conference.registration_deadline
            if deadline and now < deadline <= horizon:
                deadlines.append(Deadline(deadline, _("Registration closes"), conference))
            if today <= conference.start_date <= horizon.date():
                starts = Deadline(conference.start_date, _("Conference starts"), conference)
                deadlines.append(starts)
        for deadline in deadlines:
            deadline.editable = deadline.page.pk in editable
        deadlines.sort(key=lambda deadline: _as_datetime(deadline.when))
        return {
            "open_calls": [(call, call.pk in editable) for call in open_calls],
            "deadlines": deadlines,
            "request": request,
        }


def _as_datetime(value):
    """Dates sort with datetimes as the start of that day in the current time zone."""
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
