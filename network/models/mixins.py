"""Fields several page types share, declared once.

Each mixin brings its field and, in ``contributes``, its editor panel, its search and
API fields and its translation rule; ``PortalPage`` (``network.models.base``) adds them
to every page that mixes it in, so no page lists them again. The link mixins also put
their links, in the page's language, in the template's context.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from modelcluster.fields import ParentalManyToManyField

from ..blocks import BaseBodyBlock, ResourceItemBlock
from ..i18n.localization import live_links, localized
from ..public.visibility import visible_titles
from .base import ABOUT, BODY, END, LEAD, Contribution


def _text_field(name, place=LEAD, **search):
    """The contribution of a field of words: shown, searched, served and translated."""
    return Contribution(
        panels=[FieldPanel(name)],
        search_fields=[index.SearchField(name, **search)],
        api_fields=[APIField(name)],
        override_translatable_fields=[TranslatableField(name)],
        place=place,
    )


def _links_field(name, search_field):
    """The contribution of a many-to-many link: ticked in the "What this is about" group,
    searched through ``search_field``, synchronised from the source."""
    return Contribution(
        panels=[FieldPanel(name, widget=forms.CheckboxSelectMultiple)],
        search_fields=[search_field],
        api_fields=[APIField(name)],
        override_translatable_fields=[SynchronizedField(name, overridable=False)],
        place=ABOUT,
    )


class IntroMixin(models.Model):
    """A short introduction: the index pages' paragraph above their listing, the home
    page's "who we are"."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short paragraph above the listing."),
    )

    contributes = _text_field("intro")

    class Meta:
        abstract = True


class SummaryMixin(models.Model):
    """One or two sentences shown in listings, search results and link previews."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=400,
        help_text=_("One or two sentences shown in listings, search results and link previews."),
    )

    contributes = _text_field("summary", boost=1.5)

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

    contributes = Contribution(
        panels=[FieldPanel("hero_image")],
        api_fields=[APIField("hero_image")],
        # A translation may use another picture (one with text in its language).
        override_translatable_fields=[SynchronizedField("hero_image")],
    )

    class Meta:
        abstract = True


class BodyMixin(models.Model):
    """The page's main text: the common body blocks (a page family may extend them by
    declaring ``body`` again with its own StreamBlock subclass)."""

    body = StreamField(BaseBodyBlock(), verbose_name=_("body"), blank=True)

    contributes = _text_field("body", place=BODY)

    class Meta:
        abstract = True


class DocumentsMixin(models.Model):
    """Documents and links offered for download, at the end of the page."""

    documents = StreamField(ResourceItemBlock(), verbose_name=_("documents"), blank=True)

    contributes = Contribution(
        panels=[FieldPanel("documents")],
        api_fields=[APIField("documents")],
        override_translatable_fields=[TranslatableField("documents")],
        place=END,
    )

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

    contributes = _links_field(
        "topics", index.RelatedFields("topics", [index.SearchField("name")])
    )

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = localized(self.topics.all(), self.locale_id, request)
        return context


class RelatedCitiesMixin(models.Model):
    """The member cities a page names; links to pages, so synchronised."""

    related_cities = ParentalManyToManyField(
        "network.CityPage",
        verbose_name=_("related cities"),
        blank=True,
        related_name="%(class)s_mentions",
        help_text=_("Cities this is about; it will be listed on their pages."),
    )

    # Only the names of the cities the public may see (``related_city_titles``).
    contributes = _links_field("related_cities", index.SearchField("related_city_titles"))

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_cities"] = live_links(self.related_cities.all(), self.locale_id, request)
        return context

    def related_city_titles(self):
        """The names of the related cities the public may see, for the search index."""
        return visible_titles(city.pk for city in self.related_cities.all())

    @classmethod
    def city_model(cls):
        """The city page model, as the field names it (the cities' module lists the
        pages that mention a city, so those pages' modules do not import it)."""
        return cls._meta.get_field("related_cities").related_model
