"""Merge repeats of one claim and rank what is contested in a story (pure, order-independent).

A figure is the *same claim* as another when its party is the same (or one of them names no
party, as a headline does) and its value lies within :data:`TOLERANCE`; what it counts must also
overlap unless both name the same party. Every mention keeps its source. Mentions are clustered
in an order given by their content (time, link, sentence), never by database ids or arrival
order, so the same set of disputes gives the same claims however they arrived.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.alerts.model import ClaimEvidence, DisputeView, Source
from bot.claims.parties import full_name, party_key, same_party, shown_party, speaks_in, speaks_in_a_clause
from bot.claims.wording import counted_named, figure_words

TOLERANCE = 0.05  # relative: "about 4,300" and "4,300" and "4,250" are one figure
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "were",
        "was",
        "are",
        "been",
        "have",
        "has",
        "people",
    ]
)


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


@dataclass(frozen=True, slots=True)
class Mention:
    """One figure as one sentence of one article states it."""

    text: str
    value: float | None
    low: float | None
    high: float | None
    counted: str
    party: str | None  # shown_party-checked: None when no party may be shown
    sentence: str
    source: Source

    @property
    def in_headline(self) -> bool:
        return bool(self.source.title) and _fold(self.sentence) in _fold(self.source.title)

    @property
    def number(self) -> float | None:
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high

    def order(self) -> tuple[datetime, str, bool, str, str]:
        return (self.source.when, self.source.url, self.in_headline, self.sentence, self.text)


@dataclass(frozen=True, slots=True)
class Figure:
    """One claim said once: the best-worded mention, with every mention that repeats it."""

    text: str
    counted: str
    party: str | None
    sentence: str
    mentions: tuple[Mention, ...]  # in content order (time, link)

    @property
    def value(self) -> float | None:
        return next((m.number for m in self.mentions if m.number is not None), None)

    @property
    def sources(self) -> tuple[Source, ...]:
        return _sources(m.source for m in self.mentions)

    @property
    def first_seen(self) -> datetime:
        return self.mentions[0].source.when

    @property
    def key(self) -> str:
        """Stable identity: party and value (what the alert signature remembers)."""
        value = self.value
        number = f"{value:.6g}" if value is not None else _fold(self.text)
        return f"{party_key(self.party) if self.party else '-'}|{number}"

    @property
    def named(self) -> bool:
        return counted_named(self.counted)

    def label(self) -> str:
        """ "about 4,300 people killed": the figure as written and what it counts, with the
        currency word the sentence writes after it ("90 million dollars", not "90 million")."""
        return f"{figure_words(self.text)}{_currency_after(self.text, self.sentence)} {self.counted}".strip()


_CURRENCY_WORDS = (
    r"dollars|euros|pounds|pounds sterling|yen|yuan|renminbi|rupees|francs|rubles|roubles|pesos|"
    r"kroner|kronor|crowns|won|riyals|dirhams|shekels|rand|reais|lira|naira|ringgit|baht|dinars"
)


def _currency_after(figure_text: str, sentence: str) -> str:
    """ " dollars" when ``sentence`` writes the currency as a word right after the figure (the
    stored figure text stops at the number)."""
    if not figure_text.strip():
        return ""
    m = re.search(rf"{re.escape(figure_text.strip())}\s+({_CURRENCY_WORDS})\b", sentence, re.IGNORECASE)
    return f" {m.group(1).lower()}" if m else ""


@dataclass(frozen=True, slots=True)
class Rebuttal:
    """One party disputing a claim: their own words and their own figure, when they gave them."""

    party: str | None  # None: no party named (the article itself disputes it)
    quote: str | None  # a sentence of that party's, or the words it put in quotation marks
    quoted: bool  # ``quote`` is a quotation (shown in quotation marks), not a reported sentence
    counters: tuple[Figure, ...]  # the party's own figures, oldest first (revisions follow)
    sources: tuple[Source, ...]
    denial: bool  # a refutation, not only a competing figure

    @property
    def counter(self) -> Figure | None:
        """The party's latest figure."""
        return self.counters[-1] if self.counters else None

    def named(self, figure: Figure) -> str | None:
        """Who gives one of :attr:`counters`: this rebuttal's party where the figure's own party is
        that party under another name ("The ministry" for "the health ministry"), or is unknown."""
        if self.party and (not figure.party or same_party(figure.party, self.party)):
            return self.party
        return figure.party


