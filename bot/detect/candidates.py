"""Broad candidates over the spaCy base: every figure, every party, and general features of each
(figure), (figure, possible claimant) and (figure, possible disputer) pair.

Nothing here decides: :mod:`bot.detect.learned` scores the features with trained weights. The
features are deliberately general (cue classes, sentence distance, dependency roles, entity
labels, headline position, quotes), never words of particular stories.
"""

from __future__ import annotations

import bisect
import functools
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.detect import cues
from bot.detect.figures import find_figures
from bot.detect.model import AnalysisStatus, ArticleInput, Detection, Figure, NamedEntity, Span
from bot.detect.sentences import split_sentences
from bot.nlp import Analysis, Entity, Sentence, Token, analyse_spans, load_pipeline

MAX_CHARS = 100_000  # the detector never reads more of one article than this
RULES_MAX_CHARS = 30_000  # what the earlier rule detector reads of an article
TIME_BUDGET = 5.0  # seconds of parsing per article; past it the article is "not analysed"
WINDOW = 3  # sentences either side of a figure searched for its parties and its disputes
PARSE_SHARE = 0.8  # of the time budget, for parsing
# the last part of the budget is left for the decision that follows extraction (scoring and
# conflict pairs in bot.detect.learned: half a second for an article of 2,000 figures)
DECIDE_SHARE = 0.1
PARSE_CHUNK = 20  # sentence runs parsed per call, so the time budget is checked between calls
MAX_PARTIES = 12  # candidate parties per figure and role, nearest first
PARTY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "FAC", "PRODUCT", "LAW"})

Features = dict[str, float]


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a possible party: who, where, and in what role."""

    name: str
    label: str  # PERSON, ORG, NORP, GPE, or NOUN for a common-noun party ("police")
    sentence: int  # index into ArticleCandidates.sentences
    start: int
    role: str  # say (subject of a reporting verb), deny (agent of a denial), according, poss, entity
    cue: str = ""  # lemma of the verb or noun that gives the role
    governs: tuple[int, int] = (0, 0)  # character range of what that verb or noun governs


@dataclass(frozen=True, slots=True)
class Party:
    """A possible claimant or disputer of one figure: its name, nearest sentence and features."""

    name: str
    sentence: int
    features: Features


@dataclass(frozen=True, slots=True)
class Candidate:
    """A figure, its features, and the features of each party as its claimant and disputer."""

    figure: Figure
    sentence: int
    counted: str
    features: Features
    claimants: tuple[Party, ...]
    disputers: tuple[Party, ...]


@dataclass(frozen=True, slots=True)
class ArticleCandidates:
    article_id: str
    status: AnalysisStatus
    sentences: tuple[Span, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    entities: tuple[NamedEntity, ...] = ()
    rules: Detection | None = None  # what the earlier rule detector found (reported alongside)


def _bucket(d: int) -> str:
    if d == 0:
        return "0"
    sign = "+" if d > 0 else "-"
    return sign + ("1" if abs(d) == 1 else "2" if abs(d) == 2 else "3+")


def _mag(value: float | None) -> str:
    if value is None or value <= 0:
        return "none"
    return str(min(int(math.log10(value)), 9))


def _unit_class(fig: Figure) -> str:
    if fig.unit == "%":
        return "pct"
    return "money" if fig.unit else "count"


class _Doc:
    """An article's sentences, figures and parse, with look-ups between them."""

    def __init__(self, article: ArticleInput, sentences: tuple[Span, ...], analysis: Analysis) -> None:
        self.article = article
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self.a = analysis
        self.tok_starts = [t.start for t in analysis.tokens]
        # token index -> its entity: one look-up per subject instead of a scan of all entities
        self.entity_of = {i: e for e in analysis.entities for i in range(e.first_token, e.end_token)}
        self.title_end = len(article.title) if article.title else -1
        # every feature asks the cue class of the tokens around each figure: work it out once
        self.cue_classes = [cues.cue_class(t) for t in analysis.tokens]
        self._sentence_cues: dict[int, Counter[str]] = {}
        self._denials: dict[int, tuple[str, ...]] = {}
        title = self.tokens_in(0, self.title_end) if self.title_end > 0 else []
        self.title_deny = any(self.cue(x) in ("deny", "doubt") for x in title)

    def cue(self, t: Token) -> str:
        return self.cue_classes[t.i]

    def sentence_cues(self, k: int) -> Counter[str]:
        """How many tokens of each cue class sentence ``k`` has ("" for none)."""
        got = self._sentence_cues.get(k)
        if got is None:
            s = self.sentences[k]
            got = self._sentence_cues[k] = Counter(self.cue(x) for x in self.tokens_in(s.start, s.end))
        return got

    def denial_objects(self, k: int) -> tuple[str, ...]:
        got = self._denials.get(k)
        if got is None:
            got = self._denials[k] = _denial_objects(self, k)
        return got

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        lo = bisect.bisect_left(self.tok_starts, start)
        return list(self.a.tokens[lo : bisect.bisect_left(self.tok_starts, end, lo)])

    def head_token(self, start: int, end: int) -> Token | None:
        """The token of a stretch whose head lies outside it (its syntactic head)."""
        toks = self.tokens_in(start, end)
        ids = {t.i for t in toks}
        outside = [t for t in toks if t.head not in ids or t.head == t.i]
        return outside[-1] if outside else (toks[-1] if toks else None)

    def tok(self, i: int) -> Token:
        return self.a.tokens[i]

    def ancestors(self, t: Token) -> list[Token]:
        out: list[Token] = []
        seen = {t.i}
        while t.head != t.i and t.head not in seen and len(out) < 40:
            t = self.tok(t.head)
            seen.add(t.i)
            out.append(t)
        return out

    def children(self, t: Token) -> list[Token]:
        return list(self.a.children(t))

    def subtree_range(self, t: Token) -> tuple[int, int]:
        sent = self.a.sentences[t.sentence]
        members = {t.i}
        changed = True
        toks = self.a.tokens[sent.first_token : sent.end_token]
        while changed:
            changed = False
            for x in toks:
                if x.i not in members and x.head in members and x.head != x.i:
                    members.add(x.i)
                    changed = True
        ms = [self.tok(i) for i in members]
        return min(x.start for x in ms), max(x.end for x in ms)

    def in_title(self, pos: int) -> bool:
        return pos < self.title_end


