"""The topic vote: one ballot per member city, secret, counted once, approval or Borda."""

import datetime

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from network.cycle.models import Ballot, TopicVote, VoteResult
from network.cycle.voting import close_vote, count
from network.models import CallForProposalsPage
from tests.admin_helpers import assert_refused
from tests.cycle_helpers import fake, net_fixture, url  # noqa: F401

pytestmark = pytest.mark.django_db

CANDIDATES = [(1, "culture"), (2, "energy"), (3, "mobility"), (4, "nature")]


def test_approval_count_on_a_fixed_example():
    ballots = [
        {3: None, 2: None},
        {3: None, 4: None},
        {2: None, 3: None, 1: None},
        {4: None, 2: None},
        {3: None},
    ]
    ranked = count("approval", CANDIDATES, ballots, winners=2)
    assert [(t.slug, t.points, t.ballots) for t in ranked] == [
        ("mobility", 4, 4),
        ("energy", 3, 3),
        ("nature", 2, 2),
        ("culture", 1, 1),
    ]
    assert [t.elected for t in ranked] == [True, True, False, False]
    assert not any(t.tie_broken for t in ranked)


def test_borda_count_on_a_fixed_example_with_a_tie():
    # Four candidates: first place 4 points, second 3, third 2, fourth 1, unranked 0.
    ballots = [
        {2: 1, 3: 2, 1: 3, 4: 4},  # energy 4, mobility 3, culture 2, nature 1
        {3: 1, 2: 2, 4: 3},  # mobility 4, energy 3, nature 2
        {4: 1, 3: 2},  # nature 4, mobility 3
        {2: 1, 1: 2},  # energy 4, culture 3
    ]
    ranked = count("borda", CANDIDATES, ballots, winners=2)
    assert [(t.slug, t.points, t.first_places) for t in ranked] == [
        ("energy", 11, 2),
        ("mobility", 10, 1),
        ("nature", 7, 1),
        ("culture", 5, 0),
    ]
    # A tie on points: more first places wins, then the slug's alphabetical order.
    tied = count("borda", CANDIDATES, [{1: 1, 2: 2}, {2: 1, 1: 2}], winners=1)
    assert [(t.slug, t.points, t.tie_broken) for t in tied[:2]] == [
        ("culture", 7, True),
        ("energy", 7, True),
    ]
    assert tied[0].elected and not tied[1].elected


def ballot_post(client, vote, city, topics):
    return client.post(url("ballot", vote.pk, city.pk), {"topics": [t.pk for t in topics]})


def test_one_ballot_per_member_city_changed_by_a_second_member(client, net):
    vote, clermont = net.vote, net.cities.clermont
    client.force_login(net.people.clermont)
    assert ballot_post(client, vote, clermont, net.topics[:2]).status_code == 302
    client.force_login(net.people.clermont2)
    page = client.get(url("ballot", vote.pk, clermont.pk)).content.decode()
    assert "last changed" in page, "the second member sees the city's ballot"
    assert ballot_post(client, vote, clermont, net.topics[2:]).status_code == 302

    ballot = Ballot.objects.get(vote=vote)
    assert Ballot.objects.filter(vote=vote, city=clermont).count() == 1
    assert list(ballot.choices.values_list("topic_id", flat=True)) == [net.topics[2].pk]
    entries = ModelLogEntry.objects.filter(object_id=str(ballot.pk)).order_by("timestamp")
    assert [(e.action, e.user_id) for e in entries] == [
        ("cycle.ballot.cast", net.people.clermont.pk),
        ("cycle.ballot.changed", net.people.clermont2.pk),
    ]
    assert entries[0].label == f"Ballot of {clermont.title} ({vote.title})"
    assert set(entries[0].data) == {"vote", "city"}, "the log keeps no choice"


def test_an_empty_ballot_is_refused_with_a_reason(client, net):
    client.force_login(net.people.clermont)
    response = client.post(url("ballot", net.vote.pk, net.cities.clermont.pk), {"topics": []})
    assert response.status_code == 200
    assert "Tick at least one topic." in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_partner_city_does_not_vote(client, net):
    client.force_login(net.people.cuneo)
    response = ballot_post(client, net.vote, net.cities.cuneo, net.topics[:1])
    assert "Only member cities vote" in response.content.decode()
    assert not Ballot.objects.exists()


def test_another_city_cannot_see_or_cast_a_city_ballot(client, net):
    client.force_login(net.people.clermont)
    ballot_post(client, net.vote, net.cities.clermont, net.topics[:1])
    client.force_login(net.people.greenville)
    assert_refused(client, url("ballot", net.vote.pk, net.cities.clermont.pk))
    assert_refused(
        client,
        url("ballot", net.vote.pk, net.cities.clermont.pk),
        "post",
        {"topics": [net.topics[2].pk]},
    )
    ballot = Ballot.objects.get()
    assert list(ballot.choices.values_list("topic_id", flat=True)) == [net.topics[0].pk]