@dataclass(frozen=True, slots=True)
class Contested:
    claim: Figure  # as first stated
    rebuttals: tuple[Rebuttal, ...]  # named parties first, each once
    dispute_ids: tuple[int, ...]
    revisions: tuple[Figure, ...] = ()  # the same party's later figures for the same thing

    @property
    def figures(self) -> tuple[Figure, ...]:
        return (self.claim, *self.revisions)

    @property
    def sources(self) -> tuple[Source, ...]:
        own = (s for f in self.figures for s in f.sources)
        return _sources([*own, *(s for r in self.rebuttals for s in r.sources)])

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(r.party for r in self.rebuttals if r.party)


def _sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    seen: dict[str, Source] = {}
    for s in sorted(sources, key=lambda s: (s.when, s.url)):
        seen.setdefault(s.url, s)
    return tuple(seen.values())


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


_SUFFIXES = ("ers", "ings", "ing", "ed", "er", "es", "s")


def _stem(word: str) -> str:
    """A crude stem, enough to see "marched", "marchers" and "marching" as one thing counted."""
    word = word.casefold()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _terms(counted: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _WORD.findall(counted) if w.casefold() not in _STOP)


def _joins(m: Mention, members: Sequence[Mention]) -> bool:
    """Whether ``m`` repeats the figure first stated by ``members[0]`` (compared with the first
    statement only, so 20,000 / 21,000 / 22,000 ... never chain into one claim)."""
    first = members[0]
    party = next((x.party for x in members if x.party), None)
    if m.party and party and not same_party(m.party, party):
        return False
    if m.number is None or first.number is None:
        if _fold(m.text) != _fold(first.text):
            return False
    elif not _close(m.number, first.number):
        return False
    if m.party and party:
        return True  # the same party giving the same value: one claim, however worded
    mine = _terms(m.counted)
    return any(not mine or not _terms(x.counted) or mine & _terms(x.counted) for x in members)


def _figure(members: Sequence[Mention]) -> Figure:
    ordered = tuple(sorted(members, key=Mention.order))
    # the body states a figure better (with its source) than the headline that repeats it
    best = min(
        ordered, key=lambda m: (m.party is None, m.in_headline, not counted_named(m.counted), m.order())
    )
    party = max((m.party for m in ordered if m.party), key=lambda p: (len(p), p), default=None)
    counted = (
        best.counted
        if counted_named(best.counted)
        else next((m.counted for m in ordered if counted_named(m.counted)), best.counted)
    )
    return Figure(best.text, counted, party, best.sentence, ordered)


class _Clusters:
    """Mentions grouped into figures, greedily in content order (deterministic for a set)."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.groups: list[list[Mention]] = []
        self.index: dict[Mention, int] = {}
        for m in sorted(set(mentions), key=Mention.order):
            for n, group in enumerate(self.groups):
                if _joins(m, group):
                    group.append(m)
                    self.index[m] = n
                    break
            else:
                self.index[m] = len(self.groups)
                self.groups.append([m])
        self.figures = [_figure(g) for g in self.groups]

    def of(self, m: Mention) -> int:
        return self.index[m]


def merge_mentions(mentions: Iterable[Mention]) -> tuple[Figure, ...]:
    """Mentions merged into figures, each said once (in content order)."""
    return tuple(_Clusters(mentions).figures)


def _texts(d: DisputeView) -> list[str]:
    return [d.dispute_sentence, d.dispute_source.title, d.quote or ""]


def _claim_mention(d: DisputeView) -> Mention:
    party = shown_party(d.claimant, [d.claim_sentence, d.claim_source.title])
    return Mention(d.figure_text, d.value, d.low, d.high, d.counted, party, d.claim_sentence, d.claim_source)


def _counter_mention(d: DisputeView) -> Mention | None:
    if not d.counter_figure:
        return None
    sentence = d.counter_sentence or d.dispute_sentence
    party = shown_party(d.counter_claimant, [sentence, d.dispute_source.title])
    return Mention(
        d.counter_figure,
        d.counter_value,
        None,
        None,
        d.counter_counted if d.counter_counted and _counts_a_thing(d.counter_counted) else d.counted,
        party,
        sentence,
        d.dispute_source,
    )


def _counts_a_thing(counted: str) -> bool:
    """A rival figure given with its own noun ("9,000 people"), not bare or with only a verb
    ("above 5,000" ... "accused"): without one it counts what the claim counts."""
    words = counted.split()
    if words == ["money"]:
        return False  # the detector's word for a sum with no noun of its own ("$7 billion")
    return counted_named(counted) and not (len(words) == 1 and words[0].endswith("ed"))


def _disputer(d: DisputeView) -> str | None:
    """Who disputes, as the text names them, and only when they speak the dispute sentence or one
    of its clauses, or give its rival figure (never the word before a denial, a place, or a host
    name)."""
    party = shown_party(full_name(d.disputed_by, d.dispute_sentence), _texts(d))
    if party is not None and speaks_in_a_clause(party, d.dispute_sentence):
        return party
    # a conflict is disputed by whoever gives the rival figure ("60,000, according to the union")
    counter = _counter_mention(d) if d.kind == "conflict" else None
    return counter.party if counter is not None else None


def _quote(d: DisputeView, party: str | None) -> str | None:
    """The disputer's own words: their sentence (or the quotation in it), never the claim or the
    headline repeated."""
    if party is None or d.kind != "denial":
        return None
    sentence = _fold(d.dispute_sentence)
    if sentence == _fold(d.claim_sentence) or sentence in _fold(d.dispute_source.title):
        return None
    return " ".join((d.quote or d.dispute_sentence).split()).rstrip(",;: ") or None


@dataclass(slots=True)
class _Draft:
    party: str | None
    quotes: list[tuple[tuple[bool, datetime, str], str]]  # (not quoted, when, url), words
    counters: list[tuple[tuple[datetime, str, bool, str, str], int]]
    sources: list[Source]
    denial: bool
    ids: list[int]


def mention_of(c: ClaimEvidence) -> Mention:
    """A stored figure of a story's article as a mention (its party checked against its text)."""
    party = shown_party(c.claimant, [c.sentence, c.source.title])
    return Mention(c.figure_text, c.value, c.low, c.high, c.counted, party, c.sentence, c.source)


