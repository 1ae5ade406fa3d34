"""Browser journey in Chromium through the network's cycle: a city team casts its
ballot and drafts a proposal with a partner city, the partner confirms, the lead city
submits, a reviewer scores it, the Secretariat funds it and the project's page appears.
Screenshots of each step go to test-artifacts/cycle-*.png."""

import datetime
import os

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page

import pytest

from network.cycle.models import (
    Ballot,
    Decision,
    Proposal,
    ReviewCriterion,
    ReviewerAppointment,
    TopicVote,
)
from network.editorial.roles import SECRETARIAT
from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    TopicFactory,
    UserFactory,
)
from network.models import CityPage, CityTeam, ProjectPage
from tests.cycle_helpers import fake

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "password"


def log_in(context, base_url, user):
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def test_from_ballot_to_funded_project(live_server, browser, artifacts_dir):
    call_command("setup_portal", verbosity=0)
    call_command("setup_roles", verbosity=0)
    cities_index = Page.objects.get(slug="cities")
    member = CityPage.Membership.MEMBER
    lead = CityPageFactory(parent=cities_index, title="Clermont-Ferrand", membership=member)
    partner = CityPageFactory(parent=cities_index, title="Greenville", membership=member)
    lead_user = UserFactory(groups=[CityTeam.objects.get(city=lead).group])
    partner_user = UserFactory(groups=[CityTeam.objects.get(city=partner).group])
    secretariat = UserFactory(groups=[Group.objects.get(name=SECRETARIAT)])
    reviewer = UserFactory()
    topics = [TopicFactory(name=name) for name in ("Mobility", "Energy", "Urban nature")]
    now = timezone.now()
    call = CallForProposalsPageFactory(
        parent=Page.objects.get(slug="calls"),
        title="Call for proposals 2027",
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=30),
        max_grant=40_000,
    )
    call.topics.set(topics)
    call.save_revision().publish()
    ReviewCriterion.objects.create(call=call, name="Relevance", weight=2)
    ReviewCriterion.objects.create(call=call, name="Feasibility", weight=1)
    ReviewerAppointment.objects.create(call=call, reviewer=reviewer)
    vote = TopicVote.objects.create(
        title="Topics of the 2029 call",
        edition=4,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=6),
    )
    vote.candidates.set(topics)
    base = live_server.url
    title = f"{fake('catch_phrase')} between two cities"

    def shot(page, name):
        page.screenshot(path=os.path.join(artifacts_dir, f"cycle-{name}.png"), full_page=True)

    viewport = {"viewport": {"width": 1280, "height": 900}}
    lead_context = browser.new_context(**viewport)
    page = log_in(lead_context, base, lead_user)
    shot(page, "1-dashboard")

    # 1. The city team casts its ballot.
    page.click("text=Cast the ballot of Clermont-Ferrand")
    page.check("label:has-text('Mobility') input")
    page.check("label:has-text('Energy') input")
    shot(page, "2-ballot")
    page.click("button:has-text('Cast the ballot')")
    page.wait_for_selector("text=ballot is recorded")
    assert Ballot.objects.filter(vote=vote, city=lead).count() == 1

    # 2. It drafts a proposal with a partner city.
    page.click("text=New proposal of Clermont-Ferrand")
    page.fill("#id_title", title)
    page.fill("#id_summary", fake("paragraph"))
    page.check("#id_topics label:has-text('Mobility') input")
    page.check("#id_partner_cities label:has-text('Greenville') input")
    page.fill("#id_start_date", "2027-03-01")
    page.fill("#id_end_date", "2028-12-31")
    page.fill("#id_timeline", "Months 1-6: pilots. Months 7-22: sharing.")
    page.fill("#id_expected_results", "Two pilot districts and a handbook.")
    page.fill("#id_cofunding", "20000")
    page.fill("input[name='budget-0-label']", "Staff and travel")
    page.fill("input[name='budget-0-amount']", "55000")
    shot(page, "3-proposal-form")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("text=is saved")
    proposal = Proposal.objects.get(title=title)
    shot(page, "4-proposal-draft")

    # 3. The partner city confirms.
    partner_context = browser.new_context(**viewport)
    partner_page = log_in(partner_context, base, partner_user)
    partner_page.click(f"text={title}")
    partner_page.click("button:has-text('Confirm Greenville')")
    partner_page.wait_for_selector("text=Your answer is recorded")
    shot(partner_page, "5-partner-confirmed")

    # 4. The lead city submits.
    page.reload()
    page.click("button[data-cycle-submit]")
    page.wait_for_selector("text=The proposal is submitted")
    shot(page, "6-submitted")
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.SUBMITTED

    # 5. A reviewer scores it.
    reviewer_context = browser.new_context(**viewport)
    reviewer_page = log_in(reviewer_context, base, reviewer)
    reviewer_page.click(f"[data-cycle-reviews] >> text={title}")
    reviewer_page.get_by_label("Relevance (×2)").fill("9")
    reviewer_page.get_by_label("Feasibility (×1)").fill("7")
    reviewer_page.fill("#id_comment", "Clear plan, good partner.")
    shot(reviewer_page, "7-review")
    reviewer_page.click("button:has-text('Save the review')")
    reviewer_page.wait_for_selector("text=Your review is saved")

    # 6. The Secretariat funds it; the project's page appears as a draft.
    secretariat_context = browser.new_context(**viewport)
    sec_page = log_in(secretariat_context, base, secretariat)
    sec_page.goto(f"{base}/admin/cycle/calls/{call.pk}/ranking/")
    shot(sec_page, "8-ranking")
    sec_page.click(f"text={title}")
    sec_page.select_option("#id_outcome", "funded")
    sec_page.fill("#id_amount", "35000")
    sec_page.fill("#id_message", "Congratulations!")
    sec_page.click("button:has-text('Record the decision')")
    sec_page.wait_for_selector("text=Decision recorded")
    shot(sec_page, "9-decision")
    decision = Decision.objects.get(proposal=proposal)
    project = ProjectPage.objects.get(pk=decision.project_id)
    assert project.get_parent().pk == lead.pk and not project.live

    # The lead city's team finds the decision on its dashboard and opens the project.
    page.goto(f"{base}/admin/")
    page.wait_for_selector("[data-cycle-decisions]")
    page.goto(f"{base}/admin/pages/{project.pk}/edit/")
    page.wait_for_selector(f"input[value='{title}']")
    shot(page, "10-project-draft")
    for context in (lead_context, partner_context, reviewer_context, secretariat_context):
        context.close()
