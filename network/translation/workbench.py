"""The translation editor's workbench: memory matches, glossary terms and the slug.

wagtail-localize's editor is a React app started from ``edit_translation.html``,
which prints the ``insert_editor_js`` hook's output; the portal adds a small script
there (``static/translation/js/workbench.js``). The script asks ``workbench_data`` for
every string segment's exact and fuzzy memory matches (with the percentage and a diff
of the sources), the glossary's terms in its source text with their required
translation, and the address the page will have when published; it shows them under
each segment, highlights the terms, and ``use_match`` saves a match as the segment's
translation in one click.
"""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_localize.models import StringSegment, Translation

from .glossary import find_terms, terms_for
from .memory import diff, find_matches
from .models import MemoryEntry, Origin
from .operations import MatchRefused, proposed_slug, string_segments, use_memory_match
from .permissions import may_edit_translation


def _allowed(request, translation):
    return request.user.is_authenticated and may_edit_translation(request.user, translation)


def _match(entry, percent, current_source):
    by = entry.translated_by
    return {
        "id": entry.pk,
        "target": entry.target_text,
        "percent": percent,
        "reviewed": entry.reviewed,
        "origin": Origin(entry.origin).label,
        "by": (by.get_full_name() or by.get_username()) if by else "",
        "at": date_format(entry.translated_at, "SHORT_DATE_FORMAT"),
        "diff": None if percent == 100 else diff(entry.source_text, current_source),
    }


def _labels():
    return {
        "memory": _("Translation memory"),
        "glossary": _("Glossary"),
        "use": _("Use"),
        "exact": _("Exact match"),
        "fuzzy": _("%(percent)s%% match"),
        "reviewed": _("reviewed"),
        "notReviewed": _("not reviewed"),
        "sourceDiff": _("Differences from the source of this translation"),
        "required": _("required translation: %(term)s"),
        "address": _("Address when published"),
        "addressLive": _("Address (published, kept when translating by machine)"),
        "failed": _("This match could not be used; reload the page and try again."),
    }


def _slug_info(request, translation, instance):
    if not isinstance(instance, Page):
        return None
    slug = proposed_slug(translation)
    if slug is None:
        return None
    page = instance
    parent = page.get_parent()
    parent_url = parent.get_url(request=request) if parent and not parent.is_root() else "/"
    return {
        "value": slug,
        "url": f"{(parent_url or '/').rstrip('/')}/{slug}/",
        "live": page.first_published_at is not None,
    }


@require_GET
def workbench_data(request, translation_id):
    """JSON for the editor's script: matches and terms per segment, slug, permissions."""
    translation = get_object_or_404(
        Translation.objects.select_related("source", "source__locale", "target_locale"),
        pk=translation_id,
    )
    if not _allowed(request, translation):
        return JsonResponse({"error": _("You may not work on this translation.")}, status=403)
    segments = list(string_segments(translation))
    texts = list({segment.string.data for segment in segments})
    matches = find_matches(translation.source.locale_id, translation.target_locale_id, texts)
    terms = terms_for(translation.source.locale_id, translation.target_locale_id)
    data = []
    for segment in segments:
        text = segment.string.data
        found = matches[text]
        data.append(
            {
                "id": segment.pk,
                "path": segment.context.path,
                "source": text,
                "exact": [_match(entry, 100, text) for entry in found["exact"]],
                "fuzzy": [_match(entry, percent, text) for percent, entry in found["fuzzy"]],
                "terms": [
                    {
                        "start": start,
                        "end": end,
                        "term": term.source_term,
                        "translation": term.target_term,
                        "note": term.note,
                    }
                    for start, end, term in find_terms(text, terms)
                ],
            }
        )
    instance = translation.get_target_instance()
    return JsonResponse(
        {
            "segments": data,
            "useUrl": reverse("translation_workbench_use", args=[translation.pk]),
            "slug": _slug_info(request, translation, instance),
            "canEditImages": policy_registry.get_by_type(get_image_model()).user_has_permission(
                request.user, "change"
            ),
            "labels": _labels(),
        }
    )


@require_POST
def use_match(request, translation_id):
    """Save a memory match as a segment's translation (form fields: segment, entry)."""
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    if not _allowed(request, translation):
        return JsonResponse({"error": _("You may not work on this translation.")}, status=403)
    try:
        segment_id, entry_id = int(request.POST["segment"]), int(request.POST["entry"])
    except (KeyError, ValueError):
        return JsonResponse({"error": _("Say which segment and which match.")}, status=400)
    segment = (
        StringSegment.objects.filter(pk=segment_id, source=translation.source)
        .select_related("string", "context")
        .first()
    )
    entry = MemoryEntry.objects.filter(pk=entry_id).first()
    if segment is None or entry is None:
        return JsonResponse(
            {"error": _("This segment or match no longer exists; reload the page.")}, status=404
        )
    try:
        percent = use_memory_match(translation, segment, entry, request.user)
    except MatchRefused:
        return JsonResponse(
            {"error": _("This match does not fit this segment (language or text).")}, status=400
        )
    return JsonResponse({"percent": percent, "value": entry.target_text})


def editor_script_tags():
    """The ``insert_editor_js`` output: the workbench's script, told its data URL."""
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<script src="{}" data-workbench-url="{}" defer></script>',
        static("translation/css/workbench.css"),
        static("translation/js/workbench.js"),
        reverse("translation_workbench", args=[0]),
    )
