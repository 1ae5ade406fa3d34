"""Excerpts with the visitor's words marked, built from escaped text only.

Every piece of text is HTML-escaped before ``<mark>`` elements are put around the
matched words, so neither the content nor the query can inject markup.

Matching is deliberately forgiving, as it only decides what is marked inside results
the backend already found: a word matches a query word with the same accent-free
form, the same Snowball stem in the visitor's language ("volcanoes" for "volcano"), or
sharing its "stem prefix" (the query word without its last three letters, at least
four letters), which marks "conférence" for "conférences" and "Stadt" for "Städte".
CJK/Thai query runs are marked wherever they occur as a substring.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .languages import snowball_algorithm, stemmer
from .stopwords import stop_words
from .text import fold, normalise, split_scripts, word_spans, words

EXCERPT_WORDS = 36
EXCERPT_CHARS = 280
WORDS_BEFORE = 10
# How much of a long text is read at a time to find the first match, and how much is
# kept around it to cut the excerpt from.
SCAN_CHARS = 2000
REGION_CHARS = 600


def _cut(text, position, backwards=False):
    """A position in the text at a space near ``position`` (the text's ends outside it)."""
    if position <= 0:
        return 0
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position) if backwards else text.find(" ", position)
    if space == -1:
        return 0 if backwards else len(text)
    return space + 1 if backwards else space


def _same_length_fold_table():
    """``str.translate`` table: each Latin, Greek or Cyrillic character lower-cased and
    without its accents, as one character, so positions in the folded text are
    positions in the text (an approximation of ``fold`` that only finds where to look)."""
    special = {"ł": "l", "đ": "d", "ø": "o", "ı": "i", "ħ": "h", "ß": "s", "æ": "a", "œ": "o"}
    table = {}
    for code in range(0x0530):
        char = chr(code)
        lower = char.lower()
        if len(lower) != 1:
            continue
        base = unicodedata.normalize("NFKD", lower)[:1] or lower
        folded = special.get(lower, base if base.isalnum() else lower)
        if folded != char:
            table[code] = folded
    return table


_FOLD_SAME_LENGTH = _same_length_fold_table()
# A word from where it starts: letters and digits, joined by - ' ’ or . (as word_spans).
_WORD_AT = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")


class Highlighter:
    """Marks the words of a query in texts."""

    def __init__(self, terms, language_code=None):
        self.keys = set()
        self.runs = set()
        for term in terms:
            runs, rest = split_scripts(normalise(term))
            self.runs.update(runs)
            self.keys.update(fold(word) for word in words(rest))
        # "un" or "the" is not what the visitor looks for: not marked, unless alone.
        self.keys = {key for key in self.keys if key not in stop_words(language_code)} or self.keys
        self.prefixes = {key[: max(4, len(key) - 3)] for key in self.keys if len(key) > 4}
        algorithm = snowball_algorithm(language_code)
        self.stem = stemmer(algorithm) if algorithm else None
        self.stems = {self.stem(key) for key in self.keys} if self.stem else set()
        # Where a matching word may start: a key, a stem or a prefix at a word's start.
        starts = sorted(self.keys | self.stems | self.prefixes, key=len, reverse=True)
        self.candidates = re.compile("|".join(map(re.escape, starts))) if starts else None

    def _word_matches(self, word):
        key = fold(word)
        if key in self.keys:
            return True
        if self.stem is not None and self.stem(key) in self.stems:
            return True
        return any(key.startswith(prefix) for prefix in self.prefixes)

    def _matches(self, text):
        """(start, end) of every matched span in the text, in order, not overlapping.

        A regular expression finds where a matching word may start (in C, whatever
        the text's length); only those words are checked.
        """
        found = []
        if self.candidates is not None:
            folded = text.translate(_FOLD_SAME_LENGTH)
            for candidate in self.candidates.finditer(folded):
                start = candidate.start()
                if start and folded[start - 1].isalnum():
                    continue  # inside a word, not at its start
                word = _WORD_AT.match(text, start)
                if word is not None and self._word_matches(word.group()):
                    found.append(word.span())
        for run in self.runs:
            position = text.find(run)
            while position != -1:
                found.append((position, position + len(run)))
                position = text.find(run, position + len(run))
        found.sort()
        merged = []
        for span in found:
            if merged and span[0] < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
            else:
                merged.append(span)
        return merged

    def _render(self, text, spans):
        html = []
        position = 0
        for start, end in spans:
            html.append(escape(text[position:start]))
            html.append(f"<mark>{escape(text[start:end])}</mark>")
            position = end
        html.append(escape(text[position:]))
        return "".join(html)

    def mark(self, text):
        """The whole text, escaped, with matches marked (for titles)."""
        text = text or ""
        return mark_safe(self._render(text, self._matches(text)))  # noqa: S308 - escaped above

    def excerpt(self, *texts):
        """A window of the first text that has a match, around its first match; else the
        beginning of the first non-empty text. Escaped, with matches marked.

        Long texts are read a chunk at a time, up to the first match: a body of twenty
        thousand characters costs what its first paragraphs cost.
        """
        texts = [" ".join((text or "").split()) for text in texts]
        texts = [text for text in texts if text]
        if not texts:
            return mark_safe("")
        for text in texts:
            start = 0
            while start < len(text):
                end = _cut(text, start + SCAN_CHARS)
                spans = self._matches(text[start:end])
                if spans:
                    # The region around the first match, at word boundaries.
                    first = start + spans[0][0]
                    begin = _cut(text, first - REGION_CHARS, backwards=True)
                    region = text[begin : _cut(text, first + REGION_CHARS)]
                    return self._window(
                        region, self._matches(region), before=begin > 0, after=False
                    )
                start = end
        first = texts[0]
        region = first[: _cut(first, REGION_CHARS)]
        return self._window(region, [], before=False, after=len(region) < len(first))

    def _window(self, text, spans, before=False, after=False):
        spans_of_words = word_spans(text) or [(0, len(text))]
        first = spans[0][0] if spans else 0
        index = next((i for i, (_s, end) in enumerate(spans_of_words) if end > first), 0)
        begin_word = max(0, index - WORDS_BEFORE)
        end_word = min(len(spans_of_words), begin_word + EXCERPT_WORDS)
        begin = spans_of_words[begin_word][0]
        end = spans_of_words[end_word - 1][1]
        # CJK and Thai have no spaces: a "word" may be a whole sentence; cut by characters.
        if end - begin > EXCERPT_CHARS:
            begin = max(begin, first - EXCERPT_CHARS // 4)
            end = begin + EXCERPT_CHARS
        # Extend to the end of a sentence's punctuation when it is right there.
        while end < len(text) and end < begin + EXCERPT_CHARS and not text[end].isspace():
            if text[end].isalnum():
                break
            end += 1
        window = text[begin:end]
        inside = [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end]
        html = self._render(window, inside)
        if begin > 0 or before:
            html = "… " + html
        if end < len(text) or after:
            html += " …"
        return mark_safe(html)  # noqa: S308 - every piece was escaped by _render
