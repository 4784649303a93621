"""Text preparation for stance: sentences with offsets and normalised content tokens.

Everything here is pure and deterministic; a prepared text can be reused against many claims,
which is what lets the FNC-1 benchmark process each body once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.nlp import Analysis

# A sentence ends at . ! ? (optionally followed by a closing quote/bracket) before whitespace and
# an upper-case letter, digit or opening quote, or at a line break.
_SENT_END = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[A-Z0-9])|\n+")
TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d")

STOPWORDS: frozenset[str] = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself s t don't isn't wasn't
    aren't weren't won't can't didn't doesn't haven't hasn't hadn't it's he's she's they're
    we're i'm that's there's said says say saying told new news report reports reported one two
    may might many much according just like via get got year years week day days time people man
    woman mr mrs ms monday tuesday wednesday thursday friday saturday sunday today yesterday
    week weeks month months""".split()  # noqa: SIM905
)


# Different words news uses for one counted thing, folded so that "layoffs" meets "job cuts" and
# "deaths" meets "killed" (stems on the left, as produced by :func:`stem`).
CONCEPTS: dict[str, str] = {
    "layoff": "job",
    "redundancy": "job",
    "dead": "kill",
    "death": "kill",
    "die": "kill",
    "died": "kill",
    "fatality": "kill",
}


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    tokens: frozenset[str]  # stemmed content tokens


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match 'denies'/'denied', 'jobs'/'job', 'killed'/'kills'."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word[-2] in "sui":  # "boss", "census", "analysis"
                return word
            return word[: len(word) - len(suffix)] + repl
    return word


# Words repeat across sentences, claims and articles: each spelling is normalised once per process.
@lru_cache(maxsize=1 << 16)
def normalise(raw: str) -> str | None:
    """Lower-case, fold apostrophes, drop possessives and separators; None for stopwords."""
    word = raw.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word[0].isdigit():
        return word.replace(",", "")
    if word in STOPWORDS or len(word) < 2:
        return None
    stemmed = stem(word)
    return CONCEPTS.get(stemmed, stemmed)


def content_tokens(text: str) -> list[str]:
    """Stemmed content tokens in order (numbers kept without separators)."""
    out: list[str] = []
    for match in TOKEN_RE.finditer(text):
        token = normalise(match.group())
        if token is not None:
            out.append(token)
    return out


def entity_tokens(text: str) -> frozenset[str]:
    """Tokens of names and numbers, the heavy terms: capitalised words that are not merely
    sentence-initial (a capitalised word followed by another, "Acme Motors", is a name anywhere)."""
    out: set[str] = set()
    matches = list(TOKEN_RE.finditer(text))
    initial = True
    for i, match in enumerate(matches):
        raw = match.group()
        token = normalise(raw)
        if token is not None:
            following = matches[i + 1].group() if i + 1 < len(matches) else ""
            multiword = following[:1].isupper() and text[match.end() : matches[i + 1].start()].isspace()
            if raw[0].isdigit() or (raw[0].isupper() and (not initial or multiword)):
                out.add(token)
        initial = any(ch in ".!?:\n" for ch in text[match.end() : match.end() + 2])
    return frozenset(out)


def is_title_case(text: str) -> bool:
    """Most words capitalised, as in many headlines: capitals then say nothing about names."""
    words = [m.group() for m in TOKEN_RE.finditer(text) if not m.group()[0].isdigit()]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of sentences, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _SENT_END.finditer(text):
        # a closing quote or bracket after the full stop belongs to the sentence it ends
        _append_stripped(text, pos, match.start() + len(match.group(1) or ""), spans)
        pos = match.end()
    _append_stripped(text, pos, len(text), spans)
    return spans


def _append_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentences(text: str) -> tuple[Sentence, ...]:
    return tuple(
        Sentence(text[s:e], s, e, frozenset(content_tokens(text[s:e]))) for s, e in split_sentences(text)
    )


# dependency labels that keep a verb in the main clause: a negation on one of them negates the claim
_MAIN_CLAUSE = frozenset({"ROOT", "conj", "xcomp", "ccomp"})


def main_negated(analysis: Analysis) -> bool:
    """Whether a main-clause verb of the (one-sentence) text carries a negation (spaCy ``neg``)."""
    tokens = analysis.tokens
    main = {t.i for t in tokens if t.dep == "ROOT"}
    main |= {t.i for t in tokens if t.dep in _MAIN_CLAUSE and tokens[t.head].dep == "ROOT"}
    return any(t.dep == "neg" and t.head in main for t in tokens)
