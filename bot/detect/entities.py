"""Named mentions in document order, so short mentions and pronouns resolve to a full name.

"the observatory" → "Syrian Observatory for Human Rights"; "Peskov" → "Dmitry Peskov";
"he" → the last person named; "it"/"they" → the last organisation named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bot.detect import lexicon as lx
from bot.detect.model import Span
from bot.detect.text import Token, clean_name, norm_name, tokenize

_LEADING_SKIP = (
    lx.FUNCTION_WORDS
    | lx.TIME_WORDS
    | {
        "according",
        "despite",
        "when",
        "after",
        "before",
        "although",
        "though",
        "because",
        "if",
        "while",
        "since",
        "meanwhile",
        "however",
        "yet",
        "so",
        "but",
        "and",
        "as",
        "in",
        "on",
    }
)
_CONNECTORS = {"of", "for", "de", "al", "the", "and", "&", "on"}
# "EXPOSED: ...", "BREAKING: ...": a headline's kicker labels the story, it names nobody
_KICKERS = frozenset(
    {"breaking", "exclusive", "exposed", "revealed", "watch", "update", "updated", "live", "video"}
    | {"photos", "opinion", "analysis", "comment", "explainer", "shock", "factcheck"}
)


class EntityKind(StrEnum):
    """What a name stands for; rules ask for a person or an org when resolving "he" or "it"."""

    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    start: int
    kind: EntityKind


_DOMAIN = re.compile(r"\w\.(?:com|org|net|co|news|info)\b", re.I)


@lru_cache(maxsize=8192)  # pure, and asked of the same names again and again
def classify(name: str) -> EntityKind:
    words = [w.strip(".,’'") for w in clean_name(name).split()]
    if not words:
        return EntityKind.OTHER
    lows = [w.lower() for w in words]
    titled = [k for k, w in enumerate(lows) if w in lx.PERSON_TITLES]
    if (
        titled
        and titled[-1] <= len(words) - 2
        and all(w[:1].isupper() and w.lower() not in lx.ORG_WORDS for w in words[titled[-1] + 1 :])
    ):
        return EntityKind.PERSON  # "MGM chairman Jim Murren", "Kremlin spokesman Dmitry Peskov"
    if (
        _DOMAIN.search(name)
        or any(w in lx.ORG_WORDS for w in lows)
        or any(w.isupper() and len(w) >= 2 and w.isalpha() for w in words)
    ):
        return EntityKind.ORG  # a web address ("Snopes.com") is an outlet too
    if all(w in lx.PLACES for w in lows):
        return EntityKind.PLACE
    if any(w in lx.PERSON_TITLES for w in lows) or any(
        w in ("spokesman", "spokeswoman", "spokesperson", "expert", "official") for w in lows
    ):
        return EntityKind.PERSON
    if any(w.endswith(("’s", "'s")) for w in clean_name(name).split()[:-1]):
        return EntityKind.OTHER  # "Bellagio's Prime Steakhouse": a possessive names a thing, not a person
    content = [w for w in words if w.lower() not in ("of", "de", "al", "bin", "van", "von", "da")]
    caps = [w for w in content if w[:1].isupper()]
    if 2 <= len(caps) <= 5 and len(caps) == len(content):
        return EntityKind.PERSON
    return EntityKind.OTHER


def capitalised_chunks(sentence: Span) -> list[Mention]:
    """Runs of capitalised words ("Syrian Observatory for Human Rights") in a sentence."""
    toks = tokenize(sentence.text, sentence.start)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if (
            not (tok.is_cap and tok.text[:1].isalpha())
            or (i == 0 and tok.low in _KICKERS and sentence.text[tok.end - sentence.start :].startswith(":"))
            or (tok.low in _LEADING_SKIP and (i == 0 or not toks[i - 1].is_cap))
            or tok.low in lx.UNITS
            or tok.low in lx.TENS
        ):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            t = toks[j]
            if t.text == "I" and (j + 1 == len(toks) or not toks[j + 1].is_cap):
                break  # "the 6 Plus I got": the pronoun I ends a name, it is not part of it
            if (t.is_cap and t.text[:1].isalpha()) or (
                t.low in _CONNECTORS and j + 1 < len(toks) and toks[j + 1].is_cap
            ):
                j += 1
            else:
                break
        text = sentence.text[toks[i].start - sentence.start : toks[j - 1].end - sentence.start]
        name = clean_name(text)
        if name:
            kind = classify(name)
            before = [t.low for t in toks[max(0, i - 3) : i] if t.text != ","]
            if kind == EntityKind.OTHER and any(w in lx.ORG_WORDS for w in before[-2:]):
                kind = EntityKind.ORG  # "the newspaper Al-Sabah", "the site, Dailyhub"
            if j < len(toks) and toks[j].low in _MEDIA_HEADS | _ORG_HEADS:
                kind = EntityKind.ORG  # "New Vista magazine", "Acme group": a lower-case head names an org
            out.append(Mention(name, toks[i].start, kind))
        i = j
    return out


_GROUP_TITLES = frozenset({"officer", "official", "expert", "analyst"})
_ORG_HEADS = frozenset({"company", "firm", "group", "charity", "agency", "organisation", "organization"})
_WORK_OF = re.compile(
    r"^(?P<o>.+?)[’']s\s+(?:[a-z]+\s+)?(?:piece|article|report|story|profile|column|editorial|post|"
    r"blog|tweet|claims?|estimates?|figures?|tally|count|account)$",
    re.I,
)
_MEDIA_HEADS = frozenset({"paper", "newspaper", "site", "website", "outlet", "magazine", "tabloid"})


def _is_epithet(name: str) -> bool:
    """ "the San Diego Republican", "Texas Democrat": a capitalised role noun after a place."""
    bare_words = clean_name(name).removeprefix("the ").removeprefix("The ").split()
    return (
        2 <= len(bare_words) <= 3
        and bare_words[-1].lower() in lx.ROLE_NOUNS
        and all(w[:1].isupper() for w in bare_words)
    )


class Entities:
    """Mentions seen so far in an article; answers "who is this short name / pronoun?"."""

    def __init__(self, mentions: list[Mention]) -> None:
        surnames = {
            m.name.split()[-1] for m in mentions if m.kind == EntityKind.PERSON and len(m.name.split()) > 1
        }
        # "Hunter" after "Duncan Hunter" is the same person
        self._mentions = sorted(
            (
                Mention(m.name, m.start, EntityKind.PERSON)
                if m.kind == EntityKind.OTHER and m.name in surnames
                else m
                for m in mentions
            ),
            key=lambda m: m.start,
        )
        # "The Ohio Democrat" names nobody new: it stands for the person named before it, so later
        # "he"/"him" and its own cues resolve to that person, not to the epithet
        for k, m in enumerate(self._mentions):
            if _is_epithet(m.name):
                found = self._last(m.start, (EntityKind.PERSON,), skip=norm_name(m.name))
                if found:
                    self._mentions[k] = Mention(found, m.start, EntityKind.PERSON)

    def add(self, mention: Mention) -> None:
        known = next((m.kind for m in self._mentions if m.name == mention.name), None)
        if known is not None and known != mention.kind:
            mention = Mention(mention.name, mention.start, known)  # what the text showed wins
        self._mentions.append(mention)
        self._mentions.sort(key=lambda m: m.start)

    def before(self, pos: int) -> list[Mention]:
        return [m for m in self._mentions if m.start < pos]

    def resolve(self, name: str, pos: int) -> str | None:
        """Full name for ``name`` used at ``pos``; None when a pronoun cannot be resolved."""
        name = clean_name(name)
        owner = _WORK_OF.match(name)
        if owner:  # "the magazine's piece", "Hunter's claim": the party behind the text
            name = clean_name(owner.group("o"))
        low = name.lower()
        if low in lx.PERSON_PRONOUNS:
            return self._last(pos, (EntityKind.PERSON,))
        if low in lx.GROUP_PRONOUNS or low in ("we", "us", "our"):
            return self._last(pos, (EntityKind.ORG,))
        key = norm_name(name)
        if not key:
            return None
        acronym = self._expand_acronym(name)
        if acronym is not None:
            return acronym
        earlier = self.before(pos)
        if _is_epithet(name):
            # "the San Diego Republican", "the Texas Democrat": an epithet for the person named last
            bare = name.removeprefix("the ").removeprefix("The ")
            return self._last(pos, (EntityKind.PERSON,), skip=norm_name(bare)) or name
        if len(key.split()) == 1:
            return self._resolve_word(name, key, pos, earlier)
        return name

    def _expand_acronym(self, name: str) -> str | None:
        """ "DHS" -> "Department of Homeland Security", named anywhere in the article."""
        bare = name.removeprefix("the ").removeprefix("The ")
        if not (bare.isupper() and 2 <= len(bare) <= 5 and bare.isalpha()):
            return None
        for m in self._mentions:
            initials = "".join(w[0] for w in m.name.split() if w[:1].isupper())
            if initials == bare and len(m.name.split()) > 1:
                return m.name
        return None

    def _resolve_word(self, name: str, key: str, pos: int, earlier: list[Mention]) -> str:
        """A one-word name: a surname or an org's word seen before, or a head noun ("the
        minister", "the company", "the paper") standing for the party named last."""
        for m in reversed(earlier):
            mwords = norm_name(m.name).split()
            if len(mwords) > 1 and (mwords[-1] == key or (m.kind == EntityKind.ORG and key in mwords)):
                return m.name
        if name.lower().startswith("the "):
            found = self._definite_head(name, key, pos, earlier)
            if found is not None:
                return found
        if key in _MEDIA_HEADS and name.lower().startswith("the"):
            return self._last(pos, (EntityKind.ORG,)) or name  # "the paper" -> the outlet named last
        return name

    def _definite_head(self, name: str, key: str, pos: int, earlier: list[Mention]) -> str | None:
        """ "the congressman", "the singer", "the company", "the site": who it stands for, or
        None when the head noun is none of these."""
        if key in lx.PERSON_TITLES and key not in _GROUP_TITLES:
            # "the congressman", "the minister": the person named last with that role or any person
            titled = [m for m in earlier if m.kind == EntityKind.PERSON and key in m.name.lower().split()]
            found = titled[-1].name if titled else self._last(pos, (EntityKind.PERSON,))
            if found and norm_name(found) == norm_name(name):
                return found  # "the mayor" met before as a speaker of its own: nothing more to resolve
            return (self.resolve(found, pos) or found) if found else name
        if key in lx.ROLE_NOUNS:
            # "the singer", "the lawmaker": the person named last
            return self._last(pos, (EntityKind.PERSON,)) or name
        if key in _ORG_HEADS:
            # "the company" -> the firm named last; not a described party ("the union")
            named = [
                m.name
                for m in earlier
                if m.kind == EntityKind.ORG and _proper(m.name) and not _other_body(key, m.name)
            ]
            return named[-1] if named else name
        if key in ("site", "website"):
            # "the site" after "According to Snopes.com": the web address named last
            domains = [m.name for m in earlier if _DOMAIN.search(m.name)]
            if domains:
                return domains[-1]
        return None

    def _last(self, pos: int, kinds: tuple[EntityKind, ...], skip: str = "") -> str | None:
        earlier = self.before(pos)
        for k in range(len(earlier) - 1, -1, -1):
            m = earlier[k]
            if skip and norm_name(m.name) == skip:
                continue  # the epithet's own mention
            if m.kind in kinds and m.name.lower() not in lx.PERSON_PRONOUNS | lx.GROUP_PRONOUNS:
                if " " not in m.name:  # a surname: give the full name seen before it
                    full = [e.name for e in earlier[:k] if e.kind == m.kind and e.name.endswith(" " + m.name)]
                    if full:
                        return full[-1]
                return m.name
        return None


