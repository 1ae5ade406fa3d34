"""Proposals: drafting, partner confirmations, documents, submission."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.log_actions import log
from wagtail.models import Locale

from network.models import CallForProposalsPage

from .. import access
from ..forms import (
    AttachmentForm,
    BudgetFormSet,
    DecisionForm,
    ProposalForm,
    budget_errors,
    submission_errors,
)
from ..matchmaking import suggest_partners, suggest_stakeholders
from ..models import Decision, PartnerConfirmation, Proposal, Review
from ..notify import notify_secretariat, notify_team
from .common import attach_upload, posted, render, source_city


def proposals(request):
    """The proposals the user may open."""
    queryset = access.visible_proposals(request.user).select_related("call", "lead_city")
    call_id = request.GET.get("call")
    if call_id and call_id.isdigit():
        queryset = queryset.filter(call_id=call_id)
    return render(
        request,
        "proposals.html",
        _("Proposals"),
        proposals=list(queryset.order_by("call", "title")),
        is_secretariat=access.is_secretariat(request.user),
    )


def _proposal_form(request, proposal, call, city):
    form = ProposalForm(posted(request), instance=proposal, call=call, lead_city=city)
    formset = BudgetFormSet(posted(request), instance=proposal or Proposal(), prefix="budget")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        amounts = [
            f.cleaned_data["amount"]
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("amount")
        ]
        errors = budget_errors(call, form.cleaned_data.get("cofunding"), amounts)
        for error in errors:
            form.add_error(None, error)
        if not errors:
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.call, saved.lead_city = call, city
                if saved.pk is None:
                    saved.created_by = request.user
                saved.save()
                form.save_m2m()
                formset.instance = saved
                formset.save()
                _sync_partners(request, saved, form.cleaned_data["partner_cities"])
                log(saved, "cycle.proposal.saved", user=request.user)
            messages.success(
                request, _("The draft “%(title)s” is saved.") % {"title": saved.title}
            )
            return redirect("cycle:proposal", saved.pk), form, formset
    return None, form, formset


def _sync_partners(request, proposal, cities):
    wanted = {city.pk: city for city in cities}
    proposal.partners.exclude(city_id__in=wanted).delete()
    existing = set(proposal.partners.values_list("city_id", flat=True))
    for city_id, city in wanted.items():
        if city_id in existing:
            continue
        PartnerConfirmation.objects.create(proposal=proposal, city=city)
        url = reverse("cycle:proposal", args=(proposal.pk,))
        transaction.on_commit(
            lambda city=city, url=url: notify_team(
                city,
                _("%(lead)s invites %(city)s to a proposal")
                % {
                    "lead": proposal.lead_city.title,
                    "city": city.title,
                },
                _("Please confirm or decline your city's participation in “%(title)s”.")
                % {"title": proposal.title},
                url=url,
            )
        )


def _suggestions(proposal, call, city):
    topics = (
        list(proposal.topics.values_list("pk", flat=True))
        if proposal and proposal.pk
        else list(call.topics.values_list("pk", flat=True))
    )
    return suggest_partners(city, topics), suggest_stakeholders(city, topics)


def proposal_new(request, call_id, city_id):
    """A city team starts a proposal while the call is open."""
    call = get_object_or_404(CallForProposalsPage, pk=call_id, locale=Locale.get_default())
    city = source_city(city_id)
    if not access.in_team_of(request.user, city):
        return permission_denied(request)
    if call.status != call.Status.OPEN:
        messages.error(request, _("This call is not open: no proposal can be started."))
        return redirect("cycle:home")
    done, form, formset = _proposal_form(request, None, call, city)
    if done:
        return done
    partners, stakeholders = _suggestions(None, call, city)
    return render(
        request,
        "proposal_form.html",
        _("New proposal to “%(call)s”") % {"call": call.title},
        form=form,
        formset=formset,
        call=call,
        city=city,
        partners=partners,
        stakeholders=stakeholders,
    )


def proposal_edit(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("call", "lead_city"), pk=pk)
    if not access.can_edit_proposal(request.user, proposal):
        return permission_denied(request)
    call = proposal.call.specific
    done, form, formset = _proposal_form(request, proposal, call, proposal.lead_city)
    if done:
        return done
    partners, stakeholders = _suggestions(proposal, call, proposal.lead_city)
    return render(
        request,
        "proposal_form.html",
        _("Edit “%(title)s”") % {"title": proposal.title},
        form=form,
        formset=formset,
        call=call,
        city=proposal.lead_city,
        proposal=proposal,
        partners=partners,
        stakeholders=stakeholders,
    )


def proposal_detail(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("call", "lead_city"), pk=pk)
    user = request.user
    if not access.can_view_proposal(user, proposal):
        return permission_denied(request)
    is_secretariat = access.is_secretariat(user)
    partners = list(proposal.partners.select_related("city"))
    my_cities = access.team_city_ids(user)
    review = Review.objects.filter(proposal=proposal, reviewer=user).first()
    context = {
        "proposal": proposal,
        "partners": partners,
        "answerable": [p for p in partners if p.city_id in my_cities],
        "lines": list(proposal.budget_lines.all()),
        "attachments": list(proposal.attachments.select_related("document")),
        "can_edit": access.can_edit_proposal(user, proposal),
        "can_review": access.can_review(user, proposal),
        "my_review": review,
        "is_secretariat": is_secretariat,
        "attachment_form": AttachmentForm(),
        "decision": Decision.objects.filter(proposal=proposal).select_related("project").first(),
    }
    context["total"] = proposal.total_cost(context["lines"])
    context["requested"] = proposal.requested_grant(context["lines"])
    if context["can_edit"]:
        context["submission_errors"] = submission_errors(proposal)
    if is_secretariat:
        context["decision_form"] = DecisionForm(instance=context["decision"])
        context["reviews"] = list(
            proposal.reviews.select_related("reviewer").prefetch_related("scores__criterion")
        )
    return render(request, "proposal.html", proposal.title, **context)


@require_POST
def proposal_submit(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("call", "lead_city"), pk=pk)
    if not access.can_edit_proposal(request.user, proposal):
        return permission_denied(request)
    errors = submission_errors(proposal)
    if errors:
        for error in errors:
            messages.error(request, error)
        return redirect("cycle:proposal", pk)
    now = timezone.now()
    updated = Proposal.objects.filter(pk=pk, state=Proposal.State.DRAFT).update(
        state=Proposal.State.SUBMITTED, submitted_by=request.user, submitted_at=now
    )
    if updated:
        log(proposal, "cycle.proposal.submitted", user=request.user)
        notify_secretariat(
            _("Proposal submitted: “%(title)s”") % {"title": proposal.title},
            _("%(city)s submitted a proposal to %(call)s.")
            % {"city": proposal.lead_city.title, "call": proposal.call.title},
            url=reverse("cycle:proposal", args=(pk,)),
        )
        messages.success(request, _("The proposal is submitted. Good luck!"))
    return redirect("cycle:proposal", pk)


@require_POST
def proposal_answer(request, pk, city_id):
    """A partner city's team confirms or declines its participation."""
    confirmation = get_object_or_404(
        PartnerConfirmation.objects.select_related("proposal__lead_city", "city"),
        proposal_id=pk,
        city_id=city_id,
    )
    if not access.in_team_of(request.user, confirmation.city):
        return permission_denied(request)
    proposal = confirmation.proposal
    if proposal.is_submitted:
        messages.error(request, _("The proposal is submitted; its partners are settled."))
        return redirect("cycle:proposal", pk)
    answer = request.POST.get("answer")
    if answer not in (PartnerConfirmation.Answer.CONFIRMED, PartnerConfirmation.Answer.DECLINED):
        messages.error(request, _("Choose to confirm or to decline."))
        return redirect("cycle:proposal", pk)
    confirmation.answer = answer
    confirmation.answered_by = request.user
    confirmation.answered_at = timezone.now()
    confirmation.save()
    log(proposal, f"cycle.partner.{answer}", user=request.user, data={"city": city_id})
    notify_team(
        proposal.lead_city,
        _("%(city)s: %(answer)s for “%(title)s”")
        % {
            "city": confirmation.city.title,
            "answer": confirmation.get_answer_display(),
            "title": proposal.title,
        },
        url=reverse("cycle:proposal", args=(pk,)),
    )
    messages.success(request, _("Your answer is recorded."))
    return redirect("cycle:proposal", pk)


@require_POST
def proposal_attach(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    can = access.can_edit_proposal(request.user, proposal)
    return attach_upload(
        request, proposal, can, f"Proposal {proposal.pk}", ("cycle:proposal", proposal.pk)
    )
