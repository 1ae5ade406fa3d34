"""Proposals: drafted by the lead city's team, partners confirm, the deadline in the
call's time zone, the budget and topics checked; then review, decision and the project."""

import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import GroupPagePermission

import pytest
import time_machine

from network.cycle.matchmaking import suggest_partners
from network.cycle.models import (
    CallCycle,
    Decision,
    Notice,
    PartnerConfirmation,
    PartnerNote,
    Proposal,
)
from network.factories import ProjectPageFactory
from network.models import ConferencePage, ProjectPage
from tests.admin_helpers import assert_refused, edit_url
from tests.cycle_helpers import appoint, fake, make_proposal, net_fixture, url  # noqa: F401

pytestmark = pytest.mark.django_db


def proposal_data(net, **changes):
    data = {
        "title": fake("catch_phrase"),
        "summary": fake("paragraph"),
        "topics": [net.topics[0].pk],
        "partner_cities": [net.cities.greenville.pk],
        "start_date": "2027-01-01",
        "end_date": "2028-12-31",
        "timeline": "Months 1-6: pilots. Months 7-24: rollout.",
        "expected_results": "Two pilot districts.",
        "cofunding": "10000",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "40",
        "budget-0-label": "Staff",
        "budget-0-amount": "30000",
        "budget-1-label": "",
        "budget-1-amount": "",
    }
    data.update(changes)
    return data


