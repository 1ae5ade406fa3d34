"""The cycle's public pages, in every language (under i18n_patterns): a vote's results
with a chart, a call's funded proposals with their grants, and "find a partner".

Only results are public (docs/README-cycle.md): a vote once counted, a call's funded
proposals once the Secretariat published them, and the notes cities published.
Ballots, drafts, reviews, reserve lists and offers are never read here.
"""

from collections import defaultdict

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale

from network.i18n.localization import localized
from network.models import CallForProposalsPage, CityPage
from network.public.listings import live_public

from .charts import bar_chart
from .models import Decision, PartnerNote, TopicVote
from .voting import close_vote


def counted_votes():
    return TopicVote.objects.filter(results_computed_at__isnull=False)


def vote_results(vote):
    """The stored results of a counted vote, topics in the visitor's language."""
    results = list(vote.results.select_related("topic").order_by("position"))
    topics = localized([r.topic for r in results], Locale.get_active())
    for result, topic in zip(results, topics, strict=True):
        result.topic = topic
    return results


def due_vote_or_404(pk):
    """A vote with results: one whose window has closed is counted on its first visit."""
    vote = get_object_or_404(TopicVote, pk=pk)
    if not vote.has_results and vote.closes_at <= timezone.now():
        close_vote(vote)
        vote.refresh_from_db()
    if not vote.has_results:
        raise Http404(_("The vote's results are not public before it closes."))
    return vote


def votes_index(request):
    votes = list(counted_votes().order_by("-closes_at"))
    return TemplateResponse(request, "cycle/public/votes.html", {"votes": votes})


def vote_detail(request, pk):
    vote = due_vote_or_404(pk)
    results = vote_results(vote)
    chart = bar_chart(
        [(r.topic.name, r.points, r.elected) for r in results],
        _("Points of each topic"),
        _("%(method)s; the %(n)d elected topics are darker.")
        % {"method": vote.get_method_display(), "n": vote.winners},
        chart_id=f"vote-{vote.pk}",
    )
    return TemplateResponse(
        request,
        "cycle/public/vote.html",
        {"vote": vote, "results": results, "chart": chart},
    )


def funded_decisions(call_keys):
    """Funded proposals of the calls (by translation key) whose results are public."""
    return (
        Decision.objects.filter(
            outcome=Decision.Outcome.FUNDED,
            proposal__state="submitted",
            proposal__call__translation_key__in=call_keys,
            proposal__call__cycle__results_published_at__isnull=False,
            proposal__call__cycle__results_published_at__lte=timezone.now(),
        )
        .select_related("proposal", "proposal__lead_city", "proposal__call", "project")
        .order_by("proposal__title", "pk")
    )


def call_results(request, pk):
    """A call's results: its funded proposals, their lead cities and grants."""
    call = get_object_or_404(
        live_public(CallForProposalsPage.objects.filter(pk=pk), request).defer_streamfields()
    )
    decisions = list(funded_decisions([call.translation_key]))
    if not decisions:
        raise Http404(_("This call's results are not public yet."))
    locale = Locale.get_active()
    cities = localized([d.proposal.lead_city for d in decisions], locale, request)
    projects = {
        d.project.translation_key: d.project for d in decisions if d.project_id and d.project.live
    }
    shown = {
        p.translation_key: p for p in localized(list(projects.values()), locale, request) if p.live
    }
    rows = [
        {
            "title": d.proposal.title,
            "city": city,
            "amount": d.amount,
            "project": shown.get(d.project.translation_key) if d.project_id else None,
        }
        for d, city in zip(decisions, cities, strict=True)
    ]
    call = localized([call], locale, request)[0]
    return TemplateResponse(
        request,
        "cycle/public/call_results.html",
        {"call": call, "rows": rows, "total": sum(row["amount"] or 0 for row in rows)},
    )


def published_notes():
    return PartnerNote.objects.filter(published=True, city__live=True).select_related("city")


def find_partner(request):
    """Published "open to partners" notes, grouped by topic, in the visitor's language."""
    locale = Locale.get_active()
    notes = list(published_notes().prefetch_related("topics").order_by("city__title"))
    # Only cities the visitor may see: live and outside every private section.
    visible = set(
        live_public(
            CityPage.objects.filter(pk__in=[n.city_id for n in notes]), request
        ).values_list("pk", flat=True)
    )
    notes = [note for note in notes if note.city_id in visible]
    cities = localized([note.city for note in notes], locale, request)
    topics = {}
    by_topic = defaultdict(list)
    for note, city in zip(notes, cities, strict=True):
        note.shown_city = city
        for topic in note.topics.all():
            topics[topic.translation_key] = topic
            by_topic[topic.translation_key].append(note)
    shown = {t.translation_key: t for t in localized(list(topics.values()), locale)}
    groups = sorted(
        ((shown[key], by_topic[key]) for key in by_topic), key=lambda item: item[0].name
    )
    return TemplateResponse(
        request, "cycle/public/find_partner.html", {"groups": groups, "notes": notes}
    )
