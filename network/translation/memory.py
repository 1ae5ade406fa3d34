"""The translation memory: every translated segment remembered, matched exactly and
fuzzily when the same or a similar text is translated again.

Remembering. Each saved ``StringTranslation`` of wagtail-localize (pages and snippets;
typed in the editor, machine-translated, imported from a PO file or taken from the
memory) is remembered by ``remember_string_translation`` (a ``post_save`` receiver):
source text, translation, language pair, who, when, and whether a person reviewed it.
The same pair of texts is remembered once; a person's review is never undone by a
machine.

Matching. ``find_matches`` returns, for a source text and a language pair:

* exact matches (100%): the same source text, found by its sha256 in an index;
* fuzzy matches (>= 75%): the similarity is the share of the source's tokens (words,
  inline tags, punctuation; each CJK or Thai character) left in place by the fewest
  edits (a token-level Levenshtein distance), ``100 * (1 - distance / longer length)``.

The database finds the candidates, never Python over the whole memory, the same way on
PostgreSQL and SQLite: each source text's *shingles* (its distinct pairs of consecutive
tokens, lower-cased) are indexed in ``MemoryShingle``. A text of n tokens that is 75%
like another keeps at least ``need`` of its n - 1 shingles (each edit breaks at most
two; ``shingles_needed``), and its token count is between 0.75 n and n / 0.75; one
grouped query on the shingle index returns the entries of the language pair within
those bounds that share at least ``need`` shingles, most shared first, at most
``CANDIDATES``. Python then scores those few exactly and keeps the 75% and more.

Why not PostgreSQL's pg_trgm: with a GIN trigram index, a 40-word segment has about
200 trigrams whose posting lists cover most of a 100,000-segment memory, and every
candidate is rechecked: 350 ms (threshold 0.5) to 2.6 s (0.3) a lookup, against 6 ms
for the shingles (``benchmarks/memory_bench.py`` measures both).
"""

import difflib
import hashlib
import math
import re

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .models import MemoryEntry, MemoryShingle, Origin

FUZZY_THRESHOLD = 75
CANDIDATES = 30
MATCHES_SHOWN = 5

# The tool names the portal gives StringTranslations it makes from the memory.
MEMORY_TOOL = "Translation memory"
PREFILL_TOOL = "Translation memory (pre-filled, not reviewed)"
FUZZY_TOOL = "Translation memory (fuzzy match, not reviewed)"
PO_TOOL = "PO File"

_SCRIPTS_WITHOUT_SPACES = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
TOKEN = re.compile(rf"<[^>]+>|[{_SCRIPTS_WITHOUT_SPACES}]|\w+|[^\w\s]", re.UNICODE)


def text_hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def tokens(text):
    return TOKEN.findall(text)


def shingles(text):
    """The distinct pairs of consecutive tokens of a text, lower-cased (index keys)."""
    found = [token.lower() for token in tokens(text)]
    return sorted({f"{a} {b}"[:64] for a, b in zip(found, found[1:], strict=False)})


def shingles_needed(text):
    """How many of its distinct shingles a text shares, at least, with any text 75% like
    it: of its n - 1 shingles, at most two per edit are broken (at most a quarter of
    the longer text, itself at most n / 0.75 tokens long), and repeated shingles count
    once."""
    count = len(tokens(text))
    edits = math.floor((100 - FUZZY_THRESHOLD) / 100 * token_bounds(count)[1])
    repeated = (count - 1) - len(shingles(text))
    return max(1, (count - 1) - 2 * edits - repeated)


