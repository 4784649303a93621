"""Writer cost per article against a growing archive, on SQLite and PostgreSQL.

    .venv/bin/python bench/growth_bench.py [--data DIR] [--sizes 0,10000,50000] [--new 100]
        [--repeat 3] [--pg postgresql+asyncpg://postgres@127.0.0.1:5432/test] [--no-pg]

The archive is seeded by bulk insert (never through the pipeline): FNC-1 train bodies, copied
as often as needed, published inside the story window, each with its event keys, its story (one
per five articles) and, for the first copy, its claims. A copy keeps its body's common keys and
renames its specific ones, so common keys reach the per-key cap as they would in a large
archive while specific ones stay specific. Then ``--new`` held-out bodies of the same claims are
stored with ``store_entries`` and handed to ``process_article`` (detection computed ahead, as the
poller's workers do), in units of work of 32, and each stage is timed. The PostgreSQL database is
emptied (schema ``public`` dropped) first: use a scratch database.

Before any timing, the process is warmed up once on a throwaway SQLite database (imports, compiled
statements and caches a running bot pays once, not per article; without it the first size timed
carried them). Each size is timed ``--repeat`` times, each on a newly seeded archive, the sizes
taking turns, and the median reported, because the machine is shared and a single run moves with
its load; each size also prints its paired ratio to the first size (run k against run k).

On SQLite the bot copies the WAL back into the file in a background task (``WalCheckpointer``),
not in the writer's commits; the bench times that write-back of the run's WAL once after the
run and prints it apart ("WAL write-back apart"), outside the writer's total.

Last line: ``growth: sqlite_0=... sqlite_50k=... pg_0=... pg_50k=...`` (ms per article, writer total)
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import inspect
import pickle
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import insert, text  # noqa: E402
from stories_bench import gold_groups  # noqa: E402

import bot.pipeline as pipeline  # noqa: E402
import bot.storage.stories as story_store  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.detect import detect  # noqa: E402
from bot.detect.model import Detection  # noqa: E402
from bot.storage.articles import NewEntry, store_entries  # noqa: E402
from bot.storage.db import checkpoint, create_engine, create_schema, make_session_factory  # noqa: E402
from bot.storage.detections import _claim_row as claim_row  # noqa: E402
from bot.storage.models import Article, ClaimRow, Feed, Story, StoryKey  # noqa: E402
from bot.stories import linker  # noqa: E402
from bot.stories.events import NORM_KEY, EventKey, event_profile, norm  # noqa: E402
from bot.stories.linker import claim_facts  # noqa: E402

NOW = datetime(2026, 3, 9, 0, 0, tzinfo=UTC)
WINDOW = timedelta(days=7)
BATCH = 32
SPECIFIC = 16  # the most salient keys of a profile, renamed in every copy
STAGES = ("store", "detections", "link", "alerts")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def worker_detect(bid: str, body: str) -> Detection:
    """What the poller's worker process hands the writer: the detection with its event keys."""
    result = pipeline.detect_one(detect, pipeline.input_for(bid, "", "", body))
    assert isinstance(result, Detection), result
    return result


def load_or_detect(path: Path | None, bodies: Sequence[tuple[str, str]]) -> dict[str, Detection]:
    """Detections of ``bodies``, read from ``path`` when it holds them (a re-run after a change
    outside the detector and the event keys), else computed and, with ``path``, saved there."""
    if path is not None and path.exists():
        with path.open("rb") as fh:
            cached: dict[str, Detection] = pickle.load(fh)
        if set(cached) == {bid for bid, _ in bodies}:
            return cached
    found = {bid: worker_detect(bid, body) for bid, body in bodies}
    if path is not None:
        with path.open("wb") as fh:
            pickle.dump(found, fh)
    return found


def url_of(tag: str) -> str:
    return f"https://growth.example/{tag}"