def _noun_phrase(doc: _Doc, t: Token) -> tuple[str, str]:
    """(name, label) of the party a subject token stands for; ("", "") if it is no party."""
    e = doc.entity_of.get(t.i)
    if e is not None:
        if e.label in PARTY_LABELS:
            return e.text.removesuffix("'s").removesuffix("’s"), e.label
        return "", ""
    if t.pos == "PROPN":
        return t.text, "ORG"
    if t.pos != "NOUN" or t.lemma in cues.NOT_PARTIES:
        return "", ""
    parts = [c for c in doc.children(t) if c.dep in ("compound", "amod") and c.i < t.i]
    start = min([t.start] + [c.start for c in parts])
    return doc.article.document[start : t.end], "NOUN"


def _resolve_pronoun(doc: _Doc, t: Token, mentions: list[Mention]) -> tuple[str, str]:
    """He/she/they: the nearest earlier named person (he/she) or organisation/group (they)."""
    word = t.text.lower() if t.pos == "PRON" else "organization"
    want = {
        "he": ("PERSON",),
        "she": ("PERSON",),
        "they": ("ORG", "NORP", "NOUN", "GPE"),
        "organization": ("ORG",),
    }.get(word)
    if not want:
        return "", ""
    for m in reversed(mentions):
        if m.start < t.start and m.label in want and doc.sentence_of(t.start) - m.sentence <= WINDOW:
            return m.name, m.label
    for e in reversed(doc.a.entities):
        if (
            e.start < t.start
            and e.label in want
            and doc.sentence_of(t.start) - doc.sentence_of(e.start) <= WINDOW
        ):
            return e.text, e.label
    return "", ""


def _speech_subjects(doc: _Doc, t: Token, cls: str) -> list[Token]:
    """Who says or denies: the subject or passive agent of the cue, or for an adjective or noun
    cue ("X called the figure false", "X's denial") the subject of the governing verb."""
    verb = t
    subj = [c for c in doc.children(verb) if c.dep in ("nsubj", "nsubjpass")]
    agent = [g for c in doc.children(verb) if c.dep == "agent" for g in doc.children(c) if g.dep == "pobj"]
    if cls == "deny" and t.pos in ("ADJ", "NOUN") and not subj:
        for anc in doc.ancestors(t)[:3]:
            subj = [c for c in doc.children(anc) if c.dep == "nsubj"]
            if subj or anc.pos == "VERB":
                break
        if t.pos == "NOUN" and not subj:
            subj = [c for c in doc.children(t) if c.dep == "poss"]
    return agent + subj