def _same_quantity(a: Figure, b: Figure) -> bool:
    ta, tb = _terms(a.counted), _terms(b.counted)
    return bool(ta & tb) or _fold(a.counted) == _fold(b.counted)


def _revision_groups(clusters: _Clusters, used: Iterable[int]) -> dict[int, int]:
    """Figure -> claim: a named party's figures for the same counted thing, first stated in
    different articles, are one claim revised over time (612, then 700 deaths by one ministry)."""
    group_of: dict[int, int] = {}
    firsts: list[int] = []
    for fid in sorted(set(used)):
        f = clusters.figures[fid]
        for first in firsts:
            g = clusters.figures[first]
            if (
                f.party
                and g.party
                and same_party(f.party, g.party)
                and _same_quantity(f, g)
                and f.mentions[0].source.url
                != g.mentions[0].source.url  # two figures in one article: two claims
            ):
                group_of[fid] = group_of[first]
                break
        else:
            group_of[fid] = len(firsts)
            firsts.append(fid)
    return group_of


def contested(disputes: Sequence[DisputeView], stated: Sequence[ClaimEvidence] = ()) -> tuple[Contested, ...]:
    """The story's contested claims, each said once, the claim most at issue first.

    ``stated``: every figure of the story's articles; a repeat of a contested claim adds its
    source to that claim (a figure nobody disputes adds nothing).
    """
    claims = {d.id: _claim_mention(d) for d in disputes}
    counters = {d.id: m for d in disputes if (m := _counter_mention(d)) is not None}
    clusters = _Clusters([*claims.values(), *counters.values(), *(mention_of(c) for c in stated)])
    group_of = _revision_groups(clusters, [clusters.of(m) for m in (*claims.values(), *counters.values())])
    members: dict[int, list[int]] = {}
    for fid, gid in sorted(group_of.items()):
        members.setdefault(gid, []).append(fid)
    drafts: dict[int, list[_Draft]] = {}
    for d in sorted(
        disputes, key=lambda d: (d.dispute_source.when, d.dispute_source.url, d.dispute_sentence)
    ):
        group_id = group_of[clusters.of(claims[d.id])]
        figure = clusters.figures[members[group_id][0]]
        party = _disputer(d)
        if party and same_party(party, figure.party):
            continue  # a source restating or revising its own figure does not dispute it
        if (
            d.kind == "denial"
            and party is None
            and figure.party
            and speaks_in(figure.party, d.dispute_sentence)
        ):
            continue  # the claimant's own sentence, with no other speaker, is not a dispute of its claim
        counter = counters.get(d.id)
        if counter is not None and group_of[clusters.of(counter)] == group_id:
            continue  # the "counter-figure" is the same claim again, or its revision
        draft = _draft_for(drafts.setdefault(group_id, []), party)
        counter_figures = members[group_of[clusters.of(counter)]] if counter is not None else []
        _record(draft, d, party, [(clusters.figures[f].mentions[0].order(), f) for f in counter_figures])
    out = []
    for gid, group in drafts.items():
        figures = sorted((clusters.figures[f] for f in members[gid]), key=lambda f: (f.first_seen, f.label()))
        named = [f for f in figures if f.named]
        if not named:
            continue  # what the figure counts has no name: not shown at all
        out.append(
            Contested(
                named[0],
                _named_first(tuple(_rebuttal(g, clusters) for g in sorted(group, key=_draft_order))),
                tuple(sorted(i for g in group for i in g.ids)),
                tuple(named[1:]),
            )
        )
    out.sort(key=_rank)
    return _without_mirrors(out)


