"""Scale benchmark: `claimwatch worker` and `claimwatch run` processes on one PostgreSQL.

    .venv/bin/python bench/scale_bench.py [--database postgresql+asyncpg://postgres@127.0.0.1/test]
                                          [--feeds 48] [--entries 8] [--chats 60]
                                          [--fault-runs 1] [--no-throughput] [--workers 1,2,4]

Every phase gets a fresh database on the server of ``--database`` (dropped at the end).
Feeds are served on loopback by a separate process; articles are our own sentences, a third
of them with a contested figure, each about a place and parties of its own (so each is a story
of its own). Real processes throughout, started as ``python -m bot.cli ...``.

1. Throughput: 1, 2 and 4 workers (``--concurrency 2``, detection in the worker process, so one
   worker uses about one core): feeds/s and articles/s from the moment the feed jobs are
   deferred until every feed is stored and every article analysed; and the workers' CPU
   seconds (user + system, from /proc), so a loaded machine's figures can be told apart from
   work done twice.
2. Alerts: 2 workers and 2 `run` replicas (``CLAIMWATCH_JOB_QUEUE=procrastinate``) against an
   in-process fake Bot API, ``--chats`` subscribed chats: end-to-end alert latency (feed job
   deferred -> Telegram has the alert) and the outbox drain rate, with which replica sent.
3. Faults (phases 2 and 3 together, ``--fault-runs`` times, default settings: the sender's
   adaptive window, at most ``CLAIMWATCH_SENDER_CONCURRENCY`` 8 in flight): the same again
   with new feeds; kill -9 one worker while it runs feed jobs and the active sender while it
   sends, restart both (the sender under the same instance id); count (chat, story) alerts
   lost and duplicated.

Last line: ``scale: w1=… w2=… w4=… articles/s; lost=… duplicated=…`` (summed over the fault
runs, with the number of killed senders).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import asyncpg  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import URL, make_url  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bot.ingest.analyse import MAX_ATTEMPTS  # noqa: E402
from bot.jobs import queue  # noqa: E402
from bot.storage.db import create_engine, make_session_factory, migrate  # noqa: E402
from bot.storage.feeds import add_feed  # noqa: E402
from bot.storage.models import Article, Chat, DisputeRow, Feed, OutboxMessage  # noqa: E402

SYLLABLES = ["har", "lom", "ves", "tur", "bel", "dor", "mir", "kas", "pen", "sul", "rad", "fen"]


def place(n: int) -> str:
    """A made-up place name, different for every n (so every article is a story of its own)."""
    parts = [SYLLABLES[(n // 12**k) % 12] for k in range(5)]
    return ("".join(parts) + "ton").capitalize()


def article(feed: int, n: int, serial: int) -> tuple[str, str]:
    """One article about a place, parties and things of its own: articles share no names and few
    words, as unrelated news does (identical filler would make one giant story, whose rows every
    writer then waits for)."""
    name = place(serial)
    a, b, c, d = (place(serial * 5 + k + 50_000) for k in range(1, 5))
    title = f"{name} floods: damage report {feed}-{n}"
    filler = (
        f"Residents of {a} said the {b} bridge stayed closed while crews from {c} cleared the "
        f"debris. The {d} ferry will resume on Thursday, the {b} harbour office said. "
    )
    if serial % 3 == 0:
        body = (
            f"The {name} water authority said {1000 + serial * 7:,} homes were flooded in {name} "
            f"after the river burst its banks on Sunday. The {name} tenants association rejected "
            "the figure, saying the real number was far higher. " + filler * 3
        )
    else:
        body = f"The river at {name} rose again overnight. " + filler * 4
    return title, body


def feed_body(feed: int, entries: int, first_serial: int, now: datetime) -> bytes:
    items = []
    for n in range(entries):
        title, body = article(feed, n, first_serial + n)
        when = format_datetime(now - timedelta(minutes=n))
        items.append(
            f"<item><title>{title}</title><link>http://site{feed}.bench.test/story/{first_serial + n}</link>"
            f"<guid>scale-{first_serial + n}</guid><pubDate>{when}</pubDate>"
            f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Scale feed {feed}</title><link>http://site{feed}.bench.test/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


async def serve(groups: list[tuple[int, int]], entries: int, hosts: int) -> None:
    """Feed server process: ``groups`` of (first feed number, count); prints one URL list per group."""
    from fakes.feed_server import FeedServer, Route

    now = datetime.now(UTC)
    servers = [await FeedServer(host=f"127.0.0.{h + 1}").start() for h in range(hosts)]
    out = []
    for first, count in groups:
        urls = []
        for feed in range(first, first + count):
            body = feed_body(feed, entries, feed * entries, now)
            urls.append(servers[feed % hosts].set(f"/feed/{feed}.xml", Route(body=body, etag=f'"v{feed}"')))
        out.append(urls)
    print(json.dumps(out), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for server in servers:
        await server.close()


# --- processes -----------------------------------------------------------------------------------


class Procs:
    """The claimwatch processes of a phase, by name; killed or stopped at the end."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.logs = Path(tempfile.mkdtemp(prefix="scale-bench-"))

    def start(self, name: str, *args: str, **extra_env: str) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", *args],
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def cpu_seconds(self) -> float:
        """User + system CPU time of the live processes and their reaped children so far."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for proc in self.procs.values():
            try:
                fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
        return total / tick

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    def stop_all(self) -> None:
        for proc in self.procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.procs.clear()


def machine_cpu() -> tuple[int, int]:
    """(busy, idle) clock ticks of the whole machine since boot, all cores (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, idle


def base_env(database_url: str, feeds_file: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWATCH_")}
    env.update(
        CLAIMWATCH_DATABASE_URL=database_url,
        CLAIMWATCH_JOB_QUEUE="procrastinate",
        CLAIMWATCH_ALLOW_PRIVATE_URLS="true",
        CLAIMWATCH_PARSE_WORKERS="0",  # detection in the worker process: one worker, one core
        CLAIMWATCH_FEEDS_FILE=str(feeds_file),
        CLAIMWATCH_LOG_LEVEL="WARNING",
        CLAIMWATCH_JOB_STALLED_AFTER="10",
        CLAIMWATCH_ARTICLE_MIN_CHARS="0",
        CLAIMWATCH_CONFIG=str(feeds_file.with_name("settings.toml")),
        **extra,
    )
    return env


@asynccontextmanager
async def fresh_database(server: URL) -> AsyncIterator[tuple[str, AsyncEngine]]:
    name = f"scale_bench_{uuid.uuid4().hex[:8]}"
    admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(admin_dsn)
    await conn.execute(f'CREATE DATABASE "{name}"')
    url = server.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    try:
        await migrate(url)
        job_app = queue.configured_app(url)
        async with job_app.open_async():
            await job_app.schema_manager.apply_schema_async()
        yield url, engine
    finally:
        await engine.dispose()
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


async def scalar(engine: AsyncEngine, statement: object) -> int:
    async with engine.connect() as conn:
        return int((await conn.scalar(statement)) or 0)  # type: ignore[call-overload]


async def wait_until(what: str, check: object, ceiling: float, interval: float = 0.2) -> None:
    deadline = time.monotonic() + ceiling
    while not await check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(interval)


async def add_feeds(engine: AsyncEngine, urls: list[str]) -> None:
    sessions = make_session_factory(engine)
    async with sessions() as session, session.begin():
        for url in urls:
            await add_feed(session, url, source="admin")


async def defer(url: str, engine: AsyncEngine) -> float:
    """Defer the due feeds' jobs (as the periodic scheduler would); returns the time it started."""
    started = time.monotonic()
    job_app = queue.configured_app(url)
    async with job_app.open_async():
        await queue.defer_due_feeds(job_app, make_session_factory(engine), datetime.now(UTC))
    return started


async def workers_up(engine: AsyncEngine, count: int) -> None:
    statement = text("SELECT count(*) FROM procrastinate_workers")
    await wait_until(f"{count} workers", lambda: _at_least(engine, statement, count), 120)


async def _at_least(engine: AsyncEngine, statement: object, count: int) -> bool:
    return await scalar(engine, statement) >= count


# --- phases --------------------------------------------------------------------------------------


async def throughput(
    server: URL, urls: list[str], workers: int, workdir: Path
) -> tuple[float, float, float, float]:
    async with fresh_database(server) as (url, engine):
        await add_feeds(engine, urls)
        procs = Procs(base_env(url, workdir / "feeds.toml"))
        try:
            for n in range(workers):
                procs.start(f"worker-{n}", "worker", "--concurrency", "2")
            await workers_up(engine, workers)
            started = await defer(url, engine)
            cpu_before = procs.cpu_seconds()  # start-up (imports, models) is not the work
            machine_before = machine_cpu()
            polled = select(func.count()).select_from(Feed).where(Feed.last_polled_at.is_not(None))
            await wait_until("every feed stored", lambda: _at_least(engine, polled, len(urls)), 900, 0.05)
            waiting = (
                select(func.count())
                .select_from(Article)
                .where(
                    Article.processed.is_(False),
                    # An article whose analysis failed twice is left alone: done, unanalysed.
                    (Article.analysis_attempts < MAX_ATTEMPTS) | Article.analysis_lease_until.is_not(None),
                )
            )
            await wait_until("every article analysed", lambda: _none(engine, waiting), 900, 0.05)
            elapsed = time.monotonic() - started
            cpu = procs.cpu_seconds() - cpu_before
            busy, idle = (after - before for after, before in zip(machine_cpu(), machine_before, strict=True))
            print(
                f"  machine: {100 * idle / max(busy + idle, 1):.0f}% idle over {elapsed:.1f} s "
                f"({os.cpu_count()} cores); these workers used {cpu / elapsed:.2f} cores",
                flush=True,
            )
            articles = await scalar(engine, select(func.count()).select_from(Article))
            attempts = await scalar(engine, select(func.sum(Article.analysis_attempts)))
            failed = await scalar(
                engine, select(func.count()).select_from(Article).where(Article.processed.is_(False))
            )
            if failed:
                print(f"  {failed} article(s) not analysed (failed twice): see {procs.logs}", flush=True)
        finally:
            procs.stop_all()
    return len(urls) / elapsed, articles / elapsed, cpu, attempts / max(articles, 1)


async def alerts_and_faults(
    server: URL,
    normal: list[str],
    faulty: list[str],
    entries: int,
    chats: int,
    workdir: Path,
    sender_concurrency: int,
) -> dict[str, object]:
    from fakes.telegram_api import TOKEN, FakeTelegramAPI

    result: dict[str, object] = {}
    async with FakeTelegramAPI() as api, fresh_database(server) as (url, engine):
        sessions = make_session_factory(engine)
        async with sessions() as session, session.begin():
            for chat_id in range(1, chats + 1):
                session.add(Chat(id=chat_id, type="private", subscribed=True))
        env = base_env(
            url,
            workdir / "feeds.toml",
            CLAIMWATCH_TELEGRAM_TOKEN=TOKEN,
            CLAIMWATCH_SENDER_CONCURRENCY=str(sender_concurrency),
            CLAIMWATCH_TELEGRAM_API_URL=api.base_url,
        )
        procs = Procs(env)
        try:
            for n in range(2):
                procs.start(f"worker-{n}", "worker", "--concurrency", "2")
                procs.start(f"bot-{n}", "run", CLAIMWATCH_INSTANCE_ID=f"bot-{n}")
            await workers_up(engine, 2)
            await api.wait_for_call("getUpdates", count=2, ceiling=120)  # both replicas are up

            # -- alerts: latency and drain rate -------------------------------------------------
            await add_feeds(engine, normal)
            contested = len(normal) * entries // 3
            started = await defer(url, engine)
            expected = contested * chats
            arrivals = await collect(api, expected, ceiling=300)
            stories = contested_names(feed_serials(normal, entries))
            latencies = sorted(when - started for when in first_arrivals(api, arrivals, stories).values())
            drain_span = max(arrivals) - min(arrivals)
            result["latency_p50"] = statistics.median(latencies)
            result["latency_max"] = latencies[-1]
            result["drain_rate"] = (len(arrivals) - 1) / drain_span if drain_span > 0 else float("nan")
            result["alerts"] = len(arrivals)
            async with engine.connect() as conn:
                owners = Counter(
                    dict(
                        (
                            await conn.execute(
                                select(OutboxMessage.lease_owner, func.count()).group_by(
                                    OutboxMessage.lease_owner
                                )
                            )
                        ).all()
                    )
                )
            result["sent_by"] = dict(owners)

            # -- faults: kill -9 a worker mid-job and the active sender mid-send ------------------
            before = len(api.outgoing)
            first_fault_row = await scalar(engine, select(func.max(OutboxMessage.id))) + 1
            await add_feeds(engine, faulty)
            await defer(url, engine)
            doing = text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")
            await wait_until("feed jobs running", lambda: _at_least(engine, doing, 2), 60, 0.01)
            result["jobs_running_at_kill"] = await scalar(engine, doing)
            procs.kill("worker-0")
            procs.start("worker-0", "worker", "--concurrency", "2")
            await wait_until("the fault fan-out to start", lambda: _sent_since(api, before, 20), 300, 0.01)
            async with engine.connect() as conn:
                leader = await conn.scalar(
                    select(OutboxMessage.lease_owner).where(OutboxMessage.status == "sending").limit(1)
                )
            victim = str(leader or "bot-0")
            procs.kill(victim)
            procs.start(victim, "run", CLAIMWATCH_INSTANCE_ID=victim)
            result.update(await account(api, engine, faulty, entries, before, first_fault_row))
            result["killed_sender"] = victim
        finally:
            procs.stop_all()
    return result


def feed_serials(urls: list[str], entries: int) -> list[int]:
    feeds = [int(u.rsplit("/", 1)[1].split(".")[0]) for u in urls]
    return [feed * entries + n for feed in feeds for n in range(entries)]


def contested_names(serials: list[int]) -> list[str]:
    return [place(s) for s in serials if s % 3 == 0]


async def collect(api: object, expected: int, *, ceiling: float, since: int = 0) -> list[float]:
    """Arrival times (monotonic, to the 10 ms poll) of new alerts after ``since``, until
    ``expected`` have arrived or ``ceiling`` seconds passed."""
    deadline = time.monotonic() + ceiling
    stamps: list[float] = []
    seen = since
    while len(stamps) < expected and time.monotonic() < deadline:
        outgoing = api.outgoing  # type: ignore[attr-defined]
        fresh = sum(1 for m in outgoing[seen:] if m.method == "sendMessage")
        seen = len(outgoing)
        stamps += [time.monotonic()] * fresh
        await asyncio.sleep(0.01)
    return stamps


def first_arrivals(api: object, arrivals: list[float], names: list[str]) -> dict[str, float]:
    """The arrival of each story's first alert."""
    first: dict[str, float] = {}
    sends = [m for m in api.outgoing if m.method == "sendMessage"]  # type: ignore[attr-defined]
    for message, when in zip(sends, arrivals, strict=False):
        for name in names:
            if name in message.text:
                first.setdefault(name, when)
    return first


async def account(
    api: object, engine: AsyncEngine, urls: list[str], entries: int, since: int, first_row: int
) -> dict[str, int]:
    """After the fault run: wait until every fault feed is stored and the outbox is drained, then
    count what was lost and what was sent twice.

    lost: contested articles with no stored dispute (ingestion), plus outbox rows whose text never
    reached the chat (delivery). duplicated: the same text sent to the same chat more than once.
    """
    contested = len(urls) * entries // 3
    polled = (
        select(func.count()).select_from(Feed).where(Feed.url.in_(urls), Feed.last_polled_at.is_not(None))
    )
    await wait_until("the fault feeds stored", lambda: _at_least(engine, polled, len(urls)), 300)
    # The killed worker's articles are analysed again once its leases expire and its job is
    # rerun: wait for that (a bounded wait: what is still unanalysed after it counts as lost).
    unanalysed = (
        select(func.count())
        .select_from(Article)
        .join(Feed, Feed.id == Article.feed_id)
        .where(
            Feed.url.in_(urls),
            Article.processed.is_(False),
            (Article.analysis_attempts < MAX_ATTEMPTS) | Article.analysis_lease_until.is_not(None),
        )
    )
    with contextlib.suppress(TimeoutError):
        await wait_until("the fault articles analysed", lambda: _none(engine, unanalysed), 120)
    unfinished = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status.in_(["pending", "sending"]), OutboxMessage.id >= first_row)
    )
    await wait_until("the outbox drained", lambda: _none(engine, unfinished), 300)
    await asyncio.sleep(2)  # a late repeat would show up here
    async with engine.connect() as conn:
        disputed = await conn.scalar(
            select(func.count(func.distinct(DisputeRow.dispute_article_id)))
            .join(Article, Article.id == DisputeRow.dispute_article_id)
            .join(Feed, Feed.id == Article.feed_id)
            .where(Feed.url.in_(urls))
        )
        rows = (
            await conn.execute(
                select(OutboxMessage.chat_id, OutboxMessage.text).where(OutboxMessage.id >= first_row)
            )
        ).all()
    calls = [m for m in api.outgoing[since:] if m.method in ("sendMessage", "editMessageText")]  # type: ignore[attr-defined]
    reached = {(m.chat_id, m.text) for m in calls}
    sends = Counter((m.chat_id, m.text) for m in calls if m.method == "sendMessage")
    delivery_lost = sum(1 for chat_id, body in rows if (chat_id, body) not in reached)
    return {
        "fault_articles": contested,
        "fault_rows": len(rows),
        "lost": contested - int(disputed or 0) + delivery_lost,
        "duplicated": sum(n - 1 for n in sends.values() if n > 1),
    }