def _party_name(doc: _Doc, s: Token, out: list[Mention]) -> tuple[str, str]:
    """A pronoun or "the organisation" is the last person or organisation named; else the phrase."""
    if s.pos == "PRON" or (
        s.lemma in cues.GENERIC_ORGS and any(c.lemma in ("the", "this", "that") for c in doc.children(s))
    ):
        return _resolve_pronoun(doc, s, out)
    return _noun_phrase(doc, s)


def _speaker_mentions(doc: _Doc, t: Token, out: list[Mention]) -> None:
    cls = doc.cue(t)
    if cls == "estimate" and t.pos == "VERB":
        cls = "say"  # "police estimated the crowd at ...": an attribution like "said"
    if cls not in ("say", "deny"):
        return
    gov = doc.subtree_range(t)
    for s in _speech_subjects(doc, t, cls):
        name, label = _party_name(doc, s, out)
        if name:
            out.append(Mention(name, label, doc.sentence_of(s.start), s.start, cls, t.lemma, gov))


def _according_mentions(doc: _Doc, t: Token, out: list[Mention]) -> None:
    if t.text.lower() != "according":
        return
    for to in doc.children(t):
        for obj in doc.children(to) if to.lemma == "to" else [to]:
            if obj.dep != "pobj":
                continue
            name, label = _noun_phrase(doc, obj)
            if name:
                gov = doc.subtree_range(doc.tok(t.head))
                out.append(
                    Mention(name, label, doc.sentence_of(obj.start), obj.start, "according", "according", gov)
                )


def _possessor_mentions(doc: _Doc, t: Token, out: list[Mention]) -> None:
    """ "the ministry's estimate": the possessor of an estimate or a statement."""
    if t.dep == "poss" and doc.cue(doc.tok(t.head)) in ("estimate", "say"):
        name, label = _noun_phrase(doc, t)
        if name:
            out.append(Mention(name, label, doc.sentence_of(t.start), t.start, "poss", doc.tok(t.head).lemma))


def _mentions(doc: _Doc) -> list[Mention]:
    """Every party mention: subjects of reporting and denial words, 'according to' objects,
    possessors of estimates, and named entities of party labels."""
    out: list[Mention] = []
    for t in doc.a.tokens:
        _speaker_mentions(doc, t, out)
        _according_mentions(doc, t, out)
        _possessor_mentions(doc, t, out)
    for e in doc.a.entities:
        if e.label in PARTY_LABELS:
            name = e.text.removesuffix("'s").removesuffix("’s")
            out.append(Mention(name, e.label, doc.sentence_of(e.start), e.start, "entity"))
    out.sort(key=lambda m: m.start)
    return out


@functools.lru_cache(maxsize=8192)
def _key(name: str) -> str:
    k = " ".join(name.lower().replace("’", "'").split())
    for art in ("the ", "a ", "an "):
        if k.startswith(art):
            k = k[len(art) :]
    return k


def _counted(doc: _Doc, fig: Figure) -> tuple[str, Token | None, Token | None]:
    """(counted noun lemma, figure token, its governing verb or noun)."""
    t = doc.head_token(fig.span.start, fig.span.end)
    if t is None:
        return "", None, None
    noun = ""
    if t.dep in ("nummod", "quantmod", "compound") and doc.tok(t.head).pos in ("NOUN", "PROPN"):
        noun = doc.tok(t.head).lemma
    else:
        kids = [c for c in doc.children(t) if c.dep == "prep" and c.lemma == "of"]
        for k in kids:
            objs = [g for g in doc.children(k) if g.dep == "pobj"]
            if objs:
                noun = objs[0].lemma
        if not noun and t.pos == "NOUN":
            noun = t.lemma
    gov = next((x for x in doc.ancestors(t) if x.pos in ("VERB", "AUX") or doc.cue(x)), None)
    return noun, t, gov


def _token_features(doc: _Doc, f: Features, t: Token | None, gov: Token | None) -> None:
    """How the figure sits in its sentence: its relation, and which cue words govern it."""
    if t is not None:
        f[f"dep={t.dep}"] = 1.0
        anc = doc.ancestors(t)
        f["denial_governs"] = float(any(doc.cue(x) == "deny" for x in anc))
        f["negated_gov"] = float(any(c.dep == "neg" for x in anc[:3] for c in doc.children(x)))
        f["say_governs"] = float(any(doc.cue(x) == "say" for x in anc))
        f["estimate_governs"] = float(any(doc.cue(x) == "estimate" for x in anc))
    if gov is not None:
        f[f"gov_class={doc.cue(gov) or 'other'}"] = 1.0


