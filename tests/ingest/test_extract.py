from __future__ import annotations

from pathlib import Path

from bot.ingest.extract import clean_paragraphs, decode_page, extract_main_text

PAGE = (Path(__file__).parent / "data" / "teasers.html").read_bytes()


def test_main_text_without_teasers_or_link_lists() -> None:
    text = extract_main_text(PAGE)
    assert text.startswith("Harbour flood toll disputed by port authority")
    assert "at least 340 households" in text
    assert "erosion of the foundations" in text
    for teaser in (
        "More from",
        "Council approves",
        "Fishing fleet",
        "forty-year high",
        "Related stories",
        "school gyms",
        "Ten things",
    ):
        assert teaser not in text, teaser


def test_clean_paragraphs_drops_link_only_lines_and_teaser_blocks() -> None:
    long_para = "A long paragraph of the article itself. " * 8
    text = "\n".join(
        [
            "Opening paragraph about the strike at the docks.",
            "Dockers vote to extend walkout",  # a link elsewhere on the page
            "You may also like",
            "Short teaser one",
            "Short teaser two",
            long_para,
        ]
    )
    cleaned = clean_paragraphs(text, {"dockers vote to extend walkout"})
    assert cleaned.split("\n\n") == ["Opening paragraph about the strike at the docks.", long_para.strip()]


def test_page_with_nothing_article_like() -> None:
    assert extract_main_text(b"<html><head><title>x</title></head><body></body></html>") == ""


def test_decode_page_uses_header_then_meta_then_utf8() -> None:
    latin = "<p>Café</p>".encode("cp1252")
    assert decode_page(latin, "text/html; charset=windows-1252") == "<p>Café</p>"
    meta = b'<meta charset="iso-8859-1"><p>Caf\xe9</p>'
    assert "Café" in decode_page(meta)
    assert decode_page(b"<p>Caf\xe9</p>") == "<p>Café</p>"  # not UTF-8: Windows-1252 fallback


def test_article_text_after_a_teaser_block_is_kept() -> None:
    page = (Path(__file__).parent / "data" / "teaser_mid_article.html").read_bytes()
    text = extract_main_text(page)
    assert "more than 600 deaths" in text
    # A closing paragraph of ordinary length after the "More from" box is still the article.
    assert "publish a revised list of victims" in text
    teasers = ("More from", "Dam operators", "Engineers say", "Related stories", "Aid convoy", "Ten photos")
    for teaser in teasers:
        assert teaser not in text, teaser
