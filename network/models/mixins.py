"""Fields several page types share, declared once.

Each mixin brings its field, its editor panel, its search and API fields and its
translation rule, so a page that mixes it in gets all of them without copying.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.images import get_image_model_string
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from modelcluster.fields import ParentalManyToManyField


class SummaryMixin(models.Model):
    """One or two sentences shown in listings, search results and link previews."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=400,
        help_text=_("One or two sentences shown in listings, search results and link previews."),
    )

    summary_panels = [FieldPanel("summary")]
    summary_search_fields = [index.SearchField("summary", boost=1.5)]
    summary_api_fields = [APIField("summary")]
    summary_translatable_fields = [TranslatableField("summary")]

    class Meta:
        abstract = True


class HeroImageMixin(models.Model):
    """The picture at the top of a page and in its listings."""

    hero_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown at the top of the page and in listings; landscape, at least 1600 px wide."
        ),
    )

    hero_panels = [FieldPanel("hero_image")]
    hero_translatable_fields = [
        # A translation may use another picture (one with text in its language).
        SynchronizedField("hero_image"),
    ]

    class Meta:
        abstract = True


class TopicsMixin(models.Model):
    """The network topics a page is about; links to snippets, so synchronised."""

    topics = ParentalManyToManyField(
        "network.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="%(class)s_set",
    )

    topics_panels = [FieldPanel("topics", widget=forms.CheckboxSelectMultiple)]
    topics_search_fields = [
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]
    topics_api_fields = [APIField("topics")]
    topics_translatable_fields = [SynchronizedField("topics", overridable=False)]

    class Meta:
        abstract = True


class RelatedCitiesMixin(models.Model):
    """The member cities a page names; links to pages, so synchronised."""

    related_cities = ParentalManyToManyField(
        "network.CityPage",
        verbose_name=_("related cities"),
        blank=True,
        related_name="%(class)s_mentions",
        help_text=_("Cities this is about; it will be listed on their pages."),
    )

    related_cities_panels = [FieldPanel("related_cities", widget=forms.CheckboxSelectMultiple)]
    # Only the cities the public may see: see ``network.visibility.visible_titles``.
    related_cities_search_fields = [index.SearchField("related_city_titles")]
    related_cities_api_fields = [APIField("related_cities")]
    related_cities_translatable_fields = [SynchronizedField("related_cities", overridable=False)]

    class Meta:
        abstract = True

    def related_city_titles(self):
        """The names of the related cities the public may see, for the search index."""
        from ..visibility import visible_titles

        return visible_titles(city.pk for city in self.related_cities.all())
