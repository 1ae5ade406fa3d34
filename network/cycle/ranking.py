"""The review ranking of a call: each proposal's weighted score, averaged over its
reviews, with the spread of the reviewers' scores; exported for the jury.

A review's weighted score is ``sum(score × weight) / sum(weight)`` over the call's
criteria (0 to 10). The ranking reads a fixed number of queries, whatever the number
of proposals and reviews.
"""

import csv
import io
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _

from openpyxl import Workbook

from .models import Decision, PartnerConfirmation, Proposal, ReviewCriterion, Score


@dataclass
class RankedProposal:
    """A proposal's place in the ranking."""

    proposal: Proposal
    requested: int
    scores: list = field(default_factory=list)  # one weighted score per review
    position: int = 0

    @property
    def reviews(self):
        return len(self.scores)

    @property
    def average(self):
        return round(statistics.fmean(self.scores), 2) if self.scores else None

    @property
    def spread(self):
        """The population standard deviation of the reviewers' scores."""
        return round(statistics.pstdev(self.scores), 2) if self.scores else None

    @property
    def low(self):
        return round(min(self.scores), 2) if self.scores else None

    @property
    def high(self):
        return round(max(self.scores), 2) if self.scores else None

    @property
    def decision(self):
        try:
            return self.proposal.decision
        except Decision.DoesNotExist:
            return None


def ranking(call):
    """The call's submitted proposals, best average first (unreviewed last)."""
    criteria = {c.pk: c.weight for c in ReviewCriterion.objects.filter(call=call)}
    total_weight = sum(criteria.values())
    proposals = list(
        Proposal.objects.filter(call=call, state=Proposal.State.SUBMITTED)
        .select_related("lead_city", "decision")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=PartnerConfirmation.objects.select_related("city").order_by("pk"),
            )
        )
        .annotate(total=Sum("budget_lines__amount"))
        .order_by("title", "pk")
    )
    by_review = defaultdict(dict)
    proposal_of = {}
    for review_id, proposal_id, criterion_id, value in Score.objects.filter(
        review__proposal__in=[p.pk for p in proposals], criterion_id__in=criteria
    ).values_list("review_id", "review__proposal_id", "criterion_id", "value"):
        by_review[review_id][criterion_id] = value
        proposal_of[review_id] = proposal_id
    scores = defaultdict(list)
    for review_id, values in by_review.items():
        if total_weight and len(values) == len(criteria):
            weighted = sum(values[c] * w for c, w in criteria.items()) / total_weight
            scores[proposal_of[review_id]].append(weighted)
    rows = [
        RankedProposal(p, max((p.total or 0) - p.cofunding, 0), scores.get(p.pk, []))
        for p in proposals
    ]
    rows.sort(key=lambda r: (r.average is None, -(r.average or 0), r.spread or 0))
    for position, row in enumerate(rows, start=1):
        row.position = position
    return rows


def table(rows):
    """The ranking as a header and rows, for CSV and XLSX."""
    header = [
        _("Rank"),
        _("Proposal"),
        _("Lead city"),
        _("Partner cities"),
        _("Grant requested (EUR)"),
        _("Reviews"),
        _("Average score"),
        _("Spread (standard deviation)"),
        _("Lowest"),
        _("Highest"),
        _("Decision"),
        _("Grant (EUR)"),
    ]
    lines = []
    for row in rows:
        decision = row.decision
        lines.append(
            [
                row.position,
                row.proposal.title,
                row.proposal.lead_city.title,
                ", ".join(p.city.title for p in row.proposal.partners.all()),
                row.requested,
                row.reviews,
                row.average,
                row.spread,
                row.low,
                row.high,
                decision.get_outcome_display() if decision else "",
                decision.amount if decision and decision.amount else "",
            ]
        )
    return header, lines


def as_csv(rows):
    header, lines = table(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for line in lines:
        writer.writerow(_no_formulas(line))
    return out.getvalue()


def _no_formulas(line):
    """A cell starting with = + - @ would be a formula in a spreadsheet: quote it."""
    return ["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in line]


def as_xlsx(rows, title):
    header, lines = table(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Ranking"
    sheet.append([str(h) for h in header])
    for line in lines:
        sheet.append(_no_formulas(line))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