async def seed(
    url: str,
    bodies: Sequence[tuple[str, str]],
    found: Mapping[str, Detection],
    groups: Mapping[str, int],
    n: int,
) -> None:
    """``n`` in-window articles with keys, stories and claims, by multi-row INSERTs."""
    engine = create_engine(url)
    await create_schema(engine)
    factory = make_session_factory(engine)
    rng = random.Random(7)
    profiles = {
        bid: event_profile("", body, [claim_facts(claim_row(0, c)) for c in found[bid].claims])
        for bid, body in bodies
    }
    story_of: dict[tuple[int, int], int] = {}
    async with factory() as session, session.begin():
        session.add(Feed(id=1, url="https://growth.example/feed", title="growth"))
        await session.flush()
        for start in range(0, n, 2000):
            stop = min(n, start + 2000)
            arts, stories, keys, claims = [], [], [], []
            for i in range(start, stop):
                bid, body = bodies[i % len(bodies)]
                copy = i // len(bodies)
                at = NOW - WINDOW * rng.random()
                fresh = (copy, groups.get(bid, -int(bid))) not in story_of
                story_id = story_of.setdefault((copy, groups.get(bid, -int(bid))), len(story_of) + 1)
                if fresh:
                    stories.append(
                        {
                            "id": story_id,
                            "title": f"story {story_id}",
                            "created_at": at,
                            "updated_at": at,
                            "last_article_at": at,
                        }
                    )
                link = url_of(f"seed/{i}")
                arts.append(
                    {
                        "id": i + 1,
                        "url": link,
                        "url_hash": hashlib.sha256(link.encode()).hexdigest(),
                        "feed_id": 1,
                        "title": "",
                        "summary": "",
                        "text": body,
                        "published_at": at,
                        "fetched_at": at,
                        "processed": True,
                        "story_id": story_id,
                    }
                )
                profile = [*profiles[bid], EventKey(NORM_KEY, norm({k.key: k.weight for k in profiles[bid]}))]
                for k, key in enumerate(profile):
                    name = (
                        key.key if copy == 0 or k >= SPECIFIC or key.key == NORM_KEY else f"{key.key}~{copy}"
                    )
                    keys.append(
                        {
                            "article_id": i + 1,
                            "key": name[:128],
                            "weight": key.weight,
                            "seen_at": at,
                        }
                    )
                if copy == 0:
                    for c in found[bid].claims:
                        row = claim_row(i + 1, c)
                        claims.append(
                            {
                                col: getattr(row, col)
                                for col in (
                                    "article_id",
                                    "value",
                                    "low",
                                    "high",
                                    "qualifier",
                                    "unit",
                                    "figure_text",
                                    "counted",
                                    "event",
                                    "claimant",
                                    "sentence",
                                    "sentence_start",
                                    "sentence_end",
                                )
                            }
                            | {"story_id": story_id}
                        )
            if stories:
                await session.execute(insert(Story), stories)
            await session.execute(insert(Article), arts)
            await session.execute(insert(StoryKey), keys)
            if claims:
                await session.execute(insert(ClaimRow), claims)
        if engine.dialect.name == "postgresql":
            for table in ("stories", "articles", "claims", "story_keys"):
                await session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {table}))"
                    )
                )
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE"))
            # write the seed's pages back now: a checkpoint of the bulk load (about 0.5 GB of WAL
            # at 50k) falling inside the timed run is the seed's cost, not the writer's
            await conn.execute(text("CHECKPOINT"))
    await engine.dispose()


def timed(
    name: str, fn: Callable[..., Awaitable[Any]], spent: dict[str, float]
) -> Callable[..., Awaitable[Any]]:
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return wrapper


