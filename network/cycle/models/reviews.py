"""Reviews of the submitted proposals, and the Secretariat's decisions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every criterion is scored from 0 to MAX_SCORE.
MAX_SCORE = 10


class ReviewCriterion(models.Model):
    """A criterion of a call's review, with its weight in the weighted score."""

    call = models.ForeignKey(
        "network.CallForProposalsPage",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="review_criteria",
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what reviewers look at"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["call", "sort_order", "pk"]

    def __str__(self):
        return f"{self.name} (×{self.weight})"


class ReviewerAppointment(models.Model):
    """A person appointed by the Secretariat to review a call's proposals.

    Their own cities (the teams they belong to, and ``city`` when they come from a
    city without being in its team) are never shown a proposal those cities take part in.
    """

    call = models.ForeignKey(
        "network.CallForProposalsPage",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="reviewer_appointments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="cycle_appointments",
    )
    city = models.ForeignKey(
        "network.CityPage",
        verbose_name=_("reviewer's city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The city the reviewer works for, if any (conflict of interest)."),
    )

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="one_appointment_per_call")
        ]

    def __str__(self):
        return str(self.reviewer)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A reviewer from outside the city teams needs the admin to review in.
        from ..roles import ensure_reviewers_group

        self.reviewer.groups.add(ensure_reviewers_group())


class Review(models.Model):
    """One reviewer's scores and comment on one proposal."""

    proposal = models.ForeignKey(
        "cycle.Proposal", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cycle_reviews"
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="one_review_each")
        ]

    def __str__(self):
        return f"Review {self.pk} of proposal {self.proposal_id}"


class Score(models.Model):
    """A score on one criterion."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_SCORE)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_each")
        ]

    def __str__(self):
        return str(self.value)


class Decision(models.Model):
    """The Secretariat's decision on a submitted proposal."""

    class Outcome(models.TextChoices):
        FUNDED = "funded", _("Funded")
        RESERVE = "reserve", _("Reserve list")
        NOT_FUNDED = "not-funded", _("Not funded")

    proposal = models.OneToOneField(
        "cycle.Proposal", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    amount = models.PositiveIntegerField(_("grant (EUR)"), null=True, blank=True)
    message = models.TextField(_("message to the lead city"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)
    project = models.ForeignKey(
        "network.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cycle_decisions",
    )

    class Meta:
        verbose_name = _("decision")

    def __str__(self):
        return f"{self.proposal}: {self.get_outcome_display()}"
