"""The translators' audit trail: what they do, in the page's or the snippet's history.

Wagtail's history (log entries) shows what editors do; wagtail-localize logs nothing of
a translator's work. The portal registers its own actions (``register_log_actions``,
in wagtail_hooks.py) and writes them on the translated page or snippet, with the
translator as the actor:

* ``translation.segment_edited``     a segment translated (or cleared) in the editor;
* ``translation.machine_translated`` the segments filled by a machine translator;
* ``translation.memory_used``        a translation memory match used for a segment;
* ``translation.prefilled``          exact memory matches filled in on submission;
* ``translation.po_imported``        a PO file imported, with the entries it changed;
* ``translation.synced``             the source's new and changed text brought in;
* ``translation.published``          a snippet's translation published (pages log
                                     Wagtail's own "Published").
"""

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.log_actions import LogFormatter, log

from ..i18n.languages import language_in_sentence

SEGMENT_EDITED = "translation.segment_edited"
MACHINE_TRANSLATED = "translation.machine_translated"
MEMORY_USED = "translation.memory_used"
PREFILLED = "translation.prefilled"
PO_IMPORTED = "translation.po_imported"
SYNCED = "translation.synced"
PUBLISHED = "translation.published"


def record(instance, action, user, **data):
    """Write one of the actions above in the history of a translated page or snippet."""
    return log(instance=instance, action=action, user=user, data=data)


def excerpt(text):
    return Truncator(text or "").chars(80)


class SegmentEdited(LogFormatter):
    label = gettext_lazy("Segment translated")

    def format_message(self, log_entry):
        data = log_entry.data
        if not data.get("text"):
            return _("Translation of “%(field)s” removed") % {"field": data.get("field", "")}
        return _("“%(field)s” translated: %(text)s") % {
            "field": data.get("field", ""),
            "text": data["text"],
        }


class MachineTranslated(LogFormatter):
    label = gettext_lazy("Machine-translated")

    def format_message(self, log_entry):
        count = log_entry.data.get("count", 0)
        return ngettext(
            "%(count)s segment machine-translated with %(tool)s",
            "%(count)s segments machine-translated with %(tool)s",
            count,
        ) % {"count": count, "tool": log_entry.data.get("tool", "")}


class MemoryUsed(LogFormatter):
    label = gettext_lazy("Translation memory match used")

    def format_message(self, log_entry):
        return _("Translation memory match (%(percent)s%%) used for “%(field)s”") % {
            "percent": log_entry.data.get("percent", 100),
            "field": log_entry.data.get("field", ""),
        }


class Prefilled(LogFormatter):
    label = gettext_lazy("Pre-filled from the translation memory")

    def format_message(self, log_entry):
        count = log_entry.data.get("count", 0)
        return ngettext(
            "%(count)s segment pre-filled from the translation memory (not reviewed)",
            "%(count)s segments pre-filled from the translation memory (not reviewed)",
            count,
        ) % {"count": count}


class POImported(LogFormatter):
    label = gettext_lazy("PO file imported")

    def format_message(self, log_entry):
        changed = log_entry.data.get("changed", 0)
        return ngettext(
            "PO file “%(name)s” imported: %(count)s translation changed",
            "PO file “%(name)s” imported: %(count)s translations changed",
            changed,
        ) % {"name": log_entry.data.get("name", ""), "count": changed}


class Synced(LogFormatter):
    label = gettext_lazy("Synced with the source")

    def format_message(self, log_entry):
        # Entries name the source's language by its code (older ones by its name), so
        # the message names it in the reader's language.
        code = log_entry.data.get("language_code")
        language = language_in_sentence(code) if code else log_entry.data.get("language", "")
        return _("Synced with the %(language)s source") % {"language": language}


class Published(LogFormatter):
    label = gettext_lazy("Translation published")

    def format_message(self, log_entry):
        return _("Translation published")


FORMATTERS = {
    SEGMENT_EDITED: SegmentEdited,
    MACHINE_TRANSLATED: MachineTranslated,
    MEMORY_USED: MemoryUsed,
    PREFILLED: Prefilled,
    PO_IMPORTED: POImported,
    SYNCED: Synced,
    PUBLISHED: Published,
}


def register_actions(actions):
    """The ``register_log_actions`` hook's body."""
    for action, formatter in FORMATTERS.items():
        actions.register_action(action)(formatter)
