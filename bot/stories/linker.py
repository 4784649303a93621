"""Put a newly stored article into a story and find disputes across the story's articles.

Runs in the ingestion unit of work, after the detector's rows for the article are stored:

1. group: the article's event profile (``bot.stories.events``: names, rare words, counted
   figures) finds, through the key index, the articles of the window reporting the same event;
   the article joins their story, and when it bridges several stories they become one (stories
   are the connected pieces of the same-event relation, so any arrival order gives the same
   stories); a merge that would pass :data:`MAX_STORY_ARTICLES` is refused;
2. the article, its claims and its own disputes get the story id; its keys are indexed;
3. stance: the article is compared with the story's distinct earlier claims (the stance function);
4. cross-article disputes: a refuting sentence aimed at an earlier claim (denial), or a figure of
   another party incompatible with an earlier one for the same counted thing of the same event
   (conflict), becomes a DisputeRow linking the earlier article (claim) and this one (dispute).
   Fingerprints are built from stable content, so re-processing the article adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock, SystemClock
from bot.detect.model import ArticleInput, NamedEntity
from bot.stance import DEFAULT_PARAMS, StanceLabel, classify, prepare_claim, prepare_text
from bot.stance.cues import DENY_RE
from bot.stance.model import Evidence, PreparedText, StanceResult
from bot.stance.stance import coverage
from bot.stance.text import content_tokens
from bot.storage import stories as store
from bot.storage.models import Article, ClaimRow, DenialRow, DisputeRow
from bot.storage.stories import SourceLead
from bot.stories.conflicts import (
    bounds,
    different_events,
    event_names,
    is_conflict,
    same_party,
    speaker_before,
)
from bot.stories.events import EventKey, event_profile, evidence
from bot.stories.model import ClaimFacts
from bot.stories.terms import figure_key

DEFAULT_WINDOW = timedelta(days=7)
MAX_STORY_ARTICLES = 60  # a bridge that would make a story larger does not merge (drift bound)
MAX_STANCE_CLAIMS = 24  # distinct earlier figures a new article is compared with

# Inside a story relatedness is already settled by grouping, and a reported denial ("Acme denies
# the report") is exactly what we look for, so the linker counts denials at full weight and
# accepts sentences that repeat fewer of the claim's words than FNC-1 tuning does; but a "fake" or
# "false" elsewhere in a long article (about something else) must not dispute the claim. A figure
# passed on with hedging ("could cut", "according to a newspaper") is still disputed when denied.
LINK_PARAMS = replace(
    DEFAULT_PARAMS,
    related_min=0.0,
    deny_weight=1.0,
    sentence_related_min=0.15,
    refute_anywhere=False,
    hedged_claim_discussed=False,
)


class StoredRows(Protocol):
    """The rows the detection store wrote for the article (``store_detection``'s result)."""

    @property
    def claims(self) -> Sequence[ClaimRow]: ...

    @property
    def denials(self) -> Sequence[DenialRow]: ...

    @property
    def disputes(self) -> Sequence[DisputeRow]: ...


@dataclass(frozen=True, slots=True)
class LinkResult:
    story_id: int | None  # None: no story (no claims, denials, nor a matching story)
    created_story: bool
    stance: str | None
    disputes: tuple[DisputeRow, ...]  # new cross-article disputes, to be alerted like any other


# Every later article of a story compares itself with the same earlier claims: prepare each claim
# sentence once per process (prepare_claim is pure and its result frozen).
_prepared_claim = lru_cache(maxsize=4096)(prepare_claim)


def claim_facts(row: ClaimRow) -> ClaimFacts:
    return ClaimFacts(row.claimant, row.counted, row.value, row.low, row.high, row.unit)


def fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


async def link_article(
    session: AsyncSession,
    article: Article,
    stored: StoredRows | None = None,
    *,
    window: timedelta = DEFAULT_WINDOW,
    clock: Clock | None = None,
    entities: Sequence[NamedEntity] = (),
) -> LinkResult:
    """Assign ``article`` to a story, set its stance, and store new cross-article disputes.

    ``entities`` are the detector's named entities of the article (``Detection.entities``);
    without them the linker reads capitalised names itself."""
    await session.flush()  # the article and its detection rows need ids
    rows: StoredRows = stored if stored is not None else await store.article_rows(session, article.id)
    at = article.published_at or (clock or SystemClock()).now()
    text = article.text or article.summary
    keys = event_profile(article.title, text, [claim_facts(c) for c in rows.claims], entities)

    created = False
    story_id = article.story_id
    if story_id is None:
        story_id = await _join(session, article.id, keys, at, window)
        if story_id is None:
            if not (keys or rows.claims or rows.denials):
                return LinkResult(None, False, None, ())
            first = [*(c.sentence for c in rows.claims), *(d.sentence for d in rows.denials), text[:200]][0]
            story = await store.create_story(session, article.title or first, at)
            story_id, created = story.id, True
        article.story_id = story_id
        await store.add_story_keys(session, article.id, story_id, keys, at)
    for claim in rows.claims:
        claim.story_id = story_id
    for own in rows.disputes:
        own.story_id = story_id
    await store.touch_story(session, story_id, at)

    if created:  # a new story has nothing earlier to agree with or dispute
        article.stance = None
        await session.flush()
        return LinkResult(story_id, created, None, ())
    document = ArticleInput(str(article.id), article.title, text).document
    body = prepare_text(document)
    earlier = _distinct_claims(await store.earlier_story_claims(session, story_id, article.id))
    results = [(claim, classify(_prepared_claim(claim.sentence), body, LINK_PARAMS)) for claim in earlier]
    article.stance = await _story_stance(session, story_id, article, body, results)

    sources = await store.source_leads(session, {claim.article_id for claim in earlier})
    candidates = [
        *_denial_disputes(article, rows, results),
        *_conflict_disputes(article, rows, earlier, sources, document),
    ]
    known = await store.existing_fingerprints(session, [d.fingerprint for d in candidates])
    new: list[DisputeRow] = []
    for dispute in candidates:
        if dispute.fingerprint not in known:
            known.add(dispute.fingerprint)
            dispute.story_id = story_id
            new.append(dispute)
    session.add_all(new)
    await session.flush()
    return LinkResult(story_id, created, article.stance, tuple(new))


async def _join(
    session: AsyncSession, article_id: int, keys: Sequence[EventKey], at: datetime, window: timedelta
) -> int | None:
    """The story of the articles reporting the same event (merged into one when they were
    several), or None when no article of the window does."""
    mine = {k.key: k.weight for k in keys}
    found = await store.neighbours(session, keys, at - window, at + window)
    linked = sorted(
        {
            n.story_id
            for n in found
            if n.article_id != article_id and evidence(mine, n.profile, norm_b=n.norm).same_event
        }
    )
    if not linked:
        return None
    sizes = await store.story_sizes(session, linked)
    room = [sid for sid in linked if sizes[sid] < MAX_STORY_ARTICLES]
    if not room:
        return None  # the event's stories are full: a new one starts rather than drifting on
    keep, total, merged = room[0], sizes[room[0]] + 1, []
    for other in room[1:]:  # oldest story first; each merge only while the bound allows
        if total + sizes[other] <= MAX_STORY_ARTICLES:
            merged.append(other)
            total += sizes[other]
    await store.merge_stories(session, keep, merged)
    return keep


def _distinct_claims(rows: Sequence[ClaimRow]) -> list[ClaimRow]:
    """One claim per figure (value range, unit), so a figure repeated in the headline, the body or
    later articles is disputed once: the earliest attributed mention, else the earliest; at most
    :data:`MAX_STANCE_CLAIMS` figures, the earliest stated."""
    chosen: dict[tuple[float | None, float | None, float | None, str | None], ClaimRow] = {}
    for claim in rows:
        key = (claim.value, claim.low, claim.high, claim.unit)
        if key not in chosen or (chosen[key].claimant is None and claim.claimant is not None):
            chosen[key] = claim
    return sorted(chosen.values(), key=lambda c: (c.article_id, c.id))[:MAX_STANCE_CLAIMS]


async def _story_stance(
    session: AsyncSession,
    story_id: int,
    article: Article,
    body: PreparedText,
    results: Sequence[tuple[ClaimRow, StanceResult]],
) -> str | None:
    """The article's stance towards its story: disagree beats agree beats discuss."""
    labels = {result.label for _, result in results}
    if not results:  # the story has no claim yet: compare with its first article's headline
        opener = await store.story_opener(session, story_id, article.id)
        if not opener:
            return None
        labels = {classify(prepare_claim(opener), body, LINK_PARAMS).label}
    for label in (StanceLabel.DISAGREE, StanceLabel.AGREE):
        if label in labels:
            return label.value
    return StanceLabel.DISCUSS.value


def _denial_disputes(
    article: Article, rows: StoredRows, results: Sequence[tuple[ClaimRow, StanceResult]]
) -> list[DisputeRow]:
    """One denial dispute per refuting sentence, aimed at the earlier claim it restates best."""
    # denials the detector already paired with a claim of this same article
    own = {d.dispute_start for d in rows.disputes if d.claim_article_id == d.dispute_article_id}
    best: dict[int, tuple[float, ClaimRow, Evidence, DenialRow | None, str]] = {}
    for claim, result in results:
        ev = result.evidence
        if result.label is not StanceLabel.DISAGREE or ev is None or ev.start in own:
            continue  # not disputed, or the detector already paired this denial within the article
        denial = next(
            (d for d in rows.denials if d.sentence_start < ev.end and ev.start < d.sentence_end), None
        )
        party = denial.denier if denial is not None else _speaker(article, ev)
        if same_party(party, claim.claimant):
            continue  # a source taking back its own figure is a revision, not a dispute
        closeness = coverage(_prepared_claim(claim.sentence), frozenset(content_tokens(ev.sentence)))
        if ev.start not in best or closeness > best[ev.start][0]:
            best[ev.start] = (closeness, claim, ev, denial, party)
    return [
        DisputeRow(
            fingerprint=fingerprint(
                "story-denial",
                claim.article_id,
                claim.sentence_start,
                claim.figure_text,
                article.id,
                ev.start,
            ),
            claim_id=claim.id,
            claim_article_id=claim.article_id,
            dispute_article_id=article.id,
            denial_id=denial.id if denial is not None else None,
            kind="denial",
            disputed_by=party[:256],
            quote=denial.quote if denial is not None else None,
            dispute_sentence=ev.sentence,
            dispute_start=ev.start,
            dispute_end=ev.end,
            alert_worthy=article.alert_worthy,
        )
        for _, claim, ev, denial, party in best.values()
    ]


_REPORTING = re.compile(r"\b(?:said|says|say|told|stated|wrote|added|insisted)\b")


def _speaker(article: Article, ev: Evidence) -> str:
    """Who denies, when the detector stored no denial for the sentence: the subject of a denial
    verb ("Acme denied"), else of a reporting verb ("Acme said the story is false"), else ""
    (no party named: alerts show the article, never its host name, as the disputer)."""
    low = ev.sentence.lower().replace("’", "'")
    verbs = [low.find(cue) for cue in ev.cues if DENY_RE.fullmatch(cue) and cue in low]
    verbs += [m.start() for m in _REPORTING.finditer(low)]
    for position in sorted(verbs):
        speaker = speaker_before(ev.sentence, position)
        if speaker:
            return speaker
    return ""


def _lead_tokens(source: SourceLead) -> frozenset[str]:
    return _text_tokens(ArticleInput(str(source.id), source.title, source.lead).document)


# An earlier article is checked against every later article of its story: tokenise its text once.
@lru_cache(maxsize=256)
def _text_tokens(text: str) -> frozenset[str]:
    return frozenset(content_tokens(text))


def _conflict_disputes(
    article: Article,
    rows: StoredRows,
    earlier: Sequence[ClaimRow],
    sources: dict[int, SourceLead],
    document: str,
) -> list[DisputeRow]:
    """One conflict per earlier figure and new figure of another party about the same event."""
    out = []
    seen: set[tuple[int, str | None, str | None]] = set()
    earlier_tokens: dict[int, frozenset[str]] = {}
    # figure pairs the detector already set against each other within this article
    by_id = {c.id: c for c in rows.claims}
    paired: set[tuple[tuple[float, float] | None, tuple[float, float] | None]] = set()
    for own in rows.disputes:
        if own.kind == "conflict" and own.claim_article_id == own.dispute_article_id:
            a, b = by_id.get(own.claim_id), by_id.get(own.counter_claim_id or -1)
            if a is not None and b is not None:
                paired |= {
                    (bounds(claim_facts(a)), bounds(claim_facts(b))),
                    (bounds(claim_facts(b)), bounds(claim_facts(a))),
                }
    # a figure the headline repeats is stated better (with its source) in the body: body first
    figures = sorted(rows.claims, key=lambda c: c.sentence_start < len(article.title or ""))
    for old in earlier:
        source = sources.get(old.article_id)
        if source is None:
            continue
        for new in figures:
            if not is_conflict(claim_facts(old), claim_facts(new)):
                continue
            if (bounds(claim_facts(old)), bounds(claim_facts(new))) in paired:
                continue  # the new article states both figures: its own dispute covers it
            key = (old.id, figure_key(new.value, new.low, new.high), new.unit)
            if key in seen:
                continue  # the same new figure again ("2,000" and "more than 2,000"): one dispute
            if source.id not in earlier_tokens:
                earlier_tokens[source.id] = _lead_tokens(source)
            if different_events(
                event_names(source.title, old.sentence, old.claimant),
                earlier_tokens[source.id],
                event_names(article.title, new.sentence, new.claimant),
                _text_tokens(document),  # only tokenised when a pair of figures conflicts
            ):
                continue
            seen.add(key)
            out.append(
                DisputeRow(
                    fingerprint=fingerprint(
                        "story-conflict",
                        old.article_id,
                        old.sentence_start,
                        old.figure_text,
                        article.id,
                        new.sentence_start,
                        new.figure_text,
                    ),
                    claim_id=old.id,
                    claim_article_id=old.article_id,
                    dispute_article_id=article.id,
                    counter_claim_id=new.id,
                    kind="conflict",
                    disputed_by=(new.claimant or "unnamed source")[:256],
                    dispute_sentence=new.sentence,
                    dispute_start=new.sentence_start,
                    dispute_end=new.sentence_end,
                    alert_worthy=article.alert_worthy,
                )
            )
    return out
