"""HTML fragments (feed titles and summaries) to plain text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "pre",
        "hr",
    }
)
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._depth = 0
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.links.append(" ".join("".join(self._current).split()))
                self._current = []

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._current.append(data)


def link_texts(html: str) -> set[str]:
    """The text of every link (``<a>``) of an HTML page, whitespace collapsed."""
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    return {text for text in collector.links if text}


def normalize_space(text: str) -> str:
    """Collapse runs of spaces, keep paragraph breaks (one blank line at most)."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, scripts/styles removed."""
    if "<" not in fragment and "&" not in fragment:
        return normalize_space(fragment)
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return normalize_space("".join(collector.parts))


def one_line(text: str) -> str:
    """Titles: all whitespace collapsed to single spaces."""
    return " ".join(text.split())