# bodies that are no firm: "the company" after "the CGT union" is not the union
_NON_FIRM_HEADS = frozenset(
    {"union", "unions", "association", "council", "committee", "ministry", "department", "government"}
    | {"commission", "court", "police", "army", "party", "federation", "forum", "league", "parliament"}
    | {"university", "school", "hospital", "observatory", "watchdog", "regulator", "authority"}
)


def _other_body(key: str, name: str) -> bool:
    """``name`` heads a body that ``the <key>`` ("the company", "the firm") cannot stand for."""
    return key in ("company", "firm") and name.lower().split()[-1] in _NON_FIRM_HEADS


def _proper(name: str) -> bool:
    """A name, not a description: a capitalised word after any leading article."""
    words = name.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return any(w[:1].isupper() for w in words)


_SPOKESPEOPLE = frozenset(
    {"official", "officials", "spokesman", "spokeswoman", "spokesperson", "source", "sources"}
)


def _affiliation(norm: str) -> str:
    """The body a normalised name speaks for: "madhu rai of nepal s tourism ministry" -> "nepal
    tourism ministry", "nepal tourism ministry official" -> the same; "" when it names none.
    Two words at least, so "a source of the army" does not reduce to a bare "army"."""
    words = norm.replace(" s ", " ").split()
    if "of" in words[1:]:
        body = words[len(words) - 1 - words[::-1].index("of") + 1 :]
    elif len(words) > 2 and words[-1] in _SPOKESPEOPLE:
        body = [w for w in words[:-1] if w not in ("a", "an", "one", "senior")]
    else:
        return ""
    body = [w for w in body if w not in ("the", "a", "an")]
    return " ".join(body) if len(body) >= 2 else ""


