"""What the cycle's models share: a window of time in a named time zone."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ...public.formats import time_zone_name


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Paris."),
            params={"value": value},
        )


def time_zone_choices():
    """Every IANA time zone, for the forms (not stored as model choices: tzdata changes)."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def default_time_zone():
    return settings.TIME_ZONE


def in_time_zone(moment, name):
    """``moment`` formatted in the time zone ``name``, with the zone's name after it."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(name))
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({time_zone_name(name)})"


class Status(models.TextChoices):
    """Where a window of time stands at a given moment."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class WindowMixin(models.Model):
    """Opens and closes at two moments; the deadline is shown in its own time zone."""

    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("The dates above are read, and shown to cities, in this time zone."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("It must close after it opens.")})

    def status_at(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return Status.UPCOMING
        if now < self.closes_at:
            return Status.OPEN
        return Status.CLOSED

    @property
    def status(self):
        return self.status_at()

    def get_status_display(self):
        return Status(self.status).label

    def is_open(self, now=None):
        return self.status_at(now) == Status.OPEN

    @property
    def closes_at_local(self):
        return in_time_zone(self.closes_at, self.time_zone)

    @property
    def opens_at_local(self):
        return in_time_zone(self.opens_at, self.time_zone)


class SubmissionMixin(models.Model):
    """A city's private draft, submitted once (a proposal, an offer to host): its state,
    its private collection of documents, who started it and when it was sent."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_submitted(self):
        return self.state == self.State.SUBMITTED
