"""Alert, digest and details messages in Telegram HTML (pure).

Every piece of feed text goes through :func:`esc` (truncated as plain text first, then escaped,
so a cut never splits an entity). Messages are assembled from whole blocks and never exceed
Telegram's 4096 characters; callback data stays within 64 bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.alerts.model import DisputeView, Source, StoryEvidence, StoryView

_TAG = re.compile(r"<[^>]*>")
MAX_MESSAGE = 4096
MAX_CALLBACK_DATA = 64
DETAILS_PREFIX = "det:"
MAX_DISPUTES_IN_ALERT = 3
MAX_SOURCES_IN_ALERT = 4
MAX_URL = 512  # longer links are shown as text: real article URLs are far shorter


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    reply_markup: dict[str, Any] | None = None


def esc(text: str | None, limit: int = 300) -> str:
    """Feed text HTML-escaped, at most ``limit`` characters *after* escaping (cut between
    characters, never inside an entity, marked with …)."""
    clean = " ".join((text or "").split())
    escaped = html.escape(clean, quote=False)
    if len(escaped) <= limit:
        return escaped
    out: list[str] = []
    size = 0
    for char in clean:
        piece = html.escape(char, quote=False)
        if size + len(piece) > limit - 1:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out).rstrip() + "…"


def link(source: Source, limit: int = 90) -> str:
    """A source as a link; an absurdly long or non-http URL is shown as its title only."""
    label = source.title or urlsplit(source.url).netloc or source.url
    if not source.url.startswith(("http://", "https://")) or len(source.url) > MAX_URL:
        return esc(label, limit)
    return f'<a href="{html.escape(source.url, quote=True)}">{esc(label, limit)}</a>'


def when(moment: datetime) -> str:
    return moment.strftime("%d %b %Y, %H:%M UTC")


def figure_label(figure_text: str, qualifier: str | None) -> str:
    """The figure as written, with its qualifier in front unless the text already carries it."""
    text = " ".join(figure_text.split())
    if qualifier and qualifier.casefold() not in text.casefold():
        text = f"{qualifier} {text}"
    return text


def details_data(dispute_id: int) -> str:
    data = f"{DETAILS_PREFIX}{dispute_id}"
    assert len(data.encode()) <= MAX_CALLBACK_DATA
    return data


def parse_details_data(data: str) -> int | None:
    if not data.startswith(DETAILS_PREFIX):
        return None
    rest = data[len(DETAILS_PREFIX) :]
    return int(rest) if rest.isdigit() else None


def details_markup(dispute_id: int) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "Details", "callback_data": details_data(dispute_id)}]]}


def _dispute_block(d: DisputeView) -> str:
    figure = f"<b>{esc(figure_label(d.figure_text, d.qualifier), 80)}</b>"
    counted = f" {esc(d.counted, 160)}" if d.counted else ""
    lines = [f"📊 {figure}{counted}"]
    lines.append(f"Claimed by: {esc(d.claimant, 120) if d.claimant else '<i>unattributed</i>'}")
    disputed = f"Disputed by: {esc(d.disputed_by, 120)}"
    quote = d.quote or d.dispute_sentence  # no quotation marks in the article: its sentence
    if quote:
        disputed += f" — “<i>{esc(quote, 200)}</i>”"
    lines.append(disputed)
    if d.counter_figure:
        by = f" ({esc(d.counter_claimant, 100)})" if d.counter_claimant else ""
        lines.append(f"Counter-figure: <b>{esc(d.counter_figure, 80)}</b>{by}")
    return "\n".join(lines)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _distinct(disputes: Sequence[DisputeView]) -> list[DisputeView]:
    """Newest first, one per contested pair: a conflict stored both ways (A's figure against B's,
    and B's against A's) or repeated by a later article is shown once in an alert."""
    seen: set[tuple[object, ...]] = set()
    out: list[DisputeView] = []
    for d in reversed(disputes):
        figure = _fold(d.figure_text)
        if d.counter_figure:
            key: tuple[object, ...] = ("conflict", frozenset({figure, _fold(d.counter_figure)}))
        else:
            key = ("denial", figure, _fold(d.disputed_by))
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _sources_block(sources: Sequence[Source], shown: int) -> str:
    lines = [f"• {link(s)} · {when(s.when)}" for s in sources[-shown:]]
    more = len(sources) - shown
    if more > 0:
        lines.append(f"• and {more} more source{'s' if more > 1 else ''}")
    return "Sources:\n" + "\n".join(lines)


def format_alert(story: StoryView) -> Rendered:
    """One message per story: its newest contested figures, sources, and a Details button.

    Every piece is length-capped, and when the whole still exceeds 4096 characters the oldest
    figures shown, then sources, are left out (they stay one tap away, under Details).
    """
    distinct = _distinct(story.disputes)  # newest first
    shown = distinct[:MAX_DISPUTES_IN_ALERT]
    sources = story.sources
    shown_sources = min(len(sources), MAX_SOURCES_IN_ALERT)
    header = f"⚠️ <b>Contested figure</b>\n{esc(story.title, 200)}"

    def build() -> str:
        hidden = len(distinct) - len(shown)
        blocks = [header, *(_dispute_block(d) for d in shown)]
        if hidden:
            blocks.append(f"…and {hidden} earlier contested figure{'s' if hidden > 1 else ''} in this story.")
        blocks.append(_sources_block(sources, shown_sources))
        return "\n\n".join(blocks)

    text = build()
    while len(text) > MAX_MESSAGE and (len(shown) > 1 or shown_sources > 1):
        if len(shown) > 1:
            shown.pop()
        else:
            shown_sources -= 1
        text = build()
    return Rendered(text, details_markup(story.newest.id))


def format_digest(period: str, disputes: Sequence[DisputeView]) -> str:
    """All alerts of a period in one message; when they do not fit, the rest is counted."""
    header = f"🗞 <b>Contested figures, {esc(period, 40)}</b> ({len(disputes)})"
    footer_room = 120
    lines: list[str] = []
    size = len(header)
    for n, d in enumerate(disputes, 1):
        line = (
            f"{n}. <b>{esc(figure_label(d.figure_text, d.qualifier), 60)}</b> {esc(d.counted, 80)} — "
            f"claimed by {esc(d.claimant or 'unattributed', 60)}, disputed by {esc(d.disputed_by, 60)}. "
            f"{link(d.claim_source, 60)} · /claim {d.id}"
        )
        if size + len(line) + 2 + footer_room > MAX_MESSAGE:
            rest = len(disputes) - len(lines)
            lines.append(f"…and {rest} more: see /claims")
            break
        lines.append(line)
        size += len(line) + 2
    return header + "\n\n" + "\n\n".join(lines)


def pack(blocks: Iterable[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Whole blocks packed into as few messages as fit; a block is never split (each is < limit)."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if len(block) > limit:  # blocks are built small; this only guards the contract
            block = esc(html.unescape(_TAG.sub("", block)), limit)
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


_STANCE_LABELS = {
    None: "opened the story",
    "agree": "supports the claim",
    "disagree": "disputes the claim",
    "discuss": "reports the claim",
    "unrelated": "related by topic",
}


def stance_label(stance: str | None) -> str:
    """How a source article stands towards its story's claims, in words."""
    return _STANCE_LABELS.get(stance, esc(stance, 20))


