"""The network's glossary (termbase): required translations of its terms.

* Who edits it: the Secretariat (every language) and each language's lead translators
  (members of a "Lead translators: <language>" group, ``roles.py``), for their
  language only (``editable_locale_ids``).
* The editor highlights the glossary's terms in each source segment with their
  required translation (``find_terms``); publishing a translation whose segment lacks a
  required translation shows a warning listing them (``missing_terms``).
* CSV and TBX (ISO 30042, TBX-Basic) export and import, all or nothing, with every
  error named by its line (``read_csv``, ``read_tbx``).
* DeepL is sent the glossary of the language pair (``machine.py``).
"""

import csv
import io
import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 - writing only

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Locale
from wagtail_localize.models import StringSegment

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from ..i18n.languages import language_in_sentence
from .models import GlossaryTerm
from .paths import describe_context
from .roles import LEAD_TRANSLATOR_GROUP_PREFIX, lead_translator_group_name

CSV_COLUMNS = ["source_language", "term", "language", "translation", "note"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"


class GlossaryFileRefused(Exception):
    """The file cannot be imported; ``errors`` lists every problem with its line."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


# Who may edit what ---------------------------------------------------------------------


def editable_locale_ids(user):
    """None if the user may edit every language's terms, else the ids of the languages
    they lead (possibly none)."""
    if user.is_superuser:
        return None
    groups = list(user.groups.values_list("name", flat=True))
    leads = {name for name in groups if name.startswith(LEAD_TRANSLATOR_GROUP_PREFIX)}
    others = user.groups.exclude(name__in=leads)
    if (
        Permission.objects.filter(
            content_type__app_label="translation",
            codename="change_glossaryterm",
            group__in=others,
        ).exists()
        or user.user_permissions.filter(codename="change_glossaryterm").exists()
    ):
        return None
    return frozenset(
        locale.pk
        for locale in Locale.all_objects.all()
        if lead_translator_group_name(locale) in leads
    )


def may_edit_language(user, locale_id):
    allowed = editable_locale_ids(user)
    return allowed is None or locale_id in allowed


# Matching ------------------------------------------------------------------------------


def terms_for(source_locale_id, target_locale_id):
    return list(
        GlossaryTerm.objects.filter(
            source_locale_id=source_locale_id, target_locale_id=target_locale_id
        ).order_by("source_term")
    )


def _pattern(term):
    escaped = re.escape(term.strip())
    # Whole words where the term starts or ends with a letter or digit.
    start = r"(?<!\w)" if re.match(r"\w", term.strip()) else ""
    end = r"(?!\w)" if re.search(r"\w$", term.strip()) else ""
    return re.compile(start + escaped + end, re.IGNORECASE)


def _visible(text):
    """The text with its inline tags blanked out (same length, so offsets stay true)."""
    return re.sub(r"<[^>]+>", lambda match: " " * len(match.group(0)), text)


def find_terms(text, terms):
    """[(start, end, term)] of the glossary's terms in a source text, longest first
    where two overlap ("call for proposals" wins over "call")."""
    visible = _visible(text)
    found = []
    taken = set()
    for term in sorted(terms, key=lambda t: -len(t.source_term)):
        for match in _pattern(term.source_term).finditer(visible):
            span = set(range(match.start(), match.end()))
            if span & taken:
                continue
            taken |= span
            found.append((match.start(), match.end(), term))
    return sorted(found, key=lambda item: item[0])


def missing_terms(source_text, translated_text, terms):
    """The terms of a source text whose required translation the translation lacks."""
    visible = _visible(translated_text or "")
    missing = []
    for _start, _end, term in find_terms(source_text, terms):
        if not _pattern(term.target_term).search(visible) and term not in missing:
            missing.append(term)
    return missing


def missing_terms_of_translation(translation):
    """[(segment label, [terms])] of a translation's segments that lack a required term."""
    terms = terms_for(translation.source.locale_id, translation.target_locale_id)
    if not terms:
        return []
    model = translation.source.specific_content_type.model_class()
    segments = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .select_related("string", "context")
        .order_by("order")
    )
    problems = []
    for segment in segments:
        if not segment.translation:
            continue  # untranslated: the editor says so already
        missing = missing_terms(segment.string.data, segment.translation, terms)
        if missing:
            problems.append((describe_context(segment.context, model), missing))
    return problems