def test_a_draft_is_saved_before_the_deadline_and_refused_after_it(client, net):
    # Closing within the hour: the test's session outlives the travel past the deadline.
    net.call.closes_at = net.now + datetime.timedelta(hours=1)
    net.call.save()
    client.force_login(net.people.clermont)
    CallCycle.objects.create(call=net.call, time_zone="Asia/Tokyo")
    response = client.post(
        url("proposal_new", net.call.pk, net.cities.clermont.pk), proposal_data(net)
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.lead_city == net.cities.clermont and proposal.state == "draft"
    assert proposal.partners.get().answer == PartnerConfirmation.Answer.PENDING

    PartnerConfirmation.objects.update(answer=PartnerConfirmation.Answer.CONFIRMED)
    with time_machine.travel(net.call.closes_at + datetime.timedelta(seconds=1), tick=False):
        response = client.post(url("proposal_submit", proposal.pk), follow=True)
        page = response.content.decode()
        assert "a proposal can no longer be submitted" in page
        assert "(Tokyo time)" in page, "the deadline is shown in the call's time zone"
        proposal.refresh_from_db()
        assert proposal.state == "draft"
        # The draft stays editable after the deadline.
        changed = proposal_data(net, title="Still a draft")
        assert client.post(url("proposal_edit", proposal.pk), changed).status_code == 302
    assert Proposal.objects.get().title == "Still a draft"


def test_partner_confirmation_is_required_before_submission(
    client, net, roles, django_capture_on_commit_callbacks
):
    client.force_login(net.people.clermont)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("proposal_new", net.call.pk, net.cities.clermont.pk), proposal_data(net))
    proposal = Proposal.objects.get()
    page = client.post(url("proposal_submit", proposal.pk), follow=True).content.decode()
    assert "Every partner city must confirm first" in page and net.cities.greenville.title in page
    assert Proposal.objects.get().state == "draft"
    invitation = Notice.objects.get(group__city_team__city=net.cities.greenville)
    assert "invites" in invitation.subject and any(
        net.people.greenville.email in m.to for m in mail.outbox
    )

    client.force_login(net.people.shenyang)
    assert_refused(client, url("proposal", proposal.pk))
    assert_refused(
        client,
        url("proposal_answer", proposal.pk, net.cities.greenville.pk),
        "post",
        {"answer": "confirmed"},
    )
    client.force_login(net.people.greenville)
    assert client.get(url("proposal", proposal.pk)).status_code == 200
    client.post(
        url("proposal_answer", proposal.pk, net.cities.greenville.pk), {"answer": "confirmed"}
    )

    client.force_login(net.people.clermont2)
    client.post(url("proposal_submit", proposal.pk))
    proposal.refresh_from_db()
    assert proposal.state == "submitted" and proposal.submitted_by == net.people.clermont2
    assert client.post(url("proposal_edit", proposal.pk), proposal_data(net)).status_code == 302
    assert Proposal.objects.get().title == proposal.title, "nothing changes once submitted"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"topics": ["OUTSIDE"]}, "Not a topic of this call"),
        ({"partner_cities": ["LEAD"]}, "leads this proposal, so it cannot also be a partner"),
        ({"budget-0-amount": "90000"}, "above the call&#x27;s limit of €40,000"),
        ({"cofunding": "50000"}, "is more than the budget&#x27;s total"),
        ({"title": ""}, "This field is required."),
        ({"end_date": "2026-01-01"}, "The project ends after it starts."),
    ],
)
def test_proposal_form_refuses_with_a_clear_message(client, net, changes, message):
    from network.factories import TopicFactory

    outside = TopicFactory()
    changes = {
        key: [outside.pk]
        if value == ["OUTSIDE"]
        else [net.cities.clermont.pk]
        if value == ["LEAD"]
        else value
        for key, value in changes.items()
    }
    client.force_login(net.people.clermont)
    response = client.post(
        url("proposal_new", net.call.pk, net.cities.clermont.pk), proposal_data(net, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_no_proposal_is_started_on_a_closed_call(client, net):
    net.call.closes_at = net.now + datetime.timedelta(hours=1)
    net.call.save()
    client.force_login(net.people.clermont)
    with time_machine.travel(net.call.closes_at + datetime.timedelta(minutes=1), tick=False):
        response = client.post(
            url("proposal_new", net.call.pk, net.cities.clermont.pk),
            proposal_data(net),
            follow=True,
        )
    assert "This call is not open" in response.content.decode()
    assert not Proposal.objects.exists()


def test_attachments_stay_private(client, net):
    proposal = make_proposal(net, partners=[net.cities.greenville])
    client.force_login(net.people.clermont)
    upload = SimpleUploadedFile("budget-plan.pdf", b"%PDF-1.4 secret budget", "application/pdf")
    client.post(url("proposal_attach", proposal.pk), {"file": upload})
    attachment = proposal.attachments.get()
    assert client.get(url("attachment", attachment.pk)).status_code == 200
    bad = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    page = client.post(url("proposal_attach", proposal.pk), {"file": bad}, follow=True)
    assert "is not a document type the portal takes" in page.content.decode()
    assert proposal.attachments.count() == 1

    client.force_login(net.people.greenville)
    assert b"secret budget" in b"".join(
        client.get(url("attachment", attachment.pk)).streaming_content
    )
    client.force_login(net.people.shenyang)
    assert_refused(client, url("attachment", attachment.pk))
    client.logout()
    assert client.get(attachment.document.url).status_code in (302, 403, 404)


def test_matchmaking_ranks_matching_topics_and_site_kind_first(net):
    topic = net.topics[0]
    # Greenville: a live project on the topic and a research centre, like Clermont.
    project = ProjectPageFactory(parent=net.cities.greenville, live=True)
    project.topics.set([topic])
    project.save_revision().publish()
    # Shenyang: a production plant (Clermont has one too) but nothing on the topic.
    suggestions = suggest_partners(net.cities.clermont, [topic.pk])
    titles = [s.item.title for s in suggestions]
    assert titles.index(net.cities.greenville.title) < titles.index(net.cities.shenyang.title)
    reason = suggestions[0].reason
    assert suggestions[0].item == net.cities.greenville
    assert f"1 project on {topic.name}" in reason and "also has a research centre" in reason
    assert net.cities.cuneo.title not in titles, "nothing in common"
    note = PartnerNote.objects.create(city=net.cities.cuneo, text="Mobility!", published=True)
    note.topics.set([topic])
    assert "open to partners on" in next(
        s.reason
        for s in suggest_partners(net.cities.clermont, [topic.pk])
        if s.item == net.cities.cuneo
    )


def score(client, proposal, relevance, feasibility, comment=""):
    criteria = {c.name: c.pk for c in proposal.call.review_criteria.all()}
    return client.post(
        url("review", proposal.pk),
        {
            f"score_{criteria['Relevance']}": relevance,
            f"score_{criteria['Feasibility']}": feasibility,
            "comment": comment,
        },
    )


def test_conflict_of_interest_hides_a_proposal_from_reviewers_of_involved_cities(
    client, net, make_editor
):
    proposal = make_proposal(net, partners=[net.cities.greenville], submitted=True)
    greenville_reviewer = net.people.greenville
    declared = make_editor()
    neutral = make_editor()
    appoint(net, greenville_reviewer)
    appoint(net, declared, city=net.cities.clermont)
    appoint(net, neutral, city=net.cities.shenyang)

    client.force_login(declared)
    for view in ("home", "proposals"):
        assert proposal.title not in client.get(url(view)).content.decode()
    assert_refused(client, url("proposal", proposal.pk))
    for reviewer in (greenville_reviewer, declared):
        client.force_login(reviewer)
        assert url("review", proposal.pk) not in client.get(url("home")).content.decode()
        assert_refused(client, url("review", proposal.pk))
        assert_refused(client, url("review", proposal.pk), "post", {"comment": "9"})
    # Greenville's team still sees it as a partner, but cannot score it.
    client.force_login(greenville_reviewer)
    assert client.get(url("proposal", proposal.pk)).status_code == 200
    assert not proposal.reviews.exists()

    client.force_login(neutral)
    assert proposal.title in client.get(url("home")).content.decode()
    assert score(client, proposal, 8, 5, "Solid").status_code == 302
    assert proposal.reviews.get().reviewer == neutral


def test_ranking_average_spread_and_exports(client, net, make_editor, roles):
    good = make_proposal(net, lead=net.cities.greenville, submitted=True, title="Good one")
    weak = make_proposal(net, lead=net.cities.shenyang, submitted=True, title="=SUM(A1)")
    reviewers = [make_editor(), make_editor()]
    for reviewer in reviewers:
        appoint(net, reviewer)
    client.force_login(reviewers[0])
    score(client, good, 10, 7)  # (20 + 7) / 3 = 9
    score(client, weak, 4, 1)  # 3
    client.force_login(reviewers[1])
    score(client, good, 7, 4)  # 6
    client.force_login(make_editor(roles.secretariat))
    response = client.get(url("ranking", net.call.pk))
    rows = response.context["rows"]
    assert [(r.proposal.title, r.average, r.spread, r.reviews) for r in rows] == [
        ("Good one", 7.5, 1.5, 2),
        ("=SUM(A1)", 3.0, 0.0, 1),
    ]
    csv = client.get(url("ranking", net.call.pk) + "?export=csv").content.decode()
    assert csv.splitlines()[1].startswith("1,Good one,") and "'=SUM(A1)" in csv
    xlsx = client.get(url("ranking", net.call.pk) + "?export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet["B2"].value == "Good one" and sheet["G2"].value == 7.5
    assert sheet["B3"].value == "'=SUM(A1)", "no formula reaches the jury's spreadsheet"
    client.force_login(net.people.greenville)
    assert_refused(client, url("ranking", net.call.pk))


def test_funded_decision_creates_the_project_draft_and_tells_the_lead_team(
    client, net, make_editor, roles, django_capture_on_commit_callbacks
):
    proposal = make_proposal(
        net, partners=[net.cities.greenville, net.cities.cuneo], submitted=True
    )
    proposal.partners.filter(city=net.cities.cuneo).update(answer="declined")
    client.force_login(make_editor(roles.secretariat))
    page = client.post(
        url("decide", proposal.pk), {"outcome": "funded", "amount": "90000"}, follow=True
    ).content.decode()
    assert "The call&#x27;s largest grant is €40,000" in page
    assert not Decision.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("decide", proposal.pk),
            {"outcome": "funded", "amount": "35000", "message": "Congratulations"},
        )
    decision = Decision.objects.get()
    project = ProjectPage.objects.get(pk=decision.project_id)
    assert not project.live and project.get_parent().pk == net.cities.clermont.pk
    assert project.title == proposal.title and project.funding_call_id == net.call.pk
    assert set(project.topics.all()) == set(proposal.topics.all())
    assert list(project.partner_cities.all()) == [net.cities.greenville], "confirmed only"
    assert project.summary == proposal.summary[:400]
    figures = [b.value for b in project.body if b.block_type == "key_figures"][0]
    assert [f["value"] for f in figures] == ["€35,000", "€45,000", "€20,000"]
    assert Notice.objects.filter(
        group__city_team__city=net.cities.clermont, subject__contains="Funded"
    ).exists()
    assert {net.people.clermont.email, net.people.clermont2.email} <= {
        address for message in mail.outbox for address in message.to
    }
    # The lead city's team edits the draft (its subtree).
    client.force_login(net.people.clermont)
    assert client.get(edit_url(project)).status_code == 200
    # Deciding again never makes a second project.
    client.force_login(make_editor(roles.secretariat))
    client.post(url("decide", proposal.pk), {"outcome": "funded", "amount": "30000"})
    assert ProjectPage.objects.filter(title=proposal.title).count() == 1


def test_host_offer_becomes_the_conference_draft_with_the_host_team_rights(
    client, net, make_editor, roles
):
    from network.cycle.models import HostOffer, HostOfferCall

    offer_call = HostOfferCall.objects.create(
        title="Host the 2029 conference",
        edition=7,
        opens_at=net.now - datetime.timedelta(days=1),
        closes_at=net.now + datetime.timedelta(days=30),
    )
    client.force_login(net.people.greenville)
    target = url("offer_edit", offer_call.pk, net.cities.greenville.pk)
    data = {
        "start_date": "2029-06-04",
        "end_date": "2029-06-01",
        "venue": "Arena",
        "capacity": "400",
        "theme": "Cities that make things",
        "notes": "",
    }
    assert "ends on or after its first day" in client.post(target, data).content.decode()
    data["end_date"] = "2029-06-06"
    assert client.post(target, data).status_code == 302
    offer = HostOffer.objects.get()
    client.post(url("offer_submit", offer.pk))
    client.force_login(net.people.cuneo)
    assert_refused(client, url("offer_edit", offer_call.pk, net.cities.cuneo.pk))
    assert_refused(client, target)

    client.force_login(make_editor(roles.secretariat))
    response = client.post(url("offer_choose", offer.pk))
    assert response.status_code == 302
    conference = ConferencePage.objects.get(edition=7)
    assert not conference.live and conference.host_city_id == net.cities.greenville.pk
    assert conference.theme == "Cities that make things"
    assert (conference.start_date, conference.end_date) == (
        datetime.date(2029, 6, 4),
        datetime.date(2029, 6, 6),
    )
    assert GroupPagePermission.objects.filter(
        page=conference, group__city_team__city=net.cities.greenville
    ).exists()
    client.force_login(net.people.greenville)
    assert client.get(edit_url(conference)).status_code == 200
    client.force_login(net.people.clermont)
    assert_refused(client, edit_url(conference))
