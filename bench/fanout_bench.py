"""Fan-out benchmark: one contested story to N subscribed chats through the fake Bot API server.

    .venv/bin/python bench/fanout_bench.py                 # 1,000 and 10,000 chats
    .venv/bin/python bench/fanout_bench.py --chats 10000   # one size

Telegram's limits are lifted (no AIORateLimiter, no per-chat gap), so this measures the bot's own
cost: queueing the alerts (one enqueue_alerts call in one transaction) and draining the outbox
through the real Application and python-telegram-bot. The fake server runs in its own process,
so the CPU time reported is the bot's alone. Each size runs in a fresh process so its peak RSS is
its own (memory should stay flat as chats grow: chats and outbox rows are streamed in batches).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakes.telegram_api import TOKEN, FakeTelegramAPI  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bot.alerts.enqueue import enqueue_alerts  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage import outbox  # noqa: E402
from bot.storage.db import create_engine, create_schema, make_session_factory  # noqa: E402
from bot.storage.models import Article, Chat, ClaimRow, DenialRow, DisputeRow, Story  # noqa: E402
from bot.telegram.app import build_application, running  # noqa: E402
from bot.telegram.sender import SenderConfig  # noqa: E402

NOW = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)


async def serve() -> None:
    """Child process: the fake Bot API; prints its port, runs until stdin closes."""
    async with FakeTelegramAPI() as api:
        print(api.port, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


async def seed(url: str, chats: int) -> DisputeRow:
    engine = create_engine(url)
    await create_schema(engine)
    sessions = make_session_factory(engine)
    async with sessions() as session, session.begin():
        for start in range(0, chats, 5000):
            rows = [
                {
                    "id": 10_000 + n,
                    "type": "private",
                    "subscribed": True,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for n in range(start, min(chats, start + 5000))
            ]
            await session.execute(insert(Chat), rows)
        story = Story(title="Reservoir dam: engineers and ministry disagree", created_at=NOW, updated_at=NOW)
        session.add(story)
        await session.flush()
        article = Article(
            url="https://news.example/dam",
            url_hash="b" * 64,
            title=story.title,
            fetched_at=NOW,
            story_id=story.id,
        )
        session.add(article)
        await session.flush()
        claim = ClaimRow(
            article_id=article.id,
            story_id=story.id,
            value=40.0,
            figure_text="40 percent",
            unit="%",
            counted="of the reservoir wall cracked",
            claimant="the engineers' guild",
            sentence="The engineers' guild said 40 percent of the reservoir wall cracked.",
            sentence_start=0,
            sentence_end=10,
        )
        denial = DenialRow(
            article_id=article.id,
            denier="the ministry",
            cue="dismissed",
            quote="alarmist guesswork",
            sentence="The ministry dismissed the estimate as alarmist guesswork.",
            sentence_start=0,
            sentence_end=10,
        )
        session.add_all([claim, denial])
        await session.flush()
        dispute = DisputeRow(
            fingerprint="bench",
            story_id=story.id,
            claim_id=claim.id,
            claim_article_id=article.id,
            dispute_article_id=article.id,
            denial_id=denial.id,
            kind="denial",
            disputed_by="the ministry",
            quote="alarmist guesswork",
            dispute_sentence=denial.sentence,
            dispute_start=0,
            dispute_end=10,
            created_at=NOW,
        )
        session.add(dispute)
    await engine.dispose()
    return dispute


async def worker(chats: int, port: int) -> dict[str, float]:
    """Child process: seed, enqueue and deliver; returns the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        dispute = await seed(url, chats)
        settings = Settings(
            telegram_token=TOKEN, telegram_api_url=f"http://127.0.0.1:{port}/bot", database_url=url
        )
        app = build_application(
            settings,
            clock=FakeClock(NOW),
            rate_limits=None,
            sender_config=SenderConfig(private_gap=0, group_gap=0),
            ingestion=False,
            publish_commands=False,
        )
        async with running(app, poll_timeout=5):  # the bot is up and idle; now the story arrives
            sessions = app.bot_data.services.session_factory
            sender = app.bot_data.sender
            assert sender is not None
            cpu, wall = time.process_time(), time.perf_counter()
            async with sessions() as session, session.begin():
                row = await session.get(DisputeRow, dispute.id)
                assert row is not None
                report = await enqueue_alerts(session, [row], now=NOW)
            enqueue_wall, enqueue_cpu = time.perf_counter() - wall, time.process_time() - cpu
            assert report.alerts == chats, report
            cpu, wall = time.process_time(), time.perf_counter()
            while True:
                await sender.settled()
                async with sessions() as session:
                    counts = await outbox.count_by_status(session)
                if not counts.get("pending") and not counts.get("sending"):
                    break
            send_wall, send_cpu = time.perf_counter() - wall, time.process_time() - cpu
            sent = sender.sent_count
    assert counts == {"sent": chats}, counts
    return {
        "chats": chats,
        "sent": sent,
        "enqueue_s": enqueue_wall,
        "enqueue_cpu_s": enqueue_cpu,
        "send_s": send_wall,
        "send_cpu_s": send_cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_size(chats: int, port: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(chats), "--port", str(port)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, action="append", help="subscribed chats (repeatable)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve())
        return 0
    if args.worker:
        print(json.dumps(asyncio.run(worker(args.worker, args.port))))
        return 0

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        print("fan-out of one story, Telegram limits lifted, fake Bot API in its own process")
        columns = ("chats", "enqueue s", "send s", "msg/s", "CPU ms/msg", "bot msg/s", "RSS MB")
        widths = (7, 9, 7, 6, 10, 9, 7)
        print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
        for chats in args.chats or [1000, 10000]:
            r = run_size(chats, port)
            cpu_per_msg = (r["enqueue_cpu_s"] + r["send_cpu_s"]) / r["sent"]
            print(
                f"{r['chats']:>7} {r['enqueue_s']:>9.2f} {r['send_s']:>7.2f} {r['sent'] / r['send_s']:>6.0f} "
                f"{1000 * cpu_per_msg:>10.3f} {1 / cpu_per_msg:>9.0f} {r['peak_rss_mb']:>7.1f}"
            )
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=10)
    print(
        "msg/s: delivered per wall second while draining (the fake server shares the machine);\n"
        "CPU ms/msg: the bot process's own CPU (enqueue + send + record) per message; bot msg/s = 1 / that;\n"
        "RSS MB: peak resident memory of the bot process for that run"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