def timed_sync(name: str, fn: Callable[..., Any], spent: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return wrapper


def instrument(spent: dict[str, float]) -> list[tuple[object, str, Any]]:
    """Wrap the writer's stages, and inside story linking each storage call and the pure steps,
    with timers adding to ``spent``; the originals, to put back."""
    patches: list[tuple[object, str, Any]] = [
        (pipeline, "store_detection", "detections"),
        (pipeline, "_link", "link"),
        (pipeline, "enqueue_alerts", "alerts"),
    ]
    for name, fn in vars(story_store).items():
        if inspect.iscoroutinefunction(fn) and getattr(fn, "__module__", "") == story_store.__name__:
            patches.append((story_store, name, f"link.{name}"))
    for name in ("classify", "event_profile", "edges", "split"):
        patches.append((linker, name, f"link.{name}"))
    originals = []
    for owner, attr, stage in patches:
        fn = getattr(owner, attr)
        originals.append((owner, attr, fn))
        spent.setdefault(stage, 0.0)
        wrap = timed if inspect.iscoroutinefunction(fn) else timed_sync
        setattr(owner, attr, wrap(stage, fn, spent))
    return originals


async def process_new(
    url: str, new: Sequence[tuple[str, str]], found: Mapping[str, Detection]
) -> dict[str, float]:
    """ms per article per stage (``total``: the writer's whole cost; ``link.*``: parts of link)."""
    spent = dict.fromkeys(STAGES, 0.0)
    originals = instrument(spent)
    engine = create_engine(url)
    factory = make_session_factory(engine)
    ctx = pipeline.PipelineContext(clock=FakeClock(NOW))
    total = 0.0
    cpu = time.process_time()
    try:
        for i in range(0, len(new), BATCH):
            chunk = new[i : i + BATCH]
            entries = [
                NewEntry(
                    url_of(f"new/{bid}"),
                    url_of(f"new/{bid}"),
                    hashlib.sha256(url_of(f"new/{bid}").encode()).hexdigest(),
                    "",
                    "",
                    body,
                    NOW - timedelta(minutes=len(chunk) - k),
                    True,
                )
                for k, (bid, body) in enumerate(chunk)
            ]
            started = time.perf_counter()
            async with factory() as session, session.begin():
                t0 = time.perf_counter()
                stored = await store_entries(session, 1, entries, NOW)
                spent["store"] += time.perf_counter() - t0
                by_url = {a.url: a for a in stored}
                for bid, _ in chunk:
                    await pipeline.process_article(
                        session, by_url[url_of(f"new/{bid}")], ctx, detection=found[bid]
                    )
            total += time.perf_counter() - started
        cpu = time.process_time() - cpu
        # SQLite: the write-back of the WAL the run left, which the bot's WalCheckpointer does
        # beside the writer (as PostgreSQL's checkpointer does beside its backends): timed apart
        if engine.dialect.name == "sqlite":
            started = time.perf_counter()
            await checkpoint(engine)
            spent["checkpoint"] = time.perf_counter() - started
    finally:
        for owner, attr, fn in originals:
            setattr(owner, attr, fn)
        await engine.dispose()
    out = {name: 1000 * value / len(new) for name, value in spent.items()}
    out["total"] = 1000 * total / len(new)
    # this process's CPU (SQLite works in it; PostgreSQL's server is not counted): what the
    # writer costs without waiting for a busy machine's other processes
    out["cpu"] = 1000 * cpu / len(new)
    return out


async def explain(url: str, keys: Sequence[tuple[str, float]]) -> None:
    """PostgreSQL's plan (EXPLAIN ANALYZE) of the candidate lookup for one new article's keys."""
    from bot.storage.stories import ANCHOR_KEYS, KEY_CAP, NEIGHBOUR_LIMIT, _lookup
    from bot.stories.events import PROFILE_SIZE

    anchors = sorted(keys, key=lambda k: (-k[1], k[0]))[:ANCHOR_KEYS]
    params: dict[str, object] = {"since": NOW - WINDOW, "until": NOW + WINDOW, "cap": KEY_CAP + 1}
    params |= {"common": KEY_CAP, "best": NEIGHBOUR_LIMIT}
    params |= {f"k{i}": k for i, (k, _) in enumerate(anchors)} | {
        f"w{i}": w for i, (_, w) in enumerate(anchors)
    }
    wanted = [NORM_KEY, *(k for k, _ in keys)][: PROFILE_SIZE + 1]
    wanted += [NORM_KEY] * (PROFILE_SIZE + 1 - len(wanted))
    params |= {f"p{i}": key for i, key in enumerate(wanted)}
    engine = create_engine(url)
    compiled = _lookup(len(anchors)).compile(dialect=engine.dialect)
    try:
        async with engine.connect() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            assert raw is not None
            args = [params.get(name, compiled.params.get(name)) for name in compiled.positiontup or ()]
            plan = await raw.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}", *args)
    finally:
        await engine.dispose()
    print("    candidate lookup plan:")
    for row in plan:
        print("      " + row[0])


async def reset_pg(url: str) -> None:
    engine = create_engine(url)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def fresh_archive(
    pg: str | None,
    folder: str,
    archive: Sequence[tuple[str, str]],
    found: Mapping[str, Detection],
    groups: Mapping[str, int],
    size: int,
) -> str:
    """The URL of a newly seeded archive of ``size`` articles (PostgreSQL emptied first, or an
    SQLite file in ``folder``)."""
    url = pg or f"sqlite+aiosqlite:///{folder}/growth.db"
    if pg:
        await reset_pg(pg)
    await seed(url, archive, found, groups, size)
    return url


