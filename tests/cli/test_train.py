"""``claimwatch train`` on a tiny labelled set written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.detect import learned
from bot.detect.learned import Weights

from .helpers import TINY_ARTICLES, tiny_gold

# Real processes, servers or whole pipelines: seconds each; `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


def test_train_writes_weights_the_detector_can_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tiny_gold(tmp_path, "tiny.jsonl")
    out = tmp_path / "weights.json"
    assert main(["train", gold, "--out", str(out)]) == 0
    assert "trained on 6 articles" in capsys.readouterr().out
    weights = Weights.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert weights.threshold in learned.THRESHOLDS  # chosen by the inner cross-validation
    assert weights.conflict_threshold in learned.CONFLICT_THRESHOLDS
    assert weights.figure
    assert weights.conflict["same_noun"] > 0  # every gold conflict here counts one noun twice


def test_train_never_sees_a_frozen_check_sets_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tiny_gold(tmp_path, "tiny.jsonl")
    _, text, _ = TINY_ARTICLES[3]
    check = tmp_path / "check.jsonl"
    check.write_text(json.dumps({"id": "renamed", "text": text, "disputes": []}) + "\n", encoding="utf-8")
    out = tmp_path / "weights.json"
    assert main(["train", gold, "--exclude", str(check), "--out", str(out)]) == 0
    assert "trained on 5 articles" in capsys.readouterr().out
