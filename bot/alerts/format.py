"""Alert, digest and details messages in Telegram HTML (pure).

Every piece of feed text goes through :func:`esc` (truncated as plain text first, then escaped,
so a cut never splits an entity). Messages are assembled from whole blocks and never exceed
Telegram's 4096 characters; callback data stays within 64 bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.alerts.model import DisputeView, Source, StoryEvidence, StoryView
from bot.claims import Contested, Rebuttal, contested, figure_words, party_key
from bot.claims.merge import Figure, mention_of, merge_mentions

_TAG = re.compile(r"<[^>]*>")
MAX_MESSAGE = 4096
MAX_CALLBACK_DATA = 64
DETAILS_PREFIX = "det:"
MAX_REBUTTALS = 3  # disputing parties shown under the lead claim
MAX_OTHER_CLAIMS = 2  # further contested claims of the story, one line each
MAX_OTHER_FIGURES = 8  # uncontested figures listed under Details
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


def _party(name: str | None, limit: int = 120) -> str:
    return esc(name, limit) if name else "source not named"


def claim_words(c: Contested, limit: int = 200) -> str:
    """The claim in bold, with the party's latest revision: "about 12,000 marchers, later 15,000"."""
    words = f"<b>{esc(c.claim.label(), limit)}</b>"
    if c.revisions:
        latest = c.revisions[-1]
        same = latest.counted.casefold() == c.claim.counted.casefold()
        words += f", later <b>{esc(figure_words(latest.text) if same else latest.label(), limit)}</b>"
    return words


def lead_line(c: Contested) -> str:
    """The contested claim: the figure and what it counts, then who says so."""
    return f"{claim_words(c)} — {_party(c.claim.party)}"


def rebuttal_line(r: Rebuttal) -> str:
    """Who disputes the claim, in their own words, and their own figure."""
    if r.party:
        who = esc(r.party, 120)
    else:
        who = (
            "“" + esc(r.sources[0].title, 120) + "”" if r.sources and r.sources[0].title else "a later report"
        )
    if r.denial:
        line = f"Disputed by {who}" if r.party else f"Disputed in {who}"
        # a reported sentence's full stop would stand before "; counter-figure" (".;")
        reported = r.quote.rstrip().removesuffix(".") if r.quote and r.counters else r.quote
        if r.quote and r.quoted:
            line += f": “<i>{esc(r.quote, 200)}</i>”"
        elif reported and r.party and _opens_with(reported, r.party):
            # "The ministry disputed the figure, saying ...": the sentence names its party itself
            line = f"Disputed: <i>{esc(reported, 200)}</i>"
        elif reported:  # a reported sentence, not words in quotation marks
            line += f": <i>{esc(reported, 200)}</i>"
    else:
        line = f"Contradicted by {who}" if r.party else f"Contradicted in {who}"
    if r.counters:
        first, *revised = r.counters
        named = r.named(first)
        by = f" ({esc(named, 100)})" if named and named != r.party else ""
        joiner = "; counter-figure: " if r.denial else ": "
        line += f"{joiner}<b>{esc(first.label(), 160)}</b>{by}"
        if revised:
            line += f", later <b>{esc(revised[-1].label(), 160)}</b>"
    return line


def _opens_with(sentence: str, party: str) -> bool:
    """Whether ``sentence`` begins with ``party``'s name (case and a leading article aside)."""
    mine = party_key(party).split()
    return bool(mine) and party_key(" ".join(sentence.split()[: len(mine) + 2])).split()[: len(mine)] == mine


def contested_block(c: Contested, shown: int = MAX_REBUTTALS) -> str:
    lines = [lead_line(c), *(rebuttal_line(r) for r in c.rebuttals[:shown])]
    hidden = len(c.rebuttals) - shown
    if hidden > 0:
        lines.append(f"…and {hidden} more disputing {'parties' if hidden > 1 else 'party'} (Details)")
    return "\n".join(lines)


def _also_line(c: Contested) -> str:
    named = [r for r in c.rebuttals if r.party][:2]
    parties = ", ".join(_with_figure(r) for r in named) or "a later report"
    claim = f"{claim_words(c, 120)} — {_party(c.claim.party, 80)}"
    return f"Also contested: {claim}; disputed by {parties}"


def _with_figure(r: Rebuttal) -> str:
    party = esc(r.party, 80)
    return f"{party} ({esc(r.counter.label(), 80)})" if r.counter is not None else party


def _sources_block(sources: Sequence[Source], shown: int) -> str:
    lines = [f"• {link(s)} · {when(s.when)}" for s in sources[-shown:]]
    more = len(sources) - shown
    if more > 0:
        lines.append(f"• and {more} more source{'s' if more > 1 else ''}")
    return "Sources:\n" + "\n".join(lines)


def story_claims(story: StoryView) -> tuple[Contested, ...]:
    """What an alert about ``story`` shows: its contested claims, each once, the lead first."""
    return contested(story.disputes, story.claims)


def alert_summary(claims: Sequence[Contested], rebuttals: int = MAX_REBUTTALS) -> str:
    """The lead claim with its disputers, then one line per other contested claim (also /claims)."""
    blocks = [contested_block(claims[0], rebuttals)]
    blocks.extend(_also_line(c) for c in claims[1 : MAX_OTHER_CLAIMS + 1])
    hidden = len(claims) - 1 - MAX_OTHER_CLAIMS
    if hidden > 0:
        blocks.append(f"…and {hidden} more contested figure{'s' if hidden > 1 else ''} (Details)")
    return "\n".join(blocks)


