"""What the cycle shows a person on their dashboard and on the cycle's home in the admin.

Each function reads a fixed number of queries, whatever the number of votes,
proposals, reviews or offers (``tests/test_cycle_queries.py`` pins them).
"""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from wagtail.models import Locale

from network.models import CallForProposalsPage

from .access import is_secretariat, reviewable_proposals, team_cities
from .models import (
    VOTING_MEMBERSHIPS,
    Ballot,
    Decision,
    HostOffer,
    HostOfferCall,
    Notice,
    PartnerConfirmation,
    Proposal,
    Review,
    ReviewerAppointment,
    TopicVote,
)
from .voting import eligible_cities

NOTICES_SHOWN = 8


def open_q(now):
    return Q(opens_at__lte=now, closes_at__gt=now)


def team_overview(user, now=None):
    """A city team's cycle: ballots to cast, proposals, confirmations, decisions, offers."""
    now = now or timezone.now()
    cities = team_cities(user)
    ids = [city.pk for city in cities]
    voters = [city for city in cities if city.membership in VOTING_MEMBERSHIPS]
    votes = list(TopicVote.objects.filter(open_q(now)).order_by("closes_at"))
    cast = set(
        Ballot.objects.filter(vote__in=votes, city__in=voters).values_list("vote_id", "city_id")
    )
    ballots = [
        {"vote": vote, "city": city, "cast": (vote.pk, city.pk) in cast}
        for vote in votes
        for city in voters
    ]
    led = list(
        Proposal.objects.filter(lead_city_id__in=ids)
        .select_related("call", "lead_city", "decision")
        .order_by("-updated_at", "-pk")
    )
    awaiting = list(
        PartnerConfirmation.objects.filter(
            city_id__in=ids, answer=PartnerConfirmation.Answer.PENDING
        )
        .select_related("proposal", "proposal__lead_city", "city")
        .order_by("proposal__call__closes_at", "pk")
    )
    calls = (
        list(
            CallForProposalsPage.objects.live()
            .filter(open_q(now), locale=Locale.get_default())
            .defer_streamfields()
            .order_by("closes_at")
        )
        if ids
        else []
    )
    offer_calls = list(HostOfferCall.objects.filter(open_q(now)).order_by("closes_at"))
    offers = {
        (offer.offer_call_id, offer.city_id): offer
        for offer in HostOffer.objects.filter(offer_call__in=offer_calls, city__in=voters)
    }
    hosting = [
        {"call": call, "city": city, "offer": offers.get((call.pk, city.pk))}
        for call in offer_calls
        for city in voters
    ]
    return {
        "cities": cities,
        "ballots": ballots,
        "in_progress": [p for p in led if not p.is_submitted],
        "submitted": [p for p in led if p.is_submitted and not _decided(p)],
        "decisions": [p for p in led if _decided(p)],
        "awaiting": awaiting,
        "open_calls": calls,
        "hosting": hosting,
    }


def _decided(proposal):
    try:
        return proposal.decision is not None
    except Decision.DoesNotExist:
        return False


def reviewer_overview(user):
    """The proposals awaiting the user's review, and those already reviewed."""
    if not ReviewerAppointment.objects.filter(reviewer=user).exists():
        return {"to_review": [], "reviewed": []}
    proposals = list(
        reviewable_proposals(user).select_related("call", "lead_city").order_by("call", "title")
    )
    done = set(
        Review.objects.filter(reviewer=user, proposal__in=proposals).values_list(
            "proposal_id", flat=True
        )
    )
    return {
        "to_review": [p for p in proposals if p.pk not in done],
        "reviewed": [p for p in proposals if p.pk in done],
    }


def notices_for(user):
    return list(
        Notice.objects.filter(group__user=user).order_by("-created_at", "-pk")[:NOTICES_SHOWN]
    )


def secretariat_overview(now=None):
    """Vote turnout, proposals per call and review progress, for the Secretariat."""
    now = now or timezone.now()
    votes = list(
        TopicVote.objects.filter(Q(closes_at__gt=now) | Q(results_computed_at__isnull=True))
        .annotate(cast=Count("ballots"))
        .order_by("closes_at")
    )
    eligible = eligible_cities().count()
    for vote in votes:
        vote.turnout = round(100 * vote.cast / eligible) if eligible else 0
    counts = defaultdict(lambda: {"draft": 0, "submitted": 0})
    titles = {}
    for call_id, title, state, n in (
        Proposal.objects.values_list("call_id", "call__title", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[call_id][state] = n
        titles[call_id] = title
    submitted = Proposal.objects.filter(state=Proposal.State.SUBMITTED)
    reviews = dict(
        Review.objects.filter(proposal__in=submitted)
        .values_list("proposal__call_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    unreviewed = dict(
        submitted.filter(reviews__isnull=True)
        .values_list("call_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reviewers = dict(
        ReviewerAppointment.objects.values_list("call_id").annotate(n=Count("pk")).order_by()
    )
    decided = dict(
        Decision.objects.values_list("proposal__call_id").annotate(n=Count("pk")).order_by()
    )
    granted = dict(
        Decision.objects.filter(outcome=Decision.Outcome.FUNDED)
        .values_list("proposal__call_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    calls = [
        {
            "id": call_id,
            "title": titles[call_id],
            "drafts": n["draft"],
            "submitted": n["submitted"],
            "reviews": reviews.get(call_id, 0),
            "unreviewed": unreviewed.get(call_id, 0),
            "reviewers": reviewers.get(call_id, 0),
            "decided": decided.get(call_id, 0),
            "granted": granted.get(call_id) or 0,
        }
        for call_id, n in sorted(counts.items())
    ]
    offer_calls = list(
        HostOfferCall.objects.filter(chosen_offer__isnull=True)
        .annotate(submitted=Count("offers", filter=Q(offers__state=HostOffer.State.SUBMITTED)))
        .order_by("closes_at")
    )
    return {"votes": votes, "eligible": eligible, "calls": calls, "offer_calls": offer_calls}


def overview(user, now=None):
    """Everything of the cycle that concerns the user."""
    data = {"is_secretariat": is_secretariat(user), "notices": notices_for(user)}
    data.update(team_overview(user, now))
    data.update(reviewer_overview(user))
    if data["is_secretariat"]:
        data["secretariat"] = secretariat_overview(now)
    return data