def _cue_features(doc: _Doc, f: Features, k: int) -> None:
    """Cue classes in the figure's sentence, denial cues nearby and in the headline."""
    classes = doc.sentence_cues(k)
    for cls in ("deny", "doubt", "contrast", "estimate", "say", "revise"):
        if classes.get(cls):
            f[f"sent_{cls}"] = 1.0
    for d in (-3, -2, -1, 1, 2, 3):
        j = k + d
        if 0 <= j < len(doc.sentences):
            near = doc.sentence_cues(j)
            if near.get("deny") or near.get("doubt"):
                f[f"deny_near{_bucket(d)}"] = 1.0
    if doc.title_end > 0:
        f["title_deny"] = float(doc.title_deny)


def _denial_objects(doc: _Doc, j: int) -> tuple[str, ...]:
    """What the denial verbs of sentence ``j`` deny, in order ("claim": a figure or a claim)."""
    out: list[str] = []
    sj = doc.sentences[j]
    for x in doc.tokens_in(sj.start, sj.end):
        if doc.cue(x) != "deny" or x.pos not in ("VERB", "AUX"):
            continue
        objs = [c for c in doc.children(x) if c.dep in ("dobj", "nsubjpass", "attr", "ccomp")]
        if not objs:
            out.append("deny_no_object")
        for o in objs:
            if o.lemma in cues.CLAIM_NOUNS or o.pos == "NUM" or o.dep == "ccomp":
                out.append("claim")
            elif o.pos == "PRON":
                out.append("deny_obj_pronoun")
            else:
                out.append("deny_obj_other")
    return tuple(out)


def _denial_object_features(doc: _Doc, f: Features, k: int) -> None:
    """What the denials around the figure are about: a figure or a claim, or something else."""
    for j in range(max(0, k - WINDOW), min(len(doc.sentences), k + WINDOW + 1)):
        for what in doc.denial_objects(j):
            if what == "claim":
                what = "deny_obj_claim_same" if j == k else "deny_obj_claim"
            f[what] = 1.0


FigureRow = tuple[Figure, int, str]  # a figure, its sentence, its counted noun


class _Figures:
    """The article's figures with look-ups by sentence, counted noun and value: every figure's
    features compare it with the others, which must not cost the square of their number."""

    def __init__(self, rows: list[FigureRow]) -> None:
        self.rows = rows
        self.by_sentence: dict[int, list[FigureRow]] = {}
        self.by_noun: dict[str, list[FigureRow]] = {}
        for row in rows:
            self.by_sentence.setdefault(row[1], []).append(row)
            if row[2]:
                self.by_noun.setdefault(row[2], []).append(row)
        # (a value that is not finite never matches another: the test below is false for it)
        valued = sorted((v, n) for n, row in enumerate(rows) if (v := row[0].value) and math.isfinite(v))
        self._values = [v for v, _ in valued]
        self._valued = [rows[n][0] for _, n in valued]

    def in_sentences(self, ks: set[int]) -> list[FigureRow]:
        return [row for k in sorted(ks) for row in self.by_sentence.get(k, ())]

    def repeated(self, fig: Figure) -> bool:
        """Another figure of (nearly) the same value: within half a percent of it."""
        if not fig.value or fig.value < 0 or not math.isfinite(fig.value):
            return False
        tol = 0.005 * fig.value
        # a wider range than the test itself, which then decides exactly as it always did
        lo = bisect.bisect_left(self._values, fig.value - 2 * tol - 1e-9)
        hi = bisect.bisect_right(self._values, fig.value + 2 * tol + 1e-9)
        return any(g is not fig and g.value and abs(g.value - fig.value) <= tol for g in self._valued[lo:hi])


class _Mentions:
    """The article's party mentions (sorted by position) with the ones that can matter to a
    figure of sentence ``k``: those within :data:`WINDOW` sentences, those in the headline, and
    those whose governed stretch reaches the figure."""

    def __init__(self, doc: _Doc, mentions: list[Mention]) -> None:
        self.all = mentions
        self._sentences = [m.sentence for m in mentions]  # non-decreasing, as the positions are
        self._in_title = sum(1 for m in mentions if doc.in_title(m.start))
        self.reach = [_governed_sentences(doc, m) for m in mentions]
        # a governed stretch reaching further than the window from its mention (rare)
        self._wide = [
            n
            for n, (lo, hi) in enumerate(self.reach)
            if lo < mentions[n].sentence - WINDOW or hi > mentions[n].sentence + WINDOW
        ]

    def _window(self, k: int) -> range:
        lo = bisect.bisect_left(self._sentences, k - WINDOW)
        return range(lo, bisect.bisect_right(self._sentences, k + WINDOW))

    def near(self, k: int) -> list[Mention]:
        """Mentions within the window of sentence ``k`` or governing a stretch of it, in order."""
        window = self._window(k)
        wide = [n for n in self._wide if n not in window and self.reach[n][0] <= k <= self.reach[n][1]]
        return [self.all[n] for n in sorted([*window, *wide])]

    def for_parties(self, k: int) -> list[Mention]:
        """Mentions within the window of sentence ``k`` or in the headline, in order."""
        window = self._window(k)
        title = [n for n in range(self._in_title) if n not in window]
        return [self.all[n] for n in sorted([*title, *window])]


