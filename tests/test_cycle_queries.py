"""The review ranking and a city team's dashboard cost the same number of queries for
10 proposals as for 100 (pinned)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from network.cycle.models import (
    BudgetLine,
    PartnerConfirmation,
    Proposal,
    Review,
    ReviewerAppointment,
    Score,
)
from network.cycle.overview import team_overview
from network.cycle.ranking import ranking
from tests.cycle_helpers import net_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

RANKING_QUERIES = 4
TEAM_OVERVIEW_QUERIES = 7
DASHBOARD_QUERIES = 41


def add_proposals(net, reviewers, count):
    """``count`` submitted proposals of Clermont with a partner, budget and two reviews."""
    c = net.cities
    proposals = Proposal.objects.bulk_create(
        Proposal(
            call=net.call,
            lead_city=c.clermont,
            title=f"Proposal {n}",
            summary="Summary",
            state=Proposal.State.SUBMITTED if n % 2 else Proposal.State.DRAFT,
        )
        for n in range(count)
    )
    PartnerConfirmation.objects.bulk_create(
        PartnerConfirmation(proposal=p, city=c.greenville) for p in proposals
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=p, label="Staff", amount=1000 + n) for n, p in enumerate(proposals)
    )
    reviews = Review.objects.bulk_create(
        Review(proposal=p, reviewer=r) for p in proposals for r in reviewers
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=(review.pk + criterion.pk) % 11)
        for review in reviews
        for criterion in net.criteria
    )


def queries_of(function):
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return len(captured), result


@pytest.mark.parametrize("count", [10, 100])
def test_ranking_and_team_dashboard_queries_do_not_grow_with_proposals(
    client, net, make_editor, count
):
    reviewers = [make_editor(), make_editor()]
    for reviewer in reviewers:
        ReviewerAppointment.objects.create(call=net.call, reviewer=reviewer)
    add_proposals(net, reviewers, count)

    n, rows = queries_of(lambda: [(r.average, r.spread, r.decision) for r in ranking(net.call)])
    assert len(rows) == count // 2
    assert n == RANKING_QUERIES

    user = net.people.clermont
    user.refresh_from_db()
    n, data = queries_of(lambda: team_overview(user))
    assert len(data["in_progress"]) == count // 2 and len(data["submitted"]) == count // 2
    assert n == TEAM_OVERVIEW_QUERIES

    client.force_login(net.people.greenville)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert page.count("Proposal ") >= count // 2, "Greenville confirms every one of them"
    # The whole dashboard: Wagtail's own panels, the network's and the cycle's.
    assert len(captured) == DASHBOARD_QUERIES
