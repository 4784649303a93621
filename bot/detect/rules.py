"""The earlier rule detector (regular expressions over tokens), kept as a measured baseline.

Steps (one module each): sentences → figures → counted → entities/claimants → denials (and
interview answers) → conflicts → disputes. No I/O anywhere in this package.
"""

from __future__ import annotations

import re

from bot.detect import lexicon as lx
from bot.detect.claimants import Cue, claimant_for, find_cues, report_sources
from bot.detect.conflicts import ClaimInfo
from bot.detect.counted import counted_for
from bot.detect.denials import DenialHit, find_denials
from bot.detect.disputes import build_disputes
from bot.detect.entities import Entities, EntityKind, Mention, capitalised_chunks, classify, same_party
from bot.detect.figures import find_figures
from bot.detect.interviews import answer_denials
from bot.detect.model import ArticleInput, Claim, Denial, Detection, Figure, Span
from bot.detect.sentences import paragraph_ids, split_sentences
from bot.detect.text import contains_word, forget_tokens, quoted_text
from bot.errors import DetectionError

__all__ = ["rule_detect"]

_REFERENCE_BEFORE = re.compile(r"\b(?:the|that|this|a|its|his|her|their)\s*$", re.I)
# "If they catch five of them, ...": a figure in a condition is supposed, not asserted
_CONDITION_BEFORE = re.compile(r"(?:^|[\s\"“‘(])(?:if|unless)\s[^,;:.!?—]*$", re.I)


# "Redditor jdoe99 says that he ...": a speaker who speaks of himself as he/she is a person
_SELF_REFERENCE = re.compile(r"^[\s,]*(?:\w+ly\s+)?[a-z]+s\s+(?:that\s+)?(?:he|she)\b")


def _after_name(text: str, name: str) -> str:
    at = text.find(name)
    return text[at + len(name) : at + len(name) + 40] if at >= 0 else ""


# "Here's what part of the fake piece says:", "The article begins:": a work, not a person, introduces
_WORK_INTRO = re.compile(
    r"\b(?:the|that|this)\s+(?:\w+\s+){0,2}(?:article|piece|story|post)\s+(?:says|said|reads|read|begins)\s*:$",
    re.I,
)
# "... was published on the site DailyQuip.com", "Esquire published an article": the work's publisher
_PUBLISHED = re.compile(r"\b(?:published|posted|ran)\b", re.I)
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]?")
_DATE_WORDS = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today", "Yesterday"}
)
_TURN = re.compile(r"^(?:however|but|meanwhile|yet)\b", re.I)


def _has_quote(text: str) -> bool:
    return any(ch in '"“”' for ch in text) or text.startswith(("'", "‘")) or text.endswith(("'", "’"))


def _inside_quote(sentences: tuple[Span, ...], paras: tuple[int, ...]) -> list[bool]:
    """Sentences with no quote mark of their own that sit inside a quotation opened by an earlier
    sentence of the paragraph and closed by a later one (the middle of a long quote)."""
    out = [False] * len(sentences)
    open_at: int | None = None
    for k, s in enumerate(sentences):
        if open_at is not None and paras[open_at] != paras[k]:
            open_at = None
        opens, closes = s.text.count("“"), s.text.count("”")
        if open_at is not None and not opens and not closes:
            out[k] = True
        if opens > closes:
            open_at = k
        elif closes > opens:
            open_at = None
    # a quote never closed in its paragraph is not a quote we can attribute
    for k in range(len(sentences)):
        if out[k]:
            later = [j for j in range(k + 1, len(sentences)) if paras[j] == paras[k]]
            if not any(sentences[j].text.count("”") > sentences[j].text.count("“") for j in later):
                out[k] = False
    return out


