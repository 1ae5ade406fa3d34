"""The network in numbers: headline figures and six charts, from ``network_data``.

Each chart is a list of rows ``(key, label, value, extra)``: ``key`` is stable (a year,
a topic's slug, a continent's key, a call's slug), ``label`` is in the active language,
``extra`` holds further columns of the downloadable data. How each is counted:

- **projects per year**: by the year the project starts (projects without a start date
  are left out, and the chart says how many);
- **projects per topic**: a project with several topics counts once for each;
- **projects per continent**: by the continent of the project's lead city;
- **cities per project**: how many projects involve 1, 2, 3, ... cities (the lead city
  and the partner cities);
- **budget per call**: each call's total budget, with the number of projects it funded
  (the portal records what a call offers, not each project's grant);
- **members over time**: founding and member cities, counted at the end of each year
  from the year they joined (cities without a year are left out, and the chart says
  how many).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from network.public.formats import euros
from network.public.geography import CONTINENTS

from .charts import value_text


@dataclass
class Chart:
    """One chart: what it shows, its rows and how to read its values."""

    slug: str
    title: str
    description: str
    value_label: str
    rows: list  # [(key, label, value, {extra column: value})]
    money: bool = False
    note: str = ""
    extra_labels: dict = field(default_factory=dict)

    @property
    def table(self):
        """``[(label, value, [extra values in extra_labels' order])]``."""
        return [
            (label, value, [extra.get(name) for name in self.extra_labels])
            for _key, label, value, extra in self.rows
        ]


CHART_TITLES = {
    "projects-per-year": gettext_lazy("Projects started each year"),
    "projects-per-topic": gettext_lazy("Projects per topic"),
    "projects-per-continent": gettext_lazy("Projects per continent of the lead city"),
    "cities-per-project": gettext_lazy("Cities involved per project"),
    "budget-per-call": gettext_lazy("Budget of each call for proposals"),
    "members-over-time": gettext_lazy("Member cities over time"),
}


def figures(data):
    """The headline figures: ``[(label, value as written in the active language)]``."""
    members = [city for city in data.cities.values() if city.is_member]
    involved = {key for project in data.projects.values() for key in project.city_keys}
    budget = sum(call.total_budget or 0 for call in data.calls.values())
    counts = [
        (_("member cities"), len(members)),
        (_("cities in all"), len(data.cities)),
        (_("countries"), len({city.country for city in data.cities.values()})),
        (_("projects"), len(data.projects)),
        (_("cities involved in projects"), len(involved)),
        (_("calls for proposals"), len(data.calls)),
        (_("conferences"), len(data.conferences)),
    ]
    written = [(label, value_text(value)) for label, value in counts]
    return [*written, (_("offered by the calls"), value_text(budget, money=True))]


def projects_per_year(data):
    years = Counter(p.start_date.year for p in data.projects.values() if p.start_date)
    undated = sum(1 for p in data.projects.values() if not p.start_date)
    rows = []
    if years:
        for year in range(min(years), max(years) + 1):
            rows.append((year, str(year), years[year], {}))
    note = (
        ngettext(
            "%(count)s project without a start date is not counted.",
            "%(count)s projects without a start date are not counted.",
            undated,
        )
        % {"count": undated}
        if undated
        else ""
    )
    return rows, note


def projects_per_topic(data):
    language = get_language()
    counts = Counter(key for p in data.projects.values() for key in p.topic_keys)
    rows = [
        (topic.slug, topic.name(language), counts[key], {})
        for key, topic in data.topics.items()
        if counts[key]
    ]
    return sorted(rows, key=lambda row: (-row[2], row[1].casefold())), ""


def projects_per_continent(data):
    counts = Counter(
        data.cities[p.lead_key].continent for p in data.projects.values() if p.lead_key
    )
    rows = [
        (continent, str(CONTINENTS[continent]), counts[continent], {})
        for continent in CONTINENTS
        if counts[continent]
    ]
    return sorted(rows, key=lambda row: -row[2]), ""


def cities_per_project(data):
    counts = Counter(len(p.city_keys) for p in data.projects.values() if p.city_keys)
    rows = [
        (
            size,
            ngettext("%(count)s city", "%(count)s cities", size) % {"count": size},
            counts[size],
            {},
        )
        for size in sorted(counts)
    ]
    return rows, ""


def budget_per_call(data):
    funded = Counter(p.call_key for p in data.projects.values() if p.call_key)
    rows = [
        (
            call.slug,
            _("Call %(edition)s (%(year)s)")
            % {"edition": call.edition, "year": call.opens_at.year},
            call.total_budget or 0,
            {"projects_funded": funded[key]},
        )
        for key, call in data.calls.items()
    ]
    return rows, ""


def members_over_time(data):
    members = [city for city in data.cities.values() if city.is_member]
    joined = Counter(city.year_joined for city in members if city.year_joined)
    unknown = sum(1 for city in members if not city.year_joined)
    rows = []
    total = 0
    if joined:
        for year in range(min(joined), max(joined) + 1):
            total += joined[year]
            rows.append((year, str(year), total, {"joined": joined[year]}))
    note = (
        ngettext(
            "%(count)s member city without a year of joining is not counted.",
            "%(count)s member cities without a year of joining are not counted.",
            unknown,
        )
        % {"count": unknown}
        if unknown
        else ""
    )
    return rows, note


def charts(data):
    """The six charts, with their labels in the active language."""
    built = [
        ("projects-per-year", projects_per_year, _("projects"), False, {}),
        ("projects-per-topic", projects_per_topic, _("projects"), False, {}),
        ("projects-per-continent", projects_per_continent, _("projects"), False, {}),
        ("cities-per-project", cities_per_project, _("projects"), False, {}),
        (
            "budget-per-call",
            budget_per_call,
            _("total budget (EUR)"),
            True,
            {"projects_funded": _("projects funded")},
        ),
        (
            "members-over-time",
            members_over_time,
            _("member cities"),
            False,
            {"joined": _("joined that year")},
        ),
    ]
    result = []
    for slug, compute, value_label, money, extra_labels in built:
        rows, note = compute(data)
        result.append(
            Chart(
                slug=slug,
                title=str(CHART_TITLES[slug]),
                description=describe(CHART_TITLES[slug], rows, money),
                value_label=value_label,
                rows=rows,
                money=money,
                note=note,
                extra_labels=extra_labels,
            )
        )
    return result


def describe(title, rows, money=False):
    """The chart in one sentence, for people who do not see it: every label and value."""
    if not rows:
        return _("%(title)s: nothing published yet.") % {"title": title}
    values = "; ".join(
        f"{label}: {euros(value) if money else value}" for _key, label, value, _extra in rows
    )
    return f"{title}: {values}."


def chart(data, slug):
    """One chart by its slug, or None."""
    return next((each for each in charts(data) if each.slug == slug), None)
