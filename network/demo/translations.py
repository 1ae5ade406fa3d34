"""Written translations of some demo pages, loaded through wagtail-localize.

``network/demo/translations/<language>.toml`` holds, per page (by its demo key:
``home``, ``section:cities``, ``city:<slug>``, ``call:<slug>``, ...), a table mapping
each English text of the page (a *segment*, as wagtail-localize extracts it: title,
slug, summary, each paragraph of rich text, each text of a block) to its translation.

The load does what a translator's work in wagtail-localize's editor does:

1. the page is submitted: ``TranslationSource.update_or_create_from_instance`` extracts
   its segments, and a ``Translation`` into the language is created;
2. each segment is translated: a ``StringTranslation`` (``translation_type`` manual) for
   its string in its context;
3. the translation is published: ``TranslationSource.create_or_update_translation``
   (what ``Translation.save_target`` runs: parents missing in the language are created
   as aliases, synchronised fields are copied) and the new revision is published.

``save_target(publish=True)`` publishes on the transaction's commit, and the demo loads
in one transaction (and tests never commit), so the revision is published at once,
which is what that callback does.

Idempotent: a string translation that exists is never changed (a translator may have
improved it since), and a translated page is saved again only when this run added
string translations, when it does not exist yet, or when its source changed since
(then its synchronised facts, such as the open call's dates, follow the source).

Texts with no letter in them (numbers such as ``1889`` or ``40``) are the same in every
language and need no entry; every other segment without an entry stays in English and
is reported.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from .data import DemoDataError

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


@dataclass
class PageTranslation:
    """The result of translating one page into one language."""

    ref: str
    language: str
    segments: int = 0
    missing: int = 0
    added: int = 0  # string translations added by this run
    saved: bool = False  # a new revision of the translated page was published
    created: bool = False  # the page did not exist in the language (or was an alias)


def read_translations(directory=TRANSLATIONS_DIR):
    """``{language: {page ref: {source text: translation}}}`` from the TOML files."""
    translations = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            content = tomllib.load(handle)
        translations[path.stem] = content.get("page", {})
    return translations


def check_translations(translations, loader):
    """Every page named in a file is a page of the demo."""
    for language, pages in translations.items():
        for ref in pages:
            if ref not in loader.pages:
                raise DemoDataError(f"translations/{language}.toml: unknown page {ref!r}")


def needs_no_translation(text):
    return not any(character.isalpha() for character in text)


def submit(page):
    """The page's translation source, up to date; and whether it is new or changed."""
    # As saved: a page filled by this run holds unsaved copies of its inline children.
    page = page.specific_class.objects.get(pk=page.pk)
    before = TranslationSource.objects.get_for_instance_or_none(page)
    source, _ = TranslationSource.update_or_create_from_instance(page)
    # It returns "created", not "changed": compare what it extracted with what it had.
    return source, before is None or before.content_json != source.content_json


def translate_page(page, source, changed, locale, texts, ref):
    """Translate and publish one submitted page in one locale; returns what it did."""
    result = PageTranslation(ref, locale.language_code)
    translation, created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    existing = set(
        StringTranslation.objects.filter(
            locale=locale, context__object_id=source.object_id
        ).values_list("translation_of_id", "context_id")
    )
    new = []
    segments = StringSegment.objects.filter(source=source).select_related("string")
    for segment in segments:
        result.segments += 1
        text = segment.string.data
        translated = texts.get(text)
        if translated is None:
            translated = text if needs_no_translation(text) else None
        if (segment.string_id, segment.context_id) in existing:
            continue
        if translated is None:
            result.missing += 1
            continue
        new.append(
            StringTranslation(
                translation_of_id=segment.string_id,
                locale=locale,
                context_id=segment.context_id,
                data=translated,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
        )
    for string_translation in new:
        # One by one: StringTranslation.save validates the markup and links.
        string_translation.save()
    result.added = len(new)
    target = page.get_translation_or_none(locale)
    result.created = target is None or target.alias_of_id is not None
    if created or changed or new or result.created or not target.live:
        target, _ = source.create_or_update_translation(
            locale, publish=False, copy_parent_pages=True, fallback=True
        )
        target.get_latest_revision().publish()
        result.saved = True
    return result


def translate_pages(loader):
    """Translate the pages named in network/demo/translations/*.toml."""
    translations = read_translations()
    check_translations(translations, loader)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    # A deployment may narrow its languages (PORTAL_LANGUAGES): skip the others.
    loader.skipped_languages = sorted(set(translations) - set(locales))
    translations = {code: pages for code, pages in translations.items() if code in locales}
    refs = dict.fromkeys(ref for pages in translations.values() for ref in pages)
    sources = {ref: submit(loader.pages[ref]) for ref in refs}
    results = []
    for language, pages in translations.items():
        for ref, texts in pages.items():
            source, changed = sources[ref]
            page = loader.pages[ref]
            result = translate_page(page, source, changed, locales[language], texts, ref)
            results.append(result)
            loader.note(
                "Translations",
                created=result.created,
                updated=result.saved and not result.created,
                label=f"{ref} [{language}]",
            )
    loader.translations = results
    return results


def report_missing(loader, results):
    """One line per language: pages, segments, and the segments left untranslated."""
    if loader.verbosity < 1 or not loader.out:
        return
    if loader.skipped_languages:
        skipped = ", ".join(loader.skipped_languages)
        loader.out.write(f"    not translated into {skipped}: no such locale")
    for language in dict.fromkeys(result.language for result in results):
        of_language = [result for result in results if result.language == language]
        segments = sum(result.segments for result in of_language)
        missing = [result for result in of_language if result.missing]
        detail = ", ".join(f"{result.ref} {result.missing}" for result in missing)
        loader.out.write(
            f"    {language:<8} {len(of_language):>3} pages, {segments:>4} segments, "
            f"{sum(result.missing for result in missing)} untranslated"
            + (f" ({detail})" if detail else "")
        )
