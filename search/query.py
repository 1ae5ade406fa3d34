"""What a visitor types, turned into a search query every backend can run.

The grammar is the one people know from web search engines:

- words are all required: ``tyre recycling``;
- ``"quoted words"`` are a phrase;
- ``OR`` (in capitals) between two words or phrases accepts either;
- ``-word`` or ``NOT word`` excludes a word (a search cannot only exclude);
- anything else that is not a letter or a digit (brackets, ``*``, ``:``, ...) is a
  separator, never syntax, so no input can break a backend's own query language.

The text is normalised first (``search.text.normalise``: no control characters, no
lone surrogates, NFKC) and capped at ``MAX_QUERY_LENGTH`` characters and
``MAX_TERMS`` words; the visitor is told when it was shortened.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modelsearch.query import And, Not, Or, Phrase, PlainText

from .text import normalise, truncate, words

MAX_QUERY_LENGTH = 200
MAX_TERMS = 32

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_OPERATORS = {"OR", "AND", "NOT"}


@dataclass
class ParsedQuery:
    """A visitor's query: the cleaned text, the backend query (None when there is
    nothing to search for), the words to highlight and what to tell the visitor."""

    text: str = ""
    query: object = None
    terms: list = field(default_factory=list)
    messages: list = field(default_factory=list)

    @property
    def message(self):
        return " ".join(str(message) for message in self.messages)


def _segments(text):
    """(is_phrase, text) segments: text between a pair of double quotes is a phrase;
    an unpaired quote is a separator."""
    parts = text.translate(_QUOTES).split('"')
    if len(parts) % 2 == 0:
        # An odd number of quotes: the last one opens nothing.
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    return [(index % 2 == 1, part) for index, part in enumerate(parts) if part.strip()]


def _items(text):
    """The query's items as (kind, value, negated, joins_previous) tuples."""
    items = []
    negate_next = False
    or_next = False
    for is_phrase, segment in _segments(text):
        if is_phrase:
            phrase_words = words(segment)
            if phrase_words:
                items.append(("phrase", " ".join(phrase_words), negate_next, or_next))
            negate_next = or_next = False
            continue
        for piece in segment.split():
            if piece in _OPERATORS:
                if piece == "NOT":
                    negate_next = True
                elif piece == "OR" and items:
                    or_next = True
                continue
            negated = negate_next or piece.startswith("-")
            for word in words(piece):
                items.append(("word", word, negated, or_next))
                or_next = False
            negate_next = False
    return items


def parse_query(raw):
    """Parse what the visitor typed (any string, even with NUL or lone surrogates)."""
    parsed = ParsedQuery()
    text = normalise(raw or "")
    if len(text) > MAX_QUERY_LENGTH:
        text = truncate(text, MAX_QUERY_LENGTH)
        parsed.messages.append(
            ngettext(
                "Your search was shortened to its first %(count)d character.",
                "Your search was shortened to its first %(count)d characters.",
                MAX_QUERY_LENGTH,
            )
            % {"count": MAX_QUERY_LENGTH}
        )
    parsed.text = text
    if not text:
        return parsed

    items = _items(text)
    if len(items) > MAX_TERMS:
        items = items[:MAX_TERMS]
        parsed.messages.append(
            _("Only the first %(count)d words of your search were used.") % {"count": MAX_TERMS}
        )

    # OR binds two neighbours into a group; a negated word in a group is just a word.
    groups = []
    for kind, value, negated, joins_previous in items:
        if joins_previous and groups and not groups[-1]["negated"]:
            groups[-1]["members"].append((kind, value))
        else:
            groups.append({"members": [(kind, value)], "negated": negated})

    def as_query(kind, value):
        return Phrase(value) if kind == "phrase" else PlainText(value, operator="and")

    plain_words, parts, excluded = [], [], []
    for group in groups:
        members = group["members"]
        if group["negated"]:
            excluded.extend(Not(as_query(*member)) for member in members)
        elif len(members) > 1:
            parts.append(Or([as_query(*member) for member in members]))
            parsed.terms.extend(value for _kind, value in members)
        elif members[0][0] == "word":
            plain_words.append(members[0][1])
            parsed.terms.append(members[0][1])
        else:
            parts.append(as_query(*members[0]))
            parsed.terms.append(members[0][1])
    if plain_words:
        parts.insert(0, PlainText(" ".join(plain_words), operator="and"))

    if not parts:
        if excluded:
            parsed.messages.append(
                _("Add a word to look for: a search cannot only exclude words.")
            )
        else:
            parsed.messages.append(_("Your search has no letters or digits to look for."))
        return parsed

    parts.extend(excluded)
    parsed.query = parts[0] if len(parts) == 1 else And(parts)
    return parsed