def _governed_sentences(doc: _Doc, m: Mention) -> tuple[int, int]:
    """The sentences a mention's governed stretch lies across (its own when there is none)."""
    start, end = m.governs
    if end <= start:
        return m.sentence, m.sentence
    return doc.sentence_of(start), doc.sentence_of(end - 1)


def _differs(g: Figure, fig: Figure) -> bool:
    return bool(g.value and fig.value and abs(g.value - fig.value) > 0.005 * max(abs(fig.value), 1))


def _other_figure_features(f: Features, fig: Figure, k: int, noun: str, figs: _Figures) -> None:
    """Another figure for what looks like the same quantity (a possible conflict), a repeat."""
    unit = _unit_class(fig)

    def rival(row: FigureRow) -> bool:
        g, _, n = row
        return g is not fig and n == noun and _unit_class(g) == unit and _differs(g, fig)

    # the nearest rival within two sentences; past that only whether there is one ("3+")
    near = None
    if noun:
        near = next((d for d in range(3) if any(rival(r) for r in figs.in_sentences({k - d, k + d}))), None)
        if near is None and any(rival(r) for r in figs.by_noun.get(noun, ())):
            near = 3
    f["other_same_noun"] = float(near is not None)
    if near is not None:
        f[f"other_same_noun_d={_bucket(near).lstrip('+-')}"] = 1.0
    f["repeated"] = float(figs.repeated(fig))
    close = figs.in_sentences({k - 1, k, k + 1})
    anyunit = [g for g, _, _ in close if g is not fig and _unit_class(g) == unit]
    f["other_fig_near"] = float(bool(anyunit))


def _source_features(f: Features, k: int, mentions: list[Mention]) -> None:
    says = [m for m in mentions if m.role in ("say", "according", "poss") and m.sentence == k]
    f["attributed_same_sentence"] = float(bool(says))
    near = {
        _key(m.name)
        for m in mentions
        if m.role in ("say", "according", "deny", "poss") and abs(m.sentence - k) <= 2
    }
    f["n_sources_near"] = min(len(near), 4) / 4


def _figure_features(
    doc: _Doc,
    fig: Figure,
    k: int,
    noun: str,
    t: Token | None,
    gov: Token | None,
    figs: _Figures,
    mentions: list[Mention],
) -> Features:
    """The figure's own features (``mentions``: those near it, see :meth:`_Mentions.near`)."""
    f: Features = {"bias": 1.0, f"unit={_unit_class(fig)}": 1.0, f"mag={_mag(fig.value or fig.low)}": 1.0}
    f["qualified"] = float(fig.qualifier is not None)
    f["in_title"] = float(doc.in_title(fig.span.start))
    f["quote_in_sentence"] = float(any(q in doc.sentences[k].text for q in '"“”'))
    _token_features(doc, f, t, gov)
    _cue_features(doc, f, k)
    _denial_object_features(doc, f, k)
    _other_figure_features(f, fig, k, noun, figs)
    _source_features(f, k, mentions)
    if noun:
        f[f"noun_class={cues.noun_class(noun)}"] = 1.0
    return f