def _quote_speakers(
    sentences: tuple[Span, ...], paras: tuple[int, ...], cues: list[list[Cue]]
) -> list[str | None]:
    """For quoted sentences without a speaker: the speaker named elsewhere in the paragraph."""
    out: list[str | None] = []
    inside = _inside_quote(sentences, paras)
    for k, s in enumerate(sentences):
        speaker = None
        if (_has_quote(s.text) or inside[k]) and not any(c.speaker for c in cues[k]):
            same = [
                j
                for j in range(len(sentences))
                if paras[j] == paras[k] and j != k and any(c.speaker for c in cues[j])
            ]
            # "However, ... a note reads": a sentence turning to another voice does not own the quote
            nxt = [j for j in same if j > k]
            if nxt and _TURN.match(sentences[k + 1].text):
                nxt = []
            prev = [j for j in same if j < k]
            pick = nxt[0] if nxt else (prev[-1] if prev else None)
            if pick is not None:
                speaker = next(c.speaker for c in cues[pick] if c.speaker)
        out.append(speaker)
    return out


def _publisher(sentences: tuple[Span, ...], k: int, entities: Entities) -> str | None:
    """The organisation that the nearest earlier sentence says published a piece."""
    for j in range(k - 1, max(-1, k - 8), -1):
        s = sentences[j]
        if not _PUBLISHED.search(_QUOTED.sub("", s.text)):
            continue  # "published" inside a quote is someone else's wording, not this report
        verb = s.start + min(m.start() for m in _PUBLISHED.finditer(s.text))
        here = [m for m in entities.before(s.start + len(s.text)) if m.start >= s.start]
        # "Esquire published an article": the subject; "was posted on the site X.com": the site
        subject = [
            m for m in here if m.start < verb and m.kind != EntityKind.PLACE and m.name not in _DATE_WORDS
        ]
        named = [m.name for m in subject[-1:]] or [m.name for m in here if m.kind == EntityKind.ORG]
        if named:
            return named[0]
    return None


def _introduced(
    sentences: tuple[Span, ...], paras: tuple[int, ...], cues: list[list[Cue]], entities: Entities
) -> list[str | None]:
    """Speaker of text reproduced after an introducing colon ("The post read:"): every sentence
    of the next paragraph belongs to it, whoever that text itself cites."""
    out: list[str | None] = [None] * len(sentences)
    for k, s in enumerate(sentences):
        if not s.text.rstrip(" \"”’'").endswith(":"):
            continue
        speaker = next((c.speaker for c in reversed(cues[k]) if c.speaker), None)
        span = 1  # paragraphs the reproduced text runs over
        if (
            not speaker or classify(speaker) not in (EntityKind.PERSON, EntityKind.ORG)
        ) and _WORK_INTRO.search(s.text.rstrip(" \"”’'")):
            # a reproduced piece often runs over a few paragraphs, up to the writer's next report
            speaker, span = _publisher(sentences, k, entities), 3
        if not speaker or (span == 1 and classify(speaker) not in (EntityKind.PERSON, EntityKind.ORG)):
            continue  # "Here's a sampling:" introduces the writer's own selection
        if k + 1 >= len(sentences) or paras[k + 1] == paras[k]:
            continue
        seen = 1
        for j in range(k + 1, len(sentences)):
            if paras[j] != paras[j - 1] and j > k + 1:
                seen += 1
                if seen > span or any(
                    classify(c.speaker) in (EntityKind.PERSON, EntityKind.ORG) for c in cues[j] if c.speaker
                ):
                    break
            out[j] = speaker
    return out


def rule_detect(
    article: ArticleInput,
    *,
    sentences: tuple[Span, ...] | None = None,
    figures: list[list[Figure]] | None = None,
) -> Detection:
    """Find every disputed figure in ``article`` (pure; offsets are into ``article.document``).

    ``sentences`` and ``figures``: what :func:`split_sentences` and :func:`find_figures` give
    for ``article.document`` (and each of its sentences), when the caller already has them."""
    if not isinstance(article.text, str) or not isinstance(article.title, str):
        raise DetectionError(f"article {article.id!r}: title and text must be strings")
    forget_tokens()
    document = article.document
    if sentences is None or figures is None:
        sentences = split_sentences(document)
        figures = [find_figures(s) for s in sentences]
    paras = paragraph_ids(document, sentences)
    entities, cues = _entities_and_cues(sentences)
    quote_speakers = _quote_speakers(sentences, paras, cues)
    introduced = _introduced(sentences, paras, cues, entities)
    hits: list[tuple[int, DenialHit]] = [
        (k, hit)
        for k, s in enumerate(sentences)
        for hit in find_denials(s, figures[k], cues[k], entities, quote_speakers[k])
    ]
    hits.extend(answer_denials(sentences, paras, figures, entities))
    infos = [
        _claim_info(
            s,
            k,
            paras[k],
            fig,
            introduced[k] or claimant_for(fig.span.start, cues[k]) or quote_speakers[k],
            hits,
        )
        for k, s in enumerate(sentences)
        for fig in figures[k]
    ]
    sources = [(k, name) for k, s in enumerate(sentences) for name in report_sources(s, entities, cues[k])]
    disputes, links = build_disputes(hits, infos, entities, sources, sentences)
    denials = tuple(
        Denial(hit.denier, hit.cue, hit.sentence, quoted_text(hit.sentence.text), tuple(link))
        for (_, hit), link in zip(hits, links, strict=True)
        if link
    )
    return Detection(article.id, tuple(i.claim for i in infos), denials, tuple(disputes))


