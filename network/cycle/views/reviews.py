"""Reviews, the ranking and its exports, decisions and the results' publication."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.log_actions import log

from network.models import CallForProposalsPage

from .. import access
from ..decisions import decide
from ..forms import DecisionForm, ReviewForm
from ..models import CallCycle, Proposal, Review, ReviewCriterion, Score
from ..ranking import as_csv, as_xlsx, ranking
from .common import posted, render


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
