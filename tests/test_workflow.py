"""Moderation: a city team submits, a reviewer approves, requests changes or rejects;
the right people get an email, and Wagtail's audit log and reports show every step."""

import datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState

import pytest
from factory import Faker

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
)
from network.models import NewsPage
from tests.admin_helpers import (
    XHR,
    create_page,
    edit_page,
    team_of,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def fake(provider, **kwargs):
    return Faker(provider, **kwargs).evaluate(None, None, {"locale": None})


@pytest.fixture
def people(portal, roles, make_editor):
    """An author in Clermont-Ferrand's team, a colleague, a moderator and the secretariat."""
    city = CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand")
    other_city = CityPageFactory(parent=portal.cityindex, title="Greenville")
    return type(
        "People",
        (),
        {
            "city": city,
            "author": make_editor(team_of(city)),
            "colleague": make_editor(team_of(city)),
            "outsider": make_editor(team_of(other_city)),
            "moderator": make_editor(roles.moderators),
            "secretary": make_editor(roles.secretariat),
        },
    )


def submit_news(client, people, title=None):
    """The author writes a news item about their city and submits it for moderation."""
    client.force_login(people.author)
    title = title or fake("sentence", nb_words=5)
    slug = fake("slug")
    response = create_page(client, NewsPage, people.city, action="submit", title=title, slug=slug)
    assert response.status_code == 302
    return NewsPage.objects.get(slug=slug)


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


def actions_logged(page):
    return list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def page_history(client, page):
    """The page's own history report (it shows the reviewers' comments)."""
    response = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert response.status_code == 200
    return response.content.decode()


def site_history(client, action):
    """The admin's site history report, filtered to one action, as its HTML."""
    response = client.get(reverse("wagtailadmin_reports:site_history"), {"action": action})
    assert response.status_code == 200
    return response.content.decode()


def test_submission_notifies_the_reviewers_and_approval_publishes(client, people):
    news = submit_news(client, people)
    assert not news.live and news.workflow_in_progress
    assert recipients(mail.outbox) == sorted([people.moderator.email, people.secretary.email])
    assert news.title in mail.outbox[0].subject

    # The moderator finds it on their dashboard and approves it there.
    client.force_login(people.moderator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert news.title in dashboard and "Awaiting your review" in dashboard
    mail.outbox.clear()
    response = workflow_action(client, news, "approve")
    assert response.status_code == 302

    news.refresh_from_db()
    assert news.live
    assert recipients(mail.outbox) == [people.author.email]
    assert "approved" in mail.outbox[0].subject

    assert [action for action in actions_logged(news) if action != "wagtail.edit"] == [
        "wagtail.create",
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ]
    publish = PageLogEntry.objects.get(page=news, action="wagtail.publish")
    assert publish.user == people.moderator

    client.force_login(people.secretary)
    assert news.title in site_history(client, "wagtail.workflow.approve")
    assert news.title in site_history(client, "wagtail.publish")


def test_request_changes_then_resubmit(client, people):
    news = submit_news(client, people)
    client.force_login(people.moderator)
    mail.outbox.clear()
    comment = fake("sentence")
    assert workflow_action(client, news, "request-changes", comment).status_code == 302

    news.refresh_from_db()
    assert not news.live
    assert news.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert recipients(mail.outbox) == [people.author.email]
    assert mail.outbox[0].subject.startswith("Changes requested")
    assert comment in mail.outbox[0].body

    # The author sees it on their dashboard, edits and resubmits: the review resumes.
    client.force_login(people.author)
    assert "Changes requested at" in client.get(reverse("wagtailadmin_home")).content.decode()
    mail.outbox.clear()
    assert edit_page(client, news, action="submit", summary=fake("sentence")).status_code == 302
    news.refresh_from_db()
    assert news.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert recipients(mail.outbox) == sorted([people.moderator.email, people.secretary.email])

    logged = actions_logged(news)
    assert logged[logged.index("wagtail.workflow.reject") :] == [
        "wagtail.workflow.reject",
        "wagtail.edit",
        "wagtail.workflow.resume",
    ]
    entry = PageLogEntry.objects.get(page=news, action="wagtail.workflow.reject")
    assert entry.user == people.moderator and entry.data["comment"] == comment

    client.force_login(people.secretary)
    assert news.title in site_history(client, "wagtail.workflow.reject")
    assert comment in page_history(client, news)


def test_reject_with_a_comment_closes_the_submission(client, people):
    news = submit_news(client, people)
    client.force_login(people.secretary)
    mail.outbox.clear()

    # A rejection needs a reason: without one nothing happens.
    workflow_action(client, news, "reject", comment="")
    news.refresh_from_db()
    assert news.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert mail.outbox == []

    reason = fake("sentence")
    assert workflow_action(client, news, "reject", reason).status_code == 302
    news.refresh_from_db()
    assert not news.live and not news.workflow_in_progress
    state = WorkflowState.objects.get(object_id=str(news.pk))
    assert state.status == WorkflowState.STATUS_CANCELLED

    assert recipients(mail.outbox) == [people.author.email]
    assert mail.outbox[0].subject.startswith("Rejected")
    assert reason in mail.outbox[0].body

    assert actions_logged(news)[-2:] == ["wagtail.workflow.reject", "wagtail.workflow.cancel"]
    assert news.title in site_history(client, "wagtail.workflow.reject")
    assert news.title in site_history(client, "wagtail.workflow.cancel")
    assert reason in page_history(client, news)

    # The author's dashboard says what became of it, and why.
    client.force_login(people.author)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Decisions on your submissions" in dashboard
    assert reason in dashboard


def test_only_reviewers_decide(client, people):
    news = submit_news(client, people)
    for user in (people.author, people.colleague, people.outsider):
        client.force_login(user)
        task_state = news.current_workflow_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=(news.pk, "approve", task_state.pk)
        )
        assert client.post(url, headers=XHR).status_code == 403
    news.refresh_from_db()
    assert not news.live and news.workflow_in_progress


def test_unpublishing_is_logged_and_reported(client, people):
    news = submit_news(client, people)
    client.force_login(people.moderator)
    workflow_action(client, news, "approve")
    client.force_login(people.secretary)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(news.pk,)))
    assert response.status_code == 302
    news.refresh_from_db()
    assert not news.live
    assert actions_logged(news)[-1] == "wagtail.unpublish"
    assert news.title in site_history(client, "wagtail.unpublish")
    # A city team cannot unpublish, even its own news.
    news.save_revision().publish()
    client.force_login(people.author)
    client.post(reverse("wagtailadmin_pages:unpublish", args=(news.pk,)))
    news.refresh_from_db()
    assert news.live


