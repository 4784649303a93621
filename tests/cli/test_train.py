"""``claimwatch train`` on a tiny labelled set written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.detect import learned
from bot.detect.learned import Weights

# Real processes, servers or whole pipelines: seconds each; `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

ARTICLES = [
    (
        "c1",
        "Organisers said 40,000 people joined the rally.\n\nPolice said 9,000 people attended.",
        [(40000, "Organisers", "Police"), (9000, "Police", "Organisers")],
    ),
    (
        "c2",
        "The union said 1,200 workers walked out.\n\nThe company said only 300 workers stayed away.",
        [(1200, "union", "company"), (300, "company", "union")],
    ),
    (
        "c3",
        "Rescuers said 75 people were missing.\n\nThe governor disputed the figure, saying 20 were missing.",
        [(75, "Rescuers", "governor"), (20, "governor", "Rescuers")],
    ),
    ("n1", "The museum said 5,000 visitors came on its opening day.\n\nTickets cost $12.", []),
    ("n2", "The council said 14 new buses would enter service in June.\n\nDrivers welcomed the plan.", []),
    ("n3", "The bakery sold 800 loaves on Saturday, its owner said.\n\nShe plans to hire two bakers.", []),
]


def _gold(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    rows = []
    for art_id, text, disputes in ARTICLES:
        rows.append(
            {
                "id": art_id,
                "title": "",
                "text": text,
                "disputes": [
                    {"value": v, "alt_values": [], "claimant": [c], "disputed_by": [d], "kind": "conflict"}
                    for v, c, d in disputes
                ],
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_train_writes_weights_the_detector_can_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(tmp_path, "tiny.jsonl")
    out = tmp_path / "weights.json"
    assert main(["train", gold, "--out", str(out)]) == 0
    assert "trained on 6 articles" in capsys.readouterr().out
    weights = Weights.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert weights.threshold in learned.THRESHOLDS  # chosen by the inner cross-validation
    assert weights.conflict_threshold in learned.CONFLICT_THRESHOLDS
    assert weights.figure
    assert weights.conflict["same_noun"] > 0  # every gold conflict here counts one noun twice