# CSV -----------------------------------------------------------------------------------


def _locales():
    return {locale.language_code.lower(): locale for locale in Locale.all_objects.all()}


def export_csv(terms):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for term in terms:
        writer.writerow(
            [
                term.source_locale.language_code,
                term.source_term,
                term.target_locale.language_code,
                term.target_term,
                term.note,
            ]
        )
    return out.getvalue()


@dataclass
class Row:
    """A term read from a file, before it is saved."""

    line: int
    source_locale: Locale
    source_term: str
    target_locale: Locale
    target_term: str
    note: str = ""


def _decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryFileRefused(
            [_("the file is not UTF-8 text; save it as UTF-8 and upload it again")]
        ) from error


def _check_row(line, values, locales, user, errors):
    source_code, term, target_code, translation, note = values
    problems = []
    source = locales.get(source_code.strip().lower())
    target = locales.get(target_code.strip().lower())
    if source is None:
        problems.append(_("unknown source language “%(code)s”") % {"code": source_code})
    if target is None:
        problems.append(_("unknown language “%(code)s”") % {"code": target_code})
    if not term.strip():
        problems.append(_("the term is empty"))
    if not translation.strip():
        problems.append(_("the required translation is empty"))
    if len(term) > 255 or len(translation) > 255:
        problems.append(_("a term is longer than 255 characters"))
    if source is not None and target is not None and source == target:
        problems.append(_("the term and its translation are in the same language"))
    if target is not None and not may_edit_language(user, target.pk):
        problems.append(
            _("you may not edit the %(language)s glossary")
            % {"language": language_in_sentence(target.language_code)}
        )
    if problems:
        errors.append(
            _("line %(line)s: %(problems)s") % {"line": line, "problems": "; ".join(problems)}
        )
        return None
    return Row(line, source, term.strip(), target, translation.strip(), note.strip())


