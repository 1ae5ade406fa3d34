"""Leak test of the cycle: ballots, proposals, reviews, offers, their documents and
unpublished notes never reach a public route (site, search, API, feeds, calendars,
sitemap, webhooks, document URLs) nor another city's team in the admin."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from network.cycle.decisions import decide
from network.cycle.models import (
    Decision,
    HostOffer,
    HostOfferCall,
    PartnerNote,
    Review,
    Score,
)
from network.cycle.privacy import store_attachment
from network.cycle.voting import cast_ballot
from tests.admin_helpers import assert_refused
from tests.cycle_helpers import appoint, make_proposal, net_fixture, url  # noqa: F401

pytestmark = pytest.mark.django_db
WORD = "quillifer"

TOKENS = {
    kind: f"cyclehidden{kind}token"
    for kind in (
        "vote",
        "draft",
        "submitted",
        "review",
        "reserve",
        "unpublished",
        "message",
        "offer",
        "attachment",
        "note",
    )
}


@pytest.fixture
def hidden(net, make_editor, roles):
    """One of each private thing of the cycle, each carrying its token."""
    c = net.cities
    net.vote.title = f"Quillifer {TOKENS['vote']}"
    net.vote.save()
    cast_ballot(net.vote, c.clermont, {net.topics[0].pk: None}, net.people.clermont)
    draft = make_proposal(net, title=f"Quillifer {TOKENS['draft']}", partners=[c.greenville])
    store_attachment(
        draft,
        SimpleUploadedFile(f"{TOKENS['attachment']}.pdf", b"%PDF-1.4", "application/pdf"),
        net.people.clermont,
        "Proposal draft",
    )
    submitted = make_proposal(net, title=f"Quillifer {TOKENS['submitted']}", submitted=True)
    reviewer = make_editor()
    appoint(net, reviewer)
    review = Review.objects.create(
        proposal=submitted, reviewer=reviewer, comment=f"Quillifer {TOKENS['review']}"
    )
    Score.objects.create(review=review, criterion=net.criteria[0], value=3)
    reserve = make_proposal(net, title=f"Quillifer {TOKENS['reserve']}", submitted=True)
    decide(reserve, Decision.Outcome.RESERVE, message=f"Quillifer {TOKENS['message']}")
    funded = make_proposal(net, title=f"Quillifer {TOKENS['unpublished']}", submitted=True)
    decide(funded, Decision.Outcome.FUNDED, amount=30_000)
    offer_call = HostOfferCall.objects.create(
        title="Host 2031",
        edition=9,
        opens_at=net.now - datetime.timedelta(days=1),
        closes_at=net.now + datetime.timedelta(days=9),
    )
    offer = HostOffer.objects.create(
        offer_call=offer_call,
        city=c.clermont,
        start_date=datetime.date(2031, 5, 5),
        end_date=datetime.date(2031, 5, 7),
        venue=f"Quillifer {TOKENS['offer']}",
        capacity=300,
        theme=f"Quillifer {TOKENS['offer']}",
        state=HostOffer.State.SUBMITTED,
    )
    note = PartnerNote.objects.create(city=c.clermont, text=f"Quillifer {TOKENS['note']}")
    note.topics.set(net.topics[:1])
    return {
        "draft": draft,
        "submitted": submitted,
        "reserve": reserve,
        "funded": funded,
        "offer": offer,
        "offer_call": offer_call,
        "attachment": draft.attachments.get(),
    }


def leaked(text, shown=()):
    return [kind for kind, token in TOKENS.items() if token in text and kind not in shown]


def public_urls(net, hidden):
    urls = [
        "/en/",
        "/fr/",
        "/en/cycle/votes/",
        "/fr/cycle/votes/",
        "/en/cycle/find-a-partner/",
        "/ja/cycle/find-a-partner/",
        net.call.url,
        net.cities.clermont.url,
        f"/en/cycle/calls/{net.call.pk}/results/",
        f"/en/cycle/votes/{net.vote.pk}/",
        "/sitemap.xml",
        "/en/feeds/news/rss/",
        "/en/feeds/news/atom/",
        "/en/feeds/calls.ics",
        "/en/feeds/conferences.ics",
        "/api/v3/cycle/votes/",
        "/api/v3/cycle/funded/",
        "/api/v3/topics/?limit=100",
        "/api/v3/content/?fields=*&limit=100",
        "/api/v3/projects/?fields=*",
        "/api/v3/calls/?fields=*",
        "/api/v3/documents/?limit=100",
        "/api/v2/documents/",
        "/api/v2/pages/?fields=*&limit=100",
        "/api/v3/openapi.json",
        hidden["attachment"].document.url,
    ]
    # The hidden things share a word a visitor might search for (the token itself
    # would be echoed back as the query).
    urls += [
        f"/en/search/?q={WORD}",
        f"/api/v3/pages/?search={WORD}",
        f"/api/v3/search/?q={WORD}",
        f"/api/v2/pages/?search={WORD}",
    ]
    return urls


def test_nothing_of_the_cycle_reaches_a_public_route(client, net, hidden):
    for address in public_urls(net, hidden):
        response = client.get(address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not leaked(body.decode("utf-8", "replace")), (address, leaked(body.decode()))
        if address == hidden["attachment"].document.url:
            assert response.status_code != 200, "the private collection refuses visitors"
    assert client.get(f"/en/cycle/votes/{net.vote.pk}/").status_code == 404, "vote still open"
    assert client.get(f"/en/cycle/calls/{net.call.pk}/results/").status_code == 404
    from webhooks.models import Event

    assert not leaked(" ".join(Event.objects.values_list("title", flat=True)))


def test_nothing_of_another_city_reaches_a_team(client, net, hidden):
    client.force_login(net.people.shenyang)
    for address in [
        reverse("wagtailadmin_home"),
        url("home"),
        url("proposals"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs_chooser:choose"),
        f"{reverse('wagtailadmin_pages:search')}?q={WORD}",
    ]:
        response = client.get(address, follow=True)
        # Every member city is asked to vote: the vote's title is theirs too (not a ballot).
        found = leaked(response.content.decode(), shown=("vote",))
        assert not found, (address, found)
    for name in ("draft", "submitted", "reserve", "funded"):
        assert_refused(client, url("proposal", hidden[name].pk))
        assert_refused(client, url("review", hidden[name].pk))
    assert_refused(client, url("proposal_edit", hidden["draft"].pk))
    assert_refused(client, url("attachment", hidden["attachment"].pk))
    assert_refused(client, url("ballot", net.vote.pk, net.cities.clermont.pk))
    assert_refused(client, url("offer_edit", hidden["offer_call"].pk, net.cities.clermont.pk))
    assert_refused(client, url("host_call", hidden["offer_call"].pk))
    assert_refused(client, url("ranking", net.call.pk))
    assert_refused(client, url("partner_note", net.cities.clermont.pk))


def test_published_results_show_only_the_funded_proposal(client, net, hidden, make_editor, roles):
    client.force_login(make_editor(roles.secretariat))
    client.post(url("publish_results", net.call.pk))
    client.logout()
    page = client.get(f"/en/cycle/calls/{net.call.pk}/results/").content.decode()
    api = client.get("/api/v3/cycle/funded/").content.decode()
    for text in (page, api):
        assert leaked(text) == ["unpublished"], "the funded one is public now, nothing else"
        assert "30,000" in text or "30000" in text
