"""The stance function: does an article dispute, support, discuss or ignore a claim?

Pure and rule-based. Relatedness is the weighted share of the claim's content terms (names and
numbers weigh double) that the article repeats, counted over the whole text and over its lead.
Among related articles the claim's polarity is compared with the article's: an article that
calls the story false (hoax, fake, debunked) or relays denials in sentences about the claim
*disagrees* with a plain claim, *agrees* with a claim that itself says "false", and only
*discusses* a hedged one; without refutation, a high rate of hedging means *discuss*, else
*agree*. Preparation is split from comparison so one body can be compared with many claims (the
FNC-1 benchmark processes each body once).
"""

from __future__ import annotations

from collections import Counter

from bot.nlp import analyse
from bot.stance.cues import DENY_RE, HEDGE_RE, NEGATION_RE, REFUTE_RE, cue_keys, find_cues
from bot.stance.learned import predict, shipped, vector
from bot.stance.model import (
    Evidence,
    PreparedClaim,
    PreparedText,
    SentenceCues,
    StanceFeatures,
    StanceLabel,
    StanceParams,
    StanceResult,
)
from bot.stance.text import content_tokens, entity_tokens, is_title_case, main_negated, sentences

# the rules' thresholds as chosen before the model; the model and its relatedness threshold are
# shipped in weights.json (``bench/fnc1.py --train``), and decide the related labels
RULE_PARAMS = StanceParams()
_MODEL, _RELATED_MIN = shipped()
DEFAULT_PARAMS = StanceParams(related_min=_RELATED_MIN, model=_MODEL)

# A sentence restates the claim (so a negation in it negates the claim) at this share of its terms.
SENTENCE_RESTATES = 0.5
_HEAVY = 2.0
LEAD_SENTENCES = 5


def prepare_claim(text: str, *, learned: bool = True) -> PreparedClaim:
    """``learned=False`` leaves out what only the learned decision reads, the spaCy parse (about
    6 ms a claim) and the claim's cue keys (a quarter of the rest): callers deciding by the cue
    rules alone (the story linker) need not pay for them."""
    heavy = entity_tokens(text)
    if is_title_case(text):  # capitals carry no signal in a Title Case headline
        heavy = frozenset(t for t in heavy if t[0].isdigit())
    weights = {token: (_HEAVY if token in heavy else 1.0) for token in content_tokens(text)}
    pairs = tuple(sorted(weights.items()))
    return PreparedClaim(
        text=text,
        weights=pairs,
        total_weight=sum(w for _, w in pairs),
        refutes=bool(find_cues(REFUTE_RE, text) or find_cues(DENY_RE, text)),
        negated=bool(find_cues(NEGATION_RE, text)),
        hedged="?" in text or bool(find_cues(HEDGE_RE, text)),
        cues=cue_keys(text) if learned else (),
        # a claim is one sentence: parsing it costs a few milliseconds, and callers prepare each
        # claim once; article bodies are never parsed here
        main_negated=learned and main_negated(analyse(text)),
    )


def prepare_text(text: str) -> PreparedText:
    tagged: list[SentenceCues] = []
    tokens: set[str] = set()
    for sentence in sentences(text):
        tokens |= sentence.tokens
        tagged.append(
            SentenceCues(
                sentence=sentence,
                refute=find_cues(REFUTE_RE, sentence.text),
                deny=find_cues(DENY_RE, sentence.text),
                hedge=find_cues(HEDGE_RE, sentence.text),
                negation=find_cues(NEGATION_RE, sentence.text),
                keys=cue_keys(sentence.text),
            )
        )
    return PreparedText(
        text=text,
        sentences=tuple(tagged),
        tokens=frozenset(tokens),
        lead_tokens=frozenset(t for lead in tagged[:LEAD_SENTENCES] for t in lead.sentence.tokens),
        refute_count=sum(len(t.refute) for t in tagged),
        hedge_rate=sum(len(t.hedge) for t in tagged) / max(len(tagged), 1),
        cue_counts=Counter(k for t in tagged for k in t.keys),
        lead_cues=frozenset(k for t in tagged[:LEAD_SENTENCES] for k in t.keys),
    )


def coverage(claim: PreparedClaim, tokens: frozenset[str]) -> float:
    """Weighted share of the claim's terms present in ``tokens``."""
    if claim.total_weight == 0:
        return 0.0
    return sum(w for t, w in claim.weights if t in tokens) / claim.total_weight


