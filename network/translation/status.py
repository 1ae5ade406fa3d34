"""Where every page and snippet stands in every locale, in a constant number of queries.

For each object (a page or translatable snippet, all its locales together) and each
locale other than its source's, one status:

``missing``      no translation in that locale (an alias is not a translation);
``outdated``     the source was published (pages) or changed (snippets) after the last
                 sync, so the translation lacks new or changed text;
``in-progress``  submitted, some current text not translated yet;
``machine``      every text translated, some not reviewed: by a machine translator, or
                 pre-filled or fuzzily matched from the translation memory (a
                 translator saving a string in the editor reviews it);
``not-published`` every text translated by a person, but the live translation is not
                 what was translated: a draft never published, or text translated
                 since the last publish (pages), or since the last time the
                 translation was applied (snippets);
``up-to-date``   every text translated by a person and published (or the translation
                 is managed by hand, outside wagtail-localize's synchronisation).

A report is built from a dozen queries whatever the number of pages, snippets and
locales (pinned in tests/test_translation_report.py): the pages, each snippet model,
the translation sources, translations, segment counts and translation logs, each read
once, and the rest joined in Python.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    Translation,
    TranslationLog,
    TranslationSource,
)

from modelcluster.models import get_serializable_data_for_fields

from .roles import translatable_snippet_models

UP_TO_DATE = "up-to-date"
NOT_PUBLISHED = "not-published"
MACHINE = "machine"
IN_PROGRESS = "in-progress"
OUTDATED = "outdated"
MISSING = "missing"
SOURCE = "source"

# In the order of the bars, and of urgency for the dashboard (most urgent last).
STATUSES = [UP_TO_DATE, NOT_PUBLISHED, MACHINE, IN_PROGRESS, OUTDATED, MISSING]
STATUS_LABELS = {
    UP_TO_DATE: _("Translated"),
    NOT_PUBLISHED: _("Translated, not published"),
    MACHINE: _("Not reviewed"),
    IN_PROGRESS: _("In progress"),
    OUTDATED: _("Outdated"),
    MISSING: _("Missing"),
    SOURCE: _("Source"),
}
STATUS_HINTS = {
    UP_TO_DATE: _("Up to date"),
    NOT_PUBLISHED: _("Publish the translation: visitors still see the last published one"),
    MACHINE: _("Review the machine translation"),
    IN_PROGRESS: _("Finish translating"),
    OUTDATED: _("The source changed since the last sync: sync, then translate the new text"),
    MISSING: _("Not translated yet"),
    SOURCE: _("Written in this language"),
}
BACKLOG = [OUTDATED, IN_PROGRESS, MACHINE, NOT_PUBLISHED, MISSING]


@dataclass
class Cell:
    """One object in one locale."""

    status: str
    url: str = ""
    live: bool = True
    translated: int = 0
    total: int = 0

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @property
    def hint(self):
        return STATUS_HINTS[self.status]


@dataclass
class Row:
    """A page or snippet with its status in every locale."""

    kind: str
    title: str
    source_locale_id: int
    edit_url: str
    depth: int = 0
    cells: dict = field(default_factory=dict)


@dataclass
class LocaleSummary:
    """A locale's counts, for its bar."""

    locale: Locale
    counts: Counter

    @property
    def total(self):
        return sum(self.counts[status] for status in STATUSES)

    @property
    def done(self):
        return self.counts[UP_TO_DATE]

    @property
    def backlog(self):
        return sum(self.counts[status] for status in BACKLOG)

    @property
    def bar(self):
        """(status, label, count, percent) for each non-empty part of the bar."""
        total = self.total or 1
        return [
            (status, STATUS_LABELS[status], self.counts[status], 100 * self.counts[status] / total)
            for status in STATUSES
            if self.counts[status]
        ]


def _in_settings_order(locales):
    """Locales as LANGUAGES lists them (English first), unknown ones last."""
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    return sorted(locales, key=lambda locale: (order.get(locale.language_code, 99), locale.pk))


def _default_locale_id(locales):
    try:
        code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return None
    return next((locale.pk for locale in locales if locale.language_code == code), None)


def _serialised(instance):
    return json.loads(
        json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)
    )


def source_changed_since_sync(source):
    """True if the source object was published (pages) or changed (snippets) since the
    translation source was last synced: its translations lack new or changed text."""
    try:
        instance = source.get_source_instance()
    except source.specific_content_type.model_class().DoesNotExist:
        return False
    if isinstance(instance, Page):
        return bool(
            instance.last_published_at and instance.last_published_at > source.last_updated_at
        )
    return json.loads(source.content_json) != _serialised(instance)


