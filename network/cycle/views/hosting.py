"""Offers to host the conference, the Secretariat's choice, and the partner note."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_denied
from wagtail.log_actions import log

from .. import access
from ..decisions import choose_host
from ..forms import AttachmentForm, HostOfferForm, PartnerNoteForm
from ..models import VOTING_MEMBERSHIPS, HostOffer, HostOfferCall, PartnerNote
from ..notify import notify_secretariat
from .common import attach_upload, posted, render, source_city


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
    return attach_upload(request, offer, can, f"Host offer {offer.pk}", back)


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
