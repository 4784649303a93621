"""Hostile inputs: the time each one costs, the worst of them, and the peak RSS of the process.

Usage: python bench/hostile_bench.py [--detect]

Each case is an input the hardening issue found expensive or fatal, run through the code that
now bounds it (all text here is generated for the bench). ``--detect`` also runs the detector
itself on an article cut to the stored cap (slow: it measures what the time budget guards).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.cleantext import cap, clean_text
from bot.cli.inputs import read_file
from bot.errors import ClaimwatchError, UnsafeURLError
from bot.ingest.parse import parse_feed_sync
from bot.ingest.urls import is_public_ip
from bot.services.claims_query import KEYWORD_SCAN_LIMIT, _matching_ids
from bot.services.keywords import any_keyword_matches, normalize_keyword, validate_keyword
from bot.services.url_safety import check_feed_url
from bot.settings import Settings
from bot.storage.articles import NewEntry, safe_entry
from bot.storage.preflight import check_sqlite_file

SETTINGS = Settings()
WORDS = [
    "harbour",
    "officials",
    "said",
    "the",
    "toll",
    "rose",
    "sharply",
    "after",
    "the",
    "storm",
    "while",
    "the",
    "ministry",
    "rejected",
]


def prose(chars: int) -> str:
    out: list[str] = []
    total = 0
    i = 0
    while total < chars:
        word = WORDS[i % len(WORDS)]
        out.append(word)
        total += len(word) + 1
        i += 1
    return " ".join(out)[:chars]


def feed(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
        "<link>http://bench.test/</link>" + "".join(items) + "</channel></rss>"
    ).encode()


def hostile_feed() -> bytes:
    items = []
    for n in range(300):
        refs = "&#xD800; &#0; &#xDFFF; &#55296; &#x1; \x00\x07" if n % 2 else "&#65535;"
        items.append(
            f"<item><title>Entry {n} {refs}</title><link>http://bench.test/{n}</link>"
            f"<description>{prose(400)} {refs}</description></item>"
        )
    return feed(items)


def megabyte_feed() -> bytes:
    body = prose(1_000_000)
    return feed(
        [
            f"<item><title>{'Long title ' * 2000}</title><link>http://bench.test/big</link>"
            f"<description>{body}</description></item>"
        ]
    )


def case_parse_hostile() -> None:
    parsed = parse_feed_sync(hostile_feed(), {}, url="http://bench.test/feed", max_entries=300)
    assert len(parsed.entries) == 300


def case_parse_and_cap_megabyte() -> None:
    parsed = parse_feed_sync(megabyte_feed(), {}, url="http://bench.test/feed", max_entries=300)
    (e,) = parsed.entries
    entry = NewEntry(e.key, e.url or "", "0" * 64, e.title, e.summary, e.text, None, True)
    safe = safe_entry(entry, max_title=SETTINGS.max_title_chars, max_text=SETTINGS.max_article_chars)
    assert len(safe.text) <= SETTINGS.max_article_chars


def case_clean_ten_megabytes() -> None:
    text = ("a\x00b\ud800c" * 10) + prose(10_000_000)
    assert "\x00" not in clean_text(text)


def case_alert_matching() -> None:
    # 1,000 watching chats x 10 keywords against a 100 kB headline (as stored: capped first).
    headline = cap(clean_text(prose(100_000) + " gaza"), SETTINGS.max_title_chars)
    texts = [headline, prose(100_000), "people displaced", "the interior ministry"]
    for chat in range(1000):
        keywords = tuple(normalize_keyword(f"kw{chat}x{k}") for k in range(10))
        any_keyword_matches(keywords, texts)


def case_claims_search() -> None:
    # /claims <keyword> over the newest 5,000 disputes whose texts are long sentences.
    long = prose(20_000)
    rows = [
        (i, [long[:4000], long[:4000], long[:4000], "people", "a party", "a denier"])
        for i in range(KEYWORD_SCAN_LIMIT)
    ]
    _matching_ids(validate_keyword("İstanbul"), rows, 6)


def case_unicode_keywords() -> None:
    for keyword in ("ﷺﷺﷺﷺ", "ga\u200bza\u00ad", "İstanbul", "\u202eoslo\u202c", "ﬁre " * 16):
        validate_keyword(keyword)


def case_ssrf_checks() -> None:
    async def rebinding(host: str, port: int) -> list[str]:
        return ["100.64.0.1"]

    async def run() -> None:
        for url in ("http://metadata.test/", "http://[2002:7f00:1::1]/", "http://[fec0::1]/"):
            try:
                await check_feed_url(url, rebinding)
            except UnsafeURLError:
                pass
            else:
                raise AssertionError(url)

    asyncio.run(run())
    for n in range(10_000):
        is_public_ip(f"100.64.{n % 256}.{n // 256 % 256}")


def case_scan_dev_zero() -> None:
    try:
        read_file(Path("/dev/zero"), 10 * 1024 * 1024)
    except ClaimwatchError:
        return
    raise AssertionError("/dev/zero was read")


def case_damaged_sqlite() -> None:
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        db.executemany("INSERT INTO t (body) VALUES (?)", [(prose(200),) for _ in range(20_000)])
        db.commit()
        db.close()
        with path.open("r+b") as fh:
            fh.seek(4096 * 20)
            fh.write(b"\xa5" * 4096 * 8)
        try:
            check_sqlite_file(path)
        except ClaimwatchError:
            return
        raise AssertionError("damage not found")


def case_detect_capped() -> None:
    from bot.detect import detect
    from bot.detect.model import ArticleInput

    text = prose(SETTINGS.max_article_chars)
    detect(ArticleInput("bench", "Harbour toll disputed", text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detect", action="store_true", help="also run the detector on a capped article")
    args = parser.parse_args()
    cases: list[tuple[str, Callable[[], None]]] = [
        ("feed: 300 entries with surrogate/NUL references and control bytes", case_parse_hostile),
        ("feed: one 1 MB entry, parsed and capped", case_parse_and_cap_megabyte),
        ("clean_text over 10 MB", case_clean_ten_megabytes),
        ("alert matching: 1,000 chats x 10 keywords, 100 kB headline", case_alert_matching),
        ("/claims search: 5,000 disputes with long sentences", case_claims_search),
        ("Unicode keywords (NFKC expansion, invisibles)", case_unicode_keywords),
        ("SSRF address checks (3 hostile URLs, 10,000 addresses)", case_ssrf_checks),
        ("scan /dev/zero", case_scan_dev_zero),
        ("damaged SQLite file (20,000 rows) at start", case_damaged_sqlite),
    ]
    if args.detect:
        cases.append(
            (f"detector on an article cut to {SETTINGS.max_article_chars} chars", case_detect_capped)
        )
    worst = ("", 0.0)
    for name, case in cases:
        started = time.perf_counter()
        case()
        elapsed = time.perf_counter() - started
        print(f"{elapsed:8.3f} s  {name}")
        if elapsed > worst[1]:
            worst = (name, elapsed)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"worst: {worst[1]:.3f} s ({worst[0]})")
    print(f"peak RSS: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
