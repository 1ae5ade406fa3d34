"""What the translators' workbench remembers: the translation memory, the network's
glossary and the submissions prepared in the background.

* ``MemoryEntry``: one translated text (source text, translation, language pair, who,
  when, whether a person reviewed it), written whenever a segment is translated
  (``memory.remember``); matched exactly by a hash and fuzzily by the database
  (``memory.find_matches``) through ``MemoryShingle``, the index of the pairs of
  consecutive words of each source text.
* ``GlossaryTerm``: a term of the network and its required translation in one
  language ("call for proposals" → "appel à projets"; "Michelin" → "Michelin").
* ``SubmissionJob``: a submission for translation prepared by a background task, with
  its progress ("N of M pages prepared") and outcome.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class Origin(models.TextChoices):
    """Where a remembered translation came from."""

    EDITOR = "editor", _("Translation editor")
    MACHINE = "machine", _("Machine translation")
    PO = "po", _("PO file")
    MEMORY = "memory", _("Translation memory")
    TMX = "tmx", _("TMX file")


class MemoryEntry(models.Model):
    """A source text and its translation into one language, as translated once."""

    source_locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    target_locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    source_text = models.TextField()
    target_text = models.TextField()
    # sha256 of the texts: the exact lookup and the uniqueness of a pair of texts, on
    # texts too long for a plain index.
    source_hash = models.CharField(max_length=64)
    target_hash = models.CharField(max_length=64)
    # Tokens of the source text: a fuzzy match of 75% has between 75% and 133% of them.
    word_count = models.PositiveIntegerField()
    origin = models.CharField(max_length=16, choices=Origin.choices)
    reviewed = models.BooleanField(
        default=False,
        help_text=_("A person translated or checked this text (not a machine guess)."),
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translated_at = models.DateTimeField()

    panels = [FieldPanel("target_text"), FieldPanel("reviewed")]

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        constraints = [
            models.UniqueConstraint(
                fields=["source_locale", "target_locale", "source_hash", "target_hash"],
                name="translation_memory_unique_pair",
            )
        ]
        indexes = [
            models.Index(
                fields=["source_locale", "target_locale", "source_hash"],
                name="translation_memory_exact",
            ),
        ]

    def __str__(self):
        return self.source_text[:80]


class MemoryShingle(models.Model):
    """A pair of consecutive tokens ("call for") of a memory entry's source text: what
    the fuzzy lookup finds candidates by (see ``memory.py``)."""

    entry = models.ForeignKey(MemoryEntry, on_delete=models.CASCADE, related_name="shingles")
    shingle = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["shingle", "entry"], name="translation_memory_shingle")]

    def __str__(self):
        return self.shingle


class GlossaryTerm(models.Model):
    """A term of the network and the translation it must have in one language."""

    source_locale = models.ForeignKey(
        "wagtailcore.Locale",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("source language"),
    )
    source_term = models.CharField(_("term"), max_length=255)
    target_locale = models.ForeignKey(
        "wagtailcore.Locale",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("language"),
    )
    target_term = models.CharField(
        _("required translation"),
        max_length=255,
        help_text=_("The same as the term for names that are never translated (Michelin)."),
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("source_locale"),
        FieldPanel("source_term"),
        FieldPanel("target_locale"),
        FieldPanel("target_term"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["source_term", "target_locale"]
        constraints = [
            models.UniqueConstraint(
                Lower("source_term"),
                "source_locale",
                "target_locale",
                name="translation_glossary_unique_term",
                violation_error_message=_("This term has a translation in this language already."),
            )
        ]

    def __str__(self):
        return f"{self.source_term} → {self.target_term}"


class SubmissionJob(models.Model):
    """A page's subtree submitted for translation, prepared by a background task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Preparing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=255)
    locales = models.ManyToManyField("wagtailcore.Locale", related_name="+")
    prefill = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}


# The proxy of wagtail-localize's TranslationSource that writes segments in bulk.
from .bulk import BulkTranslationSource  # noqa: E402, F401
