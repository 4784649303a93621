"""Round trips and constraints of every table, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import (
    Article,
    Chat,
    ClaimRow,
    DenialRow,
    DisputeRow,
    Feed,
    FeedEntry,
    OutboxMessage,
    Story,
    StoryAlert,
    StoryKey,
    WatchedKeyword,
)

Factory = async_sessionmaker[AsyncSession]
BIG_CHAT = -1001234567890123  # supergroup ids exceed 32 bits
WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


async def _seed(session: AsyncSession) -> dict[str, int]:
    """One row in every table, linked the way the pipeline links them."""
    chat = Chat(id=BIG_CHAT, type="supergroup", title="Desk", subscribed=True)
    feed = Feed(url="https://news.example/rss", title="Example", etag='"abc"', next_poll_at=WHEN)
    story = Story(title="Flooding in the delta")
    session.add_all([chat, feed, story])
    await session.flush()
    article = Article(
        url="https://news.example/a/1",
        url_hash="a" * 64,
        feed_id=feed.id,
        title="Toll disputed",
        text="Officials put the toll at 150; a relief group says 2,000.",
        published_at=WHEN,
        story_id=story.id,
    )
    session.add(article)
    await session.flush()
    claim = ClaimRow(
        article_id=article.id,
        story_id=story.id,
        value=150.0,
        figure_text="150",
        counted="dead",
        claimant="officials",
        sentence="Officials put the toll at 150.",
        sentence_start=0,
        sentence_end=30,
    )
    denial = DenialRow(
        article_id=article.id,
        denier="a relief group",
        cue="disputes",
        sentence="A relief group disputes it.",
        sentence_start=31,
        sentence_end=58,
    )
    session.add_all(
        [
            claim,
            denial,
            FeedEntry(feed_id=feed.id, entry_key="e" * 64, article_id=article.id),
            StoryKey(article_id=article.id, key="e:delta", weight=2.5, seen_at=WHEN),
            WatchedKeyword(chat_id=chat.id, keyword="Delta", normalized="delta"),
        ]
    )
    await session.flush()
    dispute = DisputeRow(
        fingerprint="f" * 64,
        story_id=story.id,
        claim_id=claim.id,
        claim_article_id=article.id,
        dispute_article_id=article.id,
        denial_id=denial.id,
        kind="denial",
        disputed_by="a relief group",
        dispute_sentence=denial.sentence,
        dispute_start=31,
        dispute_end=58,
    )
    outbox = OutboxMessage(
        dedupe_key=f"alert:{BIG_CHAT}:1",
        chat_id=chat.id,
        story_id=story.id,
        kind="alert",
        text="<b>Contested</b>",
        reply_markup={"inline_keyboard": [[{"text": "Details", "callback_data": "d:1"}]]},
    )
    session.add_all([dispute, outbox])
    await session.flush()
    session.add(StoryAlert(chat_id=chat.id, story_id=story.id, outbox_id=outbox.id, signature="x"))
    await session.flush()
    return {"article": article.id, "story": story.id, "feed": feed.id, "dispute": dispute.id}


async def test_every_table_round_trips(db_session_factory: Factory) -> None:
    async with db_session_factory.begin() as session:
        ids = await _seed(session)
    async with db_session_factory() as session:
        chat = await session.get(Chat, BIG_CHAT)
        assert chat is not None
        assert (chat.type, chat.subscribed, chat.alert_mode, chat.scope) == (
            "supergroup",
            True,
            "instant",
            "all",
        )
        feed = await session.get(Feed, ids["feed"])
        assert feed is not None
        assert (feed.etag, feed.enabled, feed.error_count, feed.next_poll_at) == ('"abc"', True, 0, WHEN)
        article = await session.get(Article, ids["article"])
        assert article is not None
        assert article.published_at == WHEN
        assert "2,000" in article.text
        dispute = await session.get(DisputeRow, ids["dispute"])
        assert dispute is not None
        assert (dispute.kind, dispute.alert_worthy) == ("denial", True)
        claim = await session.get(ClaimRow, dispute.claim_id)
        assert claim is not None
        assert claim.value == 150.0
        outbox = (await session.scalars(select(OutboxMessage))).one()
        assert outbox.reply_markup == {"inline_keyboard": [[{"text": "Details", "callback_data": "d:1"}]]}
        assert (outbox.status, outbox.attempts, outbox.parse_mode) == ("pending", 0, "HTML")
        keyword = (await session.scalars(select(WatchedKeyword))).one()
        assert keyword.chat_id == BIG_CHAT
        assert (await session.scalars(select(StoryAlert))).one().outbox_id == outbox.id
        assert (await session.scalars(select(StoryKey))).one().key == "e:delta"
        assert (await session.scalars(select(FeedEntry))).one().article_id == ids["article"]
        assert (await session.scalars(select(DenialRow))).one().cue == "disputes"


async def test_datetimes_come_back_aware_utc(db_session_factory: Factory) -> None:
    plus_two = timezone(timedelta(hours=2))
    async with db_session_factory.begin() as session:
        session.add(
            Feed(url="https://tz.example/rss", next_poll_at=datetime(2026, 1, 1, 14, 0, tzinfo=plus_two))
        )
    async with db_session_factory() as session:
        feed = (await session.scalars(select(Feed))).one()
        assert feed.next_poll_at is not None
        assert feed.next_poll_at.utcoffset() == timedelta(0)
        assert feed.next_poll_at == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
        assert feed.created_at.tzinfo is not None  # default from utcnow()
        # Comparisons in SQL use the instant, not the wall-clock text.
        due = await session.scalars(
            select(Feed).where(Feed.next_poll_at <= datetime(2026, 1, 1, 12, 30, tzinfo=UTC))
        )
        assert [f.url for f in due] == ["https://tz.example/rss"]


async def test_naive_datetime_is_refused(db_session_factory: Factory) -> None:
    async with db_session_factory() as session:
        session.add(Feed(url="https://naive.example/rss", next_poll_at=datetime(2026, 1, 1, 12, 0)))
        with pytest.raises(Exception, match="naive datetime"):
            await session.flush()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            lambda: Feed(url="https://dup.example/rss"),
            lambda: Feed(url="https://dup.example/rss"),
            id="feed-url",
        ),
        pytest.param(
            lambda: Article(url="https://dup.example/a", url_hash="b" * 64),
            lambda: Article(url="https://dup.example/a?again", url_hash="b" * 64),
            id="article-url-hash",
        ),
        pytest.param(
            lambda: WatchedKeyword(chat_id=BIG_CHAT, keyword="Gaza", normalized="gaza"),
            lambda: WatchedKeyword(chat_id=BIG_CHAT, keyword="GAZA", normalized="gaza"),
            id="keyword-per-chat",
        ),
        pytest.param(
            lambda: OutboxMessage(dedupe_key="k1", chat_id=BIG_CHAT, kind="alert", text="one"),
            lambda: OutboxMessage(dedupe_key="k1", chat_id=BIG_CHAT, kind="alert", text="two"),
            id="outbox-dedupe-key",
        ),
    ],
)
async def test_unique_constraints(db_session_factory: Factory, first: object, second: object) -> None:
    async with db_session_factory.begin() as session:
        session.add(Chat(id=BIG_CHAT))
        session.add(first())  # type: ignore[operator]
    async with db_session_factory() as session:
        session.add(second())  # type: ignore[operator]
        with pytest.raises(IntegrityError):
            await session.flush()


async def test_same_keyword_in_two_chats_is_fine(db_session_factory: Factory) -> None:
    async with db_session_factory.begin() as session:
        session.add_all([Chat(id=1), Chat(id=2)])
        await session.flush()
        session.add_all(
            [
                WatchedKeyword(chat_id=1, keyword="gaza", normalized="gaza"),
                WatchedKeyword(chat_id=2, keyword="gaza", normalized="gaza"),
            ]
        )
    async with db_session_factory() as session:
        assert len((await session.scalars(select(WatchedKeyword))).all()) == 2


async def test_foreign_keys_are_enforced(db_session_factory: Factory) -> None:
    async with db_session_factory() as session:
        session.add(WatchedKeyword(chat_id=424242, keyword="x", normalized="x"))
        with pytest.raises(IntegrityError):
            await session.flush()


async def test_chat_id_migration_cascades(db_session_factory: Factory) -> None:
    """A group upgraded to a supergroup gets a new id; its rows follow (ON UPDATE CASCADE)."""
    async with db_session_factory.begin() as session:
        await _seed(session)
    new_id = BIG_CHAT - 1
    async with db_session_factory.begin() as session:
        await session.execute(update(Chat).where(Chat.id == BIG_CHAT).values(id=new_id))
    async with db_session_factory() as session:
        assert await session.get(Chat, BIG_CHAT) is None
        assert (await session.scalars(select(WatchedKeyword.chat_id))).all() == [new_id]
        assert (await session.scalars(select(OutboxMessage.chat_id))).all() == [new_id]
        assert (await session.scalars(select(StoryAlert.chat_id))).all() == [new_id]


async def test_deleting_an_article_cascades_to_its_detections(db_session_factory: Factory) -> None:
    async with db_session_factory.begin() as session:
        ids = await _seed(session)
    async with db_session_factory.begin() as session:
        article = await session.get(Article, ids["article"])
        await session.delete(article)
    async with db_session_factory() as session:
        for model in (ClaimRow, DenialRow, DisputeRow, FeedEntry):
            assert (await session.scalars(select(model))).all() == [], model.__tablename__
        assert (await session.scalars(select(Story))).one().id == ids["story"]
