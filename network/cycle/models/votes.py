"""The topic vote: member cities choose the topics of the next call for proposals."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import WindowMixin

# Cities that vote; partner cities and candidates do not (DESIGN.md, issue 14).
VOTING_MEMBERSHIPS = ("founding", "member")


class TopicVote(WindowMixin, models.Model):
    """A vote of the member cities on the topics of an upcoming call.

    Results are computed once, when the window has closed (``network.cycle.voting``),
    stored in :class:`VoteResult` and public from then on.
    """

    class Method(models.TextChoices):
        APPROVAL = "approval", _("Approval: each city ticks every topic it supports")
        BORDA = "borda", _("Ranked (Borda count): each city ranks the topics")

    title = models.CharField(_("title"), max_length=200)
    edition = models.PositiveSmallIntegerField(
        _("edition of the call"), help_text=_("The edition of the call the topics are for.")
    )
    candidates = models.ManyToManyField(
        "network.Topic", verbose_name=_("candidate topics"), related_name="+"
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.APPROVAL
    )
    winners = models.PositiveSmallIntegerField(
        _("topics that win"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    call = models.ForeignKey(
        "network.CallForProposalsPage",
        verbose_name=_("call page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The call whose draft receives the winning topics; leave empty to create "
            "a draft call when the vote closes."
        ),
    )
    results_computed_at = models.DateTimeField(_("results computed"), null=True, editable=False)
    ballots_counted = models.PositiveIntegerField(_("ballots counted"), null=True, editable=False)
    eligible_cities = models.PositiveIntegerField(_("member cities"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("topic vote")
        verbose_name_plural = _("topic votes")
        ordering = ["-closes_at", "-pk"]
        permissions = [
            (
                "manage_cycle",
                _("Can run the network's cycle: votes, reviews, decisions, host choice"),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def has_results(self):
        return self.results_computed_at is not None

    @property
    def is_ranked(self):
        return self.method == self.Method.BORDA


class Ballot(models.Model):
    """One member city's ballot in a vote: cast by any member of its team, changed
    until the vote closes; one per city (the constraint makes it so)."""

    vote = models.ForeignKey(TopicVote, on_delete=models.CASCADE, related_name="ballots")
    city = models.ForeignKey("network.CityPage", on_delete=models.CASCADE, related_name="+")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cast_at = models.DateTimeField(_("first cast"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["vote", "city"], name="one_ballot_per_city")
        ]

    def __str__(self):
        # Shown in the audit log: who voted, never what.
        return f"Ballot of {self.city.title} ({self.vote.title})"


class BallotChoice(models.Model):
    """A topic on a ballot: ticked (approval) or ranked 1, 2, ... (Borda)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    topic = models.ForeignKey("network.Topic", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "topic"], name="one_choice_per_topic")
        ]

    def __str__(self):
        return f"Choice {self.pk}"


class VoteResult(models.Model):
    """A candidate's result, stored when the vote is counted (never recomputed)."""

    vote = models.ForeignKey(TopicVote, on_delete=models.CASCADE, related_name="results")
    topic = models.ForeignKey("network.Topic", on_delete=models.CASCADE, related_name="+")
    points = models.PositiveIntegerField(_("points"))
    ballots = models.PositiveIntegerField(_("ballots naming it"))
    first_places = models.PositiveIntegerField(_("first places"), default=0)
    position = models.PositiveSmallIntegerField(_("position"))
    elected = models.BooleanField(_("elected"), default=False)
    tie_broken = models.BooleanField(
        _("tie broken"),
        default=False,
        help_text=_("Tied on points with a neighbour; placed by the tie-break rule."),
    )

    class Meta:
        ordering = ["vote", "position"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "topic"], name="one_result_per_topic")
        ]

    def __str__(self):
        return f"{self.topic}: {self.points}"