class TranslationStatusReport:
    """The status of every page and translatable snippet in every locale."""

    def __init__(self, include_snippets=True):
        self.locales = _in_settings_order(Locale.objects.all())
        self.locale_by_id = {locale.pk: locale for locale in self.locales}
        self.default_locale_id = _default_locale_id(self.locales)
        self._load_translation_data()
        self.page_rows = self._page_rows()
        self.snippet_rows = self._snippet_rows() if include_snippets else []
        self.summaries = self._summaries()

    # Loading: one query each.

    def _load_translation_data(self):
        self.sources_by_key = defaultdict(list)
        for source in TranslationSource.objects.values(
            "id", "object_id", "locale_id", "last_updated_at", "specific_content_type_id"
        ):
            self.sources_by_key[source["object_id"]].append(source)
        self.translations = {
            (t["source_id"], t["target_locale_id"]): t
            for t in Translation.objects.values("source_id", "target_locale_id", "enabled")
        }
        self.segment_totals = dict(
            StringSegment.objects.values("source_id")
            .annotate(n=Count("id"))
            .values_list("source_id", "n")
        )
        self.translated = Counter()
        self.machine = Counter()
        self.last_translated = {}
        # Each current segment of a source joined to its translation in each locale
        # (same string, same context); erroneous translations do not count.
        for source_id, locale_id, kind, n, last in (
            StringSegment.objects.filter(
                string__translations__context_id=F("context_id"),
                string__translations__has_error=False,
            )
            .values_list(
                "source_id",
                "string__translations__locale_id",
                "string__translations__translation_type",
            )
            .annotate(n=Count("id"), last=Max("string__translations__updated_at"))
            .values_list(
                "source_id",
                "string__translations__locale_id",
                "string__translations__translation_type",
                "n",
                "last",
            )
        ):
            self.translated[source_id, locale_id] += n
            if kind == "machine":
                self.machine[source_id, locale_id] += n
            key = (source_id, locale_id)
            if key not in self.last_translated or self.last_translated[key] < last:
                self.last_translated[key] = last
        # When each translation was last applied to its object (snippets: "published").
        self.last_applied = {
            (log["source_id"], log["locale_id"]): log["last"]
            for log in TranslationLog.objects.values("source_id", "locale_id").annotate(
                last=Max("created_at")
            )
        }

    def _source_for(self, key, instances):
        """The translation source of an object (latest synced), or None."""
        sources = self.sources_by_key.get(key)
        if sources:
            return max(sources, key=lambda source: source["last_updated_at"])
        return None

    def _source_locale_id(self, source, instances):
        if source is not None:
            return source["locale_id"]
        if self.default_locale_id in instances:
            return self.default_locale_id
        return min(instances, key=lambda locale_id: instances[locale_id]["pk"])

    def _unpublished(self, source, locale_id, target):
        """True if the live translation is not the latest translated state."""
        last = self.last_translated.get((source["id"], locale_id))
        if "last_published_at" in target:  # a page
            if not target["live"]:
                return True
            return bool(
                last and target["last_published_at"] and last > target["last_published_at"]
            )
        applied = self.last_applied.get((source["id"], locale_id))
        return bool(last and (applied is None or last > applied))

    def _cell(self, source, locale_id, target, outdated, urls):
        if target is None:
            return Cell(MISSING, url=urls["submit"](locale_id))
        if source is None or (source["id"], locale_id) not in self.translations:
            return Cell(UP_TO_DATE, url=urls["edit"](target), live=target["live"])
        translation = self.translations[source["id"], locale_id]
        total = self.segment_totals.get(source["id"], 0)
        done = self.translated[source["id"], locale_id]
        cell = Cell(UP_TO_DATE, url=urls["edit"](target), live=target["live"], total=total)
        cell.translated = done
        if outdated:
            cell.status, cell.url = OUTDATED, urls["sync"](source)
        elif not translation["enabled"]:
            cell.status = UP_TO_DATE
        elif done < total:
            cell.status = IN_PROGRESS
        elif self.machine[source["id"], locale_id]:
            cell.status = MACHINE
        elif self._unpublished(source, locale_id, target):
            cell.status = NOT_PUBLISHED
        return cell

    def _row_cells(self, row, source, instances, outdated, urls):
        for locale in self.locales:
            if locale.pk == row.source_locale_id:
                row.cells[locale.pk] = Cell(SOURCE, url=row.edit_url)
            else:
                row.cells[locale.pk] = self._cell(
                    source, locale.pk, instances.get(locale.pk), outdated, urls
                )

    def _page_rows(self):
        by_key = defaultdict(dict)
        order = []
        for page in (
            Page.objects.filter(depth__gt=1)
            .order_by("path")
            .values(
                "pk",
                "translation_key",
                "locale_id",
                "alias_of_id",
                "title",
                "depth",
                "live",
                "has_unpublished_changes",
                "last_published_at",
                "content_type_id",
            )
        ):
            if page["alias_of_id"] is not None:
                continue  # an alias stands in for a missing translation
            page["live"] = page["live"] and not page["has_unpublished_changes"]
            if page["translation_key"] not in by_key:
                order.append(page["translation_key"])
            by_key[page["translation_key"]][page["locale_id"]] = page

        content_types = {
            ct.pk: ct
            for ct in ContentType.objects.filter(
                pk__in={p["content_type_id"] for pages in by_key.values() for p in pages.values()}
            )
        }
        rows = []
        for key in order:
            instances = by_key[key]
            source = self._source_for(key, instances)
            source_locale_id = self._source_locale_id(source, instances)
            source_page = instances.get(source_locale_id)
            if source_page is None:
                continue  # the source was deleted; its translations stand alone
            model = content_types[source_page["content_type_id"]].model_class()
            outdated = bool(
                source
                and source_page["last_published_at"]
                and source_page["last_published_at"] > source["last_updated_at"]
            )
            urls = {
                "submit": lambda locale_id, page=source_page: self._select(
                    reverse("wagtail_localize:submit_page_translation", args=[page["pk"]]),
                    locale_id,
                ),
                "sync": lambda s: reverse("wagtail_localize:update_translations", args=[s["id"]]),
                "edit": lambda target: reverse("wagtailadmin_pages:edit", args=[target["pk"]]),
            }
            row = Row(
                kind=str(model._meta.verbose_name) if model else _("page"),
                title=source_page["title"],
                source_locale_id=source_locale_id,
                edit_url=reverse("wagtailadmin_pages:edit", args=[source_page["pk"]]),
                depth=source_page["depth"] - 2,
            )
            self._row_cells(row, source, instances, outdated, urls)
            rows.append(row)
        return rows

    def _select(self, url, locale_id):
        return f"{url}?select_locale={self.locale_by_id[locale_id].language_code}"

    def _snippet_rows(self):
        models = translatable_snippet_models()
        content_types = ContentType.objects.get_for_models(*models)
        source_json = dict(
            TranslationSource.objects.filter(
                specific_content_type__in=content_types.values()
            ).values_list("id", "content_json")
        )
        rows = []
        for model in models:
            opts = model._meta
            by_key = defaultdict(dict)
            objects = {}
            for instance in model.objects.order_by("pk"):
                by_key[instance.translation_key][instance.locale_id] = {
                    "pk": instance.pk,
                    "live": True,
                }
                objects[instance.translation_key, instance.locale_id] = instance
            edit_name = f"wagtailsnippets_{opts.app_label}_{opts.model_name}:edit"
            for key, instances in by_key.items():
                source = self._source_for(key, instances)
                source_locale_id = self._source_locale_id(source, instances)
                if source_locale_id not in instances:
                    continue
                source_instance = objects[key, source_locale_id]
                outdated = bool(
                    source
                    and source["id"] in source_json
                    and json.loads(source_json[source["id"]]) != _serialised(source_instance)
                )
                submit_url = reverse(
                    "wagtail_localize:submit_snippet_translation",
                    args=[opts.app_label, opts.model_name, quote(source_instance.pk)],
                )
                urls = {
                    "submit": lambda locale_id, url=submit_url: self._select(url, locale_id),
                    "sync": lambda s: reverse(
                        "wagtail_localize:update_translations", args=[s["id"]]
                    ),
                    "edit": lambda target, name=edit_name: reverse(
                        name, args=[quote(target["pk"])]
                    ),
                }
                row = Row(
                    kind=str(opts.verbose_name),
                    title=str(source_instance),
                    source_locale_id=source_locale_id,
                    edit_url=reverse(edit_name, args=[quote(source_instance.pk)]),
                )
                self._row_cells(row, source, instances, outdated, urls)
                rows.append(row)
        return rows

    def _summaries(self):
        counts = {locale.pk: Counter() for locale in self.locales}
        for row in (*self.page_rows, *self.snippet_rows):
            for locale_id, cell in row.cells.items():
                if cell.status != SOURCE:
                    counts[locale_id][cell.status] += 1
        return [LocaleSummary(locale, counts[locale.pk]) for locale in self.locales]

    # Reading.

    def summary(self, locale):
        return next(s for s in self.summaries if s.locale.pk == locale.pk)

    def backlog(self, locale, limit=None):
        """(row, cell) needing work in a locale, most urgent first."""
        items = [
            (row, row.cells[locale.pk])
            for row in (*self.page_rows, *self.snippet_rows)
            if row.cells[locale.pk].status in BACKLOG
        ]
        items.sort(key=lambda item: BACKLOG.index(item[1].status))
        return items[:limit] if limit else items
