"""Snippets shared by many pages: topics, organisations (the stakeholders) and people.

All three carry words, so all three are translatable; what is a fact (a slug, a kind,
a web address, a photo) is synchronised from the source locale.
"""

from django.core.validators import validate_slug
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.images import get_image_model_string
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A theme of the network's work (mobility, energy transition, ...), voted on by cities."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        validators=[validate_slug],
        help_text=_("Used in filter links such as ?topic=mobility; the same in every language."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("locale"),
    ]

    api_fields = [APIField("name"), APIField("slug"), APIField("description")]

    override_translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug", overridable=False),
        TranslatableField("description"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]

    def __str__(self):
        return self.name


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A stakeholder of the network: a public body, a university, a business, ..."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public-body", _("Public body")
        UNIVERSITY = "university", _("University")
        BUSINESS = "business", _("Business")
        ASSOCIATION = "association", _("Association")
        ARTIST = "artist", _("Artist")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.ForeignKey(
        "network.CityPage",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member city where the organisation is based, if any."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("city"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("locale"),
    ]

    api_fields = [
        APIField("name"),
        APIField("kind"),
        APIField("website"),
        APIField("description"),
    ]

    override_translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("kind", overridable=False),
        SynchronizedField("city", overridable=False),
        SynchronizedField("website"),
        TranslatableField("description"),
        SynchronizedField("logo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(TranslatableMixin, index.Indexed, models.Model):
    """A speaker, contact or project lead; the name is kept, the role is translated."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Deputy Mayor for Mobility”"),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(_("email"), blank=True)
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("biography"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation")],
            heading=_("Who"),
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("photo"), FieldPanel("bio")],
            heading=_("Contact and biography"),
        ),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.SearchField("bio"),
        index.FilterField("locale"),
    ]

    api_fields = [APIField("name"), APIField("role"), APIField("bio")]

    override_translatable_fields = [
        # A name is not translated, but a translator may transliterate it (ja, zh, th, sr).
        SynchronizedField("name"),
        TranslatableField("role"),
        TranslatableField("organisation"),
        SynchronizedField("email", overridable=False),
        SynchronizedField("photo"),
        TranslatableField("bio"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name
