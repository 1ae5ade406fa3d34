"""Counting a topic vote: approval or Borda, ties broken by a fixed rule, once.

**Approval**: each ballot ticks any number of candidates; a topic's points are the
number of ballots that tick it.

**Borda count**: each ballot ranks some or all of the ``n`` candidates (1 = first);
a topic ranked ``r`` gets ``n - r + 1`` points from that ballot, an unranked topic 0.

**Ties** on points are broken, for Borda, by the number of first places, then second
places, and so on; then (both methods) by the topic's slug in alphabetical order, a
rule known before the vote opens and the same in every language. Tied topics are
marked on the results page.
"""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Locale

from network.models import CallForProposalsPage, CallIndexPage, CityPage, Topic

from .models import VOTING_MEMBERSHIPS, Ballot, BallotChoice, TopicVote, VoteResult
from .notify import notify_secretariat

logger = logging.getLogger(__name__)


@dataclass
class Tally:
    """One candidate's count."""

    topic_id: int
    slug: str
    points: int = 0
    ballots: int = 0
    rank_counts: Counter = field(default_factory=Counter)
    position: int = 0
    elected: bool = False
    tie_broken: bool = False

    @property
    def first_places(self):
        return self.rank_counts[1]


def count(method, candidates, ballots, winners):
    """The candidates' tallies, best first.

    ``candidates``: ``[(topic_id, slug)]``; ``ballots``: one ``{topic_id: rank}`` per
    ballot (``rank`` is ``None`` for an approval tick); ``winners``: how many win.
    """
    tallies = {topic_id: Tally(topic_id, slug) for topic_id, slug in candidates}
    n = len(candidates)
    for ballot in ballots:
        for topic_id, rank in ballot.items():
            tally = tallies.get(topic_id)
            if tally is None:
                continue
            tally.ballots += 1
            if method == TopicVote.Method.BORDA:
                tally.points += n - rank + 1
                tally.rank_counts[rank] += 1
            else:
                tally.points += 1

    def order(tally):
        ranks = tuple(-tally.rank_counts[r] for r in range(1, n + 1))
        return (-tally.points, ranks, tally.slug)

    ranked = sorted(tallies.values(), key=order)
    points = Counter(tally.points for tally in ranked)
    for position, tally in enumerate(ranked, start=1):
        tally.position = position
        tally.elected = position <= winners
        tally.tie_broken = points[tally.points] > 1
    return ranked


def eligible_cities():
    """The cities that vote: member and founding member cities, source locale, live."""
    return CityPage.objects.live().filter(
        membership__in=VOTING_MEMBERSHIPS, locale=Locale.get_default()
    )


def ballots_of(vote):
    """Every ballot of a vote as ``{topic_id: rank}``, in two queries."""
    by_ballot = defaultdict(dict)
    for ballot_id, topic_id, rank in BallotChoice.objects.filter(ballot__vote=vote).values_list(
        "ballot_id", "topic_id", "rank"
    ):
        by_ballot[ballot_id][topic_id] = rank
    ballot_ids = Ballot.objects.filter(vote=vote).values_list("pk", flat=True)
    return [by_ballot[pk] for pk in ballot_ids if by_ballot[pk]]


def close_vote(vote, now=None, attach=True):
    """Count a vote whose window has closed, store and publish its results, attach the
    winning topics to the call's draft. Once: a second call (or a concurrent one)
    finds the results there and does nothing. Returns whether this call counted it."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = TopicVote.objects.filter(
            pk=vote.pk, results_computed_at__isnull=True, closes_at__lte=now
        ).update(results_computed_at=now)
        if not claimed:
            return False
        vote.refresh_from_db()
        candidates = list(vote.candidates.values_list("pk", "slug"))
        ballots = ballots_of(vote)
        tallies = count(vote.method, candidates, ballots, vote.winners)
        VoteResult.objects.bulk_create(
            VoteResult(
                vote=vote,
                topic_id=tally.topic_id,
                points=tally.points,
                ballots=tally.ballots,
                first_places=tally.first_places,
                position=tally.position,
                elected=tally.elected,
                tie_broken=tally.tie_broken,
            )
            for tally in tallies
        )
        vote.ballots_counted = len(ballots)
        vote.eligible_cities = eligible_cities().count()
        vote.save(update_fields=["ballots_counted", "eligible_cities"])
        winners = [tally.topic_id for tally in tallies if tally.elected]
        call = attach_winners(vote, winners) if attach else vote.call
        log(
            vote,
            "cycle.vote.counted",
            user=None,
            data={"ballots": len(ballots), "winners": winners, "call": call and call.pk},
        )
    notify_secretariat(
        _("The vote “%(vote)s” is counted") % {"vote": vote.title},
        _("%(ballots)d ballots. The winning topics are on the call's draft.")
        % {"ballots": len(ballots)},
        url=f"/admin/cycle/votes/{vote.pk}/",
    )
    return True


def close_due_votes(now=None):
    """Count every vote whose window has closed and that has no results yet."""
    now = now or timezone.now()
    due = TopicVote.objects.filter(results_computed_at__isnull=True, closes_at__lte=now)
    return [vote for vote in due.order_by("closes_at") if close_vote(vote, now)]


def attach_winners(vote, topic_ids):
    """Give the vote's call (or a new draft call) the winning topics, as a draft revision
    for the Secretariat to review and publish."""
    call = vote.call.specific if vote.call_id else None
    if call is None:
        index = CallIndexPage.objects.filter(locale=Locale.get_default()).first()
        if index is None:
            logger.warning("Vote %s counted, but there is no call index for a draft call", vote)
            return None
        call = CallForProposalsPage(
            title=_("Call for proposals, edition %(edition)s") % {"edition": vote.edition},
            slug=f"call-for-proposals-edition-{vote.edition}-{vote.pk}",
            edition=vote.edition,
            opens_at=vote.closes_at + datetime.timedelta(days=60),
            closes_at=vote.closes_at + datetime.timedelta(days=150),
            live=False,
        )
        call.topics = list(Topic.objects.filter(pk__in=topic_ids))
        index.add_child(instance=call)
        call.save_revision(log_action=True)
        TopicVote.objects.filter(pk=vote.pk).update(call=call)
        return call
    draft = call.get_latest_revision_as_object()
    draft.topics = list(Topic.objects.filter(pk__in=topic_ids))
    draft.save_revision(log_action=True)
    return call


def cast_ballot(vote, city, choices, user, now=None):
    """Cast or change ``city``'s ballot: ``choices`` is ``{topic_id: rank or None}``.

    Refuses (ValueError with the reason) a closed vote or a city that does not vote;
    a second member of the same team replaces the city's ballot, never adds one.
    """
    now = now or timezone.now()
    if not vote.is_open(now):
        raise ValueError(_("This vote is closed; ballots can no longer be cast or changed."))
    if city.membership not in VOTING_MEMBERSHIPS:
        raise ValueError(_("Only member cities vote; %(city)s is not one.") % {"city": city})
    with transaction.atomic():
        ballot, created = Ballot.objects.select_for_update().get_or_create(
            vote=vote, city=city, defaults={"cast_by": user}
        )
        if not created:
            ballot.cast_by = user
            ballot.save(update_fields=["cast_by", "updated_at"])
            ballot.choices.all().delete()
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, topic_id=topic_id, rank=rank)
            for topic_id, rank in choices.items()
        )
        log(
            ballot,
            "cycle.ballot.cast" if created else "cycle.ballot.changed",
            user=user,
            data={"vote": vote.pk, "city": city.pk},
        )
    return ballot
