"""Suggested partners for a proposal: cities and stakeholders, ranked, with reasons.

A city scores for each live project it leads or joins on the proposal's topics (3
points each), each topic of its published "open to partners" note among them (2), a
kind of Michelin site it shares with the lead city (2) and an active team (someone
signed in within ``ACTIVE_DAYS``, 1). A fixed number of queries, whatever the number
of cities and projects.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.models import CityPage, MichelinSite, Organisation, ProjectPage

from .models import PartnerNote

ACTIVE_DAYS = 180
PROJECT_POINTS, NOTE_POINTS, SITE_POINTS, ACTIVE_POINTS = 3, 2, 2, 1
SITE_REASONS = {
    MichelinSite.Kind.PRODUCTION: lambda: _("also has a production plant"),
    MichelinSite.Kind.RESEARCH: lambda: _("also has a research centre"),
    MichelinSite.Kind.TEST_CENTRE: lambda: _("also has a test centre"),
}


@dataclass
class Suggestion:
    """A suggested partner (a city or an organisation), its score and why."""

    item: object
    score: int = 0
    reasons: list = field(default_factory=list)

    @property
    def reason(self):
        return "; ".join(self.reasons)


def _projects_on(topic_ids, locale_id):
    """{project id: (path, {topic names})} of live projects on these topics."""
    through = ProjectPage.topics.through
    rows = through.objects.filter(
        topic_id__in=topic_ids,
        projectpage__live=True,
        projectpage__locale_id=locale_id,
    ).values_list("projectpage_id", "projectpage__path", "topic__name")
    projects = {}
    for project_id, path, name in rows:
        projects.setdefault(project_id, (path, set()))[1].add(name)
    return projects


def suggest_partners(lead_city, topic_ids, limit=8):
    """Cities to invite for a proposal led by ``lead_city`` on ``topic_ids``, best first."""
    topic_ids = list(topic_ids)
    cities = list(
        CityPage.objects.live()
        .filter(locale_id=lead_city.locale_id)
        .exclude(pk=lead_city.pk)
        .defer_streamfields()
        .prefetch_related("michelin_sites")
        .order_by("title")
    )
    by_path = {city.path: city for city in cities}
    by_id = {city.pk: city for city in cities}
    projects = _projects_on(topic_ids, lead_city.locale_id) if topic_ids else {}

    topics_by_city = defaultdict(Counter)
    steplen = CityPage.steplen
    for path, names in projects.values():
        lead = by_path.get(path[:-steplen])
        if lead:
            topics_by_city[lead.pk].update(names)
    partners = list(
        ProjectPage.partner_cities.through.objects.filter(
            projectpage_id__in=list(projects)
        ).values_list("projectpage_id", "citypage_id")
    )
    for project_id, city_id in partners:
        if city_id in by_id:
            topics_by_city[city_id].update(projects[project_id][1])
    project_counts = Counter()
    for _project, city_id in partners:
        project_counts[city_id] += 1
    for path, _names in projects.values():
        lead = by_path.get(path[:-steplen])
        if lead:
            project_counts[lead.pk] += 1

    note_topics = defaultdict(list)
    for city_id, name in PartnerNote.topics.through.objects.filter(
        partnernote__published=True, topic_id__in=topic_ids, partnernote__city_id__in=by_id
    ).values_list("partnernote__city_id", "topic__name"):
        note_topics[city_id].append(name)

    since = timezone.now() - datetime.timedelta(days=ACTIVE_DAYS)
    active = set(
        get_user_model()
        .objects.filter(
            is_active=True, last_login__gte=since, groups__city_team__city_id__in=by_id
        )
        .values_list("groups__city_team__city_id", flat=True)
    )
    lead_kinds = {site.kind for site in lead_city.michelin_sites.all()}

    suggestions = []
    for city in cities:
        suggestion = Suggestion(city)
        count = project_counts[city.pk]
        if count:
            names = ", ".join(name for name, _n in topics_by_city[city.pk].most_common(2))
            suggestion.score += PROJECT_POINTS * count
            suggestion.reasons.append(
                ngettext(
                    "%(count)d project on %(topics)s",
                    "%(count)d projects on %(topics)s",
                    count,
                )
                % {"count": count, "topics": names}
            )
        if note_topics[city.pk]:
            suggestion.score += NOTE_POINTS * len(note_topics[city.pk])
            suggestion.reasons.append(
                _("open to partners on %(topics)s")
                % {"topics": ", ".join(sorted(note_topics[city.pk]))}
            )
        shared = sorted(lead_kinds & {site.kind for site in city.michelin_sites.all()})
        if shared:
            suggestion.score += SITE_POINTS * len(shared)
            suggestion.reasons.extend(SITE_REASONS[kind]() for kind in shared)
        if city.pk in active:
            suggestion.score += ACTIVE_POINTS
            suggestion.reasons.append(_("active team"))
        if suggestion.score:
            suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.item.title))
    return suggestions[:limit]


def suggest_stakeholders(lead_city, topic_ids, limit=6):
    """Organisations that took part in live projects on these topics, most first."""
    projects = _projects_on(list(topic_ids), lead_city.locale_id) if topic_ids else {}
    counts = Counter(
        ProjectPage.stakeholders.through.objects.filter(
            projectpage_id__in=list(projects)
        ).values_list("organisation_id", flat=True)
    )
    organisations = Organisation.objects.in_bulk([pk for pk, _n in counts.most_common(limit)])
    return [
        Suggestion(
            organisations[pk],
            count,
            [
                ngettext(
                    "took part in %(count)d project on these topics",
                    "took part in %(count)d projects on these topics",
                    count,
                )
                % {"count": count}
            ],
        )
        for pk, count in counts.most_common(limit)
        if pk in organisations
    ]
