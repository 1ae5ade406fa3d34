"""The small network the cycle's tests share: four cities with their teams (three
member cities and one partner city), an open call on three topics with two review
criteria, an open topic vote, and helpers to act as a team would in the admin."""

import datetime
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

import pytest
from factory import Faker

from network.cycle.models import (
    BudgetLine,
    PartnerConfirmation,
    Proposal,
    ReviewCriterion,
    ReviewerAppointment,
    TopicVote,
)
from network.factories import CallForProposalsPageFactory, CityPageFactory, TopicFactory
from network.models import CityPage, MichelinSite
from tests.admin_helpers import team_of


def fake(provider, **kwargs):
    return Faker(provider, **kwargs).evaluate(None, None, {"locale": None})


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_network(portal, make_editor):
    """The cities, their teams and people, three topics, an open call and a vote."""
    member = CityPage.Membership.MEMBER
    cities = SimpleNamespace(
        clermont=CityPageFactory(
            parent=portal.cityindex,
            membership=CityPage.Membership.FOUNDING,
            sites=[MichelinSite.Kind.PRODUCTION, MichelinSite.Kind.RESEARCH],
        ),
        greenville=CityPageFactory(
            parent=portal.cityindex, membership=member, sites=[MichelinSite.Kind.RESEARCH]
        ),
        shenyang=CityPageFactory(
            parent=portal.cityindex, membership=member, sites=[MichelinSite.Kind.PRODUCTION]
        ),
        cuneo=CityPageFactory(
            parent=portal.cityindex,
            membership=CityPage.Membership.PARTNER,
            sites=[MichelinSite.Kind.TEST_CENTRE],
        ),
    )
    people = SimpleNamespace(
        **{name: make_editor(team_of(city)) for name, city in vars(cities).items()},
        clermont2=make_editor(team_of(cities.clermont)),
    )
    topics = [TopicFactory() for _ in range(3)]
    now = timezone.now()
    call = CallForProposalsPageFactory(
        parent=portal.callindex,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=20),
        total_budget=300_000,
        max_grant=40_000,
    )
    call.topics.set(topics)
    publish(call)
    criteria = [
        ReviewCriterion.objects.create(call=call, name="Relevance", weight=2, sort_order=1),
        ReviewCriterion.objects.create(call=call, name="Feasibility", weight=1, sort_order=2),
    ]
    vote = TopicVote.objects.create(
        title=fake("sentence", nb_words=4),
        edition=3,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7),
        method=TopicVote.Method.APPROVAL,
        winners=2,
    )
    vote.candidates.set(topics)
    return SimpleNamespace(
        cities=cities,
        people=people,
        topics=topics,
        call=call,
        vote=vote,
        criteria=criteria,
        now=now,
    )


@pytest.fixture(name="net")
def net_fixture(portal, make_editor):
    return build_network(portal, make_editor)


def make_proposal(net, lead=None, partners=(), confirmed=True, submitted=False, **fields):
    """A proposal straight in the database (for tests that are not about its form)."""
    lead = lead or net.cities.clermont
    proposal = Proposal.objects.create(
        call=net.call,
        lead_city=lead,
        title=fields.pop("title", fake("catch_phrase")),
        summary=fields.pop("summary", fake("paragraph")),
        timeline=fake("sentence"),
        expected_results=fake("sentence"),
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2028, 6, 30),
        cofunding=fields.pop("cofunding", 20_000),
        state=Proposal.State.SUBMITTED if submitted else Proposal.State.DRAFT,
        submitted_at=timezone.now() if submitted else None,
        **fields,
    )
    proposal.topics.set(net.topics[:2])
    BudgetLine.objects.create(proposal=proposal, label="Staff", amount=30_000)
    BudgetLine.objects.create(proposal=proposal, label="Travel", amount=15_000)
    answer = (
        PartnerConfirmation.Answer.CONFIRMED if confirmed else PartnerConfirmation.Answer.PENDING
    )
    for city in partners:
        PartnerConfirmation.objects.create(proposal=proposal, city=city, answer=answer)
    return proposal


def appoint(net, reviewer, city=None):
    return ReviewerAppointment.objects.create(call=net.call, reviewer=reviewer, city=city)


def url(name, *args):
    return reverse(f"cycle:{name}", args=args)