def _ranks(fig: Figure, k: int, mentions: list[Mention]) -> dict[str, str]:
    """Which party is nearest to the figure in each role: the attribution a reader would make."""
    out: dict[str, str] = {}
    groups = {
        "source_same": [m for m in mentions if m.role in ("say", "according", "poss") and m.sentence == k],
        "source_before": [
            m for m in mentions if m.role in ("say", "according", "poss") and k - WINDOW <= m.sentence <= k
        ],
        "source_governs": [
            m
            for m in mentions
            if m.role in ("say", "according", "poss") and m.governs[0] <= fig.span.start < m.governs[1]
        ],
        "denier_after": [m for m in mentions if m.role == "deny" and k <= m.sentence <= k + WINDOW],
        "denier_any": [m for m in mentions if m.role == "deny" and abs(m.sentence - k) <= WINDOW],
        "entity_before": [
            m
            for m in mentions
            if m.label in ("PERSON", "ORG") and k - 1 <= m.sentence <= k and m.start < fig.span.start
        ],
        "source_after": [
            m for m in mentions if m.role in ("say", "according", "poss") and k < m.sentence <= k + WINDOW
        ],
    }
    for r, ms in groups.items():
        if ms:
            out[r] = _key(min(ms, key=lambda m: (abs(m.sentence - k), abs(m.start - fig.span.start))).name)
    return out


def _party_features(
    doc: _Doc,
    fig: Figure,
    k: int,
    ms: list[Mention],
    key_counts: Counter[str],
    figs: _Figures,
    fig_noun: str,
    ranks: dict[str, str],
) -> Features:
    """Features of the party whose mentions are ``ms`` as a party to ``fig`` (the same for both
    roles: the caller prefixes them with the role, claimant or disputer)."""
    f: Features = {"bias": 1.0}
    near = min(ms, key=lambda m: (abs(m.sentence - k), abs(m.start - fig.span.start)))
    d = near.sentence - k
    f[f"d={_bucket(d)}"] = 1.0
    f[f"label={near.label}"] = 1.0
    f["count"] = min(key_counts[_key(near.name)], 5) / 5
    f["in_title"] = float(any(doc.in_title(m.start) for m in ms))
    f["before_fig"] = float(near.start < fig.span.start)
    for m in ms:
        dd = m.sentence - k
        if abs(dd) > WINDOW:
            continue
        gov_fig = m.governs[0] <= fig.span.start < m.governs[1]
        tag = f"{m.role}"
        f[f"role={tag}"] = 1.0
        f[f"role={tag},d={_bucket(dd)}"] = 1.0
        if gov_fig:
            f[f"role={tag},governs"] = 1.0
        if m.role == "deny" and dd >= 0:
            f["deny_after"] = 1.0
    # conflict evidence: the party gives another figure of the same unit nearby (in the sentence
    # of one of its mentions, or in what one of them governs)
    speaking = [m for m in ms if m.role != "entity"]
    where = {m.sentence for m in speaking}
    where.update(j for m in speaking for j in range(*_inclusive(_governed_sentences(doc, m))))
    other = [
        (g, n)
        for g, j, n in figs.in_sentences(where)
        if g is not fig
        and _unit_class(g) == _unit_class(fig)
        and g.value
        and fig.value
        and abs(g.value - fig.value) > 0.005 * max(abs(fig.value), 1)
        and any(m.governs[0] <= g.span.start < m.governs[1] or m.sentence == j for m in speaking)
    ]
    if other:
        f["gives_other_figure"] = 1.0
        if fig_noun and any(n == fig_noun for _, n in other):
            f["gives_other_figure_same_noun"] = 1.0
    f["multiword"] = float(" " in near.name.strip())
    for r, nearest in ranks.items():
        if nearest == _key(near.name):
            f[f"nearest_{r}"] = 1.0
    return f


def _inclusive(reach: tuple[int, int]) -> tuple[int, int]:
    return reach[0], reach[1] + 1


def _nearest(ms: list[Mention], k: int) -> int:
    return min(ms, key=lambda m: abs(m.sentence - k)).sentence


def _entities(doc: _Doc) -> tuple[NamedEntity, ...]:
    counts: Counter[tuple[str, str]] = Counter()
    title: set[tuple[str, str]] = set()
    for e in doc.a.entities:
        if e.label in NAMED_LABELS:
            key = (e.text.removesuffix("'s").removesuffix("’s"), e.label)
            counts[key] += 1
            if doc.in_title(e.start):
                title.add(key)
    return tuple(NamedEntity(n, lab, c, (n, lab) in title) for (n, lab), c in counts.most_common())


def _gap(sentences: tuple[Span, ...], k: int) -> str:
    """What lies between sentence ``k - 1`` and sentence ``k`` (only whitespace, by construction)."""
    prev, cur = sentences[k - 1], sentences[k]
    return "\n" if cur.start - prev.end > 1 or cur.start - prev.end < 0 else " "


