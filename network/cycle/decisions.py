"""What the Secretariat's decisions do: a funded proposal becomes a draft ProjectPage
under its lead city; the chosen host offer becomes a draft ConferencePage that the
host city's team may edit (``network.roles.sync_conference_host``)."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Locale

from network.models import ConferenceIndexPage, ConferencePage, ProjectPage

from .models import Decision, HostOffer, PartnerConfirmation
from .notify import notify_team


def unique_child_slug(parent, base):
    base = slugify(base)[:60].strip("-") or "item"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _paragraph(text):
    return linebreaks(escape(text))


def project_body(proposal, decision, lines):
    """The new project's body: its figures, then its timeline and expected results."""
    figures = [
        {"value": f"€{decision.amount:,}", "label": _("grant from the network")},
        {"value": f"€{proposal.total_cost(lines):,}", "label": _("total budget")},
    ]
    if proposal.cofunding:
        figures.append({"value": f"€{proposal.cofunding:,}", "label": _("co-funding")})
    body = [{"type": "key_figures", "value": figures}]
    for heading, text in (
        (_("Timeline"), proposal.timeline),
        (_("Expected results"), proposal.expected_results),
    ):
        if text:
            body.append({"type": "heading", "value": heading})
            body.append({"type": "paragraph", "value": _paragraph(text)})
    return json.dumps(body)


def create_project(proposal, decision, user=None):
    """A draft ProjectPage under the lead city, with what the proposal said."""
    city = proposal.lead_city
    lines = list(proposal.budget_lines.all())
    project = ProjectPage(
        title=proposal.title,
        slug=unique_child_slug(city, proposal.title),
        summary=Truncator(proposal.summary).chars(400),
        status=ProjectPage.Status.ACTIVE,
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        funding_call=proposal.call,
        body=project_body(proposal, decision, lines),
        live=False,
        owner=user,
    )
    # Set before the first save: a page's ParentalManyToManyFields are saved with it.
    project.topics = list(proposal.topics.all())
    project.partner_cities = [
        partner.city
        for partner in proposal.partners.select_related("city")
        if partner.answer == PartnerConfirmation.Answer.CONFIRMED
    ]
    city.add_child(instance=project)
    project.save_revision(user=user, log_action=True)
    return project


def validate_decision(proposal, outcome, amount):
    if not proposal.is_submitted:
        raise ValidationError(_("Only a submitted proposal can be decided."))
    if outcome == Decision.Outcome.FUNDED:
        if not amount:
            raise ValidationError({"amount": _("A funded proposal needs the grant's amount.")})
        max_grant = proposal.call.max_grant
        if max_grant and amount > max_grant:
            raise ValidationError(
                {
                    "amount": _("The call's largest grant is €%(max)s; €%(amount)s is more.")
                    % {"max": f"{max_grant:,}", "amount": f"{amount:,}"}
                }
            )
    elif amount:
        raise ValidationError({"amount": _("Only a funded proposal gets an amount.")})


@transaction.atomic
def decide(proposal, outcome, amount=None, message="", user=None):
    """Record the Secretariat's decision; "funded" creates the project's draft (once)."""
    validate_decision(proposal, outcome, amount)
    decision, _created = Decision.objects.update_or_create(
        proposal=proposal,
        defaults={
            "outcome": outcome,
            "amount": amount if outcome == Decision.Outcome.FUNDED else None,
            "message": message,
            "decided_by": user,
        },
    )
    if outcome == Decision.Outcome.FUNDED and decision.project_id is None:
        decision.project = create_project(proposal, decision, user)
        decision.save(update_fields=["project"])
    log(
        proposal,
        "cycle.proposal.decided",
        user=user,
        data={"outcome": outcome, "amount": decision.amount},
    )
    subject = _("Decision on “%(title)s”: %(outcome)s") % {
        "title": proposal.title,
        "outcome": decision.get_outcome_display(),
    }
    body = message
    if decision.project_id:
        body = (
            f"{message}\n\n"
            + _("The project's page is ready as a draft under your city: %(title)s.")
            % {"title": decision.project.title}
        ).strip()
    transaction.on_commit(
        lambda: notify_team(
            proposal.lead_city, subject, body, url=f"/admin/cycle/proposals/{proposal.pk}/"
        )
    )
    return decision


@transaction.atomic
def choose_host(offer, user=None):
    """Record the network's choice of host; the conference's draft page is created with
    the host city, theme and dates, and the host team may edit it from then on."""
    offer_call = offer.offer_call
    if offer.state != HostOffer.State.SUBMITTED:
        raise ValidationError(_("Only a submitted offer can be chosen."))
    if offer_call.chosen_offer_id:
        raise ValidationError(_("The host of this edition has already been chosen."))
    index = ConferenceIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        raise ValidationError(_("There is no conference index page to create the page under."))
    conference = ConferencePage(
        title=_("Conference %(year)s in %(city)s")
        % {"year": offer.start_date.year, "city": offer.city.title},
        edition=offer_call.edition,
        host_city=offer.city,
        theme=offer.theme,
        start_date=offer.start_date,
        end_date=offer.end_date,
        venue=offer.venue,
        live=False,
        owner=user,
    )
    conference.slug = unique_child_slug(index, conference.title)
    # Saving the page runs network.signals: the host team gets "edit" on it.
    index.add_child(instance=conference)
    conference.save_revision(user=user, log_action=True)
    offer_call.chosen_offer = offer
    offer_call.conference = conference
    offer_call.decided_at = timezone.now()
    offer_call.save(update_fields=["chosen_offer", "conference", "decided_at"])
    log(offer, "cycle.host.chosen", user=user, data={"conference": conference.pk})
    others = list(offer_call.offers.exclude(pk=offer.pk).select_related("city__team__group"))

    def send():
        notify_team(
            offer.city,
            _("Your city will host conference %(edition)s") % {"edition": offer_call.edition},
            _("The conference's page is ready as a draft; your team can edit it."),
            url=f"/admin/pages/{conference.pk}/edit/",
        )
        for other in others:
            notify_team(
                other.city,
                _("The host of conference %(edition)s is chosen")
                % {"edition": offer_call.edition},
                _("Thank you for your offer; the network chose %(city)s.")
                % {"city": offer.city.title},
            )

    transaction.on_commit(send)
    return conference
