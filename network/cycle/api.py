"""The cycle's public results in the API (``/api/v3/cycle/...``): counted votes and the
funded proposals of calls whose results are published. Nothing else of the cycle is
read here: no ballot, draft, review, reserve list or host offer."""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.shortcuts import get_object_or_404

from wagtail.models import Locale

from ninja import Query, Router, Schema

from network.api.caching import bump_generation
from network.api.content import ERRORS
from network.api.params import MAX_LIMIT, MAX_OFFSET, check_known, default_language, parse_locale
from network.i18n.localization import localized
from network.models import CallForProposalsPage, ProjectPage
from network.public.visibility import visible_pages

from .models import CallCycle, Decision, TopicVote, VoteResult
from .public import counted_votes, funded_decisions

router = Router(tags=["cycle"])


class TopicResult(Schema):
    """A candidate topic's result."""

    position: int
    topic_id: int
    slug: str
    name: str
    locale: str
    points: int
    ballots: int
    elected: bool
    tie_broken: bool


class VoteSummary(Schema):
    """A counted topic vote."""

    id: int
    edition: int
    method: str
    winners: int
    closed_at: datetime.datetime
    ballots_counted: int
    eligible_cities: int
    results: list[TopicResult]


class VoteList(Schema):
    count: int
    items: list[VoteSummary]


class CityRef(Schema):
    id: int
    title: str
    url: str | None


class FundedProposal(Schema):
    """A proposal the network funded, once the call's results are published."""

    title: str
    call_id: int
    call_title: str
    lead_city: CityRef
    amount: int
    project_id: int | None
    project_url: str | None


class FundedList(Schema):
    count: int
    items: list[FundedProposal]


def _vote(vote, code, request):
    results = list(vote.prefetched_results)
    topics = localized([r.topic for r in results], Locale.objects.get(language_code=code))
    return {
        "id": vote.pk,
        "edition": vote.edition,
        "method": vote.method,
        "winners": vote.winners,
        "closed_at": vote.closes_at,
        "ballots_counted": vote.ballots_counted or 0,
        "eligible_cities": vote.eligible_cities or 0,
        "results": [
            {
                "position": r.position,
                "topic_id": topic.pk,
                "slug": topic.slug,
                "name": topic.name,
                "locale": topic.locale.language_code,
                "points": r.points,
                "ballots": r.ballots,
                "elected": r.elected,
                "tie_broken": r.tie_broken,
            }
            for r, topic in zip(results, topics, strict=True)
        ],
    }


def _votes():
    return counted_votes().prefetch_related(
        Prefetch(
            "results",
            queryset=VoteResult.objects.select_related("topic__locale").order_by("position"),
            to_attr="prefetched_results",
        )
    )


@router.get(
    "/votes/",
    response={200: VoteList, **ERRORS},
    summary="Counted topic votes, with their results",
    operation_id="cycle_votes_list",
)
def list_votes(
    request,
    locale: str | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Votes of the member cities on the topics of a call, once counted, latest first;
    topic names in ``locale`` where translated. Ballots are never published."""
    check_known(request, {"locale", "limit", "offset"})
    code = parse_locale(locale, default=default_language())
    votes = _votes().order_by("-closes_at", "-pk")
    items = [_vote(vote, code, request) for vote in votes[offset : offset + limit]]
    return {"count": votes.count(), "items": items}


@router.get(
    "/votes/{vote_id}/",
    response={200: VoteSummary, **ERRORS},
    summary="One counted topic vote",
    operation_id="cycle_votes_detail",
)
def vote_detail(request, vote_id: int, locale: str | None = None):
    """A counted vote's results (404 while it is open or not counted)."""
    check_known(request, {"locale"})
    code = parse_locale(locale, default=default_language())
    return _vote(get_object_or_404(_votes(), pk=vote_id), code, request)


@router.get(
    "/funded/",
    response={200: FundedList, **ERRORS},
    summary="Proposals funded by the network's calls",
    operation_id="cycle_funded_list",
)
def list_funded(request, call: int | None = Query(None, ge=1), locale: str | None = None):
    """Funded proposals with their grants, for calls whose results the Secretariat has
    published; ``call`` is a call page's id (any language)."""
    check_known(request, {"call", "locale"})
    code = parse_locale(locale, default=default_language())
    calls = visible_pages(CallForProposalsPage.objects.all())
    if call:
        calls = calls.filter(pk=call)
    keys = list(calls.values_list("translation_key", flat=True).distinct())
    decisions = list(funded_decisions(keys))
    locale_obj = Locale.objects.get(language_code=code)
    cities = localized([d.proposal.lead_city for d in decisions], locale_obj, request)
    call_pages = localized([d.proposal.call for d in decisions], locale_obj, request)
    project_ids = [d.project_id for d in decisions if d.project_id]
    public_projects = (
        set(
            visible_pages(ProjectPage.objects.filter(pk__in=project_ids)).values_list(
                "pk", flat=True
            )
        )
        if project_ids
        else set()
    )
    items = []
    for decision, city, call_page in zip(decisions, cities, call_pages, strict=True):
        project = decision.project if decision.project_id in public_projects else None
        items.append(
            {
                "title": decision.proposal.title,
                "call_id": call_page.pk,
                "call_title": call_page.title,
                "lead_city": {
                    "id": city.pk,
                    "title": city.title,
                    "url": city.get_full_url(request) if city.live else None,
                },
                "amount": decision.amount or 0,
                "project_id": project.pk if project else None,
                "project_url": project.get_full_url(request) if project else None,
            }
        )
    return {"count": len(items), "items": items}


def _changed(**kwargs):
    transaction.on_commit(bump_generation)


def connect_cache_invalidation():
    """The API's stored responses are stale when a result is stored or published."""
    for model in (TopicVote, VoteResult, CallCycle, Decision):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"cycle-api-{model.__name__}")
