"""The cycle's admin views for city teams, reviewers and the Secretariat.

Every view asks ``network.cycle.access`` first and refuses the way Wagtail refuses
(``permission_denied``): 403 to a script, the dashboard with a message to a browser.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.log_actions import log
from wagtail.models import Locale

from network.models import CallForProposalsPage, CityPage

from . import access
from .decisions import choose_host, decide
from .forms import (
    AttachmentForm,
    BallotForm,
    BudgetFormSet,
    DecisionForm,
    HostOfferForm,
    PartnerNoteForm,
    ProposalForm,
    ReviewForm,
    budget_errors,
    submission_errors,
)
from .matchmaking import suggest_partners, suggest_stakeholders
from .models import (
    VOTING_MEMBERSHIPS,
    Attachment,
    Ballot,
    CallCycle,
    Decision,
    HostOffer,
    HostOfferCall,
    PartnerConfirmation,
    PartnerNote,
    Proposal,
    Review,
    ReviewCriterion,
    Score,
    TopicVote,
)
from .notify import notify_secretariat, notify_team
from .overview import overview
from .privacy import store_attachment
from .ranking import as_csv, as_xlsx, ranking
from .voting import cast_ballot, close_vote, eligible_cities


def render(request, template, title, **context):
    return TemplateResponse(
        request, f"cycle/admin/{template}", {"page_title": title, "header_title": title, **context}
    )


def posted(request):
    """The form data of a POST (even an empty one: nothing ticked is still an answer)."""
    return request.POST if request.method == "POST" else None


def source_city(city_id):
    return get_object_or_404(CityPage, pk=city_id, locale=Locale.get_default())


# Home --------------------------------------------------------------------------------


def home(request):
    """Everything of the cycle that concerns the user."""
    return render(request, "home.html", _("Network cycle"), **overview(request.user))


# Votes -------------------------------------------------------------------------------


def vote_detail(request, vote_id):
    """The Secretariat's view of a vote: turnout, then the results once counted."""
    vote = get_object_or_404(TopicVote, pk=vote_id)
    if not access.is_secretariat(request.user):
        return permission_denied(request)
    if not vote.has_results and vote.closes_at <= timezone.now():
        close_vote(vote)
        vote.refresh_from_db()
    cities = list(eligible_cities().order_by("title"))
    voted = set(Ballot.objects.filter(vote=vote).values_list("city_id", flat=True))
    return render(
        request,
        "vote.html",
        vote.title,
        vote=vote,
        turnout=[(city, city.pk in voted) for city in cities],
        cast=len(voted),
        results=list(vote.results.select_related("topic")),
    )


def ballot(request, vote_id, city_id):
    """A member city's ballot, cast or changed by any member of its team."""
    vote = get_object_or_404(TopicVote, pk=vote_id)
    city = source_city(city_id)
    if not access.in_team_of(request.user, city):
        return permission_denied(request)
    existing = Ballot.objects.filter(vote=vote, city=city).first()
    initial = dict(existing.choices.values_list("topic_id", "rank")) if existing else {}
    candidates = vote.candidates.order_by("name")
    form = BallotForm(vote, candidates, posted(request), initial_choices=initial)
    refusal = None
    if not vote.is_open():
        refusal = _("This vote is closed; ballots can no longer be cast or changed.")
    elif city.membership not in VOTING_MEMBERSHIPS:
        refusal = _("Only member cities vote; %(city)s is not one.") % {"city": city.title}
    if request.method == "POST" and refusal is None and form.is_valid():
        cast_ballot(vote, city, form.choices(), request.user)
        messages.success(
            request,
            _("%(city)s's ballot is recorded; you can change it until the vote closes.")
            % {"city": city.title},
        )
        return redirect("cycle:home")
    if request.method == "POST" and refusal:
        messages.error(request, refusal)
    return render(
        request,
        "ballot.html",
        _("Ballot of %(city)s") % {"city": city.title},
        vote=vote,
        city=city,
        form=form,
        existing=existing,
        refusal=refusal,
    )


# Proposals ---------------------------------------------------------------------------


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


def _attach(request, item, can, name, back):
    if not can:
        return permission_denied(request)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        store_attachment(item, form.cleaned_data["file"], request.user, name)
        messages.success(request, _("The document is attached."))
    else:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    return redirect(*back)