async def _none(engine: AsyncEngine, statement: object) -> bool:
    return await scalar(engine, statement) == 0


async def _sent_since(api: object, before: int, count: int) -> bool:
    return len(api.outgoing) - before >= count  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--feeds", type=int, default=48)
    parser.add_argument("--entries", type=int, default=8)
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--fault-runs", type=int, default=1, help="alert and fault phases to run")
    parser.add_argument("--no-throughput", action="store_true", help="skip the 1/2/4-worker phase")
    parser.add_argument("--workers", default="1,2,4", help="worker counts of the throughput phase")
    args = parser.parse_args()
    server = make_url(args.database)
    alert_feeds = 3
    # Each fault run needs feeds (articles) of its own: alerts are per story and chat.
    groups = [(0, args.feeds)] + [
        group
        for run in range(args.fault_runs)
        for group in ((1000 + 100 * run, alert_feeds), (5000 + 100 * run, alert_feeds * 2))
    ]
    feed_server = subprocess.Popen(
        [sys.executable, __file__, "--serve", json.dumps([groups, args.entries, args.hosts])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert feed_server.stdout is not None
    throughput_urls, *fault_urls = json.loads(feed_server.stdout.readline())
    workdir = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    (workdir / "feeds.toml").write_text("", encoding="utf-8")
    (workdir / "settings.toml").write_text("", encoding="utf-8")
    try:
        rates: dict[int, float] = {}
        counts = [int(n) for n in args.workers.split(",")]
        for workers in () if args.no_throughput else counts:
            feeds_s, articles_s, cpu, analyses = asyncio.run(
                throughput(server, throughput_urls, workers, workdir)
            )
            rates[workers] = articles_s
            print(
                f"throughput: {workers} worker(s): {feeds_s:.1f} feeds/s, {articles_s:.1f} articles/s; "
                f"workers' CPU {cpu:.1f} s ({len(throughput_urls) * args.entries / cpu:.1f} articles per "
                f"CPU second); {analyses:.2f} analyses per article; load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        lost = duplicated = 0
        for run in range(args.fault_runs):
            normal, faulty = fault_urls[2 * run], fault_urls[2 * run + 1]
            res = asyncio.run(alerts_and_faults(server, normal, faulty, args.entries, args.chats, workdir, 8))
            lost += int(res["lost"])  # type: ignore[call-overload]
            duplicated += int(res["duplicated"])  # type: ignore[call-overload]
            print(
                f"alerts (run {run + 1}): {res['alerts']} to {args.chats} chats; latency "
                f"p50 {res['latency_p50']:.1f} s, max {res['latency_max']:.1f} s; drain "
                f"{res['drain_rate']:.1f} msg/s with 2 run replicas; sent by {res['sent_by']}"
            )
            print(
                f"faults (run {run + 1}): killed worker-0 ({res['jobs_running_at_kill']} "
                f"feed jobs running) and {res['killed_sender']} mid-send; {res['fault_articles']} contested "
                f"articles, {res['fault_rows']} alerts queued; "
                f"lost {res['lost']}, duplicated {res['duplicated']}; load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        w = " ".join(f"w{n}={rate:.1f}" for n, rate in rates.items()) or "w=skipped"
        print(
            f"scale: {w} articles/s; lost={lost} duplicated={duplicated} "
            f"({args.fault_runs} killed sender(s), {args.fault_runs} killed worker(s))"
        )
    finally:
        assert feed_server.stdin is not None
        feed_server.stdin.close()
        feed_server.wait()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        groups, entries, hosts = json.loads(sys.argv[2])
        asyncio.run(serve([tuple(g) for g in groups], entries, hosts))
    else:
        main()
