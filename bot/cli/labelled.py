"""Labelled article sets for evaluation and training: rows with their text, source and story group.

The I/O edge of measurement: reads gold JSON-lines files, joins texts (inline, FNC-1 bodies CSV,
or references read from a git mirror by :mod:`bot.cli.corpus`) and says which rows tell one
story (FNC-1's claim groups, and texts that retell one story), so that cross-validation keeps a
story's articles in one fold.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.cli.corpus import materialise
from bot.cli.inputs import article_from_row, jsonl_rows, load_bodies
from bot.detect.folds import merge_retold
from bot.detect.model import ArticleInput
from bot.errors import InputError


@dataclass(frozen=True, slots=True)
class Labelled:
    row: dict[str, Any]  # the gold row (with its text joined)
    article: ArticleInput
    source: str  # which set: dev, dev_news, dev_news_2, fnc1, cnn ...
    group: str  # story group: rows of one group always share a fold


def source_of(path: str) -> str:
    """The set a gold file belongs to, from its name: fnc1_lead_a.jsonl → fnc1, cnn_batch1 → cnn,
    rc50_batch1 → rc50 (Reuters C50 articles), cnndm_batchR1 → cnndm (CNN / Daily Mail
    validation articles), basil_batchT1 → basil (BASIL's political news), health_batchT3 → health
    (FakeHealth's health news), ajg_batchV1 → ajg (Al Jazeera on Israel-Palestine), ptc_batchV7 →
    ptc (the SemEval-2020 propaganda corpus's news articles), wwn_batchW1 → wwn (news outlets of
    Africa, Asia, Latin America and the Middle East), oilp_batchW5 → oilp (oilprice.com energy news),
    hp_batchX5 → hp (HuffPost news, 2018), abp_batchAC1 → abp (the AllSides bias corpus's US and world
    political news, 2012-20)."""
    stem = Path(path).stem
    for prefix in (
        "fnc1",
        "cnndm",
        "cnn",
        "rc50",
        "basil",
        "health",
        "ajg",
        "ptc",
        "wwn",
        "oilp",
        "hp",
        "abp",
    ):
        if stem.startswith(prefix):
            return prefix
    return stem


def fnc1_groups(stances_csv: str) -> dict[str, str]:
    """Body id → story group: connected components of bodies sharing a related headline."""
    csv.field_size_limit(sys.maxsize)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    try:
        with open(stances_csv, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r["Stance"] != "unrelated":
                    a, b = find("b" + r["Body ID"]), find("h" + r["Headline"])
                    if a != b:
                        parent[a] = b
    except (OSError, KeyError, csv.Error) as exc:
        raise InputError(f"{stances_csv}: not a stances CSV with Headline, Body ID, Stance: {exc}") from exc
    return {k[1:]: find(k) for k in list(parent) if k.startswith("b")}


_SPACE = re.compile(r"\s+")


def text_key(article: ArticleInput) -> str:
    """What makes two labelled articles the same text: the body with case and spacing ignored.
    Corpora repeat stories under other file names, and one labelled twice would sit in two folds
    (or in training and in the frozen check set)."""
    body = _SPACE.sub(" ", article.text).strip().lower()
    return hashlib.sha256(body.encode()).hexdigest()


def without_texts(items: Sequence[Labelled], others: Sequence[Labelled]) -> list[Labelled]:
    """``items`` minus those whose text is one of ``others``' (the frozen check set's)."""
    taken = {text_key(o.article) for o in others}
    return [i for i in items if text_key(i.article) not in taken]


def load_labelled(
    paths: Sequence[str],
    bodies_csv: str | None = None,
    stances_csv: str | None = None,
    mirror: str | None = None,
) -> list[Labelled]:
    """Every row of ``paths`` with its text; a broken row or a missing text raises InputError.
    A text already loaded (the same story under another id) is left out: the first label wins,
    so list the hand-checked sets first."""
    bodies = load_bodies(bodies_csv) if bodies_csv else None
    groups = fnc1_groups(stances_csv) if stances_csv else {}
    out: list[Labelled] = []
    seen: set[str] = set()
    texts: set[str] = set()
    for path in paths:
        for n, item in enumerate(jsonl_rows(path), 1):
            if isinstance(item, InputError):
                raise item
            row = materialise(item, mirror)
            where = f"{path}:{n}"
            article = article_from_row(row, where, bodies)
            if article.id in seen:
                raise InputError(f"{where}: article id {article.id!r} appears twice")
            seen.add(article.id)
            key = text_key(article)
            if key in texts:
                continue
            texts.add(key)
            body = row.get("body_id")
            group = groups.get(str(body), f"body:{body}") if body is not None else f"id:{article.id}"
            if body is None and str(article.id).startswith("fnc1-train-"):
                # FNC-1 bodies given with their text (dev.jsonl) still belong to their story
                bid = str(article.id).removeprefix("fnc1-train-")
                group = groups.get(bid, f"body:{bid}")
            if isinstance(row.get("story"), str):
                # the corpus itself says which articles tell one event (BASIL's triples)
                group = "story:" + row["story"]
            out.append(Labelled(row, article, source_of(path), group))
    merged = merge_retold([i.article.text for i in out], [i.source for i in out], [i.group for i in out])
    return [replace(i, group=g) for i, g in zip(out, merged, strict=True)]
