"""What translators do to a translation, done the portal's way: each step is remembered
in the translation memory (by the StringTranslation receiver of ``memory.py``) and
written in the history of the translated page or snippet (``audit.py``).

* ``apply_machine_translation``: fill the untranslated segments by machine, never the
  page's slug;
* ``use_memory_match``: one click on a memory match in the editor;
* ``prefill_from_memory``: exact matches of reviewed translations filled in on
  submission, marked as not reviewed until a translator saves them;
* ``import_po``: a checked PO file imported, counting the entries it changed;
* ``follow_translated_title``: the slug of a page never published follows its
  translated title; a published translation keeps its slug (``keep_published_slug``).
"""

import json
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation
from wagtail_localize.segments import StringSegmentValue

from . import audit
from .memory import (
    FUZZY_THRESHOLD,
    FUZZY_TOOL,
    MEMORY_TOOL,
    PREFILL_TOOL,
    exact_matches,
    similarity,
)
from .paths import describe_context

SLUG = "slug"
TITLE = "title"
SLUG_TOOL = "From the translated title"


def string_segments(translation):
    return (
        StringSegment.objects.filter(source=translation.source)
        .select_related("string", "context")
        .order_by("order")
    )


def translated_keys(translation, segments):
    """{(string_id, context_id): StringTranslation} of the segments already translated."""
    return {
        (t.translation_of_id, t.context_id): t
        for t in StringTranslation.objects.filter(
            locale_id=translation.target_locale_id,
            context_id__in={segment.context_id for segment in segments},
        )
    }


def segment_label(translation, segment):
    return describe_context(
        segment.context, translation.source.specific_content_type.model_class()
    )


def apply_machine_translation(translation, user, machine_translator):
    """Machine-translate the segments not translated yet (never the slug); the count."""
    segments = [s for s in string_segments(translation) if s.context.path != SLUG]
    done = translated_keys(translation, segments)
    pending = defaultdict(list)
    for segment in segments:
        if (segment.string_id, segment.context_id) in done:
            continue
        value = StringSegmentValue(segment.context.path, segment.string.as_value())
        if segment.attrs:
            value.attrs = json.loads(segment.attrs)
        pending[value.string].append((segment.string_id, segment.context_id))
    if not pending:
        return 0
    results = machine_translator.translate(
        translation.source.locale, translation.target_locale, list(pending)
    )
    count = 0
    with transaction.atomic():
        # One save per string: wagtail-localize's own receiver (the page's draft
        # title) and the memory's listen to each StringTranslation's post_save.
        for string, places in pending.items():
            translated = results.get(string)
            if translated is None or translated.data is None:
                continue
            for string_id, context_id in places:
                _created = StringTranslation.objects.get_or_create(
                    translation_of_id=string_id,
                    locale_id=translation.target_locale_id,
                    context_id=context_id,
                    defaults={
                        "data": translated.data,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                        "tool_name": machine_translator.display_name,
                        "last_translated_by": user,
                    },
                )[1]
                count += _created
        if count:
            audit.record(
                translation.get_target_instance(),
                audit.MACHINE_TRANSLATED,
                user,
                count=count,
                tool=str(machine_translator.display_name),
            )
    return count


class MatchRefused(ValueError):
    """A memory match that cannot be used for that segment (another language pair, or
    too different)."""


@transaction.atomic
def use_memory_match(translation, segment, entry, user):
    """Use a memory entry as the translation of a segment; returns the percentage.

    An exact match of a reviewed translation counts as reviewed (a person chose it); a
    fuzzy match, or an unreviewed one, is saved as "not reviewed" until the translator
    saves the segment in the editor."""
    if (entry.source_locale_id, entry.target_locale_id) != (
        translation.source.locale_id,
        translation.target_locale_id,
    ):
        raise MatchRefused("another language pair")
    exact = entry.source_text == segment.string.data
    percent = 100 if exact else similarity(entry.source_text, segment.string.data)
    if percent < FUZZY_THRESHOLD:
        raise MatchRefused("too different")
    reviewed = exact and entry.reviewed
    StringTranslation.objects.update_or_create(
        translation_of_id=segment.string_id,
        locale_id=translation.target_locale_id,
        context_id=segment.context_id,
        defaults={
            "data": entry.target_text,
            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL
            if reviewed
            else StringTranslation.TRANSLATION_TYPE_MACHINE,
            "tool_name": MEMORY_TOOL if reviewed else FUZZY_TOOL,
            "last_translated_by": user,
            "has_error": False,
            "field_error": "",
        },
    )
    audit.record(
        translation.get_target_instance(),
        audit.MEMORY_USED,
        user,
        field=segment_label(translation, segment),
        percent=percent,
    )
    return percent


