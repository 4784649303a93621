"""Story grouping, stance and cross-article disputes against a real (SQLite) database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import FakeClock
from bot.storage.models import Article, ClaimRow, DisputeRow, Story
from bot.storage.stories import neighbours, story_details
from bot.stories.events import EventKey
from bot.stories.linker import link_article

from .factories import C, D, add_article

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)

CUTS_TITLE = "Report: Acme Motors to cut 111,000 jobs worldwide"
CUTS_TEXT = (
    "Acme Motors plans to cut 111,000 jobs worldwide over three years, the Daily Ledger reported, "
    "citing people familiar with the carmaker's restructuring plan."
)
CUTS_CLAIM = C(
    sentence=CUTS_TEXT,
    figure_text="111,000",
    value=111000,
    counted="jobs",
    claimant="the Daily Ledger",
)
DENIAL_TITLE = "Acme Motors denies report of mass layoffs"
DENIAL_TEXT = (
    "Acme Motors on Tuesday rejected a newspaper story about sweeping job cuts at the carmaker. "
    "A spokesperson for Acme Motors said the restructuring plan would protect factories in Europe."
)
QUAKE_TITLE = "Earthquake of magnitude 6.1 shakes southern Peru"
QUAKE_TEXT = (
    "An earthquake struck near the Peruvian city of Arequipa on Monday, damaging 320 homes, "
    "the civil defence institute said. Rescue teams are searching collapsed buildings."
)
QUAKE_CLAIM = C(
    sentence="An earthquake struck near the Peruvian city of Arequipa on Monday, damaging 320 homes, "
    "the civil defence institute said.",
    figure_text="320",
    value=320,
    counted="homes damaged",
    claimant="the civil defence institute",
)


async def _cuts_story(session: AsyncSession) -> Article:
    article = await add_article(session, CUTS_TITLE, CUTS_TEXT, DAY1, claims=(CUTS_CLAIM,))
    await link_article(session, article, clock=FakeClock(DAY1))
    return article


async def test_first_article_opens_a_story_and_its_claims_join_it(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        article = await add_article(session, CUTS_TITLE, CUTS_TEXT, DAY1, claims=(CUTS_CLAIM,))
        result = await link_article(session, article)
        assert result.created_story
        assert result.stance is None  # it opened the story
        assert article.story_id == result.story_id
        claims = (await session.scalars(select(ClaimRow))).all()
        assert [c.story_id for c in claims] == [result.story_id]
        story = await session.get(Story, result.story_id)
        assert story is not None
        assert story.title == CUTS_TITLE


async def test_related_article_joins_and_unrelated_opens_its_own(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        first = await _cuts_story(session)
        denial = await add_article(
            session,
            DENIAL_TITLE,
            DENIAL_TEXT,
            DAY2,
            denials=(D(DENIAL_TEXT.split(". ")[0], "Acme Motors", "rejected"),),
        )
        joined = await link_article(session, denial)
        quake = await add_article(session, QUAKE_TITLE, QUAKE_TEXT, DAY2, claims=(QUAKE_CLAIM,))
        separate = await link_article(session, quake)
        assert joined.story_id == first.story_id
        assert not joined.created_story
        assert separate.created_story
        assert separate.story_id != first.story_id
        assert separate.disputes == ()


async def test_story_window_is_respected(db_session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with db_session_factory() as session, session.begin():
        first = await _cuts_story(session)
        late = await add_article(
            session,
            DENIAL_TITLE,
            DENIAL_TEXT,
            DAY1 + timedelta(days=10),
            denials=(D(DENIAL_TEXT.split(". ")[0], "Acme Motors", "rejected"),),
        )
        result = await link_article(session, late, window=timedelta(days=7))
        assert result.story_id != first.story_id
        assert result.created_story
        # with a wider window the same article would have joined
        wide = await add_article(session, DENIAL_TITLE + " again", DENIAL_TEXT, DAY1 + timedelta(days=10))
        joined = await link_article(session, wide, window=timedelta(days=30))
        assert joined.story_id in {first.story_id, result.story_id}


async def test_an_article_with_nothing_specific_opens_no_story(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        article = await add_article(session, "", "It was what it was, they said on that day.", DAY1)
        result = await link_article(session, article)
        assert result.story_id is None
        assert article.story_id is None
        assert await session.scalar(select(func.count(Story.id))) == 0


@contextmanager
def _statements(engine: AsyncEngine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_candidates_come_from_the_key_index_not_an_archive_scan(
    db_engine: AsyncEngine, db_session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with db_session_factory() as session, session.begin():
        for n in range(30):  # thirty unrelated stories sharing no term with the new article
            other = await add_article(
                session,
                f"Harbour festival number {n} draws sailors",
                f"Sailors gathered in Port Ellis for regatta {n}, organisers said.",
                DAY1,
                claims=(
                    C(
                        f"Sailors gathered in Port Ellis for regatta {n}, organisers said.",
                        "",
                        None,
                        "sailors",
                        "organisers",
                    ),
                ),
            )
            await link_article(session, other)
        first = await _cuts_story(session)
        denial = await add_article(session, DENIAL_TITLE, DENIAL_TEXT, DAY2)
        with _statements(db_engine) as seen:
            result = await link_article(session, denial)
        assert result.story_id == first.story_id
        found = await neighbours(session, [EventKey("e:acme motors", 3.0)], DAY1, DAY2)
        assert {n.story_id for n in found} == {first.story_id}
    article_reads = [s for s in seen if s.startswith(("SELECT", "WITH")) and "articles" in s]
    # articles (and their claims) are only ever read by story id or article id, never scanned
    assert article_reads
    by_id = ("story_id = ", "articles.id = ", "articles.story_id IN", "articles.id IN")
    assert all(any(k in s for k in by_id) for s in article_reads), article_reads
    # earlier articles are read as headline and lead, never whole
    assert not [s for s in article_reads if "articles.text," in s and "substr" not in s]
    key_reads = [s for s in seen if "FROM story_keys" in s]
    assert key_reads
    # by key inside the window, a bounded range each, or by the few candidate articles' ids
    by_key = [
        s for s in key_reads if "LIMIT" in s and any(f"story_keys.{k} = " in s for k in ("key", '"key"'))
    ]
    assert all(s in by_key or "story_keys.article_id IN" in s for s in key_reads), key_reads


async def test_denial_without_figure_on_day_two_disputes_day_one_claim_once(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        first = await _cuts_story(session)
        denial_sentence = DENIAL_TEXT.split(". ")[0] + "."
        second = await add_article(
            session, DENIAL_TITLE, DENIAL_TEXT, DAY2, denials=(D(denial_sentence, "Acme Motors", "rejected"),)
        )
        result = await link_article(session, second)
        assert second.stance == "disagree"
        assert len(result.disputes) == 1
        dispute = result.disputes[0]
        assert dispute.id is not None
        assert dispute.kind == "denial"
        assert dispute.claim_article_id == first.id
        assert dispute.dispute_article_id == second.id
        assert dispute.story_id == first.story_id
        assert dispute.disputed_by == "Acme Motors"
        document = f"{DENIAL_TITLE}\n\n{DENIAL_TEXT}"
        assert document[dispute.dispute_start : dispute.dispute_end] == dispute.dispute_sentence

        again = await link_article(session, second)
        assert again.disputes == ()
        reopened = await link_article(session, first)  # the earlier article, processed again
        assert reopened.disputes == ()
        assert first.stance is None
        assert await session.scalar(select(func.count(DisputeRow.id))) == 1


async def test_denial_party_is_read_from_the_sentence_when_detection_stored_none(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        await _cuts_story(session)
        second = await add_article(session, DENIAL_TITLE, DENIAL_TEXT, DAY2)
        result = await link_article(session, second)
        assert [d.disputed_by for d in result.disputes] == ["Acme Motors"]


async def test_conflicting_figure_from_another_party_is_a_conflict(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        first = await add_article(session, QUAKE_TITLE, QUAKE_TEXT, DAY1, claims=(QUAKE_CLAIM,))
        await link_article(session, first)
        text = (
            "A regional governor said on Tuesday the Arequipa earthquake had damaged more than 2,000 homes, "
            "far beyond the earlier count."
        )
        second = await add_article(
            session,
            "Peru earthquake damaged over 2,000 homes, Arequipa governor says",
            text,
            DAY2,
            claims=(
                C(text, "more than 2,000", None, "homes damaged", "a regional governor", low=2000, high=None),
            ),
        )
        result = await link_article(session, second)
        assert second.story_id == first.story_id
        assert [
            (d.kind, d.claim_article_id, d.dispute_article_id, d.disputed_by) for d in result.disputes
        ] == [("conflict", first.id, second.id, "a regional governor")]
        assert result.disputes[0].counter_claim_id is not None
        assert (await link_article(session, second)).disputes == ()


async def test_no_cross_conflict_when_the_new_article_already_pairs_both_figures(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        first = await add_article(session, QUAKE_TITLE, QUAKE_TEXT, DAY1, claims=(QUAKE_CLAIM,))
        await link_article(session, first)
        official = "The civil defence institute counted 320 damaged homes after the Arequipa earthquake."
        rival = "A regional governor said more than 2,000 homes were damaged in Arequipa."
        second = await add_article(
            session,
            "Arequipa earthquake: dispute over damaged homes",
            f"{official} {rival}",
            DAY2,
            claims=(
                C(official, "320", 320, "homes damaged", "The civil defence institute"),
                C(rival, "more than 2,000", None, "homes damaged", "a regional governor", low=2000),
            ),
        )
        claims = (await session.scalars(select(ClaimRow).where(ClaimRow.article_id == second.id))).all()
        session.add(
            DisputeRow(
                fingerprint="in-article",
                claim_id=claims[0].id,
                claim_article_id=second.id,
                dispute_article_id=second.id,
                counter_claim_id=claims[1].id,
                kind="conflict",
                disputed_by="a regional governor",
                dispute_sentence=rival,
                dispute_start=0,
                dispute_end=len(rival),
            )
        )
        await session.flush()
        result = await link_article(session, second)
        assert second.story_id == first.story_id
        assert result.disputes == ()
        own = await session.scalar(select(DisputeRow).where(DisputeRow.fingerprint == "in-article"))
        assert own is not None
        assert own.story_id == first.story_id  # the article's own dispute joins the story too


async def test_self_revision_by_the_same_source_is_not_a_dispute(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        first = await add_article(session, QUAKE_TITLE, QUAKE_TEXT, DAY1, claims=(QUAKE_CLAIM,))
        await link_article(session, first)
        text = (
            "The civil defence institute raised its count of homes damaged by the Arequipa earthquake to 900."
        )
        second = await add_article(
            session,
            "Peru earthquake: civil defence institute raises damaged homes to 900",
            text,
            DAY2,
            claims=(C(text, "900", 900, "homes damaged", "The civil defence institute"),),
        )
        result = await link_article(session, second)
        assert second.story_id == first.story_id
        assert result.disputes == ()


async def test_story_details_list_every_article_with_its_stance(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        first = await _cuts_story(session)
        second = await add_article(session, DENIAL_TITLE, DENIAL_TEXT, DAY2)
        await link_article(session, second)
        assert first.story_id is not None
        details = await story_details(session, first.story_id)
        assert details is not None
        assert [(a.article_id, a.stance) for a in details.articles] == [
            (first.id, None),
            (second.id, "disagree"),
        ]
        assert details.articles[1].url == second.url
        assert details.dispute_count == 1
        assert await story_details(session, 10_000) is None


async def test_an_outlet_calling_the_story_false_disputes_it_without_a_host_name(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        await _cuts_story(session)
        second = await add_article(
            session,
            "Fact check: Acme Motors job cuts story",
            "We found that the story about Acme Motors cutting 111,000 jobs is false: the Daily Ledger "
            "misread a planning document of the carmaker.",
            DAY2,
        )
        result = await link_article(session, second)
        # no party is named: the dispute stands, with no host name as its speaker (issue 12)
        assert [d.disputed_by for d in result.disputes] == [""]


async def test_a_speaker_of_a_reporting_verb_is_the_disputing_party(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        await _cuts_story(session)
        second = await add_article(
            session,
            "Acme Motors says job cuts story is false",
            "Acme Motors chief Dana Whitfield said the story about 111,000 job cuts was false.",
            DAY2,
        )
        result = await link_article(session, second)
        assert [d.disputed_by for d in result.disputes] == ["Dana Whitfield"]
