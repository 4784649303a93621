"""Labelled sets: their sources, story groups and duplicate ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.labelled import fnc1_groups, load_labelled, without_texts
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


def test_articles_a_corpus_puts_in_one_event_share_a_story_group(tmp_path: Path) -> None:
    a = tmp_path / "basil_batchT1.jsonl"
    rows = [
        {"id": "p", "text": "The senate passed the bill 60 to 40.", "story": "e1", "disputes": []},
        {
            "id": "q",
            "text": "Lawmakers approved a spending plan late on Friday.",
            "story": "e1",
            "disputes": [],
        },
        {"id": "r", "text": "Floods closed four schools.", "disputes": []},
    ]
    a.write_text("".join(json.dumps(r) + "\n" for r in rows))
    items = load_labelled([str(a)])
    assert [(i.source, i.group) for i in items] == [
        ("basil", "story:e1"),
        ("basil", "story:e1"),
        ("basil", "id:r"),
    ]


def test_a_text_labelled_twice_under_other_ids_is_loaded_once_first_label_wins(tmp_path: Path) -> None:
    first = tmp_path / "dev_news.jsonl"
    later = tmp_path / "cnn_batch9.jsonl"
    first.write_text(json.dumps({"id": "a", "text": "Ten boats sank.", "disputes": []}) + "\n")
    later.write_text(
        json.dumps({"id": "b", "text": "ten  boats\nSANK.", "disputes": [{"value": 10}]})
        + "\n"
        + json.dumps({"id": "c", "text": "Nine boats sank.", "disputes": []})
        + "\n"
    )
    items = load_labelled([str(first), str(later)])
    assert [(i.article.id, i.source) for i in items] == [("a", "dev_news"), ("c", "cnn")]


def test_texts_of_a_frozen_check_set_are_taken_out_under_any_id(tmp_path: Path) -> None:
    train = tmp_path / "cnn_batch1.jsonl"
    check = tmp_path / "check.jsonl"
    train.write_text(
        json.dumps({"id": "x", "text": "Ten boats sank.", "disputes": []})
        + "\n"
        + json.dumps({"id": "y", "text": "Two ferries docked.", "disputes": []})
        + "\n"
    )
    check.write_text(json.dumps({"id": "z", "text": "Two  ferries docked.", "disputes": []}) + "\n")
    kept = without_texts(load_labelled([str(train)]), load_labelled([str(check)]))
    assert [i.article.id for i in kept] == ["x"]