def test_ranked_ballot_refuses_gaps_and_duplicates(client, net):
    net.vote.method = TopicVote.Method.BORDA
    net.vote.save()
    client.force_login(net.people.clermont)
    target = url("ballot", net.vote.pk, net.cities.clermont.pk)
    a, b, c = net.topics
    page = client.post(target, {f"rank_{a.pk}": "1", f"rank_{b.pk}": "1"}).content.decode()
    assert "Two topics have the same rank" in page
    page = client.post(target, {f"rank_{a.pk}": "1", f"rank_{b.pk}": "3"}).content.decode()
    assert "without a gap" in page
    assert not Ballot.objects.exists()
    client.post(target, {f"rank_{a.pk}": "2", f"rank_{b.pk}": "1", f"rank_{c.pk}": ""})
    assert dict(Ballot.objects.get().choices.values_list("topic_id", "rank")) == {a.pk: 2, b.pk: 1}


def test_after_closing_nothing_changes_and_results_are_computed_once(client, net, roles):
    vote = net.vote
    for person, city, topics in (
        (net.people.clermont, net.cities.clermont, net.topics[:2]),
        (net.people.greenville, net.cities.greenville, net.topics[1:]),
        (net.people.shenyang, net.cities.shenyang, net.topics[1:2]),
    ):
        client.force_login(person)
        ballot_post(client, vote, city, topics)
    after = vote.closes_at + datetime.timedelta(minutes=1)
    with time_machine.travel(after, tick=False):
        client.force_login(net.people.clermont)
        response = ballot_post(client, vote, net.cities.clermont, net.topics[2:])
        assert "This vote is closed" in response.content.decode()
        assert close_vote(vote) is True
        assert close_vote(vote) is False, "counted once"
        response = client.get(reverse("cycle_public:vote", args=(vote.pk,)))
    results = list(VoteResult.objects.filter(vote=vote).order_by("position"))
    assert [(r.topic_id, r.points, r.elected) for r in results] == [
        (net.topics[1].pk, 3, True),
        (net.topics[2].pk, 1, True)
        if net.topics[2].slug < net.topics[0].slug
        else (net.topics[0].pk, 1, True),
        (net.topics[0].pk, 1, False)
        if net.topics[2].slug < net.topics[0].slug
        else (net.topics[2].pk, 1, False),
    ]
    ballot = Ballot.objects.get(city=net.cities.clermont)
    assert set(ballot.choices.values_list("topic_id", flat=True)) == {
        net.topics[0].pk,
        net.topics[1].pk,
    }, "the late ballot changed nothing"
    vote.refresh_from_db()
    assert vote.ballots_counted == 3 and vote.eligible_cities == 3
    # The winners wait on a draft call for the Secretariat.
    draft = CallForProposalsPage.objects.get(pk=vote.call_id)
    assert not draft.live
    winners = {r.topic_id for r in results if r.elected}
    assert {t.pk for t in draft.get_latest_revision_as_object().topics.all()} == winners
    assert response.status_code == 200


def test_the_secretariat_opens_a_vote_with_new_topics(client, net, make_editor, roles):
    client.force_login(make_editor(roles.secretariat))
    add = reverse("cycle_votes:add")
    assert client.get(add).status_code == 200
    data = {
        "title": "Topics of the fourth call",
        "edition": "4",
        "candidates": [net.topics[0].pk],
        "new_topics": "Water\nNight life",
        "method": "borda",
        "winners": "3",
        "opens_at": "2030-03-01 09:00",
        "closes_at": "2030-03-31 17:00",
        "time_zone": "America/New_York",
    }
    page = client.post(add, data).content.decode()
    assert "With 3 candidates, at most 2 topics can win." in page
    assert not TopicVote.objects.filter(edition=4).exists()
    data["winners"] = "2"
    assert client.post(add, data).status_code == 302
    vote = TopicVote.objects.get(edition=4)
    assert sorted(t.name for t in vote.candidates.all()) == sorted(
        [net.topics[0].name, "Night life", "Water"]
    )
    # 17:00 in New York (EDT, UTC-4) is 21:00 UTC.
    assert vote.closes_at == datetime.datetime(2030, 3, 31, 21, 0, tzinfo=datetime.UTC)


def test_team_members_cannot_open_votes(client, net):
    client.force_login(net.people.clermont)
    assert_refused(client, reverse("cycle_votes:add"))
    assert_refused(client, url("vote", net.vote.pk))
