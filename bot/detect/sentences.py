"""Sentence splitting that survives abbreviations (Mr., U.S., Sept.), initials, decimals and quotes."""

from __future__ import annotations

import re

from bot.detect.lexicon import ABBREVIATIONS
from bot.detect.model import Span

# A boundary candidate: terminal punctuation, optional closing quotes/brackets, then whitespace
# and something that can start a sentence.
# The look-behind and possessive runs make a long run of dots or quotes cost linear time.
# ("iFixit", "eBay": a brand in camel case starts a sentence too)
_BOUNDARY = re.compile(r"(?<![.!?])([.!?]++)([\"'”’)\]]*+)(\s+)(?=[\"'“‘(\[]{0,2}(?:[A-Z0-9]|[a-z][A-Z]))")
# Scraped pages often lose the space between two sentences ("the board said.Voters ...", "put it
# at 35,000.The mayor ..."): a full stop between a lower-case word or a figure and a capitalised
# word is a boundary too ("www.Site" is not).
_GLUED = re.compile(r"(?<=[a-z0-9][a-z0-9%])([.!?])([\"'”’]?)()(?=[A-Z][a-z])")
_NOT_GLUED = frozenset({"www"})
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# No real sentence is this long (the longest in thousands of news bodies is under 1,400
# characters); cutting longer runs keeps every later per-sentence step bounded on hostile text.
MAX_SENTENCE = 1500
_SPACE_BEFORE = re.compile(r"\s\S*$")


def _word_before(text: str, dot: int) -> str:
    """The word (dots kept) just before the stop at ``dot``, lower-cased; "" when none."""
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)  # a bounded look back
    return m.group(1).lower() if m else ""


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation or an initial."""
    word = _word_before(text, dot)
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "Benjamin T. Decker"
    return word in ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


# A line broken inside a sentence: no terminal punctuation before one newline, a lower-case word
# after it (no sentence starts lower-case). A blank line always ends a paragraph.
_WRAPPED = re.compile(r"\n[ \t]*(?=[a-z])")
_LINE_ENDS = frozenset(".!?:;\"'”’)]")


def _lines(document: str) -> list[tuple[str, int]]:
    """The document's lines, hard-wrapped ones joined back: (text, offset); a joined line keeps
    its newline inside, so offsets stay exact."""
    bounds: list[list[int]] = []  # [start, end] of each joined line; sliced once (linear)
    joined_end = -1
    for line in _LINE.finditer(document):
        if bounds and line.start() == joined_end:
            bounds[-1][1] = line.end()
        else:
            bounds.append([line.start(), line.end()])
        last = line.group().rstrip()[-1:]
        wrap = _WRAPPED.match(document, line.end()) if last and last not in _LINE_ENDS else None
        joined_end = wrap.end() if wrap else -1
    return [(document[start:end], start) for start, end in bounds]


def split_sentences(document: str) -> tuple[Span, ...]:
    """Sentences of ``document`` as spans with exact offsets; a newline ends a sentence unless the
    line was only wrapped (see ``_WRAPPED``)."""
    spans: list[Span] = []
    for text, base in _lines(document):
        start = 0
        for m in sorted((*_BOUNDARY.finditer(text), *_GLUED.finditer(text)), key=lambda b: b.start()):
            if m.group(1) == "." and not m.group(2) and _is_abbreviation(text, m.start(1)):
                continue
            if m.re is _GLUED and _word_before(text, m.start(1)) in _NOT_GLUED:
                continue
            end = m.end(2)
            _add(spans, document, base + start, base + end)
            start = m.end(3)
        _add(spans, document, base + start, base + len(text))
    return tuple(spans)


def _add(spans: list[Span], document: str, start: int, end: int) -> None:
    while start < end:
        stop = end
        if stop - start > MAX_SENTENCE:
            # cut at the last space of the window (a hard cut when there is none)
            window = document[start : start + MAX_SENTENCE]
            gap = _SPACE_BEFORE.search(window, MAX_SENTENCE // 2)
            stop = start + (gap.start() if gap else MAX_SENTENCE)
        _add_one(spans, document, start, stop)
        start = stop


def _add_one(spans: list[Span], document: str, start: int, end: int) -> None:
    while start < end and document[start].isspace():
        start += 1
    while end > start and document[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(document[start:end], start, end))


def paragraph_ids(document: str, sentences: tuple[Span, ...]) -> tuple[int, ...]:
    """Paragraph number of each sentence (a paragraph is a line of the document; a newline
    inside a sentence only wrapped it)."""
    out: list[int] = []
    para, pos = 0, 0
    for s in sentences:
        para += document.count("\n", pos, s.start)
        pos = s.end
        out.append(para)
    return tuple(out)
