"""Offers to host the next conference, and the network's choice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import SubmissionMixin, WindowMixin


class HostOfferCall(WindowMixin, models.Model):
    """The Secretariat's call for offers to host one edition of the conference."""

    title = models.CharField(_("title"), max_length=200)
    edition = models.PositiveSmallIntegerField(_("edition of the conference"))
    chosen_offer = models.OneToOneField(
        "cycle.HostOffer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    conference = models.ForeignKey(
        "network.ConferencePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("call for host offers")
        verbose_name_plural = _("calls for host offers")
        ordering = ["-closes_at", "-pk"]

    def __str__(self):
        return self.title


class HostOffer(SubmissionMixin, models.Model):
    """A member city's offer to host an edition. Private to its team and the Secretariat."""

    offer_call = models.ForeignKey(HostOfferCall, on_delete=models.CASCADE, related_name="offers")
    city = models.ForeignKey(
        "network.CityPage", verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=255)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    theme = models.CharField(_("theme proposed"), max_length=255)
    notes = models.TextField(_("what the city offers"), blank=True)

    class Meta:
        verbose_name = _("host offer")
        verbose_name_plural = _("host offers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer_call", "city"], name="one_offer_per_city")
        ]

    def __str__(self):
        return f"{self.city.title}: {self.offer_call.title}"