@transaction.atomic
def prefill_from_memory(translation, user):
    """Fill untranslated segments with exact matches of reviewed translations, marked
    as not reviewed (a machine-type StringTranslation) until a translator saves them;
    returns the count (the caller writes it in the history, once the target exists)."""
    segments = [s for s in string_segments(translation) if s.context.path != SLUG]
    done = translated_keys(translation, segments)
    todo = [s for s in segments if (s.string_id, s.context_id) not in done]
    if not todo:
        return 0
    matches = exact_matches(
        translation.source.locale_id,
        translation.target_locale_id,
        list({segment.string.data for segment in todo}),
    )
    count = 0
    for segment in todo:
        reviewed = [entry for entry in matches[segment.string.data] if entry.reviewed]
        if not reviewed:
            continue
        StringTranslation.objects.create(
            translation_of_id=segment.string_id,
            locale_id=translation.target_locale_id,
            context_id=segment.context_id,
            data=reviewed[0].target_text,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
            tool_name=PREFILL_TOOL,
            last_translated_by=user,
        )
        count += 1
    return count


def import_po(translation, po, user, name):
    """Import a checked PO file; returns how many translations it changed (new or
    different text), and writes that in the history."""
    segments = list(string_segments(translation))
    before = {key: t.data for key, t in translated_keys(translation, segments).items()}
    translation.import_po(po, user=user, tool_name="PO File")
    after = {key: t.data for key, t in translated_keys(translation, segments).items()}
    changed = sum(1 for key, data in after.items() if before.get(key) != data)
    audit.record(
        translation.get_target_instance(), audit.PO_IMPORTED, user, changed=changed, name=name
    )
    return changed


# Slugs ---------------------------------------------------------------------------------


def slug_from_title(title):
    return slugify(title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True))


def _slug_of(object_id, locale_id):
    """(the slug's source segment, its translation or None) of an object in a locale."""
    segment = (
        StringSegment.objects.filter(context__object_id=object_id, context__path=SLUG)
        .select_related("context", "string")
        .order_by("-source__last_updated_at")
        .first()
    )
    if segment is None:
        return None, None
    existing = StringTranslation.objects.filter(
        translation_of_id=segment.string_id, locale_id=locale_id, context=segment.context
    ).first()
    return segment, existing


def _set_slug(segment, locale_id, slug, user=None):
    StringTranslation.objects.update_or_create(
        translation_of_id=segment.string_id,
        locale_id=locale_id,
        context=segment.context,
        defaults={
            "data": slug,
            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            "tool_name": SLUG_TOOL,
            "last_translated_by": user,
        },
    )


def follow_translated_title(sender, instance, raw=False, **kwargs):
    """``post_save`` of StringTranslation: a page never published takes its slug from
    its translated title, unless a translator wrote the slug themselves."""
    if raw or instance.has_error:
        return
    context = instance.context
    if context is None or context.path != TITLE:
        return
    page = (
        Page.objects.filter(
            translation_key=context.object_id, locale_id=instance.locale_id, alias_of__isnull=True
        )
        .only("pk", "first_published_at")
        .first()
    )
    slug = slug_from_title(instance.data)
    if page is None or page.first_published_at is not None or not slug:
        return
    segment, existing = _slug_of(context.object_id, instance.locale_id)
    if segment is None:
        return
    if existing and existing.tool_name != SLUG_TOOL and existing.translation_type == "manual":
        return  # the translator's own slug
    _set_slug(segment, instance.locale_id, slug, instance.last_translated_by)


def keep_published_slug(translation, page):
    """Before a published translation is saved again: its slug stays what it is unless
    a translator changed it (a missing or machine slug is the live slug)."""
    if page.first_published_at is None:
        return
    segment, existing = _slug_of(translation.source.object_id, translation.target_locale_id)
    if segment is None or (existing is not None and existing.translation_type == "manual"):
        return
    _set_slug(segment, translation.target_locale_id, page.slug)


def proposed_slug(translation):
    """The slug the translation will have when published (None: no slug segment)."""
    segment, existing = _slug_of(translation.source.object_id, translation.target_locale_id)
    if segment is None:
        return None
    return existing.data if existing else segment.string.data
