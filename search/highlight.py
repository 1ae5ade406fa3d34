"""Excerpts with the visitor's words marked, built from escaped text only.

Every piece of text is HTML-escaped before ``<mark>`` elements are put around the
matched words, so neither the content nor the query can inject markup.

Matching is deliberately forgiving, as it only decides what is marked inside results
the backend already found: a word matches a query word with the same accent-free
form, or sharing its "stem prefix" (the query word without its last three letters,
at least four letters), which marks "conférence" for "conférences" and "Stadt" for
"Städte". CJK/Thai query runs are marked wherever they occur as a substring.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import fold, has_no_space_script, normalise, split_scripts, word_spans, words

EXCERPT_WORDS = 36
EXCERPT_CHARS = 280
WORDS_BEFORE = 10


class Highlighter:
    """Marks the words of a query in texts."""

    def __init__(self, terms):
        self.keys = set()
        self.runs = set()
        for term in terms:
            runs, rest = split_scripts(normalise(term))
            self.runs.update(runs)
            self.keys.update(fold(word) for word in words(rest))
        self.prefixes = {key[: max(4, len(key) - 3)] for key in self.keys if len(key) > 4}

    def _word_matches(self, word):
        key = fold(word)
        if key in self.keys:
            return True
        return any(key.startswith(prefix) for prefix in self.prefixes)

    def _matches(self, text):
        """(start, end) of every matched span in the text, in order, not overlapping."""
        found = []
        for start, end in word_spans(text):
            word = text[start:end]
            if has_no_space_script(word):
                for run in self.runs:
                    position = word.find(run)
                    while position != -1:
                        found.append((start + position, start + position + len(run)))
                        position = word.find(run, position + len(run))
            elif self._word_matches(word):
                found.append((start, end))
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
        beginning of the first non-empty text. Escaped, with matches marked."""
        texts = [" ".join((text or "").split()) for text in texts]
        texts = [text for text in texts if text]
        if not texts:
            return mark_safe("")
        for text in texts:
            spans = self._matches(text)
            if spans:
                return self._window(text, spans)
        return self._window(texts[0], [])

    def _window(self, text, spans):
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
        if begin > 0:
            html = "… " + html
        if end < len(text):
            html += " …"
        return mark_safe(html)  # noqa: S308 - every piece was escaped by _render