async def one_run(
    pg: str | None,
    archive: Sequence[tuple[str, str]],
    new: Sequence[tuple[str, str]],
    found: Mapping[str, Detection],
    groups: Mapping[str, int],
    size: int,
) -> dict[str, float]:
    """One timed pass of ``new`` against a freshly seeded archive of ``size`` articles."""
    with tempfile.TemporaryDirectory() as tmp:
        return await process_new(await fresh_archive(pg, tmp, archive, found, groups, size), new, found)


def report_size(
    name: str, size: int, runs: Sequence[Mapping[str, float]], base: Sequence[Mapping[str, float]]
) -> dict[str, float]:
    """Print one size's median cost, its stages and its paired ratio to the first size; the medians."""
    cost = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    stages = " ".join(f"{stage}={cost[stage]:.1f}" for stage in STAGES)
    each = "/".join(f"{r['total']:.1f}" for r in runs)
    behind = f", WAL write-back apart {cost['checkpoint']:.1f}" if "checkpoint" in cost else ""
    ratios = [r["total"] / b["total"] for r, b in zip(runs, base, strict=True)]
    print(
        f"{name} {size:>6} stored: total {cost['total']:.1f} ms/article (median of {each}), "
        f"cpu {cost['cpu']:.1f} ({stages}){behind}; x{statistics.median(ratios):.2f} of the first size "
        f"(paired, median of {'/'.join(f'{x:.2f}' for x in ratios)})"
    )
    parts = sorted(
        ((k, v) for k, v in cost.items() if k.startswith("link.") and v >= 0.05),
        key=lambda kv: -kv[1],
    )
    print("    link: " + " ".join(f"{k[5:]}={v:.2f}" for k, v in parts))
    return cost


async def main_async(args: argparse.Namespace) -> int:
    rows = read_csv(args.data / "train_bodies.csv")
    groups = gold_groups(read_csv(args.data / "train_stances.csv"))
    all_bodies = sorted(((r["Body ID"], r["articleBody"]) for r in rows), key=lambda p: int(p[0]))
    rng = random.Random(3)
    held = set(rng.sample(range(len(all_bodies)), args.new))
    new = [all_bodies[i] for i in sorted(held)]
    archive = [b for i, b in enumerate(all_bodies) if i not in held]
    started = time.perf_counter()
    found = load_or_detect(args.detections, all_bodies)
    print(f"detection of {len(found)} bodies: {time.perf_counter() - started:.1f}s (ahead, not timed)")
    backends = ([] if args.no_sqlite else [("sqlite", None)]) + ([] if args.no_pg else [("pg", args.pg)])
    with tempfile.TemporaryDirectory() as tmp:
        warm = f"sqlite+aiosqlite:///{tmp}/warm.db"
        await seed(warm, archive[:200], found, groups, 200)
        await process_new(warm, new[:20], found)
    result: dict[str, float] = {}
    for name, pg in backends:
        # the sizes take turns within each repeat, so a slow spell of the shared machine falls on
        # every size alike instead of on whichever size was being timed then; each repeat's ratio
        # to the empty archive is a paired figure
        runs: dict[int, list[dict[str, float]]] = {size: [] for size in args.sizes}
        for _ in range(args.repeat):
            for size in args.sizes:
                runs[size].append(await one_run(pg, archive, new, found, groups, size))
        for size in args.sizes:
            cost = report_size(name, size, runs[size], runs[args.sizes[0]])
            if pg and args.explain and size == max(args.sizes):
                # seeded again: the timed runs changed it
                await fresh_archive(pg, "", archive, found, groups, size)
                await explain(pg, found[new[-1][0]].event_keys or ())
            result[f"{name}_{size // 1000}k" if size else f"{name}_0"] = cost["total"]
    print("growth: " + " ".join(f"{key}={value:.1f}" for key, value in result.items()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/fnc-1"))
    parser.add_argument("--sizes", default="0,10000,50000")
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument(
        "--pg", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test", help="emptied first"
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size (median reported)")
    parser.add_argument("--explain", action="store_true", help="print PostgreSQL's plan of the lookup")
    parser.add_argument("--detections", type=Path, help="cache of the detections (re-runs skip detection)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",")]
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
