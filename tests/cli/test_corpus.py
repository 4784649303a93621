"""Corpus texts labelled by reference: story files and the git mirror."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.cli.corpus import materialise, parse_story, parse_text_article
from bot.errors import InputError


def test_a_story_file_is_its_body_then_highlights() -> None:
    title, text = parse_story(
        "First paragraph.\n\nSecond one.\n\n@highlight\n\nThe headline\n\n@highlight\n\nMore"
    )
    assert title == "The headline"
    assert text == "First paragraph.\n\nSecond one."


def _mirror(tmp_path: Path) -> tuple[Path, str]:
    story = "Rescuers said 300 people were trapped.\n\n@highlight\n\nHundreds trapped\n"
    return tmp_path, _git_mirror(tmp_path, "corpus", {"stories/a.story": story})


def _git_mirror(tmp_path: Path, name: str, files: dict[str, str]) -> str:
    """A bare mirror ``owner+<name>/repo`` under ``tmp_path`` holding ``files``; its commit."""
    repo = tmp_path / f"owner+{name}" / "repo"
    work = tmp_path / f"work-{name}"
    for path, content in files.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(content, encoding="utf-8")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-C", str(work)]
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "s"], check=True)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(repo)], check=True)
    return commit.strip()


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


def test_an_article_in_a_csv_of_articles_is_read_by_its_row_id(tmp_path: Path) -> None:
    table = (
        'article,highlights,id\n"The union said 900 struck, ""far more"" than the 200 the firm gave.",'
        '"Strike divides union and firm\nSecond line",abc123\n"Another story.",Other,def456\n'
    )
    commit = _git_mirror(tmp_path, "table", {"arts.csv": table})
    row = {"id": "t1", "source": f"owner/table arts.csv @{commit}", "row_id": "abc123", "disputes": []}
    got = materialise(row, str(tmp_path), tmp_path / "cache")
    assert got["title"] == "Strike divides union and firm"
    assert got["text"] == 'The union said 900 struck, "far more" than the 200 the firm gave.'
    other = materialise({**row, "id": "t2", "row_id": "def456"}, str(tmp_path), tmp_path / "cache")
    assert other["text"] == "Another story."  # its own cache entry, not the first row's
    with pytest.raises(InputError, match="no article with id"):
        materialise({**row, "id": "t3", "row_id": "zzz"}, str(tmp_path), tmp_path / "cache")
    with pytest.raises(InputError, match="row_id"):
        materialise({"id": "t4", "source": row["source"], "disputes": []}, str(tmp_path), tmp_path / "cache")


def test_a_json_article_is_its_title_and_its_text_or_its_paragraphs(tmp_path: Path) -> None:
    files = {
        "a.json": '{"title": " Clinic counts ", "text": " Staff said 40 patients waited. "}',
        "b.json": '{"title": "Vote tally", "body-paragraphs": [["Officials said 12,000 voted.", "Observers'
        ' said fewer."], "  ", "A second paragraph."]}',
        "c.json": '{"title": "No body"}',
        "e.json": '{"title": "Strike", "content": "Pickets said 300 , the firm 90 .",'
        ' "content_original": "Pickets said 300, the firm 90."}',
        "d.json": "[1, 2]",
    }
    commit = _git_mirror(tmp_path, "jsons", files)

    def read(path: str) -> dict[str, str]:
        return materialise(
            {"id": path, "source": f"owner/jsons {path} @{commit}"}, str(tmp_path), tmp_path / "c"
        )

    assert (read("a.json")["title"], read("a.json")["text"]) == (
        "Clinic counts",
        "Staff said 40 patients waited.",
    )
    assert (
        read("b.json")["text"] == "Officials said 12,000 voted. Observers said fewer.\n\nA second paragraph."
    )
    # a tokenised copy beside the original body is ignored
    assert read("e.json")["text"] == "Pickets said 300, the firm 90."
    with pytest.raises(InputError, match="'text', 'content_original' or 'body-paragraphs'"):
        read("c.json")
    with pytest.raises(InputError, match="not a JSON object"):
        read("d.json")


def test_a_plain_text_article_takes_a_short_set_off_first_line_as_its_headline() -> None:
    assert parse_text_article(
        "Port strike enters day three\n\n-----\n\nDockers said 5,000 walked out.\n"
    ) == (
        "Port strike enters day three",
        "Dockers said 5,000 walked out.",
    )
    assert parse_text_article("\ufeffFloods in the valley\r\n\r\nCrews counted 40 homes.") == (
        "Floods in the valley",
        "Crews counted 40 homes.",
    )
    # a wire file that opens with its lead sentence keeps it as the body
    wire = "The firm said 300 jobs would go.\n\nUnions said more."
    assert parse_text_article(wire) == ("", wire)
    # a scraped file's source address is dropped; the headline rule applies to what follows
    assert parse_text_article("https://news.example/a/1\n\nRescuers said 20 were saved.\n") == (
        "",
        "Rescuers said 20 were saved.",
    )
    lead = "Officials said 12 died\nand rescuers said 20."
    assert parse_text_article(lead) == ("", lead)