def test_dashboard_shows_open_calls_and_deadlines_in_fixed_queries(client, portal, people):
    now = timezone.now()
    open_call = CallForProposalsPageFactory(
        parent=portal.callindex,
        title="Call 4: clean air",
        closes_at=now + datetime.timedelta(days=20),
    )
    next_call = CallForProposalsPageFactory(
        parent=portal.callindex,
        title="Call 5: water",
        opens_at=now + datetime.timedelta(days=40),
        closes_at=now + datetime.timedelta(days=130),
    )
    CallForProposalsPageFactory(
        parent=portal.callindex,
        title="Call 2: closed",
        opens_at=now - datetime.timedelta(days=400),
        closes_at=now - datetime.timedelta(days=300),
    )
    conference = ConferencePageFactory(
        parent=portal.conferenceindex,
        title="Conference in Clermont",
        start_date=timezone.localdate() + datetime.timedelta(days=60),
        end_date=timezone.localdate() + datetime.timedelta(days=62),
    )
    client.force_login(people.author)

    def dashboard():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("wagtailadmin_home")).content.decode()
        return html, len(queries)

    dashboard()  # the first request fills the site and page caches
    html, few = dashboard()
    assert "Calls and coming deadlines" in html
    assert open_call.title in html and next_call.title in html and conference.title in html
    assert "Call 2: closed" not in html
    assert "Call opens" in html and "Call closes" in html and "Conference starts" in html

    for number in range(6, 12):
        CallForProposalsPageFactory(
            parent=portal.callindex,
            title=f"Call {number}",
            closes_at=now + datetime.timedelta(days=number),
        )
        ConferencePageFactory(parent=portal.conferenceindex)
    html, many = dashboard()
    assert "Call 11" in html
    assert many == few, "the panels' queries do not grow with the number of calls"
