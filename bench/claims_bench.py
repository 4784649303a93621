"""/claims benchmark: page latency of the claims query over N stored disputes (SQLite file).

    .venv/bin/python bench/claims_bench.py [--disputes 5000] [--rounds 20]

Without a keyword a page is one indexed query. With a keyword the newest disputes are matched in
Python (Unicode case folding, word boundaries) up to ``KEYWORD_SCAN_LIMIT``; the bench times a
keyword that matches often (first page found at once) and one that never matches (full scan, the
worst case). Prints milliseconds per page.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bot.services import claims_query  # noqa: E402
from bot.storage.db import create_engine, create_schema, make_session_factory  # noqa: E402
from bot.storage.models import Article, ClaimRow, DisputeRow  # noqa: E402

TOPICS = ("flood", "quake", "ceasefire", "budget", "strike")


async def fill(url: str, count: int) -> None:
    engine = create_engine(url)
    await create_schema(engine)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    sentence = "The district office said about 400 families had lost their homes, a figure locals reject."
    articles, claims, disputes = [], [], []
    for i in range(1, count + 1):
        when = t0 + timedelta(minutes=i)
        topic = TOPICS[i % len(TOPICS)]
        articles.append(
            {
                "id": i,
                "url": f"https://n.example/{i}",
                "url_hash": f"{i:064d}",
                "title": f"{topic} report {i}",
                "text": sentence,
                "published_at": when,
                "fetched_at": when,
            }
        )
        claims.append(
            {
                "id": i,
                "article_id": i,
                "figure_text": "about 400",
                "counted": "families displaced",
                "claimant": "the district office",
                "sentence": sentence,
                "sentence_start": 0,
                "sentence_end": len(sentence),
            }
        )
        disputes.append(
            {
                "id": i,
                "fingerprint": f"fp{i}",
                "claim_id": i,
                "claim_article_id": i,
                "dispute_article_id": i,
                "kind": "denial",
                "disputed_by": "local residents",
                "quote": "far more than that",
                "dispute_sentence": sentence,
                "dispute_start": 0,
                "dispute_end": len(sentence),
                "created_at": when,
            }
        )
    async with engine.begin() as conn:
        await conn.execute(insert(Article), articles)
        await conn.execute(insert(ClaimRow), claims)
        await conn.execute(insert(DisputeRow), disputes)
    await engine.dispose()


async def timed(url: str, rounds: int, **kwargs: object) -> float:
    engine = create_engine(url)
    sf = make_session_factory(engine)
    try:
        await claims_query.latest_claims(sf, **kwargs)  # type: ignore[arg-type]  # warm-up
        start = time.perf_counter()
        for _ in range(rounds):
            await claims_query.latest_claims(sf, **kwargs)  # type: ignore[arg-type]
        return (time.perf_counter() - start) / rounds * 1000
    finally:
        await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disputes", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await fill(url, args.disputes)
        print(f"disputes stored: {args.disputes}")
        for label, kwargs in (
            ("no keyword, page 1", {}),
            ("no keyword, page 50", {"page": 49}),
            ("keyword 'flood' (1 in 5), page 1", {"keyword": "flood"}),
            ("keyword 'flood', page 20", {"keyword": "flood", "page": 19}),
            ("keyword never matching (full scan)", {"keyword": "volcano"}),
        ):
            print(f"{label:40s} {await timed(url, args.rounds, **kwargs):8.1f} ms/page")


if __name__ == "__main__":
    asyncio.run(main())
