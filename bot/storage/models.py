"""SQLAlchemy 2 declarative schema shared by every feature.

One schema for SQLite (default) and PostgreSQL. Telegram ids are 64-bit, so BigInteger.
Timestamps are stored timezone-aware UTC (``UTCDateTime`` restores tzinfo on SQLite).
Alembic migrations in ``bot/migrations`` must mirror this file (a test checks it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every back end."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


# --- chats and their preferences -------------------------------------------------------------


class Chat(Base):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(16), default="private")  # private/group/supergroup/channel
    title: Mapped[str | None] = mapped_column(String(256))
    subscribed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    alert_mode: Mapped[str] = mapped_column(String(16), default="instant")  # instant/hourly/daily
    scope: Mapped[str] = mapped_column(String(16), default="all")  # all/watched
    unsubscribed_reason: Mapped[str | None] = mapped_column(String(64))  # "user", "blocked", "kicked"
    last_digest_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WatchedKeyword(Base):
    __tablename__ = "watched_keywords"
    __table_args__ = (UniqueConstraint("chat_id", "normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE", onupdate="CASCADE"), index=True
    )
    keyword: Mapped[str] = mapped_column(String(64))  # as the user typed it
    normalized: Mapped[str] = mapped_column(String(64))  # casefolded, whitespace collapsed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- feeds, entries and articles -------------------------------------------------------------


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(512))
    site_url: Mapped[str | None] = mapped_column(String(2048))
    source: Mapped[str] = mapped_column(String(16), default="file")  # "file" or "admin"
    added_by: Mapped[int | None] = mapped_column(BigInteger)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(256))
    # HTTP validators for conditional GET
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    # scheduling
    next_poll_at: Mapped[datetime | None] = mapped_column(index=True)
    min_interval: Mapped[int | None] = mapped_column(Integer)  # seconds, from <ttl> / max-age
    last_polled_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    backlog_done: Mapped[bool] = mapped_column(Boolean, default=False)  # first poll finished
    # error state, shown to admins
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    error_since: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # ingestion: a usable-but-flawed last answer (not well-formed, truncated); cleared when clean
    last_warning: Mapped[str | None] = mapped_column(Text)
    # the URL as listed (feeds file / admin); ``url`` follows permanent redirects, this does not
    listed_url: Mapped[str | None] = mapped_column(String(2048))


class Story(Base):
    """Articles about one event, grouped across feeds and days."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(1024))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_article_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # The connected piece of the same-event graph this story is a part of, when that piece grew
    # past the story bound and was cut into several stories (bot.stories.clusters); None: the
    # story is its whole piece (the usual case, so a new story costs no extra write).
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)


class StoryKey(Base):
    """An article's event keys (names, rare words, counted figures): the index through which a
    new article finds the articles reporting the same event.

    The article's story is read from the article (for the few candidates), not copied here: a
    copy had to be rewritten for every key of every article of a story that merged or was cut."""

    __tablename__ = "story_keys"
    __table_args__ = (
        # candidate lookup: one bounded range per key; covering, so no table row is read
        Index("ix_story_keys_key_seen", "key", "seen_at", "article_id"),
        # the profiles of the few candidate articles
        Index("ix_story_keys_article", "article_id", "key", "weight"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(128))
    weight: Mapped[float] = mapped_column(Float)
    seen_at: Mapped[datetime] = mapped_column()  # the article's publication time


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_unanalysed", "processed", "analysis_attempts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))  # canonical: no utm_*, no fragment
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of canonical url
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    alert_worthy: Mapped[bool] = mapped_column(Boolean, default=True)
    processed: Mapped[bool] = mapped_column(Boolean, default=False)  # detector has run
    # times the detector was started on it: a crash or timeout is retried once, then left alone
    analysis_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set while one process analyses it (renewed; cleared when it stops): another process's
    # resume leaves it alone until it expires (the process died), so no article is analysed twice.
    analysis_lease_until: Mapped[datetime | None] = mapped_column()
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    stance: Mapped[str | None] = mapped_column(String(16))  # vs. its story: agree/disagree/discuss


class FeedEntry(Base):
    """One feed's entry (guid, else link, else hash) pointing at the stored article."""

    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "entry_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    entry_key: Mapped[str] = mapped_column(String(64))  # sha256 hex of guid/link/title+summary
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- detection results -----------------------------------------------------------------------


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(16))
    figure_text: Mapped[str] = mapped_column(String(256))
    counted: Mapped[str] = mapped_column(String(512), default="")
    event: Mapped[str | None] = mapped_column(String(512))
    claimant: Mapped[str | None] = mapped_column(String(256))
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)


class DenialRow(Base):
    __tablename__ = "denials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    denier: Mapped[str] = mapped_column(String(256))
    cue: Mapped[str] = mapped_column(String(64))
    quote: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)


class DisputeRow(Base):
    """A contested figure. Within one article both ids are equal; across articles they differ."""

    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # idempotent re-processing
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    claim_article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    dispute_article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    denial_id: Mapped[int | None] = mapped_column(ForeignKey("denials.id", ondelete="SET NULL"))
    counter_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # denial/conflict
    disputed_by: Mapped[str] = mapped_column(String(256))
    quote: Mapped[str | None] = mapped_column(Text)
    dispute_sentence: Mapped[str] = mapped_column(Text)
    dispute_start: Mapped[int] = mapped_column(Integer)
    dispute_end: Mapped[int] = mapped_column(Integer)
    alert_worthy: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# --- delivery ---------------------------------------------------------------------------------


class OutboxMessage(Base):
    """A message waiting for (or done with) delivery. Rows are never deleted while pending."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_not_before", "status", "not_before"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(128), unique=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE", onupdate="CASCADE"), index=True
    )
    # indexed: a story merge repoints its rows
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # alert/update/digest/details/reply
    text: Mapped[str] = mapped_column(Text)
    parse_mode: Mapped[str | None] = mapped_column(String(16), default="HTML")
    reply_markup: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    edit_message_id: Mapped[int | None] = mapped_column(BigInteger)  # set: editMessageText instead
    # An update of an earlier outbox row (same chat): its message id is looked up when this row is
    # sent, so an update can be queued before the alert it edits has gone out.
    edit_of_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/sending/sent/failed/dropped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # The lease of a ``sending`` row: which sender holds it, and until when (renewed while alive).
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]


class StoryAlert(Base):
    """What a chat was last told about a story, so later articles update instead of repeating."""

    __tablename__ = "story_alerts"
    __table_args__ = (UniqueConstraint("chat_id", "story_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE", onupdate="CASCADE"), index=True
    )
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    signature: Mapped[str] = mapped_column(Text, default="")  # parties + figures already announced
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
