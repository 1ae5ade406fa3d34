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

import unicodedata

# Scripts written without spaces between words: Han (CJK ideographs and extensions),
# the Japanese kana, the CJK iteration and prolonged-sound marks, and Thai.
_NO_SPACE_RANGES = (
    (0x0E00, 0x0E7F),  # Thai
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana (with ー)
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later
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


def is_no_space_char(char):
    """Whether the character belongs to a script written without spaces (CJK, Thai)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _NO_SPACE_RANGES)


def has_no_space_script(text):
    return any(is_no_space_char(char) for char in text)


def _is_word_char(char):
    # Python's \w leaves out combining marks, which Thai vowels and tone marks are.
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def normalise(text):
    """NFKC, without control, surrogate, private-use or unassigned characters.

    Control characters (NUL included) become spaces and runs of white space one space,
    so whatever arrives in a query string is safe to hand to any backend.
    """
    if not text:
        return ""
    # Lone surrogates cannot be normalised (or encoded); drop them first.
    text = "".join(char for char in text if not 0xD800 <= ord(char) <= 0xDFFF)
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" or category == "Zl" or category == "Zp":
            kept.append(" ")
        elif category in {"Cs", "Co", "Cn", "Cf"}:
            continue
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def fold(text):
    """The text without accents on Latin, Greek and Cyrillic letters; lower-cased."""
    folded = []
    for char in text.translate(_FOLD_SPECIAL):
        code = ord(char)
        if code < 0x0530 or 0x1E00 <= code <= 0x1EFF:
            decomposed = unicodedata.normalize("NFKD", char)
            folded.append("".join(c for c in decomposed if not unicodedata.combining(c)))
        else:
            folded.append(char)
    return "".join(folded).lower()


def word_spans(text):
    """(start, end) of each word of a text: runs of letters, digits and marks, joined
    by - ' ’ or . (so "Clermont-Ferrand" and "l'été" are one word each)."""
    spans = []
    start = None
    for index, char in enumerate(text):
        if _is_word_char(char):
            if start is None:
                start = index
        elif (
            char in _WORD_JOINERS
            and start is not None
            and index + 1 < len(text)
            and _is_word_char(text[index + 1])
        ):
            continue
        elif start is not None:
            spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def words(text):
    """The words of a text (see ``word_spans``); punctuation alone is no word."""
    return [text[start:end] for start, end in word_spans(text)]


def split_scripts(text):
    """Split a text into (no-space runs, rest): CJK/Thai runs apart, the rest with spaces
    where they were, so words on both sides of a run are not glued together."""
    runs = []
    rest = []
    current = []
    for char in text:
        if is_no_space_char(char):
            current.append(char)
            continue
        if current:
            runs.append("".join(current))
            current = []
            rest.append(" ")
        rest.append(char)
    if current:
        runs.append("".join(current))
    return runs, "".join(rest)


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