def read_csv(data, user):
    """The rows of a CSV glossary (columns ``CSV_COLUMNS``), or GlossaryFileRefused."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text))
    locales = _locales()
    rows, errors = [], []
    try:
        header = next(reader, None)
        if header is None:
            raise GlossaryFileRefused([_("the file is empty")])
        if [column.strip().lower() for column in header[:4]] != CSV_COLUMNS[:4]:
            raise GlossaryFileRefused(
                [
                    _("line 1: the columns must be %(columns)s")
                    % {"columns": ", ".join(CSV_COLUMNS)}
                ]
            )
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) < 4 or len(values) > 5:
                errors.append(
                    _("line %(line)s: %(count)s columns instead of 4 or 5")
                    % {"line": line, "count": len(values)}
                )
                continue
            row = _check_row(line, [*values, ""][:5], locales, user, errors)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        errors.append(_("line %(line)s: %(error)s") % {"line": reader.line_num, "error": error})
    return _checked(rows, errors)


def _checked(rows, errors):
    seen = {}
    for row in rows:
        key = (row.source_locale.pk, row.target_locale.pk, row.source_term.lower())
        if key in seen:
            errors.append(
                _("line %(line)s: “%(term)s” is already on line %(first)s for this language")
                % {"line": row.line, "term": row.source_term, "first": seen[key]}
            )
        seen.setdefault(key, row.line)
    if errors:
        raise GlossaryFileRefused(errors)
    if not rows:
        raise GlossaryFileRefused([_("the file has no terms")])
    return rows


@transaction.atomic
def import_rows(rows, user):
    """Create or update the terms; returns (created, updated, unchanged)."""
    created = updated = unchanged = 0
    for row in rows:
        term = GlossaryTerm.objects.filter(
            source_locale=row.source_locale,
            target_locale=row.target_locale,
            source_term__iexact=row.source_term,
        ).first()
        if term is None:
            GlossaryTerm.objects.create(
                source_locale=row.source_locale,
                source_term=row.source_term,
                target_locale=row.target_locale,
                target_term=row.target_term,
                note=row.note,
                updated_by=user,
            )
            created += 1
        elif (term.source_term, term.target_term, term.note) != (
            row.source_term,
            row.target_term,
            row.note,
        ):
            term.source_term, term.target_term, term.note = (
                row.source_term,
                row.target_term,
                row.note,
            )
            term.updated_by = user
            term.save()
            updated += 1
        else:
            unchanged += 1
    return created, updated, unchanged


# TBX -----------------------------------------------------------------------------------


def export_tbx(terms):
    """TBX-Basic (TBX v3, DCA style): one concept per source term and language, with a
    language section per language."""
    root = Element(
        "tbx",
        {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": TBX_NAMESPACE},
    )
    header = SubElement(root, "tbxHeader")
    description = SubElement(SubElement(header, "fileDesc"), "sourceDesc")
    SubElement(description, "p").text = "Michelin Cities glossary"
    body = SubElement(SubElement(root, "text"), "body")
    concepts = {}
    for term in terms:
        key = (term.source_locale.language_code, term.source_term.lower())
        if key not in concepts:
            concept = SubElement(body, "conceptEntry", {"id": f"c{len(concepts) + 1}"})
            source = SubElement(concept, "langSec", {XML_LANG: term.source_locale.language_code})
            SubElement(SubElement(source, "termSec"), "term").text = term.source_term
            concepts[key] = concept
        section = SubElement(
            concepts[key], "langSec", {XML_LANG: term.target_locale.language_code}
        )
        term_section = SubElement(section, "termSec")
        SubElement(term_section, "term").text = term.target_term
        if term.note:
            SubElement(term_section, "note").text = term.note
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _line(element):
    return getattr(element, "sourceline", None) or "?"


def read_tbx(data, user):
    """The terms of a TBX file: in each concept, the first language section is the
    term, each other one its required translation. GlossaryFileRefused otherwise."""
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except (SafeElementTree.ParseError, DefusedXmlException, ValueError) as error:
        position = getattr(error, "position", None)
        where = _(" (line %(line)s)") % {"line": position[0]} if position else ""
        raise GlossaryFileRefused(
            [_("the file is not a TBX file: it is not valid XML%(where)s") % {"where": where}]
        ) from error
    if _local(root.tag) not in {"tbx", "martif"}:
        raise GlossaryFileRefused([_("the file is not a TBX file (no <tbx> root element)")])
    locales = _locales()
    rows, errors = [], []
    lines = _element_lines(data)
    for index, concept in enumerate(
        element for element in root.iter() if _local(element.tag) in {"conceptEntry", "termEntry"}
    ):
        line = lines[index] if index < len(lines) else "?"
        sections = [
            (section.get(XML_LANG) or section.get("lang") or "", _first_term(section))
            for section in concept
            if _local(section.tag) in {"langSec", "langSet"}
        ]
        if len(sections) < 2:
            errors.append(
                _("line %(line)s: a concept needs a term and at least one translation")
                % {"line": line}
            )
            continue
        (source_code, source_term), *targets = sections
        for target_code, target_term in targets:
            row = _check_row(
                line,
                [source_code, source_term, target_code, target_term, ""],
                locales,
                user,
                errors,
            )
            if row is not None:
                rows.append(row)
    return _checked(rows, errors)


def _first_term(section):
    for element in section.iter():
        if _local(element.tag) == "term":
            return "".join(element.itertext())
    return ""


def _element_lines(data):
    """The line of each concept in the file (ElementTree does not keep lines)."""
    text = data.decode("utf-8", errors="replace")
    return [
        text.count("\n", 0, match.start()) + 1
        for match in re.finditer(r"<(?:\w+:)?(?:conceptEntry|termEntry)\b", text)
    ]
