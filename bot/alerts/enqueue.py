"""Turn newly stored disputes into outbox rows, in the caller's unit of work.

Called by ``bot.pipeline.process_article`` right after the disputes are stored and linked to
their story, so an article, its disputes and the alerts they cause commit together (or not at
all). Instant-mode chats get rows here; hourly/daily chats are served by
:func:`enqueue_due_digests`, which a repeating job runs.

Subscribed chats are streamed in batches by id, so memory stays flat however many chats there
are; each batch costs a few statements (keywords, story alerts, one bulk insert).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.decide import Action, Signature, decide, signature, text_hash, wants
from bot.alerts.format import Rendered, format_alert, format_digest
from bot.alerts.model import ChatTarget, DisputeView, StoryView
from bot.storage import evidence, outbox
from bot.storage.models import Chat, DisputeRow, StoryAlert, WatchedKeyword

log = logging.getLogger(__name__)

CHAT_BATCH = 1000
DIGEST_PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}
DIGEST_LABELS = {"hourly": "last hour", "daily": "last 24 hours"}
DIGEST_MAX_DISPUTES = 200


@dataclass(slots=True)
class EnqueueReport:
    alerts: int = 0
    updates: int = 0
    skipped: int = 0
    stories: list[str] = field(default_factory=list)


async def _chat_batches(
    session: AsyncSession, *, modes: Sequence[str], batch: int
) -> AsyncIterator[list[tuple[int, str, str, datetime | None]]]:
    """Subscribed chats in the given alert modes, by id, ``batch`` at a time (keyset pagination)."""
    last = None
    while True:
        statement = (
            select(Chat.id, Chat.scope, Chat.alert_mode, Chat.last_digest_at)
            .where(Chat.subscribed.is_(True), Chat.alert_mode.in_(list(modes)))
            .order_by(Chat.id)
            .limit(batch)
        )
        if last is not None:
            statement = statement.where(Chat.id > last)
        rows = [(r[0], r[1], r[2], r[3]) for r in (await session.execute(statement)).all()]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


_INSTANT_CHAT = "claimwatch_instant_chat"  # session.info: (transaction, answer)


async def _has_instant_chat(session: AsyncSession) -> bool:
    """Whether any subscribed chat takes instant alerts, read once per unit of work: the poller
    asks for every article with disputes, some 40 times per unit of work of 32 at 50k stored.

    A chat that subscribes while a unit of work runs is alerted from the next one on: on SQLite
    it cannot meanwhile (the unit of work holds the write lock), on PostgreSQL the unit of work
    keeps the answer it first read. Which chats receive an alert is still read when it is sent
    out (``_fan_out``)."""
    transaction = session.sync_session.get_transaction()
    cached = session.info.get(_INSTANT_CHAT)
    if transaction is not None and cached is not None and cached[0] is transaction:
        return bool(cached[1])
    found = await session.scalar(
        select(Chat.id).where(Chat.subscribed.is_(True), Chat.alert_mode == "instant").limit(1)
    )
    session.info[_INSTANT_CHAT] = (session.sync_session.get_transaction(), found is not None)
    return found is not None


async def _targets(
    session: AsyncSession, rows: Sequence[tuple[int, str, str, datetime | None]]
) -> list[ChatTarget]:
    watched = [chat_id for chat_id, scope, *_ in rows if scope == "watched"]
    keywords: dict[int, list[str]] = defaultdict(list)
    if watched:
        result = await session.execute(
            select(WatchedKeyword.chat_id, WatchedKeyword.normalized).where(
                WatchedKeyword.chat_id.in_(watched)
            )
        )
        for chat_id, normalized in result.all():
            keywords[chat_id].append(normalized)
    return [ChatTarget(chat_id, scope, tuple(keywords.get(chat_id, ()))) for chat_id, scope, *_ in rows]


async def enqueue_alerts(
    session: AsyncSession, new_disputes: Sequence[DisputeRow], *, now: datetime, batch: int = CHAT_BATCH
) -> EnqueueReport:
    """Queue one alert (or an update of the earlier one) per story for every interested chat."""
    report = EnqueueReport()
    worthy = [d for d in new_disputes if d.alert_worthy]
    if not worthy or not await _has_instant_chat(session):
        return report  # nobody would receive it: no story view is built
    await session.flush()  # ids and story links of the new rows
    groups: dict[int | None, list[DisputeRow]] = defaultdict(list)
    for d in worthy:
        groups[d.story_id].append(d)
    for story_id, rows in groups.items():
        lone = [[row] for row in rows] if story_id is None else [rows]
        for members in lone:
            story = await evidence.story_view(session, story_id, [r.id for r in members])
            if story is None:
                continue
            new_ids = {r.id for r in members}
            fresh = [d for d in story.disputes if d.id in new_ids]
            await _fan_out(session, story, fresh, now, batch, report)
            report.stories.append(story.key)
    return report


async def _fan_out(
    session: AsyncSession,
    story: StoryView,
    fresh: Sequence[DisputeView],
    now: datetime,
    batch: int,
    report: EnqueueReport,
) -> None:
    rendered = format_alert(story)  # the same text for every chat: render once
    revised = format_alert(story, updated=True)  # what an edit shows: with its "updated" line
    if rendered is None or revised is None:
        return  # nothing that can be shown: no figure whose counted thing can be named
    # the hash is of the edit's text: re-reading an article that adds nothing then changes nothing
    as_edit = signature(story, revised.text)
    announced = as_edit.announced(now)
    async for rows in _chat_batches(session, modes=["instant"], batch=batch):
        targets = await _targets(session, rows)
        interested = {t.chat_id for t in targets if wants(t, fresh)}
        # A chat that already has this story's alert sees it updated even when the new article
        # misses its keywords (the message stays true to the story), but is not alerted anew.
        previous = await _previous_alerts(session, story, [t.chat_id for t in targets])
        new_rows: list[dict[str, Any]] = []
        edits: list[tuple[int, int, int | None, Signature]] = []  # chat, story_alert, outbox, signature
        for target in targets:
            alert_id, outbox_id, old_sig = previous.get(target.chat_id, (None, None, None))
            if target.chat_id not in interested and alert_id is None:
                continue
            action = decide(old_sig, as_edit, now)
            if action is Action.ALERT and target.chat_id not in interested:
                action = Action.UPDATE if outbox_id is not None else Action.SKIP
            if action is Action.SKIP:
                report.skipped += 1
            elif action is Action.ALERT or outbox_id is None or alert_id is None:
                new_rows.append(
                    _row(target.chat_id, story, "alert", rendered.text, rendered.reply_markup, now)
                )
            else:
                # an edit announces the news too, but keeps the time of the last new message
                kept = replace(as_edit, alerted_at=old_sig.alerted_at if old_sig else None)
                edits.append((target.chat_id, alert_id, outbox_id, kept))
        await _insert_alerts(session, story, new_rows, previous, announced, now)
        await _queue_updates(session, story, edits, rendered, revised, now)
        report.alerts += len(new_rows)
        report.updates += len(edits)


def _row(
    chat_id: int,
    story: StoryView,
    kind: str,
    text: str,
    markup: dict[str, Any] | None,
    now: datetime,
    **extra: Any,
) -> dict[str, Any]:
    key = f"{kind[0]}:{chat_id}:{story.key}:{text_hash(text)}"
    return {
        "dedupe_key": key,
        "chat_id": chat_id,
        "story_id": story.story_id,
        "kind": kind,
        "text": text,
        "parse_mode": "HTML",
        "reply_markup": markup,
        "status": outbox.PENDING,
        "attempts": 0,
        "not_before": now,
        "created_at": now,
        **extra,
    }


async def _previous_alerts(
    session: AsyncSession, story: StoryView, chat_ids: list[int]
) -> dict[int, tuple[int, int | None, Signature | None]]:
    if story.story_id is None:
        return {}
    result = await session.execute(
        select(StoryAlert.chat_id, StoryAlert.id, StoryAlert.outbox_id, StoryAlert.signature).where(
            StoryAlert.story_id == story.story_id, StoryAlert.chat_id.in_(chat_ids)
        )
    )
    return {
        chat_id: (sa_id, outbox_id, Signature.loads(sig)) for chat_id, sa_id, outbox_id, sig in result.all()
    }


async def _insert_alerts(
    session: AsyncSession,
    story: StoryView,
    rows: list[dict[str, Any]],
    previous: dict[int, tuple[int, int | None, Signature | None]],
    current: Signature,
    now: datetime,
) -> None:
    if not rows:
        return
    outbox_ids = await outbox.add_messages_returning(session, rows)
    if story.story_id is None:
        return
    sig = current.dumps()
    fresh = [
        {"chat_id": c, "story_id": story.story_id, "outbox_id": oid, "signature": sig, "updated_at": now}
        for c, oid in outbox_ids.items()
        if c not in previous
    ]
    known = [
        {"id": previous[c][0], "outbox_id": oid, "signature": sig, "updated_at": now}
        for c, oid in outbox_ids.items()
        if c in previous
    ]
    if fresh:
        await session.execute(insert(StoryAlert), fresh)
    if known:
        await session.execute(update(StoryAlert), known)


async def _queue_updates(
    session: AsyncSession,
    story: StoryView,
    edits: list[tuple[int, int, int | None, Signature]],
    alert: Rendered,
    edit: Rendered,
    now: datetime,
) -> None:
    """Rewrite alerts still waiting in the outbox (as alerts: the chat has seen nothing yet);
    queue an edit, with its "updated" line, for those already sent."""
    if not edits:
        return
    alerted = [oid for _, _, oid, _ in edits if oid is not None]
    rewritten = set(await outbox.rewrite_pending(session, alerted, alert.text, alert.reply_markup))
    rows = [
        _row(chat_id, story, "update", edit.text, edit.reply_markup, now, edit_of_id=oid)
        for chat_id, _, oid, _ in edits
        if oid not in rewritten
    ]
    await outbox.add_messages(session, rows)
    await session.execute(
        update(StoryAlert),
        [{"id": sa_id, "signature": sig.dumps(), "updated_at": now} for _, sa_id, _, sig in edits],
    )


# --- digests -----------------------------------------------------------------------------------


async def enqueue_due_digests(session: AsyncSession, *, now: datetime, batch: int = CHAT_BATCH) -> int:
    """Queue one digest per hourly/daily chat whose period has ended; returns how many were queued.

    A chat's first period starts when it is first seen in digest mode. A period with nothing for
    the chat sends nothing but still ends.

    Several jobs may run at once (several processes): a job first ends the periods it found due
    with a compare-and-set on ``last_digest_at``, and queues digests only for the chats whose
    period it ended; the digest's ``dedupe_key`` names the chat and the period, so a period is
    queued once whatever runs it.
    """
    windows: dict[datetime, list[DisputeView]] = {}
    stories: dict[int, StoryView] = {}  # whole stories, loaded once per run
    queued = 0
    async for rows in _chat_batches(session, modes=list(DIGEST_PERIODS), batch=batch):
        targets = {t.chat_id: t for t in await _targets(session, rows)}
        started = [chat_id for chat_id, _scope, _mode, last in rows if last is None]
        due = {
            chat_id: (mode, last)
            for chat_id, _scope, mode, last in rows
            if last is not None and last + DIGEST_PERIODS[mode] <= now
        }
        await _end_periods(session, started, now, due=None)
        ended = await _end_periods(session, list(due), now, due=due)
        new_rows = []
        for chat_id in ended:
            mode, last = due[chat_id]
            # A chat back from another mode (or a bot that was down) gets at most two periods, not
            # a backlog; a run that is merely late by a tick still covers the whole period.
            start = max(last, now - 2 * DIGEST_PERIODS[mode])
            if start not in windows:
                windows[start] = await evidence.disputes_between(session, start, now, DIGEST_MAX_DISPUTES)
            picked = [d for d in windows[start] if wants(targets[chat_id], [d])]
            for story_id in {d.story_id for d in picked} - set(stories) - {None}:
                assert story_id is not None
                view = await evidence.story_view(session, story_id, [])
                if view is not None:
                    stories[story_id] = view
            if picked:
                text = format_digest(DIGEST_LABELS[mode], picked, stories)
                new_rows.append(
                    {
                        "dedupe_key": f"g:{chat_id}:{mode}:{last.isoformat()}",  # chat and period
                        "chat_id": chat_id,
                        "kind": "digest",
                        "text": text,
                        "parse_mode": "HTML",
                        "status": outbox.PENDING,
                        "attempts": 0,
                        "not_before": now,
                        "created_at": now,
                    }
                )
        queued += await outbox.add_messages_once(session, new_rows)
    return queued


async def _end_periods(
    session: AsyncSession,
    chat_ids: list[int],
    now: datetime,
    *,
    due: dict[int, tuple[str, datetime]] | None,
) -> list[int]:
    """Set ``last_digest_at = now`` where it still holds the value this job read (None for chats
    starting their first period); returns the chats this call moved on. On PostgreSQL a second
    job's update waits for the first to commit, then no longer matches."""
    if not chat_ids:
        return []
    if due is None:
        condition = [Chat.last_digest_at.is_(None)]
    else:
        # One statement per mode: the period's end is ``last + period`` <= now for every chat read.
        ended: list[int] = []
        for mode, period in DIGEST_PERIODS.items():
            ids = [c for c in chat_ids if due[c][0] == mode]
            if ids:
                ended += await _compare_and_set(
                    session, ids, now, [Chat.alert_mode == mode, Chat.last_digest_at <= now - period]
                )
        return ended
    return await _compare_and_set(session, chat_ids, now, condition)


async def _compare_and_set(
    session: AsyncSession, chat_ids: list[int], now: datetime, condition: list[Any]
) -> list[int]:
    result = await session.execute(
        update(Chat)
        .where(Chat.id.in_(chat_ids), *condition)
        .values(last_digest_at=now)
        .returning(Chat.id)
        .execution_options(synchronize_session=False)
    )
    return [chat_id for (chat_id,) in result.all()]
