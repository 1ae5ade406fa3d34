"""Submitting content for translation: wagtail-localize's ``TranslationCreator``, with
the portal's rules for what it creates.

* The translated page belongs to whoever submitted it (owner, first revision and
  the creation entry of its history), not to the source page's editor.
* A snippet's translation gets a "Created" entry in its history, by the submitter.
* With "pre-fill from the translation memory", the untranslated segments with an
  exact match of a reviewed translation are filled in first (not reviewed).
* A new draft page is created in one save (``drafts.create_page_draft``) instead of
  the four of wagtail-localize and Wagtail's copy, each of which updated the search and
  reference indexes again.
* In bulk: the source's segments are written in a few queries whatever their number
  (``bulk.BulkTranslationSource``); the ``Translation`` rows of all the target locales
  are read in one query and the missing ones created in one ``bulk_create``; which
  locales have the object already is read once; the ``TranslationLog`` rows of the new
  drafts are written in one ``bulk_create`` after the locales (their ``post_save``
  receiver, ``synchronisation.translation_logged``, has nothing to do for a draft made
  by ``create_page_draft``, which empties the emptied links before its only save).
"""

import contextlib

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError

from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, Page, PageLogEntry, Revision
from wagtail_localize.models import Translation, TranslationLog
from wagtail_localize.operations import TranslationCreator

from . import audit
from .bulk import BulkTranslationSource
from .drafts import create_page_draft
from .operations import prefill_from_memory


class PortalTranslationCreator(TranslationCreator):
    """``TranslationCreator`` whose drafts belong to the submitter and may be
    pre-filled from the translation memory. ``on_object`` is called after each object
    (for the progress of a background submission)."""

    def __init__(self, user, target_locales, prefill=False):
        super().__init__(user, target_locales)
        self.prefill = prefill

    def create_translations(self, instance, include_related_objects=True):
        # wagtail-localize's method, step for step; the per-locale step is ours.
        if isinstance(instance, Page):
            instance = instance.specific
        if instance.translation_key in self.seen_objects:
            return
        self.seen_objects.add(instance.translation_key)

        source, _created = BulkTranslationSource.get_or_create_from_instance(instance)
        if include_related_objects:
            for segment in source.relatedobjectsegment_set.select_related("object"):
                related = segment.object.get_instance(instance.locale)
                self.create_translations(related, include_related_objects=False)

        mode = getattr(
            instance,
            "localize_default_translation_mode",
            getattr(settings, "WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE", "synced"),
        )
        targets = [locale for locale in self.target_locales if locale.pk != source.locale_id]
        translations = self.translation_rows(source, targets, enabled=mode == "synced")
        existing = self.existing_targets(instance, targets)
        logs = []
        for translation in translations:
            self.mappings[source].append(translation)
            self.prepare(instance, translation, existing[translation.target_locale_id], logs)
        TranslationLog.objects.bulk_create(logs)

    def translation_rows(self, source, locales, enabled):
        """The source's ``Translation`` into each locale, created or (re-)enabled: what
        wagtail-localize's ``update_or_create`` per locale does, in three queries."""
        found = {
            t.target_locale_id: t
            for t in Translation.objects.filter(source=source, target_locale__in=locales)
        }
        changed = [t.pk for t in found.values() if t.enabled != enabled]
        if changed:
            Translation.objects.filter(pk__in=changed).update(enabled=enabled)
        for translation in found.values():
            translation.enabled = enabled
        new = [
            Translation(source=source, target_locale=locale, enabled=enabled)
            for locale in locales
            if locale.pk not in found
        ]
        for translation in Translation.objects.bulk_create(new):
            found[translation.target_locale_id] = translation
        for locale in locales:
            found[locale.pk].target_locale = locale
            found[locale.pk].source = source
        return [found[locale.pk] for locale in locales]

    def existing_targets(self, instance, locales):
        """{locale id: {pk: alias_of_id (pages) or pk}} of the object's translations."""
        existing = {locale.pk: {} for locale in locales}
        rows = (
            type(instance)
            ._default_manager.filter(
                translation_key=instance.translation_key, locale_id__in=existing
            )
            .values_list("locale_id", "pk", "alias_of_id" if isinstance(instance, Page) else "pk")
        )
        for locale_id, pk, alias in rows:
            existing[locale_id][pk] = alias
        return existing

    def prepare(self, instance, translation, existing, logs):
        """Create or update one translation's target as a draft (pages) or a copy."""
        prefilled = prefill_from_memory(translation, self.user) if self.prefill else 0
        if getattr(settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True):
            publish = getattr(instance, "live", True)
        else:
            publish = not isinstance(instance, DraftStateMixin)
        if isinstance(instance, Page) and not existing and not publish:
            target = create_page_draft(
                translation.source, translation.target_locale, self.user, logs=logs
            )
        else:
            with contextlib.suppress(ValidationError):
                translation.save_target(user=self.user, publish=publish)
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                return  # not valid in that language yet: the editor will say why

            # A new snippet, or a page that was only an alias: the submitter created it.
            created = not existing or (isinstance(instance, Page) and all(existing.values()))
            if created and self.user is not None:
                self.claim(target)
        if prefilled:
            audit.record(target, audit.PREFILLED, self.user, count=prefilled)

    def claim(self, target):
        """The submitter created the translation: its owner and first author."""
        if isinstance(target, Page):
            Page.objects.filter(pk=target.pk).update(owner=self.user)
            Revision.page_revisions.filter(object_id=str(target.pk), user__isnull=True).update(
                user=self.user
            )
            PageLogEntry.objects.filter(
                page_id=target.pk, action="wagtail.copy_for_translation", user__isnull=True
            ).update(user=self.user)
        else:
            log(instance=target, action="wagtail.create", user=self.user)


def submit(instance, locales, user, prefill=False):
    """Translate one page or snippet (and what its body links to) into the locales."""
    creator = PortalTranslationCreator(user, locales, prefill=prefill)
    creator.create_translations(instance)
    return creator