def _draft_for(group: list[_Draft], party: str | None) -> _Draft:
    """The draft rebuttal of ``party`` (an alias counts as the party; None: the unnamed ones)."""
    for g in group:
        if (g.party is None) == (party is None) and (party is None or same_party(g.party, party)):
            if party and g.party and (len(party), party) > (len(g.party), g.party):
                g.party = party  # the fullest name of the party
            return g
    draft = _Draft(party, [], [], [], False, [])
    group.append(draft)
    return draft


def _record(
    draft: _Draft,
    d: DisputeView,
    party: str | None,
    counters: list[tuple[tuple[datetime, str, bool, str, str], int]],
) -> None:
    """Add one dispute to its party's rebuttal: words, counter-figures (with revisions), source."""
    quote = _quote(d, party)
    if quote:
        # the party's own quoted words beat a reported sentence; then the earliest
        draft.quotes.append(((d.quote is None, d.dispute_source.when, d.dispute_source.url), quote))
    draft.counters.extend(counters)
    draft.sources.append(d.dispute_source)
    draft.denial = draft.denial or d.kind == "denial"
    draft.ids.append(d.id)


def _draft_order(g: _Draft) -> tuple[bool, datetime, str]:
    first = min(s.when for s in g.sources)
    return (g.party is None, first, g.party or "")


def _rebuttal(g: _Draft, clusters: _Clusters) -> Rebuttal:
    best = min(g.quotes) if g.quotes else None
    quote, quoted = (best[1], not best[0][0]) if best else (None, False)
    ids = sorted(set(g.counters))
    figures = [clusters.figures[fid] for fid in dict.fromkeys(fid for _, fid in ids)]
    counters = tuple(sorted((f for f in figures if f.named), key=lambda f: (f.first_seen, f.label())))
    return Rebuttal(g.party, quote, quoted, counters, _sources(g.sources), g.denial)


def _named_first(rebuttals: tuple[Rebuttal, ...]) -> tuple[Rebuttal, ...]:
    """Named disputers only, when there is one: an unnamed one ("the article says") is shown
    only for a claim nobody named disputes."""
    named = tuple(r for r in rebuttals if r.party)
    return named or rebuttals


def _rank(c: Contested) -> tuple[bool, int, datetime, int, str]:
    denied = any(r.denial for r in c.rebuttals)
    disputing = len({s.url for r in c.rebuttals for s in r.sources})
    return (not denied, -len(c.parties), c.claim.first_seen, -disputing, c.claim.label())


def _without_mirrors(ranked: list[Contested]) -> tuple[Contested, ...]:
    """A conflict stored both ways (A's figure against B's, B's against A's) is said once: the
    higher-ranked side keeps it, with A's figure as the counter-figure of A's rebuttal there."""
    kept: list[Contested] = []
    for c in ranked:
        theirs = {f.key for r in c.rebuttals for f in r.counters}
        target = next((i for i, k in enumerate(kept) if {f.key for f in k.figures} & theirs), None)
        shown = {f.key for k in kept for f in k.figures}
        mirror = (
            target is not None
            and c.claim.party is not None
            and all(not r.denial and r.counters and {f.key for f in r.counters} <= shown for r in c.rebuttals)
        )
        if not mirror or target is None or c.claim.party is None:
            kept.append(c)
            continue
        kept[target] = _with_counter(kept[target], c.claim.party, c.figures)

    return tuple(kept)


def _with_counter(k: Contested, party: str, figures: tuple[Figure, ...]) -> Contested:
    """``k`` with ``party``'s own figures as the counter-figures of its rebuttal (added if the
    party only gave a figure)."""
    rebuttals = list(k.rebuttals)
    at = next((i for i, r in enumerate(rebuttals) if same_party(r.party, party)), None)
    if at is None:
        sources = _sources(s for f in figures for s in f.sources)
        rebuttals.append(Rebuttal(party, None, False, figures, sources, False))
    elif not rebuttals[at].counters:
        rebuttals[at] = replace(rebuttals[at], counters=figures)
    return replace(k, rebuttals=tuple(rebuttals))
