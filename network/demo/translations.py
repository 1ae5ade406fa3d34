"""Written translations of demo pages and snippets, loaded through wagtail-localize.

``network/demo/translations/<language>.toml`` holds, per page (``[page."<demo key>"]``:
``home``, ``section:cities``, ``city:<slug>``, ``call:<slug>``, ...) and per snippet
(``[snippet."topic:<slug>"]``, ``[snippet."organisation:<key>"]``,
``[snippet."person:<key>"]``, the keys of topics.toml, organisations.toml and
people.toml), a table mapping each English text of the object (a *segment*, as
wagtail-localize extracts it: title, slug, summary, each paragraph of rich text, each
text of a block; a topic's name and description, an organisation's name and
description, a person's role and biography) to its translation.

Snippets go through the same steps as pages (they are ``TranslatableMixin`` models with
``override_translatable_fields``), except that a snippet has no revision to publish:
``create_or_update_translation`` saves it. Topics first, then organisations, then
people, since a person's organisation is a translatable relation that points to the
organisation's translation once it exists. People's names are synchronised, not
translated (network/snippets.py), so they have no entry.

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
(then its synchronised facts, such as the open call's dates, follow the source), or
when this run translated a snippet into its language for the first time (pages come
after snippets, so their snippet choosers, such as a ``people`` block, then point to the
translated snippets; on a database loaded before snippets were translated, the pages
translated then are saved again for that).

Texts with no letter in them (numbers such as ``1889`` or ``40``) are the same in every
language and need no entry; every other segment without an entry stays in English and
is reported.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from .data import DemoDataError

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


SNIPPET_KINDS = ("topic", "organisation", "person")  # in the order they are translated
SNIPPET_PREFIXES = tuple(f"{kind}:" for kind in SNIPPET_KINDS)


@dataclass
class PageTranslation:
    """The result of translating one page (or snippet) into one language."""

    ref: str
    language: str
    segments: int = 0
    missing: int = 0
    added: int = 0  # string translations added by this run
    saved: bool = False  # a new revision of the translated page was published
    created: bool = False  # the page did not exist in the language (or was an alias)


def read_translations(directory=TRANSLATIONS_DIR, table="page"):
    """``{language: {ref: {source text: translation}}}`` from the TOML files.

    ``table`` is ``"page"`` (refs are page keys) or ``"snippet"`` (``topic:<slug>``,
    ``organisation:<key>``, ``person:<key>``).
    """
    translations = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            content = tomllib.load(handle)
        translations[path.stem] = content.get(table, {})
    return translations


def snippet_objects(loader):
    """The demo's snippets by ref: ``{"topic:mobility": Topic, ...}``, in translation order."""
    found = {}
    for kind, objects in zip(
        SNIPPET_KINDS, (loader.topics, loader.organisations, loader.people), strict=True
    ):
        found |= {f"{kind}:{key}": obj for key, obj in objects.items()}
    return found


def check_translations(translations, loader, objects=None, table="page"):
    """Every page (or snippet) named in a file is one of the demo."""
    objects = loader.pages if objects is None else objects
    for language, refs in translations.items():
        for ref in refs:
            if ref not in objects:
                raise DemoDataError(f"translations/{language}.toml: unknown {table} {ref!r}")


def needs_no_translation(text):
    return not any(character.isalpha() for character in text)


def is_page(instance):
    return isinstance(instance, Page)


def submit(page):
    """The object's translation source, up to date; and whether it is new or changed."""
    # As saved: a page filled by this run holds unsaved copies of its inline children.
    if is_page(page):
        page = page.specific_class.objects.get(pk=page.pk)
    else:
        page = type(page).objects.get(pk=page.pk)
    before = TranslationSource.objects.get_for_instance_or_none(page)
    source, _ = TranslationSource.update_or_create_from_instance(page)
    # It returns "created", not "changed": compare what it extracted with what it had.
    return source, before is None or before.content_json != source.content_json


def translate_page(page, source, changed, locale, texts, ref, resync=False):
    """Translate and publish one submitted page in one locale; returns what it did.

    ``resync``: save the translation again even if nothing changed (its snippets, such
    as the people of a ``people`` block, were translated by this run after it).
    """
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
    if not is_page(page):
        # A snippet: no alias, no revision; saved by create_or_update_translation.
        result.created = target is None
        if created or changed or new or result.created:
            source.create_or_update_translation(locale, fallback=True)
            result.saved = True
        return result
    result.created = target is None or target.alias_of_id is not None
    if created or changed or new or resync or result.created or not target.live:
        target, _ = source.create_or_update_translation(
            locale, publish=False, copy_parent_pages=True, fallback=True
        )
        target.get_latest_revision().publish()
        result.saved = True
    return result


def translate_pages(loader):
    """Translate the snippets, then the pages, named in network/demo/translations/*.toml."""
    snippets = snippet_objects(loader)
    pages = read_translations()
    check_translations(pages, loader)
    by_snippet = read_translations(table="snippet")
    check_translations(by_snippet, loader, snippets, table="snippet")
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    # A deployment may narrow its languages (PORTAL_LANGUAGES): skip the others.
    loader.skipped_languages = sorted(set(pages) - set(locales))
    # Snippets in their kinds' order (topics, organisations, people), then pages.
    order = {ref: position for position, ref in enumerate(snippets)}
    work = []
    for language in pages:
        if language not in locales:
            continue
        tables = by_snippet.get(language, {})
        for ref in sorted(tables, key=order.__getitem__):
            work.append((language, ref, snippets[ref], tables[ref]))
        work += [
            (language, ref, loader.pages[ref], texts) for ref, texts in pages[language].items()
        ]
    sources = {}
    results = []
    snippets_created = set()  # languages into which this run translated a snippet
    for language, ref, obj, texts in work:
        if ref not in sources:
            sources[ref] = submit(obj)
        source, changed = sources[ref]
        # A page translated before its snippets points to the English ones: resave it.
        resync = is_page(obj) and language in snippets_created
        result = translate_page(obj, source, changed, locales[language], texts, ref, resync)
        if result.created and not is_page(obj):
            snippets_created.add(language)
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
    """One line per language: pages, snippets, segments, and those left untranslated."""
    if loader.verbosity < 1 or not loader.out:
        return
    if loader.skipped_languages:
        skipped = ", ".join(loader.skipped_languages)
        loader.out.write(f"    not translated into {skipped}: no such locale")
    for language in dict.fromkeys(result.language for result in results):
        of_language = [result for result in results if result.language == language]
        segments = sum(result.segments for result in of_language)
        snippets = sum(result.ref.startswith(SNIPPET_PREFIXES) for result in of_language)
        missing = [result for result in of_language if result.missing]
        detail = ", ".join(f"{result.ref} {result.missing}" for result in missing)
        loader.out.write(
            f"    {language:<8} {len(of_language) - snippets:>3} pages, {snippets:>3} snippets, "
            f"{segments:>5} segments, "
            f"{sum(result.missing for result in missing)} untranslated"
            + (f" ({detail})" if detail else "")
        )