def format_alert(story: StoryView, *, updated: bool = False) -> Rendered | None:
    """One message per story: the lead contested claim first, who disputes it, sources, Details.

    None when no contested claim can be shown (what its figure counts cannot be named). When the
    whole exceeds 4096 characters, disputers then sources are left out (they stay under Details).
    """
    claims = story_claims(story)
    if not claims:
        return None
    # every article that carried the claims, also those that only repeated a contested figure
    by_url = {s.url: s for c in claims for s in c.sources} | {s.url: s for s in story.sources}
    sources = sorted(by_url.values(), key=lambda s: (s.when, s.url))
    shown_sources = min(len(sources), MAX_SOURCES_IN_ALERT)
    rebuttals = MAX_REBUTTALS
    newest = sources[-1] if sources else None

    def build() -> str:
        blocks = ["⚠️ " + alert_summary(claims, rebuttals)]
        if updated and newest is not None:
            blocks.append(f"🔄 Updated {when(newest.when)}: {link(newest)}")
        blocks.append(_sources_block(sources, shown_sources))
        return "\n\n".join(blocks)

    text = build()
    while len(text) > MAX_MESSAGE and (rebuttals > 1 or shown_sources > 1):
        if rebuttals > 1:
            rebuttals -= 1
        else:
            shown_sources -= 1
        text = build()
    return Rendered(text, details_markup(story.newest.id))


def format_digest(
    period: str, disputes: Sequence[DisputeView], stories: Mapping[int, StoryView] | None = None
) -> str:
    """The stories of a period in one message, each once (its lead claim); the rest is counted.

    ``stories``: the whole story of a dispute's story id, so its lead is the one its alert shows
    (a period may hold only a late, minor dispute of a story).
    """
    groups: dict[str, list[DisputeView]] = {}
    for d in disputes:
        groups.setdefault(f"s{d.story_id}" if d.story_id is not None else f"d{d.id}", []).append(d)
    items = []
    for group in groups.values():
        whole = (stories or {}).get(group[0].story_id or -1)
        claims = contested(whole.disputes, whole.claims) if whole is not None else contested(group)
        if claims:
            items.append((claims[0], max(group, key=lambda d: d.id)))
    items.sort(key=lambda item: (item[0].claim.first_seen, item[0].claim.label()))
    header = f"🗞 <b>Contested figures, {esc(period, 40)}</b> ({len(items)})"
    footer_room = 120
    lines: list[str] = []
    size = len(header)
    for n, (c, newest) in enumerate(items, 1):
        parties = ", ".join(esc(p, 60) for p in c.parties[:3]) or "a later report"
        line = (
            f"{n}. {claim_words(c, 140)} — {_party(c.claim.party, 60)}; disputed by {parties}. "
            f"{link(c.sources[-1], 60)} · /claim {newest.id}"
        )
        if size + len(line) + 2 + footer_room > MAX_MESSAGE:
            rest = len(items) - len(lines)
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


def _source_stance(source: Source, position: int) -> str:
    """``stance_label``, saying so when the story's opener (the article that created the story) is
    listed after others because they were published earlier: "opened the story" under an older
    article read as a contradiction. The older ones joined it later, whether they arrived later or
    were moved in from another story; which of the two is not known here, so it is not said."""
    label = stance_label(source.stance)
    return f"{label} (older reports joined it later)" if source.stance is None and position else label


def _reported(evidence: StoryEvidence, contested_keys: set[str]) -> list[Figure]:
    """The story's other figures (not contested), each said once, what they count named."""
    mentions = [mention_of(c) for c in evidence.claims]
    return [f for f in merge_mentions(mentions) if f.named and f.key not in contested_keys]


def format_details(evidence: StoryEvidence) -> list[str]:
    """The whole story in one message where it fits: every contested claim with all who dispute
    it, the other figures reported (each once), and every source with its stance."""
    blocks = [f"🔎 <b>Evidence</b> · claim #{evidence.dispute_id}\n{esc(evidence.title, 300)}"]
    claims = contested(evidence.disputes, evidence.claims)
    for c in claims:
        said = ", ".join(link(s, 60) for s in c.claim.sources[:3])
        blocks.append(f"{contested_block(c, shown=len(c.rebuttals))}\nSaid in: {said}")
    keys = {f.key for c in claims for f in c.figures} | {
        f.key for c in claims for r in c.rebuttals for f in r.counters
    }
    others = _reported(evidence, keys)
    if others:
        lines = [f"<b>Other figures reported</b> ({len(others)})"]
        lines.extend(
            f"• <b>{esc(f.label(), 160)}</b> — {_party(f.party, 80)}" for f in others[:MAX_OTHER_FIGURES]
        )
        if len(others) > MAX_OTHER_FIGURES:
            lines.append(f"• and {len(others) - MAX_OTHER_FIGURES} more")
        blocks.append("\n".join(lines))
    if evidence.sources:
        lines = [
            f"• {link(s, 120)} · {when(s.when)} · {_source_stance(s, k)}"
            for k, s in enumerate(evidence.sources)
        ]
        blocks.extend(_line_blocks(f"<b>Sources</b> ({len(evidence.sources)})", lines))
    return pack(blocks)


def _line_blocks(header: str, lines: Sequence[str], limit: int = MAX_MESSAGE // 2) -> list[str]:
    """A header and its lines as blocks of whole lines, each small enough to pack."""
    blocks: list[str] = []
    current = header
    for line in lines:
        if len(current) + 1 + len(line) > limit:
            blocks.append(current)
            current = line
        else:
            current = f"{current}\n{line}"
    blocks.append(current)
    return blocks
