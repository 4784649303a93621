"""Who says so: party names compared through their aliases, and which names may be shown."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.detect.lexicon import PARTY_NOUNS

_ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_WORD = re.compile(r"[\w'’]+")
_HOST = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}$|^\d{1,3}(?:\.\d{1,3}){3}$", re.IGNORECASE)
# Words that describe a party without naming one, as a whole name ("officials" alone names nobody).
_NO_PARTY = frozenset({"", "unnamed source", "source", "sources", "officials", "it", "they", "he", "she"})
_LEADING_ARTICLE = re.compile(r"^(?:The|A|An)(?=\s+[a-z])")
_MINOR = frozenset({"of", "for", "and", "the", "on", "in", "de"})


def party_key(name: str) -> str:
    """Case, leading article and possessive folded: "The Health Ministry's" -> "health ministry"."""
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(_ARTICLES.sub("", name.strip()).casefold())]
    return " ".join(w for w in words if w)


def _acronym(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _MINOR)


def same_party(a: str | None, b: str | None) -> bool:
    """The same party under two names: equal keys, a short mention of a longer name ("the
    ministry" / "the health ministry"), or an acronym ("DHS" / "Department of Homeland Security")."""
    if not a or not b:
        return False
    ka, kb = party_key(a), party_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    ta, tb = set(ka.split()), set(kb.split())
    if ta <= tb or tb <= ta:
        return True
    return (" " not in ka and len(ka) > 1 and ka == _acronym(kb)) or (
        " " not in kb and len(kb) > 1 and kb == _acronym(ka)
    )


def _folded(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def shown_party(name: str | None, texts: Iterable[str]) -> str | None:
    """``name`` if it may be shown as a party: a name or description read in ``texts`` (the
    sentences and headlines it came from), never a host name or an empty placeholder."""
    if name is None:
        return None
    clean = " ".join(name.split()).strip(" ,;:.")
    if party_key(clean) in _NO_PARTY or _HOST.match(clean):
        return None
    key = _folded(clean)
    if not key or not any(key in _folded(t) for t in texts):
        return None
    # shown after "by" or a dash: "the dockers' union", as a sentence would write it; a common
    # noun capitalised only because it opened the sentence ("Police said ...") is written small
    if clean.casefold() in PARTY_NOUNS and clean[:1].isupper() and clean[1:].islower():
        return clean.lower()
    return _LEADING_ARTICLE.sub(lambda m: m.group(0).lower(), clean)


_PREPOSITIONS = frozenset(
    [
        "in",
        "through",
        "at",
        "from",
        "of",
        "on",
        "to",
        "near",
        "across",
        "into",
        "for",
        "over",
        "with",
        "about",
        "against",
        "by",
        "after",
        "before",
        "since",
        "during",
        "under",
        "than",
        "like",
        "below",
        "above",
        "despite",
    ]
)
_VERBS = re.compile(
    r"\b(?:said|says|say|told|stated|added|insisted|rejected|rejects|reject|denied|denies|deny|"
    r"disputed|disputes|dispute|called|calls|dismissed|dismisses|contested|contests|countered|"
    r"counters|put|puts|estimated|estimates|reported|reports|claimed|claims|counted|raised|wrote)\b"
)


# Words that follow a speaker without being part of its name ("the ministry again denied").
_NOT_NAME = (
    _PREPOSITIONS
    | _NO_PARTY
    | frozenset(
        [
            *("again", "also", "still", "now", "then", "later", "today", "yesterday", "tomorrow", "too"),
            *("has", "have", "had", "was", "were", "is", "are", "will", "would", "could", "and", "or"),
            *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "itself"),
        ]
    )
)


def subject(sentence: str) -> str:
    """The words before the sentence's first reporting or denial verb (its speaker, usually):
    "“These numbers are invented,” the health ministry" for "… the health ministry said"."""
    match = _VERBS.search(sentence.casefold())
    return sentence[: match.start()] if match else ""


def speaks_in(party: str, sentence: str) -> bool:
    """Whether ``party`` is the speaker of ``sentence``: named before its reporting or denial
    verb, and not as the object of a preposition ("marched through Calder")."""
    before = _folded(subject(sentence))
    key = _folded(party)
    start = f" {before} ".find(f" {key} ")
    while start >= 0:
        previous = before[:start].split()[-1:] if start else []
        if not previous or previous[0] not in _PREPOSITIONS:
            return True
        start = f" {before} ".find(f" {key} ", start + 1)
    return False


# Where a sentence turns to a second speaker: "X said 300, a figure Y rejects", "X says 300, but
# Y denies it", "X counted 300 while Y put it at 900".
_CLAUSE_BREAK = re.compile(r"[;,]\s+|\s+(?:but|while|whereas|though|although)\s+", re.IGNORECASE)


def speaks_in_a_clause(party: str, sentence: str) -> bool:
    """Whether ``party`` speaks the sentence or one of its later clauses (the speaker of a clause
    is named before that clause's reporting or denial verb, as in ``speaks_in``)."""
    return speaks_in(party, sentence) or any(
        speaks_in(party, sentence[m.end() :]) for m in _CLAUSE_BREAK.finditer(sentence)
    )


def full_name(party: str, sentence: str) -> str:
    """``party`` completed from the sentence when the detector cut it short: "The space" in
    "The space agency denied …" is "The space agency" (at most two more words, up to the verb)."""
    head = subject(sentence)
    index = head.casefold().find(party.casefold())
    if index < 0:
        return party
    rest = head[index + len(party) :].split()
    extra: list[str] = []
    for word in rest[:2]:
        bare = word.strip(",;:“”\"'’")
        if (
            bare != word
            or not bare.isalpha()
            or bare.casefold() in _NOT_NAME
            or bare.casefold().endswith("ly")
        ):
            break
        extra.append(bare)
    return " ".join([party, *extra]) if extra and len(extra) == len(rest) else party
