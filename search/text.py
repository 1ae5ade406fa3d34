"""Text handling shared by indexing and querying, whatever the backend.

The same functions prepare what is indexed and what is searched, so both sides always
agree:

- ``normalise``: Unicode NFKC (full-width Latin and half-width katakana become their
  usual forms) and no control, surrogate, private-use or unassigned characters.
- ``fold``: accents removed from Latin, Greek and Cyrillic letters ("Zalău" -> "Zalau"),
  so a visitor who types without accents still finds the page. Thai and CJK marks are
  kept: they are part of the letters, not accents.
- Chinese, Japanese and Thai are written without spaces between words, so a word
  cannot be told apart from the text around it without a dictionary. Runs of those
  scripts are indexed as overlapping character pairs ("bigrams") plus the run's last
  character; a query run becomes the phrase of its bigrams (a one-character query,
  a prefix). So the two-character word 城市 finds 米其林城市网络.
"""

import re
import unicodedata

# Scripts written without spaces between words: Han (CJK ideographs and extensions),
# the Japanese kana, the CJK iteration and prolonged-sound marks, and Thai.
_NO_SPACE_CLASS = (
    "\u0e00-\u0e7f"  # Thai
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u30ff"  # Hiragana, Katakana (with ー)
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003ffff"  # CJK extensions B and later
)
_NO_SPACE_RUN = re.compile(f"[{_NO_SPACE_CLASS}]+")
# Accents: the combining diacritical marks (not Thai vowels nor the kana voicing marks).
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

_SURROGATES = re.compile("[\ud800-\udfff]")
# Control characters (C0, DEL, C1) and line/paragraph separators: white space.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Invisible format characters (soft hyphen, zero-width, bidi controls, BOM) and private use.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
    "\ue000-\uf8ff\U000f0000-\U0010ffff]"
)

# Letters whose accent-free form is not given by Unicode decomposition.
_FOLD_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
    }
)

_WORD_JOINERS = "-'’."
# A token as SQLite FTS5's unicode61 tokenizer cuts text: a run of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")


def is_no_space_char(char):
    """Whether the character belongs to a script written without spaces (CJK, Thai)."""
    return _NO_SPACE_RUN.match(char) is not None


def has_no_space_script(text):
    return _NO_SPACE_RUN.search(text) is not None


def normalise(text):
    """NFKC, without control, surrogate, format or private-use characters.

    Control characters (NUL included) become spaces and runs of white space one space,
    so whatever arrives in a query string is safe to hand to any backend.
    """
    if not text:
        return ""
    # Lone surrogates cannot be normalised (or encoded): drop them first.
    text = _SURROGATES.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", _CONTROLS.sub(" ", text))
    return " ".join(text.split())


def fold(text):
    """The text without accents on Latin, Greek and Cyrillic letters; lower-cased."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_SPECIAL))
    return unicodedata.normalize("NFC", _ACCENTS.sub("", decomposed)).lower()


def _mark_ranges():
    """The combining marks of the Basic Multilingual Plane as a character class body
    (Python's \\w leaves them out, and Thai vowels and tone marks are marks)."""
    ranges, start = [], None
    for code in range(0x10000):
        is_mark = unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges)


_WORD_CHAR = f"[\\w{_mark_ranges()}]"
# A word: runs of letters, digits and marks, joined by - ' ’ or . when a letter follows.
_WORD = re.compile(f"{_WORD_CHAR}+(?:[-'’.]{_WORD_CHAR}+)*")


def word_spans(text):
    """(start, end) of each word of a text: runs of letters, digits and marks, joined
    by - ' ’ or . (so "Clermont-Ferrand" and "l'été" are one word each)."""
    return [match.span() for match in _WORD.finditer(text)]


def words(text):
    """The words of a text (see ``word_spans``); punctuation alone is no word."""
    return [text[start:end] for start, end in word_spans(text)]


def tokens(text):
    """The tokens of a text as SQLite FTS5's ``unicode61`` tokenizer reads it: runs of
    letters and digits ("Clermont-Ferrand" is "Clermont", "Ferrand"; "d'hiver" is "d",
    "hiver")."""
    return _TOKEN.findall(text)


def stemmed(text, stem=None):
    """The tokens of a folded text, each replaced by its stem (``stem``: a function
    from ``search.languages.stemmer``; None keeps the words as they are), joined by
    spaces."""
    found = tokens(text)
    return " ".join(map(stem, found) if stem else found)


def split_scripts(text):
    """Split a text into (no-space runs, rest): CJK/Thai runs apart, the rest with spaces
    where they were, so words on both sides of a run are not glued together."""
    return _NO_SPACE_RUN.findall(text), _NO_SPACE_RUN.sub(" ", text)


def bigrams(run):
    """The overlapping character pairs of a CJK/Thai run, then its last character.

    The trailing single character lets a one-character query (a prefix search) find a
    character that ends a run, which no pair starts with.
    """
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_text(text):
    """(text for the language's own analysis, text of CJK/Thai bigrams) to index.

    The first part is folded (no accents, lower case); the second holds every CJK/Thai
    run of the text as bigrams, separated by spaces.
    """
    runs, rest = split_scripts(normalise(text))
    grams = " ".join(" ".join(bigrams(run)) for run in runs)
    return fold(rest).strip(), grams


def query_run_bigrams(run):
    """The bigrams a query run must match in order (its phrase); one character stays one."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def truncate(text, length):
    """The text cut to at most ``length`` characters, never in the middle of a word
    when a space is near."""
    if len(text) <= length:
        return text
    cut = text[:length]
    space = cut.rfind(" ")
    if space > length * 0.8:
        cut = cut[:space]
    return cut.rstrip()
