"""The cycle's demo (network/demo/cycle.toml): a counted vote, six reviewed proposals to
the 2024 call with their decisions, and one offer to host. Idempotent: each item is
found by its stable key (the vote and the offer call by title, a proposal by its call
and title, a reviewer by user name) and never created twice."""

import datetime
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from network.cycle.models import (
    Ballot,
    BallotChoice,
    BudgetLine,
    CallCycle,
    Decision,
    HostOffer,
    HostOfferCall,
    PartnerConfirmation,
    Proposal,
    Review,
    ReviewCriterion,
    ReviewerAppointment,
    Score,
    TopicVote,
)
from network.cycle.voting import close_vote

DATA = Path(__file__).resolve().parent / "cycle.toml"
STAGE = "Cycle"


def _at(loader, text, zone):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def load_cycle(loader):
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    load_vote(loader, data["vote"])
    load_review(loader, data["review"], data["proposal"])
    load_host(loader, data["host"])


def load_vote(loader, item):
    vote = TopicVote.objects.filter(title=item["title"]).first()
    created = vote is None
    if created:
        vote = TopicVote.objects.create(
            title=item["title"],
            edition=item["edition"],
            method=item["method"],
            winners=item["winners"],
            opens_at=_at(loader, item["opens"], item["time_zone"]),
            closes_at=_at(loader, item["closes"], item["time_zone"]),
            time_zone=item["time_zone"],
            call=loader.page(f"call:{item['call']}"),
        )
        vote.candidates.set([loader.topics[slug] for slug in item["candidates"]])
        for city_slug, topics in item["ballots"]:
            ballot = Ballot.objects.create(vote=vote, city=loader.page(f"city:{city_slug}"))
            BallotChoice.objects.bulk_create(
                BallotChoice(ballot=ballot, topic=loader.topics[slug]) for slug in topics
            )
        # The call it named is already published with its topics: no draft to attach.
        close_vote(vote, now=max(vote.closes_at, timezone.now()), attach=False)
    loader.note(STAGE, created=created, label=item["title"])


def reviewer(username, name):
    first, _space, last = name.partition(" ")
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "is_active": False},
    )
    if _created:
        user.set_unusable_password()
        user.save()
    return user


def load_review(loader, item, proposals):
    call = loader.page(f"call:{item['call']}")
    settings_row, _ = CallCycle.objects.get_or_create(
        call=call, defaults={"time_zone": item["time_zone"]}
    )
    if item.get("results_published") and settings_row.results_published_at is None:
        settings_row.results_published_at = call.closes_at
        settings_row.save()
    criteria = []
    for order, (name, weight) in enumerate(item["criteria"]):
        criterion, _ = ReviewCriterion.objects.get_or_create(
            call=call, name=name, defaults={"weight": weight, "sort_order": order}
        )
        criteria.append(criterion)
    reviewers = []
    for username, name, city in item["reviewers"]:
        user = reviewer(username, name)
        ReviewerAppointment.objects.get_or_create(
            call=call,
            reviewer=user,
            defaults={"city": loader.page(f"city:{city}") if city else None},
        )
        reviewers.append(user)
    for spec in proposals:
        load_proposal(loader, call, spec, criteria, reviewers)


def load_proposal(loader, call, spec, criteria, reviewers):
    existing = Proposal.objects.filter(call=call, title=spec["title"]).first()
    if existing is None:
        proposal = Proposal.objects.create(
            call=call,
            lead_city=loader.page(f"city:{spec['lead']}"),
            title=spec["title"],
            summary=f"{spec['title']}: a demo proposal to the 2024 call.",
            timeline="Months 1-6: pilots. Months 7-18: sharing what works.",
            expected_results="Pilots in every partner city and a shared handbook.",
            start_date=datetime.date(2024, 9, 1),
            end_date=datetime.date(2026, 2, 28),
            cofunding=spec["cofunding"],
            state=Proposal.State.SUBMITTED,
            submitted_at=call.closes_at - datetime.timedelta(days=2),
        )
        proposal.topics.set([loader.topics[slug] for slug in spec["topics"]])
        BudgetLine.objects.bulk_create(
            BudgetLine(proposal=proposal, label=label, amount=amount)
            for label, amount in spec["budget"]
        )
        PartnerConfirmation.objects.bulk_create(
            PartnerConfirmation(
                proposal=proposal,
                city=loader.page(f"city:{slug}"),
                answer=PartnerConfirmation.Answer.CONFIRMED,
            )
            for slug in spec["partners"]
        )
        for user, values in zip(reviewers, spec["scores"], strict=True):
            review = Review.objects.create(proposal=proposal, reviewer=user)
            Score.objects.bulk_create(
                Score(review=review, criterion=criterion, value=value)
                for criterion, value in zip(criteria, values, strict=True)
            )
        Decision.objects.create(
            proposal=proposal,
            outcome=spec["decision"],
            amount=spec.get("amount"),
            project=loader.page(f"project:{spec['project']}") if spec.get("project") else None,
        )
    loader.note(STAGE, created=existing is None, label=spec["title"])


def load_host(loader, item):
    offer_call = HostOfferCall.objects.filter(title=item["title"]).first()
    created = offer_call is None
    if created:
        opens = loader.at(loader.today + datetime.timedelta(days=item["opens_in_days"]), "09:00")
        closes = loader.at(loader.today + datetime.timedelta(days=item["closes_in_days"]), "17:00")
        offer_call = HostOfferCall.objects.create(
            title=item["title"],
            edition=item["edition"],
            opens_at=opens,
            closes_at=closes,
            time_zone=item["time_zone"],
        )
    loader.note(STAGE, created=created, label=item["title"])
    for spec in item["offer"]:
        city = loader.page(f"city:{spec['city']}")
        offer, created = HostOffer.objects.get_or_create(
            offer_call=offer_call,
            city=city,
            defaults={
                "start_date": datetime.date.fromisoformat(spec["start"]),
                "end_date": datetime.date.fromisoformat(spec["end"]),
                "venue": spec["venue"],
                "capacity": spec["capacity"],
                "theme": spec["theme"],
                "notes": spec["notes"],
                "state": HostOffer.State.SUBMITTED,
                "submitted_at": offer_call.opens_at,
            },
        )
        loader.note(STAGE, created=created, label=str(offer))
