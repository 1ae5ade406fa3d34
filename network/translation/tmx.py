"""TMX 1.4b export and import of the translation memory, one language pair at a time.

A segment's inline markup (``<a id="a1">``, ``<b>``, ``<br/>``, wagtail-localize's
placeholders) is written as TMX inline codes: a paired tag as ``<bpt>``/``<ept>`` with
the same ``i``, a lone one as ``<ph>``, each holding the original tag as text, so CAT
tools keep it and the import gives back the exact text. Whether a person reviewed the
translation travels as ``<prop type="x-reviewed">``.
"""

import datetime
import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 - writing only

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from .memory import remember
from .models import Origin

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^>]*?)(/?)>")
DATE_FORMAT = "%Y%m%dT%H%M%SZ"


class TMXFileRefused(Exception):
    """The file cannot be imported; the message says why."""


def _segment(parent, text):
    """Write a segment's text into ``<seg>``, its tags as inline codes."""
    seg = SubElement(parent, "seg")
    last = None
    stack = []
    counter = 0
    position = 0

    def add_text(value):
        if not value:
            return
        if last is None:
            seg.text = (seg.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for match in TAG.finditer(text):
        add_text(text[position : match.start()])
        closing, name, _attrs, lone = match.groups()
        if lone:
            last = SubElement(seg, "ph")
        elif closing:
            index = next((i for n, i in reversed(stack) if n == name), None)
            if index is None:
                last = SubElement(seg, "ph")
            else:
                stack.remove((name, index))
                last = SubElement(seg, "ept", {"i": str(index)})
        else:
            counter += 1
            stack.append((name, counter))
            last = SubElement(seg, "bpt", {"i": str(counter)})
        last.text = match.group(0)
        position = match.end()
    add_text(text[position:])


def export_tmx(entries, source_locale, target_locale):
    """The TMX document (bytes) of memory entries of one language pair."""
    root = Element("tmx", {"version": "1.4"})
    SubElement(
        root,
        "header",
        {
            "creationtool": "Michelin Cities portal",
            "creationtoolversion": "1",
            "segtype": "sentence",
            "o-tmf": "wagtail-localize",
            "adminlang": "en",
            "srclang": source_locale.language_code,
            "datatype": "html",
            "creationdate": timezone.now().strftime(DATE_FORMAT),
        },
    )
    body = SubElement(root, "body")
    for entry in entries:
        attrs = {"changedate": entry.translated_at.astimezone(datetime.UTC).strftime(DATE_FORMAT)}
        if entry.translated_by is not None:
            attrs["changeid"] = entry.translated_by.get_username()
        unit = SubElement(body, "tu", attrs)
        SubElement(unit, "prop", {"type": "x-reviewed"}).text = "yes" if entry.reviewed else "no"
        SubElement(unit, "prop", {"type": "x-origin"}).text = entry.origin
        for code, text in (
            (source_locale.language_code, entry.source_text),
            (target_locale.language_code, entry.target_text),
        ):
            _segment(SubElement(unit, "tuv", {XML_LANG: code}), text)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


def _text_of(seg):
    """The exact text of a ``<seg>``: its text, inline codes as their original tags."""
    parts = [seg.text or ""]
    for child in seg:
        name = child.tag.rsplit("}", 1)[-1]
        if name in {"bpt", "ept", "ph", "it"}:
            parts.append("".join(child.itertext()))
        else:  # <hi>, <sub>: their text
            parts.append(_text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _language(tuv):
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").lower().replace("_", "-")


def _matches(language, code):
    return language == code or language.split("-")[0] == code or code.startswith(language + "-")


@dataclass
class Summary:
    """What an import did."""

    created: int = 0
    known: int = 0
    skipped: int = 0


def read_tmx(data, source_locale, target_locale):
    """[(source, target, reviewed, changed_at)] of the file's units for the pair, and the
    count of units without both languages. TMXFileRefused if the file is not TMX."""
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except (SafeElementTree.ParseError, DefusedXmlException, ValueError) as error:
        position = getattr(error, "position", None)
        where = _(" (line %(line)s)") % {"line": position[0]} if position else ""
        raise TMXFileRefused(
            _("The file is not a TMX file: it is not valid XML%(where)s.") % {"where": where}
        ) from error
    if root.tag.rsplit("}", 1)[-1] != "tmx" or root.find("body") is None:
        raise TMXFileRefused(_("The file is not a TMX file (no <tmx> and <body> elements)."))
    source_code = source_locale.language_code.lower()
    target_code = target_locale.language_code.lower()
    units, skipped = [], 0
    for unit in root.find("body").iter("tu"):
        texts = {}
        for tuv in unit.findall("tuv"):
            language, seg = _language(tuv), tuv.find("seg")
            if seg is None:
                continue
            for code in (source_code, target_code):
                if code not in texts and _matches(language, code):
                    texts[code] = _text_of(seg)
        if not texts.get(source_code, "").strip() or not texts.get(target_code, "").strip():
            skipped += 1
            continue
        reviewed = next(
            (p.text or "" for p in unit.findall("prop") if p.get("type") == "x-reviewed"), "yes"
        ).strip().lower() not in {"no", "false", "0"}
        changed = unit.get("changedate") or unit.get("creationdate")
        when = None
        if changed:
            try:
                when = datetime.datetime.strptime(changed, DATE_FORMAT)
                when = when.replace(tzinfo=datetime.UTC)
            except ValueError:
                when = parse_datetime(changed)
        units.append((texts[source_code], texts[target_code], reviewed, when))
    if not units:
        raise TMXFileRefused(
            _("The file has no translation units from %(source)s into %(target)s.")
            % {
                "source": source_locale.get_display_name(),
                "target": target_locale.get_display_name(),
            }
        )
    return units, skipped


def import_tmx(data, source_locale, target_locale, user):
    """Remember every unit of the pair (all or nothing); returns a Summary."""
    units, skipped = read_tmx(data, source_locale, target_locale)
    summary = Summary(skipped=skipped)
    with transaction.atomic():
        for source, target, reviewed, when in units:
            _entry, created = remember(
                source_locale.pk,
                target_locale.pk,
                source,
                target,
                Origin.TMX,
                reviewed,
                user_id=user.pk,
                when=when,
            )
            if created:
                summary.created += 1
            else:
                summary.known += 1
    return summary
