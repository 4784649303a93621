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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.clock import Clock, SystemClock
from bot.detect.model import ArticleInput, NamedEntity
from bot.stance import DEFAULT_PARAMS, StanceLabel, classify, prepare_claim, prepare_text
from bot.stance.cues import DENY_RE
from bot.stance.model import Evidence, PreparedClaim, PreparedText, StanceResult
from bot.stance.stance import coverage
from bot.stance.text import content_tokens
from bot.storage import stories as store
from bot.storage.models import Article, ClaimRow, DenialRow, DisputeRow
from bot.storage.stories import EarlierClaim, SourceLead
from bot.stories.clusters import Member, assign, edges, split
from bot.stories.conflicts import (
    bounds,
    different_events,
    event_names,
    is_conflict,
    same_party,
    speaker_before,
)
from bot.stories.events import NORM_KEY, EventKey, event_profile, norm, same_event
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
# The learned FNC-1 decision is left out here (model=None): it was fitted on one-rumour FNC-1 bodies,
# where "hoax" anywhere in the text is about the claim, which a news story's article is not.
LINK_PARAMS = replace(
    DEFAULT_PARAMS,
    model=None,
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
# The linker decides by the cue rules (LINK_PARAMS.model is None): what only the learned decision
# reads of a claim (its parse, its cue keys) is left out.
@lru_cache(maxsize=4096)
def _prepared_claim(sentence: str) -> PreparedClaim:
    return prepare_claim(sentence, learned=False)


def claim_facts(row: ClaimRow | EarlierClaim) -> ClaimFacts:
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
    keys: Sequence[tuple[str, float]] | None = None,
    stance_text: PreparedText | None = None,
) -> LinkResult:
    """Assign ``article`` to a story, set its stance, and store new cross-article disputes.

    ``entities`` are the detector's named entities of the article (``Detection.entities``);
    without them the linker reads capitalised names itself. ``keys`` are the article's event
    keys when computed ahead (``Detection.event_keys``); without them they are computed here;
    likewise ``stance_text``, the article prepared for the stance function
    (``Detection.stance_text``), used when it is of this article's text."""
    await session.flush()  # the article and its detection rows need ids
    rows: StoredRows = stored if stored is not None else await store.article_rows(session, article.id)
    now = (clock or SystemClock()).now()
    at = article.published_at or now
    text = article.text or article.summary
    profile = (
        tuple(EventKey(key, weight) for key, weight in keys)
        if keys is not None
        else event_profile(article.title, text, [claim_facts(c) for c in rows.claims], entities)
    )

    created = False
    story_id = article.story_id
    had_story = story_id is not None  # linked before: processed again
    if story_id is None:
        first = [*(c.sentence for c in rows.claims), *(d.sentence for d in rows.denials), text[:200]][0]
        joined = await _join(session, Member(article.id, at, {k.key: k.weight for k in profile}, 0.0), window)
        if joined is None:
            if not (profile or rows.claims or rows.denials):
                return LinkResult(None, False, None, ())
            story = await store.create_story(session, article.title or first, at)
            story_id, created = story.id, True
        else:
            story_id, created = joined
            if created:  # a part of a cut cluster, for this article alone so far
                await store.retitle_story(session, story_id, article.title or first)
        await store.add_story_keys(session, article.id, profile, at)
    # one UPDATE per table instead of one per row at the next flush; the loaded rows are told
    # without being marked changed
    await store.set_article_story(session, article.id, story_id, bool(rows.claims), bool(rows.disputes))
    for row in (*rows.claims, *rows.disputes):
        set_committed_value(row, "story_id", story_id)
    await store.touch_story(session, story_id, at)

    if created:  # a new story has nothing earlier to agree with or dispute
        article.story_id, article.stance = story_id, None
        await session.flush()
        return LinkResult(story_id, created, None, ())
    document = ArticleInput(str(article.id), article.title, text).document
    body = stance_text if stance_text is not None and stance_text.text == document else prepare_text(document)
    earlier = await store.earlier_story_claims(session, story_id, article.id, MAX_STANCE_CLAIMS)
    results = [(claim, classify(_prepared_claim(claim.sentence), body, LINK_PARAMS)) for claim in earlier]
    stance = await _story_stance(session, story_id, article, body, results)

    # an earlier article's lead is read only when one of its figures conflicts with a new one
    figures = [claim_facts(new) for new in rows.claims]
    conflicting = {
        old.article_id for old in earlier if any(is_conflict(claim_facts(old), new) for new in figures)
    }
    sources = await store.source_leads(session, conflicting)
    candidates = [
        *_denial_disputes(article, rows, results),
        *_conflict_disputes(article, rows, earlier, sources, document),
    ]
    # a cross-article dispute names the disputing article and is stored only with its story, so
    # an article that had no story has none yet: no read for them (the unique fingerprint stays)
    known = (
        await store.existing_fingerprints(session, [d.fingerprint for d in candidates])
        if had_story
        else set()
    )
    new: list[DisputeRow] = []
    for dispute in candidates:
        if dispute.fingerprint not in known:
            known.add(dispute.fingerprint)
            dispute.story_id = story_id
            dispute.created_at = now  # stamped before the INSERT, not updated after it
            new.append(dispute)
    session.add_all(new)
    article.story_id, article.stance = story_id, stance  # one UPDATE of the article, at this flush
    await session.flush()
    return LinkResult(story_id, created, stance, tuple(new))


