"""Texts of labelled articles stored by reference: read from a local git mirror into a cache.

A label row may carry its text (``text``), an FNC-1 body id (``body_id``, joined from a bodies
CSV) or only a reference ``source = "<owner/repo> <path> @<commit>"``. For references, the text
comes from a git mirror of that repository (``--mirror`` or ``CLAIMWATCH_CORPUS_MIRROR``): a
``.story`` file is the body, then ``@highlight`` lines; the title is the first highlight. A
``.csv`` file holds many articles (columns ``id``, ``article``, ``highlights``): the row names
its article with ``row_id``, and the title is the first highlight line. A ``.json`` file is one
article: ``title`` and either ``text``, ``content_original`` (the untokenised body of the AllSides
bias corpus, whose ``content`` is tokenised) or ``body-paragraphs`` (paragraphs, each a string or a
list of sentences). Any other file is plain text: a short first line set off by a blank line (and
perhaps a rule of dashes) is the headline, as in most one-article text corpora; else the whole
file is the body. Texts are cached under
``.cache/corpora/`` (ignored by git: third-party text never enters the project).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.errors import InputError

MIRROR_ENV = "CLAIMWATCH_CORPUS_MIRROR"
CACHE_DIR = Path(".cache") / "corpora"
_REF = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)\s+(?P<path>\S+)\s+@(?P<commit>[0-9a-f]{7,40})$")


def parse_story(raw: str) -> tuple[str, str]:
    """(title, text) of a CNN/Daily Mail ``.story`` file: title = first highlight."""
    body, _, rest = raw.partition("@highlight")
    highlights = [h.strip() for h in ("@highlight" + rest).split("@highlight") if h.strip()] if rest else []
    return (highlights[0] if highlights else ""), body.strip()


_BODY_FIELDS = ("text", "content_original")


def parse_json_article(raw: str, path: str) -> tuple[str, str]:
    """(title, text) of a one-article JSON file: ``text`` or ``content_original``, or
    ``body-paragraphs`` joined by blank lines."""
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise InputError(f"{path}: not a JSON object")
    title = str(doc.get("title") or "").strip()
    for field in _BODY_FIELDS:
        if isinstance(doc.get(field), str):
            return title, doc[field].strip()
    paragraphs = doc.get("body-paragraphs")
    if not isinstance(paragraphs, list):
        raise InputError(f"{path}: an article needs 'text', 'content_original' or 'body-paragraphs'")
    # a paragraph may come split into sentences; they are joined back with one space
    joined = (" ".join(map(str, p)) if isinstance(p, list) else str(p) for p in paragraphs)
    return title, "\n\n".join(p.strip() for p in joined if p.strip())


_HEADLINE_MAX = 200  # characters; a longer first line is a paragraph, not a headline
_RULE = re.compile(r"^\s*[-=_*]{3,}\s*$")
_URL_LINE = re.compile(r"^\s*https?://\S+\s*$")


def parse_text_article(raw: str) -> tuple[str, str]:
    """(title, text) of a plain-text article: the first line is the headline when it is short,
    ends without a full stop and is followed by a blank line (wire files that open straight
    into the lead paragraph keep it as the body); a rule of dashes after it is dropped, and so is
    a source address on the first line."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff\n").split("\n")
    if _URL_LINE.match(lines[0]):
        # a scraped file that opens with its address: the address is neither headline nor body
        return parse_text_article("\n".join(lines[1:]).lstrip("\n")) if len(lines) > 1 else ("", "")
    first = lines[0].strip()
    looks_like_headline = (
        len(lines) > 2
        and 0 < len(first) <= _HEADLINE_MAX
        and not first.endswith((".", "!", "?"))
        and (not lines[1].strip() or _RULE.match(lines[1]) is not None)
    )
    if not looks_like_headline:
        return "", raw.strip()
    rest = lines[1:]
    while rest and (not rest[0].strip() or _RULE.match(rest[0])):
        rest = rest[1:]
    return first, "\n".join(rest).strip()


def _mirror_for(repo: str, mirror: str | None) -> Path:
    base = mirror or os.environ.get(MIRROR_ENV, "")
    if not base:
        raise InputError(f"texts of {repo} are stored by reference: give --mirror or set {MIRROR_ENV}")
    path = Path(base)
    # either the git directory itself or a folder of mirrors named owner+name/repo
    candidate = path / f"{repo.replace('/', '+')}" / "repo"
    return candidate if candidate.exists() else path


def _show(git_dir: Path, commit: str, path: str) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(git_dir), "show", f"{commit}:{path}"],
            capture_output=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(f"cannot read {path} @{commit} from the mirror {git_dir}: {exc}") from exc
    try:
        return out.stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} @{commit}: not UTF-8 text") from exc


def materialise(row: dict[str, Any], mirror: str | None = None, cache: Path = CACHE_DIR) -> dict[str, Any]:
    """``row`` with ``title``/``text`` filled in from its reference (unchanged if it has a text)."""
    if isinstance(row.get("text"), str) or "body_id" in row:
        return row
    source = str(row.get("source") or "")
    m = _REF.match(source.strip())
    if not m:
        raise InputError(f"row {row.get('id')!r} has no text and no reference '<repo> <path> @<commit>'")
    row_id = row.get("row_id")
    if m["path"].endswith(".csv") and not isinstance(row_id, str):
        raise InputError(f"row {row.get('id')!r}: a reference into a CSV file needs its 'row_id'")
    key = hashlib.sha256(f"{source}#{row_id or ''}".encode()).hexdigest()[:24]
    cached = cache / f"{key}.json"
    if cached.exists():
        title, text = json.loads(cached.read_text(encoding="utf-8"))
    elif isinstance(row_id, str) and m["path"].endswith(".csv"):
        title, text = _csv_article(str(_mirror_for(m["repo"], mirror)), m["commit"], m["path"], row_id)
    else:
        raw = _show(_mirror_for(m["repo"], mirror), m["commit"], m["path"])
        if m["path"].endswith(".story"):
            title, text = parse_story(raw)
        elif m["path"].endswith(".json"):
            title, text = parse_json_article(raw, m["path"])
        else:
            title, text = parse_text_article(raw)
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps([title, text]), encoding="utf-8")
        tmp.replace(cached)
    return {**row, "title": title, "text": text}


def _csv_article(git_dir: str, commit: str, path: str, row_id: str) -> tuple[str, str]:
    """(title, text) of the article ``row_id`` of a CSV of articles: title = first highlight."""
    found = _csv_articles(git_dir, commit, path).get(row_id)
    if found is None:
        raise InputError(f"{path} @{commit}: no article with id {row_id!r}")
    return found


@lru_cache(maxsize=4)
def _csv_articles(git_dir: str, commit: str, path: str) -> dict[str, tuple[str, str]]:
    # one read and parse per file, however many of its rows are labelled
    csv.field_size_limit(sys.maxsize)
    out: dict[str, tuple[str, str]] = {}
    try:
        for r in csv.DictReader(io.StringIO(_show(Path(git_dir), commit, path))):
            highlights = [h.strip() for h in (r.get("highlights") or "").splitlines() if h.strip()]
            out[str(r.get("id") or "")] = (
                highlights[0] if highlights else "",
                (r.get("article") or "").strip(),
            )
    except csv.Error as exc:
        raise InputError(f"{path} @{commit}: not a CSV of articles: {exc}") from exc
    return out
