"""A city's ballot, and the Secretariat's view of a vote."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.admin.auth import permission_denied

from .. import access
from ..forms import BallotForm
from ..models import VOTING_MEMBERSHIPS, Ballot, TopicVote
from ..voting import cast_ballot, close_vote, eligible_cities
from .common import posted, render, source_city


def vote_detail(request, vote_id):
    """The Secretariat's view of a vote: turnout, then the results once counted."""
    vote = get_object_or_404(TopicVote, pk=vote_id)
    if not access.is_secretariat(request.user):
        return permission_denied(request)
    if not vote.has_results and vote.closes_at <= timezone.now():
        close_vote(vote)
        vote.refresh_from_db()
    cities = list(eligible_cities().order_by("title"))
    voted = set(Ballot.objects.filter(vote=vote).values_list("city_id", flat=True))
    return render(
        request,
        "vote.html",
        vote.title,
        vote=vote,
        turnout=[(city, city.pk in voted) for city in cities],
        cast=len(voted),
        results=list(vote.results.select_related("topic")),
    )


def ballot(request, vote_id, city_id):
    """A member city's ballot, cast or changed by any member of its team."""
    vote = get_object_or_404(TopicVote, pk=vote_id)
    city = source_city(city_id)
    if not access.in_team_of(request.user, city):
        return permission_denied(request)
    existing = Ballot.objects.filter(vote=vote, city=city).first()
    initial = dict(existing.choices.values_list("topic_id", "rank")) if existing else {}
    candidates = vote.candidates.order_by("name")
    form = BallotForm(vote, candidates, posted(request), initial_choices=initial)
    refusal = None
    if not vote.is_open():
        refusal = _("This vote is closed; ballots can no longer be cast or changed.")
    elif city.membership not in VOTING_MEMBERSHIPS:
        refusal = _("Only member cities vote; %(city)s is not one.") % {"city": city.title}
    if request.method == "POST" and refusal is None and form.is_valid():
        cast_ballot(vote, city, form.choices(), request.user)
        messages.success(
            request,
            _("%(city)s's ballot is recorded; you can change it until the vote closes.")
            % {"city": city.title},
        )
        return redirect("cycle:home")
    if request.method == "POST" and refusal:
        messages.error(request, refusal)
    return render(
        request,
        "ballot.html",
        _("Ballot of %(city)s") % {"city": city.title},
        vote=vote,
        city=city,
        form=form,
        existing=existing,
        refusal=refusal,
    )
