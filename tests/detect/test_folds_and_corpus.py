"""Grouped folds, FNC-1 story groups and texts read by reference from a git mirror."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from bot.cli.corpus import materialise, parse_story
from bot.cli.labelled import fnc1_groups, load_labelled
from bot.detect.folds import grouped_folds
from bot.errors import InputError


def test_a_group_never_spans_two_folds_and_folds_are_balanced() -> None:
    groups = [f"g{n % 13}" for n in range(100)]
    folds = grouped_folds(groups, 5)
    for g in set(groups):
        assert len({f for f, gg in zip(folds, groups, strict=True) if gg == g}) == 1
    sizes = Counter(folds)
    assert max(sizes.values()) - min(sizes.values()) <= 8
    assert grouped_folds(list(reversed(groups)), 5) == list(reversed(folds))  # order does not matter
    with pytest.raises(ValueError, match="2 folds"):
        grouped_folds(groups, 1)


def test_fnc1_bodies_sharing_a_related_headline_are_one_story(tmp_path: Path) -> None:
    stances = tmp_path / "stances.csv"
    stances.write_text(
        "Headline,Body ID,Stance\n"
        "Dam breaks in the hills,1,agree\n"
        "Dam breaks in the hills,2,discuss\n"
        "Dam breaks in the hills,3,unrelated\n"
        "Cat elected mayor,3,agree\n"
        "Cat elected mayor,4,disagree\n",
        encoding="utf-8",
    )
    groups = fnc1_groups(str(stances))
    assert groups["1"] == groups["2"]
    assert groups["3"] == groups["4"] != groups["1"]


def test_a_story_file_is_its_body_then_highlights() -> None:
    title, text = parse_story(
        "First paragraph.\n\nSecond one.\n\n@highlight\n\nThe headline\n\n@highlight\n\nMore"
    )
    assert title == "The headline"
    assert text == "First paragraph.\n\nSecond one."


def _mirror(tmp_path: Path) -> tuple[Path, str]:
    repo = tmp_path / "owner+corpus" / "repo"
    work = tmp_path / "work"
    work.mkdir()
    (work / "stories").mkdir()
    (work / "stories" / "a.story").write_text(
        "Rescuers said 300 people were trapped.\n\n@highlight\n\nHundreds trapped\n", encoding="utf-8"
    )
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-C", str(work)]
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "s"], check=True)
    commit = subprocess.run(
        [*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(repo)], check=True)
    return tmp_path, commit


def test_texts_labelled_by_reference_are_read_from_the_mirror_and_cached(tmp_path: Path) -> None:
    mirrors, commit = _mirror(tmp_path)
    row = {"id": "s1", "source": f"owner/corpus stories/a.story @{commit}", "disputes": []}
    cache = tmp_path / "cache"
    got = materialise(row, str(mirrors), cache)
    assert got["title"] == "Hundreds trapped"
    assert got["text"] == "Rescuers said 300 people were trapped."
    assert "text" not in row  # the label row itself stays reference-only
    # the second read comes from the cache: no mirror needed any more
    assert materialise(row, str(tmp_path / "nowhere"), cache)["text"] == got["text"]


def test_a_reference_without_a_mirror_or_a_bad_reference_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMWATCH_CORPUS_MIRROR", raising=False)
    row = {"id": "s1", "source": "owner/corpus stories/a.story @abcdef1", "disputes": []}
    with pytest.raises(InputError, match="--mirror"):
        materialise(row, None, tmp_path / "cache")
    with pytest.raises(InputError, match="no text and no reference"):
        materialise({"id": "s2", "disputes": []}, None, tmp_path / "cache")


def test_labelled_sets_know_their_source_and_refuse_duplicate_ids(tmp_path: Path) -> None:
    a = tmp_path / "cnn_batch1.jsonl"
    a.write_text(json.dumps({"id": "x", "title": "", "text": "Ten boats sank.", "disputes": []}) + "\n")
    items = load_labelled([str(a)])
    assert [(i.source, i.group) for i in items] == [("cnn", "id:x")]
    with pytest.raises(InputError, match="appears twice"):
        load_labelled([str(a), str(a)])
