"""Labelled sets: their sources, story groups and duplicate ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.labelled import fnc1_groups, load_labelled
from bot.errors import InputError


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


def test_labelled_sets_know_their_source_and_refuse_duplicate_ids(tmp_path: Path) -> None:
    a = tmp_path / "cnn_batch1.jsonl"
    a.write_text(json.dumps({"id": "x", "title": "", "text": "Ten boats sank.", "disputes": []}) + "\n")
    items = load_labelled([str(a)])
    assert [(i.source, i.group) for i in items] == [("cnn", "id:x")]
    with pytest.raises(InputError, match="appears twice"):
        load_labelled([str(a), str(a)])