@require_POST
def proposal_attach(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    can = access.can_edit_proposal(request.user, proposal)
    return _attach(
        request, proposal, can, f"Proposal {proposal.pk}", ("cycle:proposal", proposal.pk)
    )


def attachment(request, pk):
    """A proposal's or offer's document, for those who may see the proposal or offer."""
    item = get_object_or_404(
        Attachment.objects.select_related("document", "offer", "proposal"), pk=pk
    )
    if item.proposal_id:
        allowed = access.can_view_proposal(request.user, item.proposal)
    else:
        allowed = access.can_view_offer(request.user, item.offer)
    if not allowed:
        return permission_denied(request)
    document = item.document
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The document's file is missing.")) from error
    return FileResponse(handle, as_attachment=True, filename=document.filename)


# Review ------------------------------------------------------------------------------


def review(request, pk):
    """A reviewer scores a proposal on the call's criteria (never their own city's)."""
    proposal = get_object_or_404(Proposal.objects.select_related("call", "lead_city"), pk=pk)
    if not access.can_review(request.user, proposal):
        return permission_denied(request)
    criteria = list(ReviewCriterion.objects.filter(call_id=proposal.call_id))
    existing = Review.objects.filter(proposal=proposal, reviewer=request.user).first()
    initial = {}
    if existing:
        initial = {f"score_{s.criterion_id}": s.value for s in existing.scores.all()}
        initial["comment"] = existing.comment
    form = ReviewForm(criteria, posted(request), initial=initial)
    if not criteria:
        messages.warning(request, _("The Secretariat has not set this call's criteria yet."))
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved, _created = Review.objects.update_or_create(
                proposal=proposal,
                reviewer=request.user,
                defaults={"comment": form.cleaned_data["comment"]},
            )
            for criterion_id, value in form.scores().items():
                Score.objects.update_or_create(
                    review=saved, criterion_id=criterion_id, defaults={"value": value}
                )
            log(saved, "cycle.review.saved", user=request.user, data={"proposal": pk})
        messages.success(request, _("Your review is saved."))
        return redirect("cycle:home")
    return render(
        request,
        "review.html",
        _("Review of “%(title)s”") % {"title": proposal.title},
        proposal=proposal,
        form=form,
        lines=list(proposal.budget_lines.all()),
        partners=list(proposal.partners.select_related("city")),
        attachments=list(proposal.attachments.select_related("document")),
    )


def call_ranking(request, call_id):
    """The Secretariat's ranking of a call's proposals; CSV or XLSX for the jury."""
    if not access.is_secretariat(request.user):
        return permission_denied(request)
    call = get_object_or_404(CallForProposalsPage, pk=call_id)
    rows = ranking(call)
    export = request.GET.get("export")
    if export == "csv":
        response = HttpResponse(as_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ranking-{call.pk}.csv"'
        return response
    if export == "xlsx":
        response = HttpResponse(
            as_xlsx(rows, call.title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="ranking-{call.pk}.xlsx"'
        return response
    settings_row = CallCycle.objects.filter(call=call).first()
    return render(
        request,
        "ranking.html",
        _("Ranking: %(call)s") % {"call": call.title},
        call=call,
        rows=rows,
        criteria=list(ReviewCriterion.objects.filter(call=call)),
        published=settings_row.results_published_at if settings_row else None,
    )


@require_POST
def proposal_decide(request, pk):
    if not access.is_secretariat(request.user):
        return permission_denied(request)
    proposal = get_object_or_404(Proposal.objects.select_related("call", "lead_city"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = decide(
                proposal,
                form.cleaned_data["outcome"],
                form.cleaned_data["amount"],
                form.cleaned_data["message"],
                request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Decision recorded: %(outcome)s.") % {"outcome": decision.get_outcome_display()},
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("cycle:proposal", pk)


@require_POST
def publish_results(request, call_id):
    """Make a call's funded proposals public (the results page and the API)."""
    if not access.is_secretariat(request.user):
        return permission_denied(request)
    call = get_object_or_404(CallForProposalsPage, pk=call_id)
    settings_row, _created = CallCycle.objects.get_or_create(call=call)
    settings_row.results_published_at = timezone.now()
    settings_row.save()
    log(settings_row, "cycle.results.published", user=request.user)
    messages.success(request, _("The call's results are public."))
    return redirect("cycle:ranking", call_id)


# Hosting -----------------------------------------------------------------------------


def host_call(request, pk):
    """The Secretariat sees the offers and chooses; a team sees its own offer."""
    offer_call = get_object_or_404(HostOfferCall, pk=pk)
    if not access.is_secretariat(request.user):
        return permission_denied(request)
    offers = list(
        offer_call.offers.select_related("city").prefetch_related("attachments__document")
    )
    return render(
        request, "host_call.html", offer_call.title, offer_call=offer_call, offers=offers
    )


def offer_edit(request, pk, city_id):
    """A member city's offer to host: drafted, documents attached, then submitted."""
    offer_call = get_object_or_404(HostOfferCall, pk=pk)
    city = source_city(city_id)
    if not access.in_team_of(request.user, city) or city.membership not in VOTING_MEMBERSHIPS:
        return permission_denied(request)
    offer = HostOffer.objects.filter(offer_call=offer_call, city=city).first()
    editable = offer_call.is_open() and not (offer and offer.state == HostOffer.State.SUBMITTED)
    form = HostOfferForm(posted(request), instance=offer)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This offer can no longer be changed."))
        elif form.is_valid():
            saved = form.save(commit=False)
            saved.offer_call, saved.city = offer_call, city
            saved.created_by = saved.created_by or request.user
            saved.save()
            log(saved, "cycle.offer.saved", user=request.user)
            messages.success(request, _("Your offer is saved as a draft."))
            return redirect("cycle:offer_edit", pk, city_id)
    return render(
        request,
        "offer.html",
        _("Offer of %(city)s to host") % {"city": city.title},
        offer_call=offer_call,
        city=city,
        offer=offer,
        form=form,
        editable=editable,
        attachments=list(offer.attachments.select_related("document")) if offer else [],
        attachment_form=AttachmentForm(),
    )


def _own_offer(request, pk):
    offer = get_object_or_404(HostOffer.objects.select_related("offer_call", "city"), pk=pk)
    return offer, access.in_team_of(request.user, offer.city)


@require_POST
def offer_submit(request, pk):
    offer, mine = _own_offer(request, pk)
    if not mine:
        return permission_denied(request)
    if not offer.offer_call.is_open():
        messages.error(request, _("The call for host offers is closed."))
    elif offer.state != HostOffer.State.SUBMITTED:
        offer.state = HostOffer.State.SUBMITTED
        offer.submitted_at = timezone.now()
        offer.save(update_fields=["state", "submitted_at", "updated_at"])
        log(offer, "cycle.offer.submitted", user=request.user)
        notify_secretariat(
            _("%(city)s offers to host conference %(edition)s")
            % {"city": offer.city.title, "edition": offer.offer_call.edition},
            url=reverse("cycle:host_call", args=(offer.offer_call_id,)),
        )
        messages.success(request, _("Your offer is submitted."))
    return redirect("cycle:offer_edit", offer.offer_call_id, offer.city_id)


@require_POST
def offer_attach(request, pk):
    offer, mine = _own_offer(request, pk)
    can = mine and offer.state == HostOffer.State.DRAFT
    back = ("cycle:offer_edit", offer.offer_call_id, offer.city_id)
    return _attach(request, offer, can, f"Host offer {offer.pk}", back)


@require_POST
def offer_choose(request, pk):
    if not access.is_secretariat(request.user):
        return permission_denied(request)
    offer = get_object_or_404(HostOffer.objects.select_related("offer_call", "city"), pk=pk)
    try:
        conference = choose_host(offer, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cycle:host_call", offer.offer_call_id)
    messages.success(
        request,
        _("%(city)s will host; the conference's draft page is ready.")
        % {"city": offer.city.title},
    )
    return redirect("wagtailadmin_pages:edit", conference.pk)


# Open to partners --------------------------------------------------------------------


def partner_note(request, city_id):
    city = source_city(city_id)
    if not access.in_team_of(request.user, city):
        return permission_denied(request)
    note = PartnerNote.objects.filter(city=city).first()
    form = PartnerNoteForm(posted(request), instance=note)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.city, saved.updated_by = city, request.user
        saved.save()
        form.save_m2m()
        log(saved, "cycle.note.saved", user=request.user, data={"published": saved.published})
        messages.success(request, _("The note is saved."))
        return redirect("cycle:home")
    return render(
        request,
        "partner_note.html",
        _("%(city)s: open to partners") % {"city": city.title},
        city=city,
        form=form,
    )
