"""Checking an uploaded PO file before any of it reaches the translation memory.

wagtail-localize's own upload view catches a file polib cannot parse and a file made
for another translation, but answers a PO file without its header, or a file with
broken markup in a translation, with a server error or a silent partial import. Here a
file is refused, with a message naming what is wrong, when it:

* is missing, empty, too large (``TRANSLATION_PO_MAX_UPLOAD_SIZE``), not a ``.po``
  file, binary or not UTF-8 text;
* is not a PO file (polib cannot parse it) or was not downloaded from this portal
  (no ``X-WagtailLocalize-TranslationID`` header);
* belongs to another page or snippet, or to another language of this one;
* holds a translation that is not valid (a tag the source does not have, broken
  markup, a link that is not in the source).

Only then is it imported, in one transaction, by wagtail-localize's ``import_po``.
"""

import os
import re
import tempfile
import uuid

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from wagtail_localize.models import Translation, TranslationContext
from wagtail_localize.strings import StringValue, validate_translation_links

import polib

from ..i18n.languages import language_in_sentence
from .paths import describe_field_path

TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"


class POFileRefused(Exception):
    """The upload cannot be imported; ``str(error)`` says why, for the translator."""


def max_upload_size():
    return getattr(settings, "TRANSLATION_PO_MAX_UPLOAD_SIZE", 2 * 1024 * 1024)


def _parse(data):
    # polib takes a path or the contents, and treats contents that name an existing
    # file as that file's path; parsing from a temporary file of our own avoids that.
    handle, path = tempfile.mkstemp(suffix=".po")
    try:
        with os.fdopen(handle, "wb") as temporary:
            temporary.write(data)
        return polib.pofile(path, encoding="utf-8")
    finally:
        os.unlink(path)


def _object_name(translation):
    return translation.source.object_repr


def read_po_upload(uploaded, translation):
    """The parsed PO file if it can be imported into ``translation``, else POFileRefused."""
    if uploaded is None:
        raise POFileRefused(_("Choose the PO file to upload."))
    name = os.path.basename(uploaded.name or "")
    if not name.lower().endswith(".po"):
        raise POFileRefused(
            _("“%(name)s” is not a PO file: upload the .po file downloaded from this editor.")
            % {"name": name}
        )
    if uploaded.size == 0:
        raise POFileRefused(_("“%(name)s” is empty.") % {"name": name})
    if uploaded.size > max_upload_size():
        raise POFileRefused(
            _(
                "“%(name)s” is %(size)s, more than the %(limit)s a PO file may be here; "
                "is it the right file?"
            )
            % {
                "name": name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(max_upload_size()),
            }
        )

    data = uploaded.read()
    if b"\x00" in data:
        raise POFileRefused(
            _("“%(name)s” is a binary file, not a PO file (which is text).") % {"name": name}
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise POFileRefused(
            _("“%(name)s” is not UTF-8 text; save it as UTF-8 and upload it again.")
            % {"name": name}
        ) from error

    try:
        po = _parse(data)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        line = re.search(r"line (\d+)", str(error))
        where = _(" (line %(line)s)") % {"line": line.group(1)} if line else ""
        raise POFileRefused(
            _("“%(name)s” is not a valid PO file: it could not be read%(where)s.")
            % {"name": name, "where": where}
        ) from error

    _check_belongs_to(po, translation, name)
    _check_language(po, translation, name)
    _check_entries(po, name, translation)
    return po


def _check_belongs_to(po, translation, name):
    header = po.metadata.get(TRANSLATION_ID_HEADER, "").strip()
    if not header:
        raise POFileRefused(
            _(
                "“%(name)s” was not downloaded from this editor (it has no %(header)s "
                "header), so it cannot be matched to this translation."
            )
            % {"name": name, "header": TRANSLATION_ID_HEADER}
        )
    if header == str(translation.uuid):
        return
    try:
        other = (
            Translation.objects.select_related("source", "target_locale")
            .filter(uuid=uuid.UUID(header))
            .first()
        )
    except ValueError:
        other = None
    if other is None:
        raise POFileRefused(
            _("“%(name)s” belongs to a translation that does not exist on this portal.")
            % {"name": name}
        )
    if other.source_id == translation.source_id:
        raise POFileRefused(
            _(
                "“%(name)s” is the %(other)s translation of “%(object)s”, not the "
                "%(target)s one; download the %(target)s file and upload that."
            )
            % {
                "name": name,
                "other": other.target_locale.get_display_name(),
                "target": language_in_sentence(translation.target_locale.language_code),
                "object": _object_name(translation),
            }
        )
    raise POFileRefused(
        _(
            "“%(name)s” is for “%(other)s” (%(locale)s), not for “%(object)s”; "
            "upload it on that one's translation."
        )
        % {
            "name": name,
            "other": _object_name(other),
            "locale": other.target_locale.get_display_name(),
            "object": _object_name(translation),
        }
    )


def _check_language(po, translation, name):
    language = po.metadata.get("Language", "").strip().replace("_", "-").lower()
    target = translation.target_locale.language_code.lower()
    if language and language != target and not target.startswith(language + "-"):
        raise POFileRefused(
            _("“%(name)s” says it is in “%(language)s”, but this translation is into %(target)s.")
            % {
                "name": name,
                "language": language,
                "target": translation.target_locale.get_display_name(),
            }
        )


def _field_names(translation):
    """{segment path: the field's name people read} of the translation's source."""
    model = translation.source.specific_content_type.model_class()
    return {
        path: describe_field_path(model, field_path or path)
        for path, field_path in TranslationContext.objects.filter(
            object_id=translation.source.object_id
        ).values_list("path", "field_path")
    }


def _check_entries(po, name, translation):
    names = None
    problems = []
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        try:
            StringValue.from_translated_html(entry.msgstr)
            validate_translation_links(entry.msgid, entry.msgstr)
        except ValueError as error:
            if names is None:
                names = _field_names(translation)
            where = names.get(entry.msgctxt or "", _("a text that is not on this page any more"))
            problems.append(
                _("line %(line)s (%(where)s): %(error)s")
                % {"line": entry.linenum, "where": where, "error": error.args[0]}
            )
    if problems:
        shown = "; ".join(problems[:3])
        more = len(problems) - 3
        raise POFileRefused(
            _(
                "“%(name)s” has translations that cannot be used, so nothing was imported: "
                "%(problems)s"
            )
            % {"name": name, "problems": shown}
            + (_(" (and %(count)s more)") % {"count": more} if more > 0 else "")
        )