def format_details(evidence: StoryEvidence) -> list[str]:
    """Every figure with its claimant, every denial with its quote, every source with link and time."""
    blocks = [f"🔎 <b>Evidence</b> · claim #{evidence.dispute_id}\n{esc(evidence.title, 300)}"]
    if evidence.disputes:
        blocks.append("<b>Contested</b>")
        blocks.extend(_dispute_block(d) for d in evidence.disputes)
    if evidence.claims:
        blocks.append(f"<b>Figures reported</b> ({len(evidence.claims)})")
        for c in evidence.claims:
            who = esc(c.claimant, 120) if c.claimant else "<i>unattributed</i>"
            blocks.append(
                f"📊 <b>{esc(figure_label(c.figure_text, c.qualifier), 80)}</b> {esc(c.counted, 160)}\n"
                f"Claimed by: {who}\n“{esc(c.sentence, 600)}”\n{link(c.source, 80)} · {when(c.source.when)}"
            )
    if evidence.denials:
        blocks.append(f"<b>Denials</b> ({len(evidence.denials)})")
        for dn in evidence.denials:
            quote = f"“<i>{esc(dn.quote, 400)}</i>”" if dn.quote else f"“{esc(dn.sentence, 600)}”"
            blocks.append(
                f"🚫 <b>{esc(dn.denier, 120)}</b>: {quote}\n{link(dn.source, 80)} · {when(dn.source.when)}"
            )
    if evidence.sources:
        blocks.append(f"<b>Sources</b> ({len(evidence.sources)})")
        blocks.extend(
            f"• {link(s, 200)}\n  {when(s.when)} · {stance_label(s.stance)}" for s in evidence.sources
        )
    return pack(blocks)
