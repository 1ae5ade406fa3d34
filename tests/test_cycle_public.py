"""The cycle's public side: vote results with a chart in every language, a call's
funded proposals, "find a partner", and the API's typed endpoints."""

import datetime
import json

from django.urls import reverse

import pytest
from openapi_spec_validator import validate

from network.cycle.decisions import decide
from network.cycle.models import CallCycle, Decision, PartnerNote
from network.cycle.voting import cast_ballot, close_vote
from tests.cycle_helpers import make_proposal, net_fixture, publish  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(net):
    """The vote, counted: Clermont ticks topics 0 and 1, Greenville topic 1."""
    c = net.cities
    cast_ballot(net.vote, c.clermont, {t.pk: None for t in net.topics[:2]}, None)
    cast_ballot(net.vote, c.greenville, {net.topics[1].pk: None}, None)
    close_vote(net.vote, now=net.vote.closes_at + datetime.timedelta(minutes=1))
    return net.vote


def test_vote_results_page_in_every_language_with_counts_and_chart(client, net, counted):
    french = net.topics[1].copy_for_translation(
        net.topics[1].locale.__class__.objects.get(language_code="fr")
    )
    french.name = "Mobilité douce"
    french.save()
    for language in ("en", "fr", "ja", "th"):
        response = client.get(f"/{language}/cycle/votes/{counted.pk}/")
        assert response.status_code == 200, language
        html = response.content.decode()
        assert f'<html lang="{language}' in html
        assert 'role="img"' in html and "<title id=" in html, "an accessible SVG chart"
        assert "2 of 3 member cities voted" in html or language != "en"
    html = client.get(f"/fr/cycle/votes/{counted.pk}/").content.decode()
    assert "Mobilité douce" in html, "topics in the visitor's language"
    rows = [r.split("</td>") for r in html.split("data-vote-results")[1].split("<tr>")[2:]]
    assert len(rows) == 3
    # The English table: first the topic both cities ticked, 2 points.
    html = client.get(f"/en/cycle/votes/{counted.pk}/").content.decode()
    first = html.split("data-vote-results")[1].split("<tbody>")[1].split("</tr>")[0]
    assert net.topics[1].name in first and "<td>2</td>" in first and "Elected" in first


def test_call_results_list_funded_proposals_once_published(client, net, make_editor, roles):
    funded = make_proposal(net, title="Shared e-bikes", submitted=True)
    reserve = make_proposal(net, title="Reserve idea", submitted=True)
    decide(funded, Decision.Outcome.FUNDED, amount=32_000)
    decide(reserve, Decision.Outcome.RESERVE)
    results = reverse("cycle_public:call_results", args=(net.call.pk,))
    assert client.get(results).status_code == 404, "not before the Secretariat publishes"
    CallCycle.objects.create(call=net.call, results_published_at=net.now)
    html = client.get(results).content.decode()
    assert "Shared e-bikes" in html and "€32000" in html and "Reserve idea" not in html
    assert net.cities.clermont.title in html
    api = client.get(f"/api/v3/cycle/funded/?call={net.call.pk}").json()
    assert api["count"] == 1 and api["items"][0]["amount"] == 32_000
    assert api["items"][0]["project_id"] is None, "the project page is still a draft"
    project = funded.decision.project
    publish(project)
    api = client.get("/api/v3/cycle/funded/").json()
    assert api["items"][0]["project_id"] == project.pk
    assert "Shared e-bikes" in client.get(results).content.decode()


def test_find_a_partner_lists_published_notes_by_topic(client, net):
    note = PartnerNote.objects.create(
        city=net.cities.greenville, text="Looking for tram cities", published=True, language="en"
    )
    note.topics.set(net.topics[:2])
    hidden = PartnerNote.objects.create(city=net.cities.shenyang, text="Not yet public")
    hidden.topics.set(net.topics[:1])
    for language in ("en", "de", "zh-hans"):
        html = client.get(f"/{language}/cycle/find-a-partner/").content.decode()
        assert html.count("Looking for tram cities") == 2, "once under each of its topics"
        assert 'lang="en">Looking for tram cities' in html
        assert "Not yet public" not in html
    city = client.get(net.cities.greenville.url).content.decode()
    assert "Looking for tram cities" in city and "data-partner-note" in city


def test_the_api_documents_typed_cycle_endpoints(client, net, counted):
    document = json.loads(client.get("/api/v3/openapi.json").content)
    validate(document)
    for path in (
        "/api/v3/cycle/votes/",
        "/api/v3/cycle/votes/{vote_id}/",
        "/api/v3/cycle/funded/",
    ):
        assert path in document["paths"], path
    assert {"TopicResult", "VoteSummary", "FundedProposal"} <= set(
        document["components"]["schemas"]
    )
    data = client.get("/api/v3/cycle/votes/?locale=fr").json()
    assert data["count"] == 1
    results = data["items"][0]["results"]
    assert [(r["points"], r["elected"]) for r in results][0] == (2, True)
    assert data["items"][0]["ballots_counted"] == 2
    assert client.get("/api/v3/cycle/votes/?locale=xx").status_code == 400
    assert client.get("/api/v3/cycle/votes/999999/").status_code == 404
    assert client.get("/api/v3/cycle/funded/?call=abc").status_code == 400
