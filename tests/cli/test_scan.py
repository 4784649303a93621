"""``claimwatch scan`` on files, pages, feeds, JSON lines and a local URL, and on inputs that never
end or never answer (refused at once, never read whole)."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from bot.cli import main

from .helpers import write

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

ARTICLE = (
    "The Lakeside Relief Coalition said on Tuesday that the floods had displaced about 12,000 people.\n\n"
    '"Those numbers are exaggerated," Interior Ministry spokesman Tomas Hale told reporters.'
)


QUIET = "The council opened a new library with 40,000 books on Saturday.\n\nReaders queued for an hour."

HTML = f"""<!doctype html><html><head><title>Flood toll row</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Flood toll row</h1>
<p>{ARTICLE.split(chr(10))[0]}</p><p>{ARTICLE.split(chr(10))[-1]}</p></article></body></html>"""

FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test wire</title><link>http://example.org/</link>
<item><title>Flood toll row</title><link>http://example.org/a</link><guid>a</guid>
<description>{ARTICLE.replace('"', "&quot;")}</description></item>
<item><title>Library opens</title><link>http://example.org/b</link><guid>b</guid>
<description>{QUIET}</description></item>
</channel></rss>"""


def test_scan_text_file_prints_one_line_per_contested_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    assert main(["scan", path]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    assert "about 12,000" in lines[0]
    assert "Lakeside Relief Coalition" in lines[0]
    assert "Tomas Hale" in lines[0]


def test_scan_json_writes_the_prediction_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    assert main(["scan", "--json", path]) == 0
    doc = json.loads(capsys.readouterr().out)
    (art,) = doc["articles"]
    assert art["id"] == path
    (d,) = art["disputes"]
    assert d["value"] == 12000
    assert d["qualifier"] == "about"
    assert d["kind"] == "denial"
    assert d["claimant"] == "The Lakeside Relief Coalition"
    assert d["claim_sentence"] in ARTICLE
    assert d["dispute_sentence"] in ARTICLE
    for key in ("low", "high", "counted", "disputed_by"):
        assert key in d


def test_scan_html_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "page.html", HTML)
    assert main(["scan", "--json", path]) == 0
    (art,) = json.loads(capsys.readouterr().out)["articles"]
    assert [d["value"] for d in art["disputes"]] == [12000]


def test_scan_feed_file_scans_every_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "feed.xml", FEED)
    assert main(["scan", "--json", path]) == 0
    arts = {a["id"]: a for a in json.loads(capsys.readouterr().out)["articles"]}
    assert set(arts) == {"http://example.org/a", "http://example.org/b"}
    assert len(arts["http://example.org/a"]["disputes"]) == 1
    assert arts["http://example.org/b"]["disputes"] == []


def test_scan_jsonl_with_a_broken_line_and_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        json.dumps({"id": "x1", "title": "", "text": ARTICLE}),
        "{not json",
        json.dumps({"id": "x2", "title": "Library", "text": QUIET}),
    ]
    path = write(tmp_path, "in.jsonl", "\n".join(rows) + "\n")
    missing = str(tmp_path / "nope.jsonl")
    assert main(["scan", "--json", "--jsonl", path, missing]) == 1
    out = capsys.readouterr()
    ids = [a["id"] for a in json.loads(out.out)["articles"]]
    assert ids == ["x1", "x2"]
    assert "in.jsonl:2: not JSON" in out.err
    assert "nope.jsonl: cannot read file" in out.err


def test_scan_binary_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\x01\xff\xfe" * 10)
    good = write(tmp_path, "ok.txt", QUIET)
    assert main(["scan", str(path), good]) == 1
    assert "blob.bin" in capsys.readouterr().err


class _Handler(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[str, bytes]]] = {}

    def do_GET(self) -> None:
        ctype, body = self.pages.get(self.path, ("text/plain", b""))
        self.send_response(200 if self.path in self.pages else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.pages = {
        "/page": ("text/html; charset=utf-8", HTML.encode()),
        "/feed": ("application/rss+xml", FEED.encode()),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_scan_urls_for_a_page_and_a_feed(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--json", f"{server}/page", f"{server}/feed", f"{server}/gone"]) == 1
    out = capsys.readouterr()
    arts = json.loads(out.out)["articles"]
    assert next(a["id"] for a in arts) == f"{server}/page"
    assert len(arts) == 3
    assert "/gone" in out.err
    assert "404" in out.err


def test_scan_dev_zero_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "/dev/zero"]) == 1
    assert "/dev/zero: not a regular file" in capsys.readouterr().err


def test_scan_a_fifo_without_writer_is_refused_not_waited_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["scan", str(fifo)]) == 1
    assert "pipe: not a regular file" in capsys.readouterr().err
