"""The filter forms of the listings: plain GET forms, so they work without JavaScript.

A value that is not one of the choices is reported on the form ("Select a valid
choice") and that filter is left out; the listing is never a server error.

The forms know fields, not page models: the index page that shows a form hands it the
choices and the querysets its fields offer (``network.models`` builds on this module).
"""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..snippets import Topic
from .geography import CONTINENTS, countries_in, country_name
from .listings import live_public

PAGE_SIZE = 12


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of a listing; the first for a bad number, the last past the end."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class FilterForm(forms.Form):
    """A GET form whose valid fields filter a listing and whose invalid ones are reported."""

    def __init__(self, data=None, *, locale, request=None, cities=None, **kwargs):
        super().__init__(data, **kwargs)
        self.locale = locale
        self.request = request
        # The city pages of the locale (a queryset), for a form with a city filter.
        self.city_pages = cities

    def value(self, name):
        """The cleaned value of a field, or None when empty or invalid."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None

    def topic_choices(self):
        topics = Topic.objects.filter(locale=self.locale).order_by("name")
        return [("", _("All topics")), *((t.slug, t.name) for t in topics)]

    def city_choices(self):
        # The cities are kept (self.cities): a listing can take its lead cities from them.
        self.cities = list(
            live_public(self.city_pages, self.request).defer_streamfields().order_by("title")
        )
        return [("", _("All cities")), *((city.slug, city.title) for city in self.cities)]

    def filter_city(self, pages, relation):
        """The pages under the chosen city (its own) or naming it through ``relation``
        (in any language: links are synchronised from the source)."""
        city = next((c for c in self.cities if c.slug == self.value("city")), None)
        if city is None:
            return pages
        same_city = type(city).objects.filter(translation_key=city.translation_key)
        return pages.filter(
            Q(path__startswith=city.path, depth=city.depth + 1)
            | Q(**{f"{relation}__in": same_city})
        ).distinct()


class CityFilterForm(FilterForm):
    """Filters of the city directory: continent, country, membership, Michelin site."""

    continent = forms.ChoiceField(label=_("Continent"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    membership = forms.ChoiceField(label=_("Membership"), required=False)
    site = forms.ChoiceField(label=_("Michelin site"), required=False)

    def __init__(
        self, data=None, *, locale, countries=(), memberships=(), site_kinds=(), **kwargs
    ):
        super().__init__(data, locale=locale, **kwargs)
        self.fields["continent"].choices = [
            ("", _("All continents")),
            *CONTINENTS.items(),
        ]
        self.fields["country"].choices = [
            ("", _("All countries")),
            *sorted(((code, country_name(code)) for code in countries), key=lambda c: c[1]),
        ]
        self.fields["membership"].choices = [
            ("", _("All memberships")),
            *memberships,
        ]
        self.fields["site"].choices = [("", _("All sites")), *site_kinds]

    def filter(self, cities):
        """The cities (a list, with their sites prefetched) that match the valid filters."""
        continent, country = self.value("continent"), self.value("country")
        membership, site = self.value("membership"), self.value("site")
        in_continent = set(countries_in(continent)) if continent else None
        return [
            city
            for city in cities
            if (in_continent is None or city.country in in_continent)
            and (not country or city.country == country)
            and (not membership or city.membership == membership)
            and (not site or site in city.site_kinds)
        ]


class ProjectFilterForm(FilterForm):
    """Filters of the project index: topic, city (lead or partner), status."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, data=None, *, locale, statuses=(), **kwargs):
        super().__init__(data, locale=locale, **kwargs)
        self.fields["topic"].choices = self.topic_choices()
        self.fields["city"].choices = self.city_choices()
        self.fields["status"].choices = [("", _("All statuses")), *statuses]

    def filter(self, projects):
        if topic := self.value("topic"):
            projects = projects.filter(topics__slug=topic)
        if status := self.value("status"):
            projects = projects.filter(status=status)
        return self.filter_city(projects, "partner_cities")


class NewsFilterForm(FilterForm):
    """Filters of the news index: topic, city, year."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, locale, news, **kwargs):
        super().__init__(data, locale=locale, **kwargs)
        self.fields["topic"].choices = self.topic_choices()
        self.fields["city"].choices = self.city_choices()
        # ``news``: the locale's news pages, whose years the year filter offers.
        years = live_public(news, self.request).dates("date", "year")
        self.fields["year"].choices = [
            ("", _("All years")),
            *((d.year, d.year) for d in reversed(years)),
        ]

    def filter(self, news):
        if topic := self.value("topic"):
            news = news.filter(topics__slug=topic)
        if year := self.value("year"):
            news = news.filter(date__year=year)
        return self.filter_city(news, "related_cities")


class ResourceFilterForm(FilterForm):
    """Filter of the resource library: topic."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, data=None, *, locale, **kwargs):
        super().__init__(data, locale=locale, **kwargs)
        self.fields["topic"].choices = self.topic_choices()

    def filter(self, resources):
        if topic := self.value("topic"):
            resources = resources.filter(topics__slug=topic)
        return resources
