"""Factories for tests and benchmarks: every random value comes from factory.Faker.

Pages are created under a parent given by the caller (``parent=...``), so a test
builds exactly the tree it needs; see tests/conftest.py for the usual skeleton.
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Locale

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from .models import (
    CallForProposalsPage,
    CityPage,
    ConferencePage,
    MichelinSite,
    NewsPage,
    Organisation,
    Person,
    PortalImage,
    ProjectPage,
    ResourcePage,
    StandardPage,
    Topic,
)
from .public.geography import COUNTRY_CHOICES


def default_locale():
    return Locale.get_default()


def unique_slug(text, n):
    """A slug from the title with the factory's sequence number: random titles may
    repeat a word, and two siblings may not share a slug."""
    return f"{slugify(text)[:40].strip('-') or 'item'}-{n}"


class ImageFactory(wagtail_factories.ImageFactory):
    """A small generated image in the portal's image model."""

    class Meta:
        model = PortalImage

    title = factory.Faker("sentence", nb_words=3)
    credit = factory.Faker("name")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Faker("catch_phrase")
    slug = factory.LazyAttributeSequence(lambda obj, n: unique_slug(obj.name, n))
    description = factory.Faker("sentence")
    locale = factory.LazyFunction(default_locale)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Faker("company")
    kind = factory.Faker("random_element", elements=Organisation.Kind.values)
    website = factory.Faker("url")
    description = factory.Faker("paragraph")
    locale = factory.LazyFunction(default_locale)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    role = factory.Faker("job")
    email = factory.Faker("email")
    bio = factory.Faker("paragraph")
    locale = factory.LazyFunction(default_locale)


class PortalPageFactory(wagtail_factories.PageFactory):
    """Common fields of the portal's pages."""

    class Meta:
        abstract = True

    title = factory.Faker("sentence", nb_words=3)
    slug = factory.LazyAttributeSequence(lambda obj, n: unique_slug(obj.title, n))
    summary = factory.Faker("sentence")


class CityPageFactory(PortalPageFactory):
    class Meta:
        model = CityPage
        skip_postgeneration_save = True

    title = factory.Faker("city")
    country = factory.Faker("random_element", elements=[code for code, _ in COUNTRY_CHOICES])
    region = factory.Faker("state")
    latitude = factory.Faker("pydecimal", min_value=-60, max_value=70, right_digits=5)
    longitude = factory.Faker("pydecimal", min_value=-179, max_value=179, right_digits=5)
    population = factory.Faker("random_int", min=10_000, max=3_000_000)
    membership = factory.Faker("random_element", elements=CityPage.Membership.values)
    year_joined = factory.Faker("random_int", min=2015, max=2025)

    @factory.post_generation
    def sites(obj, create, extracted, **kwargs):
        """Every city hosts at least one Michelin site (``sites=[...]`` gives the kinds)."""
        if not create:
            return
        for kind in extracted or [MichelinSite.Kind.PRODUCTION]:
            MichelinSiteFactory(city=obj, kind=kind)


class MichelinSiteFactory(DjangoModelFactory):
    class Meta:
        model = MichelinSite

    kind = factory.Faker("random_element", elements=MichelinSite.Kind.values)
    name = factory.Faker("street_name")
    description = factory.Faker("sentence")
    established = factory.Faker("random_int", min=1889, max=2020)


class ProjectPageFactory(PortalPageFactory):
    class Meta:
        model = ProjectPage

    status = factory.Faker("random_element", elements=ProjectPage.Status.values)
    start_date = factory.Faker("date_between", start_date="-6y", end_date="-1y")
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=730))


class NewsPageFactory(PortalPageFactory):
    class Meta:
        model = NewsPage

    date = factory.Faker("date_between", start_date="-3y", end_date="today")


class CallForProposalsPageFactory(PortalPageFactory):
    """An open call by default: opened a month ago, closes in two months."""

    class Meta:
        model = CallForProposalsPage

    edition = factory.Faker("random_int", min=1, max=9)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + datetime.timedelta(days=90))
    total_budget = factory.Faker("random_int", min=100_000, max=900_000, step=10_000)
    max_grant = factory.LazyAttribute(lambda o: o.total_budget // 5)


class ConferencePageFactory(PortalPageFactory):
    """A conference of three days, some time in the coming year by default."""

    class Meta:
        model = ConferencePage

    edition = factory.Faker("random_int", min=1, max=9)
    theme = factory.Faker("catch_phrase")
    start_date = factory.Faker("date_between", start_date="+30d", end_date="+1y")
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    venue = factory.Faker("company")


class ResourcePageFactory(PortalPageFactory):
    class Meta:
        model = ResourcePage

    items = factory.LazyFunction(list)


class StandardPageFactory(PortalPageFactory):
    class Meta:
        model = StandardPage


class UserFactory(DjangoModelFactory):
    """An active admin user with a name and an email address (for notifications).

    ``groups=[...]`` puts the user in those groups; the password is ``password``.
    """

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")  # two random names may repeat
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Faker("email")
    password = factory.django.Password("password")

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(*extracted)