def _entities_and_cues(sentences: tuple[Span, ...]) -> tuple[Entities, list[list[Cue]]]:
    """The article's named parties and each sentence's reporting cues.

    Speakers found by the cues become parties too, and the cues are looked for again where a
    pronoun ("he weighed ...") was left unresolved: it may refer to a speaker only known now."""
    mentions: list[Mention] = []
    for s in sentences:
        mentions.extend(capitalised_chunks(s))
    entities = Entities(mentions)
    cues = [find_cues(s, entities) for s in sentences]
    for s, sentence_cues in zip(sentences, cues, strict=True):
        for c in sentence_cues:
            if c.speaker and classify(c.speaker) != EntityKind.PLACE:
                kind = classify(c.speaker)
                if kind == EntityKind.OTHER:
                    kind = (
                        EntityKind.PERSON
                        if _SELF_REFERENCE.search(_after_name(s.text, c.speaker))
                        else EntityKind.ORG
                    )
                entities.add(Mention(c.speaker, c.start, kind))
    cues = [
        find_cues(s, entities) if any(c.speaker == "" for c in sc) else sc
        for s, sc in zip(sentences, cues, strict=True)
    ]
    return entities, cues


# "the official toll of 64", "official figures put it at 64", "an official estimate of 64"
_OFFICIAL_BEFORE = re.compile(
    r"\b(?P<phrase>official\s+(?:death\s+)?(?:toll|figures?|count|tally|estimates?|numbers?|statistics|forecasts?|"
    r"projections?|predictions?|totals?))"
    r"\s+(?:of|at|was|is|were|are|put\s+(?:it|the\s+\w+)\s+at|shows?|showed)\s+(?:\w+\s+){0,2}$",
    re.I,
)


# "police put the official estimate at 12,000": the official figure is the subject's own
_PUT_BY_SUBJECT = re.compile(r"\b(?:put|puts|putting|gave|gives|give)\s+(?:the|an|their|its)\s+$", re.I)


def _claim_info(
    s: Span,
    k: int,
    para: int,
    fig: Figure,
    claimant: str | None,
    hits: list[tuple[int, DenialHit]],
) -> ClaimInfo:
    """The claim a figure in sentence ``k`` makes, with the claimant dropped where the figure is
    no one's assertion."""
    if claimant and contains_word(claimant, fig.span.text):
        claimant = None  # "Two cases confirmed": the counted thing itself, not a source
    if any(
        sk == k and hit.region[0] <= fig.span.start < hit.region[1] and same_party(claimant, hit.denier)
        for sk, hit in hits
    ):
        claimant = None  # a figure inside what its speaker denies is not that speaker's claim
    counted = counted_for(s, fig)
    before = s.text[: fig.span.start - s.start]
    if counted.head in lx.REFERENCE_HEADS and _REFERENCE_BEFORE.search(before):
        claimant = None  # "the $72 million figure": a mention of a figure, not an assertion
    if _CONDITION_BEFORE.search(before):
        claimant = None
    official = _OFFICIAL_BEFORE.search(before)
    if official and not (claimant and _PUT_BY_SUBJECT.search(before[: official.start()])):
        # "far above the official toll of 64": the authorities' figure, named as the text names it
        claimant = " ".join(official.group("phrase").lower().split())
    claim = Claim(fig, counted.phrase, claimant, s, counted.event)
    return ClaimInfo(claim, counted, k, para)
