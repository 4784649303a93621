"""Story grouping against FNC-1's claim groups, through the real ingestion pipeline.

    .venv/bin/python bench/stories_bench.py [--data DIR] [--orders 5] [--seed 1] [--db URL] [--spacy]
        [--detections CACHE.pkl]

Gold groups: bodies related (agree, disagree, discuss) to headlines of the same claim are one
group - the connected components of the body-headline graph over related pairs. Every body is
stored with ``store_entries`` and handed to ``process_article`` (detection computed once, ahead,
as the poller's worker processes do) in a random time order spread over one week, on a fresh
database per order. Prints B-cubed precision / recall / F1 of the stories against the groups (an
article left without a story counts as a story of its own), the largest story, the linking cost
per article, and whether every order gave the same stories. ``--spacy`` fills
``Detection.entities`` from the spaCy parse (as the detector does once it reports entities);
without it the linker's own name extraction is used.

Last line: ``stories: b3_p=... b3_r=... b3_f1=... largest=... ms_per_article=...``
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import pickle
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bot.clock import FakeClock  # noqa: E402
from bot.detect import detect  # noqa: E402
from bot.detect.model import ArticleInput, Detection, NamedEntity  # noqa: E402
from bot.pipeline import PipelineContext, process_article  # noqa: E402
from bot.storage.articles import NewEntry, store_entries  # noqa: E402
from bot.storage.db import create_engine, create_schema, make_session_factory  # noqa: E402
from bot.storage.models import Article, Feed  # noqa: E402
from bot.stories import linker  # noqa: E402
from bot.stories.events import detection_keys  # noqa: E402

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
BATCH = 32  # articles per unit of work, as the poller stores them
SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def gold_groups(stances: Sequence[Mapping[str, str]]) -> dict[str, int]:
    """Body ID -> group: connected components of the body-headline graph over related pairs."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in stances:
        if row["Stance"].strip().lower() != "unrelated":
            a, b = find("b:" + row["Body ID"]), find("h:" + row["Headline"])
            if a != b:
                parent[a] = b
    roots: dict[str, int] = {}
    out: dict[str, int] = {}
    for node in list(parent):
        if node.startswith("b:"):
            out[node[2:]] = roots.setdefault(find(node), len(roots))
    return out


