"""``claimwatch eval``: gold rows with text or body ids, cross-validation on a tiny labelled set
written for these tests, a frozen check set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

from .helpers import tiny_gold, write

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

ARTICLE = (
    "The Lakeside Relief Coalition said on Tuesday that the floods had displaced about 12,000 people.\n\n"
    '"Those numbers are exaggerated," Interior Ministry spokesman Tomas Hale told reporters.'
)


QUIET = "The council opened a new library with 40,000 books on Saturday.\n\nReaders queued for an hour."


def test_eval_scores_gold_rows_with_text_and_body_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bodies = tmp_path / "bodies.csv"
    bodies.write_text('Body ID,articleBody\n7,"' + QUIET.replace('"', '""') + '"\n', encoding="utf-8")
    gold = [
        {
            "id": "g1",
            "title": "",
            "text": ARTICLE,
            "disputes": [
                {
                    "value": 12000,
                    "claimant": ["Lakeside Relief Coalition"],
                    "disputed_by": ["Tomas Hale"],
                    "kind": "denial",
                    "required": True,
                }
            ],
        },
        {"id": "g2", "body_id": 7, "disputes": []},
    ]
    path = write(tmp_path, "gold.jsonl", "\n".join(json.dumps(g) for g in gold))
    assert main(["eval", path, "--bodies", str(bodies)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert (
        last
        == "strict_f1=1.0 loose_f1=1.0 strict_p=1.0 strict_r=1.0 alarm_precision=1.000 alarm_recall=1.000"
    )


def test_eval_body_id_without_bodies_file_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "gold.jsonl", json.dumps({"id": "g2", "body_id": 7, "disputes": []}))
    assert main(["eval", path]) == 1
    assert "--bodies" in capsys.readouterr().err


@pytest.mark.slow  # real processes or whole pipelines: seconds each
def test_eval_cv_prints_pooled_and_per_source_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tiny_gold(tmp_path, "cnn_tiny.jsonl")
    assert main(["eval", "--quiet", "--cv", "2", gold]) == 0
    out = capsys.readouterr().out
    assert "== 2-fold grouped cross-validation" in out
    assert "\nALL " in out
    assert "\ncnn " in out  # the set named by its file
    assert out.strip().splitlines()[-1].startswith("strict_f1=")


@pytest.mark.slow  # real processes or whole pipelines: seconds each
def test_eval_rejects_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--cv", "2", str(tmp_path / "absent.jsonl")]) == 1
    assert "cannot read file" in capsys.readouterr().err


@pytest.mark.slow  # real processes or whole pipelines: seconds each
def test_eval_scores_a_frozen_check_set_with_a_model_trained_on_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tiny_gold(tmp_path, "tiny.jsonl")
    check = tmp_path / "check.jsonl"
    check.write_text(
        json.dumps(
            {
                "id": "h1",
                "title": "",
                "text": "The league said 30 clubs had signed.\n\nThe union said 12 clubs had signed.",
                "disputes": [],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["eval", "--quiet", "--holdout", str(check), gold]) == 0
    out = capsys.readouterr().out
    assert "== shipped detector" in out
    assert "== frozen check set (trained on all other articles)" in out
    assert "\ncheck " in out
