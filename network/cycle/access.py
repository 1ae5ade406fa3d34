"""Who may see and do what in the cycle. Every view and panel asks here.

* **The Secretariat** (the ``cycle.manage_cycle`` permission, granted by
  ``setup_roles``): everything, except the content of ballots, which nobody reads in
  the admin (results are aggregates).
* **A city team**: its own city's ballots, proposals led by its city, proposals
  naming its city as a partner (to confirm or decline), its host offers and its note.
* **A reviewer** (appointed per call): the call's *submitted* proposals, except those
  whose lead or partner cities are the reviewer's own (conflict of interest).
* Anyone else, and every public route: nothing.
"""

from django.db.models import Q

from network.models import CityPage

from .models import VOTING_MEMBERSHIPS, Proposal, ReviewerAppointment

MANAGE_CYCLE = "cycle.manage_cycle"


def is_secretariat(user):
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(MANAGE_CYCLE)))


def team_cities(user):
    """The (source-locale) cities whose team the user is in, read once per user object."""
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_cycle_team_cities", None)
    if cached is None:
        cached = list(CityPage.objects.filter(team__group__user=user).order_by("title").distinct())
        user._cycle_team_cities = cached
    return cached


def team_city_ids(user):
    return {city.pk for city in team_cities(user)}


def voting_cities(user):
    """The user's cities that vote (members and founding members)."""
    return [city for city in team_cities(user) if city.membership in VOTING_MEMBERSHIPS]


def in_team_of(user, city):
    return city is not None and city.pk in team_city_ids(user)


def involving(city_ids):
    """Proposals led by, or naming as a partner, one of these cities."""
    return Q(lead_city_id__in=city_ids) | Q(partners__city_id__in=city_ids)


def reviewable_proposals(user, call_id=None):
    """The submitted proposals a user may review: of calls they are appointed to, minus
    every proposal involving one of their cities."""
    appointments = ReviewerAppointment.objects.filter(reviewer=user)
    if call_id is not None:
        appointments = appointments.filter(call_id=call_id)
    proposals = Proposal.objects.filter(
        state=Proposal.State.SUBMITTED, call_id__in=appointments.values("call_id")
    )
    own = team_city_ids(user)
    declared = set(appointments.exclude(city=None).values_list("city_id", flat=True))
    blocked = own | declared
    if blocked:
        proposals = proposals.exclude(pk__in=Proposal.objects.filter(involving(blocked)))
    return proposals


def visible_proposals(user):
    """Every proposal the user may open."""
    if is_secretariat(user):
        return Proposal.objects.all()
    if not user or not user.is_authenticated:
        return Proposal.objects.none()
    own = team_city_ids(user)
    team_q = Proposal.objects.filter(involving(own)) if own else Proposal.objects.none()
    return Proposal.objects.filter(
        Q(pk__in=team_q.values("pk")) | Q(pk__in=reviewable_proposals(user).values("pk"))
    )


def can_view_proposal(user, proposal):
    return visible_proposals(user).filter(pk=proposal.pk).exists()


def can_edit_proposal(user, proposal):
    """The lead city's team edits its drafts; nothing changes once submitted."""
    return not proposal.is_submitted and in_team_of(user, proposal.lead_city)


def can_review(user, proposal):
    return reviewable_proposals(user, proposal.call_id).filter(pk=proposal.pk).exists()


def can_view_offer(user, offer):
    return is_secretariat(user) or in_team_of(user, offer.city)
