"""Linking reads a bounded number of candidate stories, however many share a common term."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.models import StoryTerm
from bot.storage.stories import (
    CANDIDATE_LIMIT,
    add_story_terms,
    candidate_story_terms,
    candidates,
    create_story,
    term_story_counts,
)
from bot.stories.linker import link_article
from bot.stories.model import ArticleFacts, StoryTermWeight, TermKind
from bot.stories.scoring import best_story
from bot.stories.terms import article_terms

from .factories import D, add_article
from .test_linker import DAY1, DAY2, DENIAL_TEXT, DENIAL_TITLE, _cuts_story, _statements

NOISE_STORIES = 200


async def test_two_hundred_stories_sharing_a_common_term_yield_at_most_the_limit(
    db_engine: AsyncEngine, db_session_factory: async_sessionmaker[AsyncSession]
) -> None:
    denial_facts = ArticleFacts(DENIAL_TITLE, DENIAL_TEXT, deniers=("Acme Motors",))
    terms = article_terms(denial_facts)
    common = next(t.term for t in terms if t.term.startswith("t:") and t.weight == 1.0)
    async with db_session_factory() as session, session.begin():
        first = await _cuts_story(session)
        for n in range(NOISE_STORIES):  # unrelated stories that all carry one common word
            noise = await create_story(session, f"Unrelated story {n}", DAY1)
            await add_story_terms(
                session,
                noise.id,
                [
                    StoryTermWeight(common, TermKind.TERM, 1.0),
                    StoryTermWeight(f"t:noise{n}", TermKind.TERM, 1.0),
                ],
                DAY1,
            )
        wanted = [t.term for t in terms]
        found = await candidates(session, wanted, DAY1 - timedelta(days=7))
        everything = await candidate_story_terms(session, wanted, DAY1 - timedelta(days=7))
        assert len(everything) > NOISE_STORIES
        assert len(found.shared) == CANDIDATE_LIMIT < NOISE_STORIES
        assert first.story_id in found.shared
        assert found.shared[first.story_id] == everything[first.story_id]
        # document frequencies still count every active story, so scores do not change
        assert found.df[common] >= NOISE_STORIES
        assert found.df == await term_story_counts(session, wanted, DAY1 - timedelta(days=7))
        unbounded = best_story(terms, everything, NOISE_STORIES + 1)
        bounded = best_story(terms, found.shared, NOISE_STORIES + 1, df=found.df)
        assert bounded == unbounded
        assert bounded is not None
        assert bounded.story_id == first.story_id

        denial = await add_article(
            session,
            DENIAL_TITLE,
            DENIAL_TEXT,
            DAY2,
            denials=(D(DENIAL_TEXT.split(". ")[0], "Acme Motors", "rejected"),),
        )
        with _statements(db_engine) as seen:
            result = await link_article(session, denial)
        assert result.story_id == first.story_id
        reads = [s for s in seen if s.startswith("SELECT story_terms.story_id, story_terms.term")]
        # the linker's candidate read is limited to the heaviest stories, in SQL
        assert reads
        assert all("LIMIT" in s for s in reads)


async def test_term_upsert_keeps_the_heavier_weight_and_the_later_time(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        story = await create_story(session, "Story", DAY1)
        await add_story_terms(
            session,
            story.id,
            [StoryTermWeight("p:acme", TermKind.PARTY, 3.0), StoryTermWeight("t:cut", TermKind.TERM, 1.0)],
            DAY2,
        )
        await add_story_terms(
            session,
            story.id,
            [StoryTermWeight("p:acme", TermKind.PARTY, 1.0), StoryTermWeight("t:cut", TermKind.TERM, 2.0)],
            DAY1,
        )
        rows = {
            row.term: (row.kind, row.weight, row.last_seen_at)
            for row in await session.scalars(select(StoryTerm).where(StoryTerm.story_id == story.id))
        }
    assert {term: (kind, weight) for term, (kind, weight, _) in rows.items()} == {
        "p:acme": ("party", 3.0),
        "t:cut": ("term", 2.0),
    }
    assert all(seen.replace(tzinfo=None) == DAY2.replace(tzinfo=None) for _, _, seen in rows.values())