def _distance(a, b, limit):
    """Levenshtein distance between token lists; ``limit + 1`` once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, token_a in enumerate(a, 1):
        current = [i]
        for j, token_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (token_a != token_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def similarity(a, b):
    """The percentage (0-100, rounded down) of tokens two texts share in place."""
    tokens_a, tokens_b = tokens(a), tokens(b)
    longest = max(len(tokens_a), len(tokens_b))
    if not longest:
        return 100
    limit = math.floor(longest * (100 - FUZZY_THRESHOLD) / 100)
    distance = _distance(tokens_a, tokens_b, limit)
    return math.floor(100 * (1 - distance / longest))


def token_bounds(count):
    """The token counts a text of ``count`` tokens may be 75% like."""
    return math.ceil(count * FUZZY_THRESHOLD / 100), math.floor(count * 100 / FUZZY_THRESHOLD)


def diff(remembered, current):
    """How the remembered source differs from the current one, for the editor:
    ``[["equal" | "delete" | "insert", text], ...]`` (delete: only in the remembered
    source; insert: only in the current one)."""

    def spans(text):
        # Each token with the white space before it, so that deleted or inserted words
        # carry their own spacing.
        found = list(TOKEN.finditer(text))
        parts = []
        for index, match in enumerate(found):
            start = found[index - 1].end() if index else 0
            parts.append(text[start : match.end()])
        return [m.group(0) for m in found], parts

    old_tokens, old_parts = spans(remembered)
    new_tokens, new_parts = spans(current)
    result = []

    def add(op, text):
        if result and result[-1][0] == op:
            result[-1][1] += text
        elif text:
            result.append([op, text])

    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("equal", "".join(new_parts[j1:j2]))
        else:
            add("delete", "".join(old_parts[i1:i2]))
            add("insert", "".join(new_parts[j1:j2]))
    return result


# Remembering ---------------------------------------------------------------------------


def origin_of(string_translation):
    """(origin, reviewed) of a wagtail-localize StringTranslation; None for a memory
    pre-fill (its text is remembered already)."""
    tool = string_translation.tool_name
    if tool == PREFILL_TOOL:
        return None
    if tool == FUZZY_TOOL:
        return Origin.MEMORY, False
    if string_translation.translation_type == "machine":
        return Origin.MACHINE, False
    if tool == MEMORY_TOOL:
        return Origin.MEMORY, True
    if tool == PO_TOOL:
        return Origin.PO, True
    return Origin.EDITOR, True


def remember(
    source_locale_id,
    target_locale_id,
    source_text,
    target_text,
    origin,
    reviewed,
    user_id=None,
    when=None,
):
    """Remember a translation (idempotent); returns the entry and whether it is new.

    A known pair of texts is updated: once reviewed it stays reviewed, and who and when
    follow the latest person's review (a machine's later guess changes nothing)."""
    if not source_text.strip() or not target_text.strip():
        return None, False
    when = when or timezone.now()
    key = {
        "source_locale_id": source_locale_id,
        "target_locale_id": target_locale_id,
        "source_hash": text_hash(source_text),
        "target_hash": text_hash(target_text),
    }
    entry = MemoryEntry.objects.filter(**key).first()
    if entry is not None:
        if reviewed or not entry.reviewed:
            entry.reviewed = entry.reviewed or reviewed
            entry.origin, entry.translated_by_id, entry.translated_at = origin, user_id, when
            entry.save(update_fields=["reviewed", "origin", "translated_by", "translated_at"])
        return entry, False
    with transaction.atomic():
        entry = MemoryEntry.objects.create(
            **key,
            source_text=source_text,
            target_text=target_text,
            word_count=len(tokens(source_text)),
            origin=origin,
            reviewed=reviewed,
            translated_by_id=user_id,
            translated_at=when,
        )
        MemoryShingle.objects.bulk_create(
            MemoryShingle(entry=entry, shingle=shingle) for shingle in shingles(source_text)
        )
    return entry, True


def remember_string_translation(sender, instance, raw=False, **kwargs):
    """``post_save`` of StringTranslation: remember what was translated."""
    if raw or instance.has_error or not instance.data:
        return
    if instance.context is not None and instance.context.path == "slug":
        return  # a page's address, derived from its title: nothing to reuse
    origin = origin_of(instance)
    if origin is None:
        return
    source = instance.translation_of
    remember(
        source.locale_id,
        instance.locale_id,
        source.data,
        instance.data,
        origin[0],
        origin[1],
        user_id=instance.last_translated_by_id,
        when=instance.updated_at,
    )


# Matching ------------------------------------------------------------------------------


def exact_matches(source_locale_id, target_locale_id, texts):
    """{text: [entries]} of entries whose source is exactly one of the texts (one query),
    reviewed first, then the latest."""
    hashes = {text_hash(text): text for text in texts}
    found = {text: [] for text in texts}
    entries = (
        MemoryEntry.objects.filter(
            source_locale_id=source_locale_id,
            target_locale_id=target_locale_id,
            source_hash__in=list(hashes),
        )
        .select_related("translated_by")
        .order_by("-reviewed", "-translated_at")
    )
    for entry in entries:
        text = hashes[entry.source_hash]
        if entry.source_text == text:
            found[text].append(entry)
    return found


def _candidates(source_locale_id, target_locale_id, text):
    """The entries that may be 75% like the text: one grouped query on the shingles."""
    wanted = shingles(text)
    if not wanted:
        return []  # one token: only an exact match can be 75% like it
    low, high = token_bounds(len(tokens(text)))
    ids = list(
        MemoryShingle.objects.filter(
            shingle__in=wanted,
            entry__source_locale_id=source_locale_id,
            entry__target_locale_id=target_locale_id,
            entry__word_count__range=(low, high),
        )
        .values("entry_id")
        .annotate(shared=Count("id"))
        .filter(shared__gte=shingles_needed(text))
        .order_by("-shared")
        .values_list("entry_id", flat=True)[:CANDIDATES]
    )
    return list(MemoryEntry.objects.filter(pk__in=ids).select_related("translated_by"))


def fuzzy_matches(source_locale_id, target_locale_id, text):
    """[(percent, entry)] of entries 75-99% like the text, best first (bounded work)."""
    scored = []
    for entry in _candidates(source_locale_id, target_locale_id, text):
        if entry.source_text == text:
            continue  # an exact match, listed as such
        percent = similarity(entry.source_text, text)
        if FUZZY_THRESHOLD <= percent < 100:
            scored.append((percent, entry))
    scored.sort(
        key=lambda item: (-item[0], not item[1].reviewed, -item[1].translated_at.timestamp())
    )
    return scored[:MATCHES_SHOWN]


def find_matches(source_locale_id, target_locale_id, texts):
    """{text: {"exact": [entries], "fuzzy": [(percent, entry)]}} for each text."""
    exact = exact_matches(source_locale_id, target_locale_id, texts)
    result = {}
    for text in texts:
        result[text] = {
            "exact": exact[text][:MATCHES_SHOWN],
            "fuzzy": fuzzy_matches(source_locale_id, target_locale_id, text),
        }
    return result
