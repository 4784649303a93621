"""Frozen value types of the stance function."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.stance.text import Sentence


class StanceLabel(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    DISCUSS = "discuss"
    UNRELATED = "unrelated"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence of the article that decided the stance, with offsets into the article text."""

    sentence: str
    start: int
    end: int
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StanceResult:
    label: StanceLabel
    score: float  # confidence-like: relatedness for unrelated/discuss/agree, cue strength for disagree
    evidence: Evidence | None
    relatedness: float


@dataclass(frozen=True, slots=True)
class PreparedClaim:
    """A claim tokenised once; reused against every article it is compared with."""

    text: str
    weights: tuple[tuple[str, float], ...]  # content token -> weight (names/numbers heavier)
    total_weight: float
    refutes: bool  # the claim itself calls something false or denied ("... is a hoax")
    negated: bool  # the claim is negative ("X did not ...")
    hedged: bool  # the claim is a question or hedged ("X may ...", "reportedly")
    cues: tuple[str, ...] = ()  # ``family:word`` cue keys of the claim (bot.stance.cues.cue_keys)
    # the parser found a negation of the claim's main verb ("Bale will not play Jobs"), not merely
    # a "not" somewhere in it ("Man who was not hurt wins")
    main_negated: bool = False


@dataclass(frozen=True, slots=True)
class SentenceCues:
    sentence: Sentence
    refute: tuple[str, ...]
    deny: tuple[str, ...]
    hedge: tuple[str, ...]
    negation: tuple[str, ...]
    keys: tuple[str, ...] = ()  # ``family:word`` cue keys, read by the learned decision


@dataclass(frozen=True, slots=True)
class PreparedText:
    """An article body split, tokenised and cue-tagged once."""

    text: str
    sentences: tuple[SentenceCues, ...]
    tokens: frozenset[str]
    lead_tokens: frozenset[str]  # of the first sentences, which say what the text is about
    refute_count: int  # refutation cues anywhere in the text
    hedge_rate: float  # hedging cues per sentence
    cue_counts: Mapping[str, int] = field(default_factory=dict)  # cue key -> count in the text
    lead_cues: frozenset[str] = frozenset()  # cue keys of the first sentences


@dataclass(frozen=True, slots=True)
class StanceFeatures:
    """Numbers the decision rules read; computed once per (claim, body) pair."""

    relatedness: float  # weighted share of the claim's terms found in the body and in its lead
    refute_body: int  # cues calling something false, anywhere in the body
    refute_related: int  # ... in sentences about the claim
    deny_related: float  # denial cues, and negated restatements, in sentences about the claim
    hedge_rate: float  # hedging cues per sentence
    claim_refutes: bool
    claim_negated: bool
    claim_hedged: bool
    evidence_index: int  # sentence index of the best evidence, -1 if none
    evidence_cues: tuple[str, ...]
    # the learned decision's input (empty when no model asked for it): feature name -> value
    vector: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StanceModel:
    """A multinomial logistic decision among agree / disagree / discuss for related pairs, with
    per-label offsets added to the log-probabilities (chosen by inner cross-validation)."""

    weights: Mapping[StanceLabel, Mapping[str, float]]  # label -> feature -> weight ("bias": intercept)
    offsets: Mapping[StanceLabel, float] = field(default_factory=dict)
    c: float = 0.0  # the inverse regularisation it was fitted with (a record; scoring ignores it)


@dataclass(frozen=True, slots=True)
class StanceParams:
    """Thresholds of the decision rules (chosen by cross-validation by body on FNC-1 train)."""

    related_min: float = 0.3
    disagree_min: float = 1.0
    deny_weight: float = 0.0
    hedge_max_agree: float = 0.05
    # share of the claim's terms a sentence must repeat for its denials to count
    sentence_related_min: float = 0.25
    # count "hoax"/"fake"/... anywhere in the body (FNC-1 bodies are about one rumour), or only in
    # sentences about the claim (news articles cover several things)
    refute_anywhere: bool = True
    # a refuted claim that is hedged ("X may ...", "according to ...") is only discussed: in FNC-1
    # a debunked rumour headline; but a reported figure ("to cut 11,000 jobs, according to a
    # newspaper") that a party then denies is disputed all the same
    hedged_claim_discussed: bool = True
    # the learned decision among related pairs (None: the cue rules above decide)
    model: StanceModel | None = None
