"""Proposals answering a call: led by one city, with partner cities who confirm."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import SubmissionMixin, default_time_zone, validate_time_zone


class CallCycle(models.Model):
    """The cycle's settings of one call page (source locale): its time zone and
    whether its results (funded proposals) are public yet."""

    call = models.OneToOneField(
        "network.CallForProposalsPage", on_delete=models.CASCADE, related_name="cycle"
    )
    time_zone = models.CharField(
        _("time zone of the deadline"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    class Meta:
        verbose_name = _("call settings")

    def __str__(self):
        return self.call.title


class Proposal(SubmissionMixin, models.Model):
    """A city team's answer to a call. Private: only the lead city's team, its partner
    cities' teams, the Secretariat and reviewers without a conflict ever see it."""

    call = models.ForeignKey(
        "network.CallForProposalsPage",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="cycle_proposals",
    )
    lead_city = models.ForeignKey(
        "network.CityPage", verbose_name=_("lead city"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    topics = models.ManyToManyField("network.Topic", verbose_name=_("topics"), related_name="+")
    timeline = models.TextField(
        _("timeline"), blank=True, help_text=_("The project's steps, with their months.")
    )
    expected_results = models.TextField(_("expected results"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    cofunding = models.PositiveIntegerField(
        _("co-funding (EUR)"),
        default=0,
        help_text=_("What the cities and their partners pay themselves."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    def total_cost(self, lines=None):
        lines = self.budget_lines.all() if lines is None else lines
        return sum(line.amount for line in lines)

    def requested_grant(self, lines=None):
        return max(self.total_cost(lines) - (self.cofunding or 0), 0)


class PartnerConfirmation(models.Model):
    """A partner city of a proposal, and its team's answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="partners")
    city = models.ForeignKey("network.CityPage", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices, default=Answer.PENDING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "city"], name="one_confirmation_per_city")
        ]

    def __str__(self):
        return f"{self.city.title}: {self.get_answer_display()}"


class BudgetLine(models.Model):
    """One line of a proposal's budget."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("item"), max_length=200)
    amount = models.PositiveIntegerField(_("amount (EUR)"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.label}: {self.amount}"


class Attachment(models.Model):
    """A document of a proposal or a host offer, kept in that item's private collection
    (served only through the cycle's own view, which checks who asks)."""

    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    offer = models.ForeignKey(
        "cycle.HostOffer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.document.title


class PartnerNote(models.Model):
    """A city's public "open to partners" note: the topics it wants to work on."""

    city = models.OneToOneField(
        "network.CityPage", on_delete=models.CASCADE, related_name="partner_note"
    )
    text = models.TextField(
        _("note"),
        max_length=600,
        help_text=_("What the city would like to do, and with whom; shown in public."),
    )
    topics = models.ManyToManyField("network.Topic", verbose_name=_("topics"), related_name="+")
    language = models.CharField(
        _("language of the note"), max_length=16, default=settings.LANGUAGE_CODE
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the city's page and the “find a partner” page."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("“open to partners” note")

    def __str__(self):
        return f"{self.city.title}: open to partners"
