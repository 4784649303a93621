"""Stories do not depend on the order in which articles arrive."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.db import create_engine, create_schema, make_session_factory
from bot.storage.models import Article
from bot.stories import linker
from bot.stories.linker import link_article

from .factories import add_article

DAY1 = datetime(2026, 9, 14, 6, 0, tzinfo=UTC)

# (title, text, claim) - three events, each reported three times, and one unrelated article.
STRIKE = (
    "Dockworkers at Valmora port strike over pay",
    "Dockworkers at the port of Valmora walked off the job on Monday, halting container traffic. "
    "The Valmora Dockers Guild said 4,200 members joined the stoppage; the port authority "
    "put the number at 1,100.",
)
STRIKE_2 = (
    "Valmora port stoppage enters second day",
    "Container ships queued outside Valmora as the dockworkers' stoppage went on. The Valmora "
    "Dockers Guild repeated that 4,200 dockworkers were out; harbour master Ilse Brannock said "
    "fewer than half that number had stopped work.",
)
STRIKE_3 = (
    "Guild and port authority at odds over Valmora strike turnout",
    "Harbour master Ilse Brannock disputed the Valmora Dockers Guild's count of 4,200 striking "
    "dockworkers, saying cranes at three of the port's five terminals kept running.",
)
RECALL = (
    "Brightwell recalls 40,000 toasters after fire reports",
    "Brightwell Appliances is recalling 40,000 Crestline toasters after customers reported "
    "scorched counters, the company said. Regulators logged 37 small kitchen fires.",
)
RECALL_2 = (
    "Regulator questions Brightwell toaster recall figures",
    "The consumer safety board said the Crestline toaster recall should cover far more than "
    "40,000 units, and that Brightwell Appliances knew of kitchen fires months earlier.",
)
RECALL_3 = (
    "Brightwell says Crestline recall is complete",
    "Brightwell Appliances said all 40,000 Crestline toasters named in the recall had been "
    "traced, and denied that it knew of scorched counters before the summer.",
)
FLOOD = (
    "Orrin river floods farmland in Kessary",
    "The Orrin burst its banks near Kessary on Saturday, flooding 12,000 hectares of farmland, "
    "the regional water board said. Farmers near Kessary said the levees were neglected.",
)
FLOOD_2 = (
    "Kessary farmers count losses after Orrin flood",
    "Farmers around Kessary said the Orrin flood ruined most of the wheat harvest; the water "
    "board estimated 12,000 hectares under water, a figure growers called too low.",
)
FLOOD_3 = (
    "Water board defends Orrin levees after Kessary flood",
    "The regional water board rejected claims that neglected levees caused the Orrin flood "
    "around Kessary, where 12,000 hectares of farmland were submerged.",
)
CHESS = (
    "Teenager wins Lisbon chess open",
    "A seventeen-year-old from Porto won the Lisbon chess open on Sunday with a last-round "
    "victory over the top seed.",
)

ARTICLES = (STRIKE, STRIKE_2, STRIKE_3, RECALL, RECALL_2, RECALL_3, FLOOD, FLOOD_2, FLOOD_3, CHESS)
EXPECTED = frozenset(
    {
        frozenset({STRIKE[0], STRIKE_2[0], STRIKE_3[0]}),
        frozenset({RECALL[0], RECALL_2[0], RECALL_3[0]}),
        frozenset({FLOOD[0], FLOOD_2[0], FLOOD_3[0]}),
        frozenset({CHESS[0]}),
    }
)


async def _stories(path: Path, order: list[tuple[str, str]]) -> frozenset[frozenset[str]]:
    """Link the articles in ``order`` (each published an hour after the previous) on a fresh
    database; the stories as sets of headlines."""
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await create_schema(engine)
    try:
        async with make_session_factory(engine)() as session, session.begin():
            for hour, (title, text) in enumerate(order):
                article = await add_article(session, title, text, DAY1 + timedelta(hours=hour))
                await link_article(session, article)
            rows = (await session.execute(select(Article.title, Article.story_id))).all()
    finally:
        await engine.dispose()
    groups: dict[object, set[str]] = {}
    for title, story_id in rows:
        groups.setdefault(story_id if story_id is not None else title, set()).add(title)
    return frozenset(frozenset(g) for g in groups.values())


async def test_the_same_articles_make_the_same_stories_in_any_order(tmp_path: Path) -> None:
    orders = [list(ARTICLES)]
    rng = random.Random(11)
    for _ in range(5):
        shuffled = list(ARTICLES)
        rng.shuffle(shuffled)
        orders.append(shuffled)
    results = {await _stories(tmp_path / f"order{k}.db", order) for k, order in enumerate(orders)}
    assert results == {EXPECTED}


WALKOUT = (
    "Valmora dockworkers walk out",
    "Dockworkers at the port of Valmora walked off the job on Monday, the Valmora Dockers Guild said.",
)
CRANES = (
    "Harbour master Ilse Brannock says cranes kept running",
    "Harbour master Ilse Brannock said cranes at three of five Valmora terminals kept running "
    "during the stoppage on Monday.",
)


async def test_an_article_reporting_two_stories_as_one_event_merges_them(tmp_path: Path) -> None:
    # WALKOUT and CRANES share too little to join; STRIKE_2 reports both. Arriving last, it
    # merges their two stories; arriving earlier, each joins its story directly.
    trio = [WALKOUT, CRANES, STRIKE_2]
    for k, order in enumerate([trio, trio[::-1], [trio[1], trio[0], trio[2]]]):
        assert await _stories(tmp_path / f"bridge{k}.db", order) == {
            frozenset({WALKOUT[0], CRANES[0], STRIKE_2[0]})
        }
    assert await _stories(tmp_path / "apart.db", [WALKOUT, CRANES]) == {
        frozenset({WALKOUT[0]}),
        frozenset({CRANES[0]}),
    }


async def test_a_full_story_takes_no_more_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linker, "MAX_STORY_ARTICLES", 2)
    stories = await _stories(tmp_path / "full.db", [FLOOD, FLOOD_2, FLOOD_3])
    assert max(len(story) for story in stories) == 2
    assert len(stories) == 2