def _parse_spans(
    sentences: tuple[Span, ...], figure_sents: set[int], cue_sents: set[int]
) -> list[tuple[int, int]]:
    """Runs of sentences to parse: each figure sentence with its neighbours, and cue sentences."""
    near = {j for k in figure_sents for j in range(k - WINDOW, k + WINDOW + 1)}
    keep = (set(cue_sents) & near) | set(figure_sents) | {0}
    spans: list[tuple[int, int]] = []
    for k in sorted(keep):
        s = sentences[k]
        # a run never crosses a paragraph (or the headline's) break: the parser would join the
        # last words of one to the first of the next ("toll\n\nRegional officials")
        if spans and k - 1 in keep and "\n" not in _gap(sentences, k):
            spans[-1] = (spans[-1][0], s.end)
        else:
            spans.append((s.start, s.end))
    return spans


def _rule_detection(
    article: ArticleInput, sentences: tuple[Span, ...], figures: list[list[Figure]]
) -> Detection:
    """The rule detector's findings; ``sentences`` and ``figures``: those of the article's
    document (cut to :data:`MAX_CHARS`), reused when the rules read the same text."""
    from bot.detect.rules import rule_detect

    # the rule detector's cost grows faster than linearly on long dense text (70 s on 100,000
    # characters of figures): it reads at most RULES_MAX_CHARS; news articles are far shorter
    room = max(RULES_MAX_CHARS - article.text_offset, 0)
    if len(article.text) <= room:
        return rule_detect(article, sentences=sentences, figures=figures)
    return rule_detect(ArticleInput(article.id, article.title, article.text[:room]))


def _rule_view(det: Detection) -> dict[int, tuple[str | None, list[str]]]:
    """What the earlier rule detector says of each figure: its claimant and its disputers."""
    view: dict[int, tuple[str | None, list[str]]] = {
        c.figure.span.start: (c.claimant, []) for c in det.claims
    }
    for d in det.disputes:
        start = d.claim.figure.span.start
        view.setdefault(start, (d.claim.claimant, []))[1].append(d.disputed_by)
        if view[start][0] is None:
            view[start] = (d.claim.claimant, view[start][1])
    return view


def _with_rule(
    seen: tuple[str | None, list[str]],
    feats: Features,
    claimants: tuple[Party, ...],
    disputers: tuple[Party, ...],
    k: int,
) -> tuple[tuple[Party, ...], tuple[Party, ...]]:
    """Mark the rule detector's claimant and disputers among the candidates (adding them if new)."""
    who, against = seen
    feats["rule_disputed"] = float(bool(against))
    feats["rule_claimed"] = float(bool(who))

    def mark(parties: tuple[Party, ...], names: list[str], tag: str) -> tuple[Party, ...]:
        out = list(parties)
        for name in names:
            hit = [
                n
                for n, p in enumerate(out)
                if _key(p.name) and (_key(p.name) in _key(name) or _key(name) in _key(p.name))
            ]
            for n in hit:
                out[n] = Party(out[n].name, out[n].sentence, {**out[n].features, f"{tag}:rule": 1.0})
            if not hit:
                out.append(Party(name, k, {f"{tag}:bias": 1.0, f"{tag}:rule": 1.0, f"{tag}:rule_only": 1.0}))
        return tuple(out)

    return mark(claimants, [who] if who else [], "c"), mark(disputers, against, "d")


def _parties(
    doc: _Doc,
    fig: Figure,
    k: int,
    noun: str,
    figs: _Figures,
    mentions: _Mentions,
    key_counts: Counter[str],
) -> tuple[tuple[Party, ...], tuple[Party, ...]]:
    """The figure's possible claimants and disputers: the parties mentioned near it (or in the
    headline), nearest first, each under its fullest name, with the features of each role."""
    by_key: dict[str, list[Mention]] = {}
    for m in mentions.for_parties(k):
        near = abs(m.sentence - k) <= WINDOW or doc.in_title(m.start)
        if near and _key(m.name) and fig.span.text not in m.name:
            by_key.setdefault(_key(m.name), []).append(m)
    ranked = sorted(by_key.values(), key=lambda ms: min(abs(m.sentence - k) for m in ms))[:MAX_PARTIES]
    ranks = _ranks(fig, k, mentions.near(k))
    found = [
        (
            max(ms, key=lambda m: (m.role != "entity", len(m.name))).name,
            _nearest(ms, k),
            _party_features(doc, fig, k, ms, key_counts, figs, noun, ranks),
        )
        for ms in ranked
    ]

    def parties(role: str) -> tuple[Party, ...]:
        return tuple(Party(name, j, {f"{role}:{x}": v for x, v in f.items()}) for name, j, f in found)

    return parties("c"), parties("d")