def b_cubed(pred: Mapping[str, object], gold: Mapping[str, int]) -> tuple[float, float, float]:
    by_pred: dict[object, set[str]] = defaultdict(set)
    by_gold: dict[int, set[str]] = defaultdict(set)
    for item in gold:
        by_pred[pred[item]].add(item)
        by_gold[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        cluster, truth = by_pred[pred[item]], by_gold[gold[item]]
        both = len(cluster & truth)
        p += both / len(cluster)
        r += both / len(truth)
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def spacy_entities(text: str) -> tuple[NamedEntity, ...]:
    from bot.nlp import analyse

    counts: Counter[tuple[str, str]] = Counter()
    for e in analyse(text[:20_000]).entities:
        if e.label not in SKIP_LABELS:
            counts[(" ".join(e.text.split()), e.label)] += 1
    return tuple(NamedEntity(text, label, n, False) for (text, label), n in counts.items())


def detections(bodies: Mapping[str, str], use_spacy: bool) -> dict[str, Detection]:
    out = {}
    for bid, text in bodies.items():
        article = ArticleInput(bid, "", text)
        found = detect(article)
        if use_spacy:
            found = replace(found, entities=spacy_entities(text))
        # the event keys, as the poller's worker process computes them with the detection
        out[bid] = replace(found, event_keys=detection_keys(article, found))
    return out


def cached_detections(path: Path | None, bodies: Mapping[str, str], use_spacy: bool) -> dict[str, Detection]:
    """:func:`detections`, read from ``path`` when it holds these bodies' (re-runs after a change
    outside the detector and the event keys), else computed and, with ``path``, saved there."""
    if path is not None and path.exists():
        with path.open("rb") as fh:
            cached: dict[str, Detection] = pickle.load(fh)
        if set(cached) == set(bodies):
            return cached
    found = detections(bodies, use_spacy)
    if path is not None:
        with path.open("wb") as fh:
            pickle.dump(found, fh)
    return found


def entry(bid: str, text: str, at: datetime) -> NewEntry:
    url = f"https://fnc.example/body/{bid}"
    return NewEntry(
        entry_key=url,
        url=url,
        url_hash=hashlib.sha256(url.encode()).hexdigest(),
        title="",
        summary="",
        text=text,
        published_at=at,
        alert_worthy=True,
    )


async def run_order(
    url: str, bodies: Mapping[str, str], found: Mapping[str, Detection], seed: int
) -> tuple[dict[str, object], float]:
    """Story of each body (None -> its own) and the pipeline's milliseconds per article."""
    rng = random.Random(seed)
    times = {bid: START + WEEK * rng.random() for bid in bodies}
    order = sorted(bodies, key=lambda bid: times[bid])
    engine = create_engine(url)
    await create_schema(engine)
    factory = make_session_factory(engine)
    ctx = PipelineContext(clock=FakeClock(START + WEEK))
    elapsed = 0.0
    try:
        async with factory() as session, session.begin():
            feed = Feed(url="https://fnc.example/feed", title="FNC-1")
            session.add(feed)
            await session.flush()
            feed_id = feed.id
        for i in range(0, len(order), BATCH):
            chunk = order[i : i + BATCH]
            started = time.perf_counter()
            async with factory() as session, session.begin():
                stored = await store_entries(
                    session, feed_id, [entry(bid, bodies[bid], times[bid]) for bid in chunk], times[chunk[-1]]
                )
                by_url = {a.url: a for a in stored}
                for bid in chunk:
                    article = by_url[f"https://fnc.example/body/{bid}"]
                    await process_article(session, article, ctx, detection=found[bid])
            elapsed += time.perf_counter() - started
        async with factory() as session:
            rows = await session.execute(select(Article.url, Article.story_id, Article.id))
            stories: dict[str, object] = {}
            for article_url, story_id, article_id in rows:
                bid = article_url.rsplit("/", 1)[1]
                stories[bid] = story_id if story_id is not None else ("alone", article_id)
    finally:
        await engine.dispose()
    return stories, 1000 * elapsed / len(order)


def partition(stories: Mapping[str, object]) -> frozenset[frozenset[str]]:
    groups: dict[object, set[str]] = defaultdict(set)
    for bid, story in stories.items():
        groups[story].add(bid)
    return frozenset(frozenset(g) for g in groups.values())


async def main_async(args: argparse.Namespace) -> int:
    data: Path = args.data
    gold = gold_groups(read_csv(data / "train_stances.csv"))
    all_bodies = {row["Body ID"]: row["articleBody"] for row in read_csv(data / "train_bodies.csv")}
    bodies = {bid: all_bodies[bid] for bid in sorted(gold, key=int)}
    sizes = Counter(gold.values())
    print(f"{len(bodies)} bodies in {len(sizes)} gold groups (largest {max(sizes.values())})")
    started = time.perf_counter()
    found = cached_detections(args.detections, bodies, args.spacy)
    print(f"detection: {time.perf_counter() - started:.1f}s (once, reused by every order)")
    partitions = []
    figures = []
    for k in range(args.orders):
        with tempfile.TemporaryDirectory() as tmp:
            url = args.db or f"sqlite+aiosqlite:///{tmp}/stories.db"
            stories, ms = await run_order(url, bodies, found, args.seed + k)
        p, r, f1 = b_cubed(stories, gold)
        largest = max(Counter(stories.values()).values())
        n_stories = len(set(stories.values()))
        print(
            f"order {k}: b3 P {p:.3f} R {r:.3f} F1 {f1:.3f}, {n_stories} stories, "
            f"largest {largest}, {ms:.1f} ms/article"
        )
        partitions.append(partition(stories))
        figures.append((p, r, f1, largest, ms))
    same = all(part == partitions[0] for part in partitions)
    print(f"identical stories over {args.orders} orders: {'yes' if same else 'NO'}")
    n = len(figures)
    p, r, f1 = (sum(f[i] for f in figures) / n for i in range(3))
    largest = max(f[3] for f in figures)
    ms = sum(f[4] for f in figures) / n
    print(f"stories: b3_p={p:.3f} b3_r={r:.3f} b3_f1={f1:.3f} largest={largest} ms_per_article={ms:.1f}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent.parent / "shared" / "data" / "fnc-1")
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="database URL (emptied per order: use a scratch database)")
    parser.add_argument("--spacy", action="store_true", help="fill Detection.entities from spaCy")
    parser.add_argument("--detections", type=Path, help="cache of the detections (re-runs skip detection)")
    parser.add_argument(
        "--max-story", type=int, help="override the story size bound (shows what the bound changes)"
    )
    args = parser.parse_args(argv)
    if args.max_story:
        linker.MAX_STORY_ARTICLES = args.max_story
    if not (args.data / "train_bodies.csv").exists():
        args.data = Path("/work/shared/data/fnc-1")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