async def _join(session: AsyncSession, new: Member, window: timedelta) -> tuple[int, bool] | None:
    """The story of the articles reporting the same event as ``new`` (its profile), and whether
    it is a new story; None when no article of the window reports it.

    The article joins the clusters of its neighbours: while the joined cluster fits the bound it
    is one story (bridged stories merge); past it, the cluster is cut again from its articles'
    profiles (:func:`bot.stories.clusters.split`), so its stories depend only on its articles."""
    mine = dict(new.profile)
    new = replace(new, norm=norm(mine))
    found = await store.neighbours(
        session, [EventKey(k, w) for k, w in mine.items()], new.at - window, new.at + window
    )
    # one neighbour reporting the event is enough to link its story: the others of a story
    # already linked are not compared (every neighbour of a story carries the same story row)
    linked: dict[int, store.ClusterStory] = {}
    for n in found:
        if n.story_id in linked or n.article_id == new.article_id:
            continue
        if same_event(mine, n.profile, new.norm, n.norm):
            linked[n.story_id] = n.story
    if not linked:
        return None
    stories = sorted(linked.values(), key=lambda s: s.story_id)
    if any(s.cluster_id is not None for s in stories):  # a cut cluster: its other parts too
        stories = await store.cluster_stories(session, linked)
    if sum(s.size for s in stories) + 1 <= MAX_STORY_ARTICLES:
        keep = stories[0].story_id  # the oldest story
        await store.merge_stories(session, keep, [s.story_id for s in stories[1:]])
        return keep, False
    return await _cut(session, new, [s.story_id for s in stories], window)


async def _cut(
    session: AsyncSession, new: Member, story_ids: Sequence[int], window: timedelta
) -> tuple[int, bool]:
    """Cut the cluster of ``story_ids`` plus the ``new`` article into stories of at most
    :data:`MAX_STORY_ARTICLES`: the story of the new article's part, and whether it is new."""
    members, story_of = _members(await store.cluster_profiles(session, story_ids))
    everyone = [new, *members]
    parts = split([m.article_id for m in everyone], edges(everyone, window), MAX_STORY_ARTICLES)
    owners = assign(parts, story_of)
    orphans = [min(p) for p, o in zip(parts, owners, strict=True) if o is None and new.article_id not in p]
    titles = await store.article_titles(session, orphans) if orphans else {}
    final: list[int] = []
    for part, owner in zip(parts, owners, strict=True):
        if owner is None:  # a new story: for the new article's part, retitled by the caller
            owner = (await store.create_story(session, titles.get(min(part)) or "(untitled)", new.at)).id
        final.append(owner)
    await store.move_articles(
        session,
        {
            owner: [aid for aid in part if aid != new.article_id and story_of.get(aid) != owner]
            for part, owner in zip(parts, final, strict=True)
        },
    )
    part_of = {aid: owner for part, owner in zip(parts, final, strict=True) for aid in part}
    for gone in sorted(set(story_ids) - set(final)):
        # the story that took most of its articles inherits its alerts and outbox rows
        heirs = Counter(part_of[aid] for aid, sid in story_of.items() if sid == gone)
        heir = min(heirs, key=lambda o: (-heirs[o], o)) if heirs else min(final)
        await store.retire_story(session, gone, heir)
    await store.set_cluster(session, final, min(final) if len(final) > 1 else None)
    mine = part_of[new.article_id]
    return mine, mine not in story_ids


def _members(rows: Sequence[store.ProfileRow]) -> tuple[list[Member], dict[int, int | None]]:
    """The stored profiles of a cluster's articles, and the story of each."""
    profiles: dict[int, dict[str, float]] = {}
    seen: dict[int, datetime] = {}
    story_of: dict[int, int | None] = {}
    for row in rows:
        profiles.setdefault(row.article_id, {})[row.key] = row.weight
        seen[row.article_id], story_of[row.article_id] = row.seen_at, row.story_id
    members = []
    for article_id, profile in profiles.items():
        length = profile.pop(NORM_KEY, None)
        members.append(
            Member(article_id, seen[article_id], profile, norm(profile) if length is None else length)
        )
    return members, story_of


async def _story_stance(
    session: AsyncSession,
    story_id: int,
    article: Article,
    body: PreparedText,
    results: Sequence[tuple[EarlierClaim, StanceResult]],
) -> str | None:
    """The article's stance towards its story: disagree beats agree beats discuss."""
    labels = {result.label for _, result in results}
    if not results:  # the story has no claim yet: compare with its first article's headline
        opener = await store.story_opener(session, story_id, article.id)
        if not opener:
            return None
        labels = {classify(_prepared_claim(opener), body, LINK_PARAMS).label}
    for label in (StanceLabel.DISAGREE, StanceLabel.AGREE):
        if label in labels:
            return label.value
    return StanceLabel.DISCUSS.value


def _denial_disputes(
    article: Article, rows: StoredRows, results: Sequence[tuple[EarlierClaim, StanceResult]]
) -> list[DisputeRow]:
    """One denial dispute per refuting sentence, aimed at the earlier claim it restates best."""
    # denials the detector already paired with a claim of this same article
    own = {d.dispute_start for d in rows.disputes if d.claim_article_id == d.dispute_article_id}
    best: dict[int, tuple[float, EarlierClaim, Evidence, DenialRow | None, str]] = {}
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
    earlier: Sequence[EarlierClaim],
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