def extract(
    article: ArticleInput,
    *,
    budget: float = TIME_BUDGET,
    clock: Callable[[], float] = time.monotonic,
    use_rules: bool = True,
) -> ArticleCandidates:
    """Candidates of one article (pure apart from reading the clock for its time budget)."""
    load_pipeline()  # loading the model once per process is not the article's cost
    started = clock()
    document = article.document[:MAX_CHARS]
    sentences = split_sentences(document)
    figures = [find_figures(s) for s in sentences]
    if not any(figures):
        # no parse; the rules (regular expressions) still see denials of figures given elsewhere
        rules = _rule_detection(article, sentences, figures) if use_rules else None
        return ArticleCandidates(article.id, AnalysisStatus.NO_FIGURES, sentences, rules=rules)
    fig_sents = {k for k, fs in enumerate(figures) if fs}
    cue_sents = {k for k, s in enumerate(sentences) if cues.has_cue_word(s.text)}
    spans = _parse_spans(sentences, fig_sents, cue_sents)
    parts: list[Analysis] = []
    slowest = 0.0
    for n in range(0, len(spans), PARSE_CHUNK):
        # stop before a chunk that would likely end past the budget, not after it; what is left
        # is for the features and the rules that follow the parse, and for the decision
        if clock() - started + slowest > PARSE_SHARE * budget:
            return ArticleCandidates(article.id, AnalysisStatus.NOT_ANALYSED, sentences)
        before = clock()
        parts.append(analyse_spans(document, spans[n : n + PARSE_CHUNK], lemmas=False, lemma_of=cues.lemma))
        slowest = max(slowest, clock() - before)
    analysis = _join(document, parts)
    doc = _Doc(article, sentences, analysis)
    mentions = _Mentions(doc, _mentions(doc))
    key_counts = Counter(_key(m.name) for m in mentions.all)
    rows: list[FigureRow] = []
    info: list[tuple[Figure, int, str, Token | None, Token | None]] = []
    for k, fs in enumerate(figures):
        for fig in fs:
            noun, t, gov = _counted(doc, fig)
            rows.append((fig, k, noun))
            info.append((fig, k, noun, t, gov))
    figs = _Figures(rows)
    extract_budget = (1 - DECIDE_SHARE) * budget
    if clock() - started > extract_budget:
        return ArticleCandidates(article.id, AnalysisStatus.NOT_ANALYSED, sentences)
    rule_det = _rule_detection(article, sentences, figures) if use_rules else None
    rule = _rule_view(rule_det) if rule_det is not None else {}
    out: list[Candidate] = []
    for fig, k, noun, t, gov in info:
        if clock() - started > extract_budget:  # every figure looks at its neighbourhood: keep to the budget
            return ArticleCandidates(article.id, AnalysisStatus.NOT_ANALYSED, sentences)
        claimants, disputers = _parties(doc, fig, k, noun, figs, mentions, key_counts)
        feats = _figure_features(doc, fig, k, noun, t, gov, figs, mentions.near(k))
        seen_rule = rule.get(fig.span.start)
        if seen_rule is not None:
            claimants, disputers = _with_rule(seen_rule, feats, claimants, disputers, k)
        out.append(Candidate(fig, k, noun, feats, claimants, disputers))
    if clock() - started > extract_budget:
        return ArticleCandidates(article.id, AnalysisStatus.NOT_ANALYSED, sentences)
    return ArticleCandidates(
        article.id, AnalysisStatus.ANALYSED, sentences, tuple(out), _entities(doc), rule_det
    )


def _join(text: str, parts: list[Analysis]) -> Analysis:
    """Analyses of successive chunks as one (token and sentence indices renumbered)."""
    if len(parts) == 1:
        return parts[0]
    tokens: list[Token] = []
    sents: list[Sentence] = []
    ents: list[Entity] = []
    for p in parts:
        tb, sb = len(tokens), len(sents)
        tokens.extend(replace(t, i=t.i + tb, head=t.head + tb, sentence=t.sentence + sb) for t in p.tokens)
        sents.extend(
            replace(s, index=s.index + sb, first_token=s.first_token + tb, end_token=s.end_token + tb)
            for s in p.sentences
        )
        ents.extend(
            replace(e, first_token=e.first_token + tb, end_token=e.end_token + tb, sentence=e.sentence + sb)
            for e in p.entities
        )
    return Analysis(
        text=text,
        tokens=tuple(tokens),
        sentences=tuple(sents),
        entities=tuple(ents),
        truncated=any(p.truncated for p in parts),
    )
