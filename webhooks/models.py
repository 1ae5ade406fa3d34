"""Webhook subscriptions, the events recorded for them and each event's delivery log.

An ``Event`` is written in the same transaction as the publish, unpublish or delete that
caused it, with one ``Delivery`` per interested subscription; a delivery is retried
until the receiver answers 2xx or the attempts run out (see ``webhooks/delivery.py``).
"""

import secrets
import uuid

from django import forms
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel


class EventType(models.TextChoices):
    """What happened to a page."""

    PAGE_PUBLISHED = "page.published", _("Page published")
    PAGE_UNPUBLISHED = "page.unpublished", _("Page unpublished")
    PAGE_DELETED = "page.deleted", _("Page deleted")


def all_event_types():
    return list(EventType.values)


def new_secret():
    """A random signing secret, shown to the admin who sets up the receiver."""
    return secrets.token_urlsafe(32)


class SubscriptionForm(WagtailAdminModelForm):
    """The subscription's form: events as checkboxes rather than raw JSON."""

    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Which changes of a page are sent to this receiver."),
    )


class Subscription(models.Model):
    """A receiver's URL, its signing secret, and which events and languages it wants."""

    name = models.CharField(_("name"), max_length=200, help_text=_("Who receives this."))
    url = models.URLField(
        _("URL"), max_length=500, help_text=_("Events are POSTed here as signed JSON.")
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        default=new_secret,
        validators=[MinLengthValidator(16)],
        help_text=_(
            "Shared with the receiver, which checks each request's X-Portal-Signature "
            "with it. At least 16 characters; keep it private."
        ),
    )
    events = models.JSONField(_("events"), default=all_event_types)
    locales = models.ManyToManyField(
        "wagtailcore.Locale",
        verbose_name=_("languages"),
        blank=True,
        help_text=_("Only pages in these languages; none chosen means every language."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive subscriptions receive nothing.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("secret"),
        FieldPanel("events"),
        FieldPanel("locales", widget=forms.CheckboxSelectMultiple),
        FieldPanel("active"),
    ]
    base_form_class = SubscriptionForm

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, event_type, locale_id):
        """Whether this subscription receives ``event_type`` for a page in that locale.

        Reads ``locales`` through ``.all()`` so a prefetched list costs no query.
        """
        if not self.active or event_type not in self.events:
            return False
        locale_ids = {locale.pk for locale in self.locales.all()}
        return not locale_ids or locale_id in locale_ids

    def get_events_display(self):
        labels = dict(EventType.choices)
        return ", ".join(str(labels.get(name, name)) for name in self.events)

    get_events_display.short_description = _("events")


class Event(models.Model):
    """Something that happened to a page, with the exact JSON body sent to receivers.

    Its ``id`` is the idempotency key: every attempt at every receiver carries it, so a
    receiver that sees it twice (after a retry whose answer was lost) ignores the copy.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    page_id = models.PositiveIntegerField(_("page id"))
    page_type = models.CharField(_("page type"), max_length=100)
    locale = models.CharField(_("language"), max_length=20)
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    translation_key = models.UUIDField(_("translation key"))
    occurred_at = models.DateTimeField(_("occurred at"))
    payload = models.JSONField(_("payload"))

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.type} {self.title}"


class Delivery(models.Model):
    """One event on its way to one subscription: the delivery log the admin shows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A worker claims a delivery for a short lease, so two workers never send it at once,
    # and a worker that dies mid-delivery only delays it until the lease runs out.
    lease = models.UUIDField(null=True, blank=True, editable=False)
    leased_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscription"], name="one_delivery_per_event_and_subscription"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
        ]

    def __str__(self):
        return f"{self.event} → {self.subscription}"