def features(
    claim: PreparedClaim,
    body: PreparedText,
    sentence_related: float = DEFAULT_PARAMS.sentence_related_min,
    with_vector: bool = False,
) -> StanceFeatures:
    """Features of one pair; ``sentence_related`` is the share of the claim's terms a sentence
    must repeat to be "about the claim"; ``with_vector`` adds the learned model's input."""
    # half anywhere in the text, half in its lead: a claim the lead repeats is what the text is about
    relatedness = 0.5 * (coverage(claim, body.tokens) + coverage(claim, body.lead_tokens))
    deny = 0.0
    refute_related = 0
    best_index, best_cov = -1, 0.0
    evidence_index, evidence_score = -1, 0.0
    coverages: list[float] = []
    if relatedness > 0:
        for index, tagged in enumerate(body.sentences):
            cov = coverage(claim, tagged.sentence.tokens)
            coverages.append(cov)
            if cov > best_cov:
                best_index, best_cov = index, cov
            strength = float(len(tagged.refute))
            related = cov >= sentence_related
            if related:
                negated = cov >= SENTENCE_RESTATES and bool(tagged.negation) and not claim.negated
                local = len(tagged.deny) + (1.0 if negated else 0.0)
                deny += local
                strength += local
                refute_related += len(tagged.refute)
            # the evidence: a refuting sentence about the claim, the closer to it the better
            score = strength * (cov + 0.1) + (1.0 if related else 0.0)
            if strength > 0 and score > evidence_score:
                evidence_index, evidence_score = index, score
    cues: tuple[str, ...] = ()
    if evidence_index >= 0:
        hit = body.sentences[evidence_index]
        cues = hit.refute + hit.deny or hit.negation
    else:
        evidence_index = best_index
    return StanceFeatures(
        relatedness=relatedness,
        refute_body=body.refute_count,
        refute_related=refute_related,
        deny_related=deny,
        hedge_rate=body.hedge_rate,
        claim_refutes=claim.refutes,
        claim_negated=claim.negated,
        claim_hedged=claim.hedged,
        evidence_index=evidence_index,
        evidence_cues=cues,
        vector=(
            vector(
                claim, body, coverages, relatedness, {"refute_related": refute_related, "deny_related": deny}
            )
            if with_vector and relatedness > 0
            else {}
        ),
    )


def decide(f: StanceFeatures, params: StanceParams = DEFAULT_PARAMS) -> tuple[StanceLabel, float]:
    """Map features to a label and a score in [0, 1]."""
    if f.relatedness < params.related_min:
        return StanceLabel.UNRELATED, 1.0 - f.relatedness
    if params.model is not None and f.vector:
        return predict(params.model, f.vector)
    refuted = f.refute_body if params.refute_anywhere else f.refute_related
    refutation = refuted + params.deny_weight * f.deny_related
    if refutation >= params.disagree_min:
        strength = min(1.0, refutation / (params.disagree_min + 2.0))
        if f.claim_refutes or f.claim_negated:  # "X is a hoax" + an article debunking X
            return StanceLabel.AGREE, strength
        if f.claim_hedged and params.hedged_claim_discussed:
            return StanceLabel.DISCUSS, strength
        return StanceLabel.DISAGREE, strength
    if f.claim_hedged or f.hedge_rate > params.hedge_max_agree:
        return StanceLabel.DISCUSS, f.relatedness
    return StanceLabel.AGREE, f.relatedness


def classify(claim: PreparedClaim, body: PreparedText, params: StanceParams = DEFAULT_PARAMS) -> StanceResult:
    f = features(claim, body, params.sentence_related_min, with_vector=params.model is not None)
    label, score = decide(f, params)
    evidence: Evidence | None = None
    if label is not StanceLabel.UNRELATED and f.evidence_index >= 0:
        s = body.sentences[f.evidence_index].sentence
        evidence = Evidence(s.text, s.start, s.end, f.evidence_cues)
    return StanceResult(label=label, score=score, evidence=evidence, relatedness=f.relatedness)


def stance(claim_text: str, article_text: str, params: StanceParams = DEFAULT_PARAMS) -> StanceResult:
    """Stance of ``article_text`` towards ``claim_text``; evidence offsets index ``article_text``."""
    return classify(prepare_claim(claim_text), prepare_text(article_text), params)