def same_party(a: str | None, b: str | None) -> bool:
    """Whether two resolved names plausibly denote the same party."""
    if not a or not b:
        return False
    na, nb = norm_name(a), norm_name(b)
    if not na or not nb:
        return False
    if f" {na} " in f" {nb} " or f" {nb} " in f" {na} ":
        return True  # whole words: "official" is not "unofficial sources"
    ga, gb = _affiliation(na), _affiliation(nb)
    if ga and gb and (ga in gb or gb in ga):
        return True  # "a Tourism Ministry official" and "Ms Rai of the Tourism Ministry"
    if _abbreviates(a, b) or _abbreviates(b, a):
        return True  # "the ICRC" and "the International Committee of the Red Cross"
    wa, wb = na.split(), nb.split()
    return wa[-1] == wb[-1] and wa[-1][:1].isalpha() and len(wa[-1]) > 3 and classify(a) == EntityKind.PERSON


_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]+")


def _abbreviates(short: str, long: str) -> bool:
    """Whether an acronym in ``short`` is the initials of the capitalised words of ``long``."""
    initials = "".join(w[0] for w in _CAPITALISED_WORD.findall(long))
    return len(initials) >= 3 and any(m.group() == initials for m in _ACRONYM.finditer(short))


def tokens_of(sentence: Span) -> list[Token]:
    return tokenize(sentence.text, sentence.start)
