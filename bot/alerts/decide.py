"""Who gets which alert, and whether a later article updates an alert or earns a new one (pure).

Scope: a chat with scope "all" or an empty watchlist gets every dispute; with scope "watched" a
dispute must match one of its keywords (case-insensitive, whole words; see
``bot.services.keywords``) in the headline, the claim sentence, what is counted or a party.

Per story and chat we remember a *signature*: the disputing parties and the figures already
announced, each claim counted once (``bot.claims`` merges repeats and aliases). A later dispute
in the same story edits the earlier message, unless it brings a genuinely new disputing party or
figure, which deserves a fresh alert, at most once an hour per story and chat.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from bot.alerts.model import ChatTarget, DisputeView, StoryView
from bot.claims import contested, same_party
from bot.claims.merge import TOLERANCE
from bot.services.keywords import any_keyword_matches

# A story earns at most one new message per chat in this time; news within it edits the message.
REALERT_GAP = timedelta(hours=1)


def wants(chat: ChatTarget, disputes: Iterable[DisputeView]) -> bool:
    """Whether ``chat`` should hear about any of ``disputes``."""
    if chat.scope != "watched" or not chat.keywords:
        return True
    return any(any_keyword_matches(chat.keywords, d.match_texts()) for d in disputes)


@dataclass(frozen=True, slots=True)
class Signature:
    """What a chat was told about a story: the disputing parties and figures (party, value) it
    announced, when it last got a new message, and the hash of the text it shows."""

    parties: frozenset[str]
    figures: frozenset[tuple[str, float | None]]
    text_hash: str = ""  # of the last text sent, so an identical update is skipped
    alerted_at: datetime | None = None  # of the last new message (not edit) about the story

    def dumps(self) -> str:
        return json.dumps(
            {
                "parties": sorted(self.parties),
                "figures": sorted([p, v] for p, v in self.figures),
                "text": self.text_hash,
                "alerted_at": self.alerted_at.isoformat() if self.alerted_at else None,
            },
            ensure_ascii=False,
        )

    @classmethod
    def loads(cls, raw: str | None) -> Signature | None:
        if not raw:
            return None
        try:
            data = json.loads(raw)
            figures = frozenset(_figure(f) for f in data["figures"])
            at = data.get("alerted_at")
            return cls(
                frozenset(data["parties"]),
                figures,
                str(data.get("text", "")),
                datetime.fromisoformat(at) if at else None,
            )
        except (ValueError, KeyError, TypeError):
            return None  # unreadable: treat as never announced

    def adds_to(self, previous: Signature) -> bool:
        """Whether this signature has a party or figure ``previous`` did not (aliases and values
        within the merge tolerance count as the same)."""
        new_party = any(not any(same_party(p, q) for q in previous.parties) for p in self.parties)
        return new_party or any(not any(_same_figure(f, g) for g in previous.figures) for f in self.figures)

    def announced(self, at: datetime) -> Signature:
        return replace(self, alerted_at=at)


def _figure(raw: object) -> tuple[str, float | None]:
    if isinstance(raw, list) and len(raw) == 2:
        party, value = raw
        return str(party), float(value) if value is not None else None
    raise TypeError("a figure is [party, value]")  # older signature format: re-announce once


def _same_figure(a: tuple[str, float | None], b: tuple[str, float | None]) -> bool:
    (pa, va), (pb, vb) = a, b
    if not (pa == pb or same_party(pa, pb)):
        return False
    if va is None or vb is None:
        return va is vb
    return abs(va - vb) <= TOLERANCE * max(abs(va), abs(vb))


def signature(story: StoryView, text: str) -> Signature:
    """The parties and figures an alert about ``story`` announces (each claim said once)."""
    claims = contested(story.disputes)
    parties = {r.party for c in claims for r in c.rebuttals if r.party}
    figures: set[tuple[str, float | None]] = {(f.party or "", f.value) for c in claims for f in c.figures}
    figures |= {(f.party or "", f.value) for c in claims for r in c.rebuttals for f in r.counters}
    return Signature(frozenset(parties), frozenset(figures), text_hash(text))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Action(StrEnum):
    ALERT = "alert"  # send a new message
    UPDATE = "update"  # edit the message already sent
    SKIP = "skip"  # nothing new to say


def decide(
    previous: Signature | None, current: Signature, now: datetime | None = None, gap: timedelta = REALERT_GAP
) -> Action:
    """New message for a genuinely new party or figure, at most once per ``gap`` per story and
    chat (within it the earlier message is edited instead); else an edit, or nothing."""
    if previous is None:
        return Action.ALERT
    if current.adds_to(previous):
        recent = previous.alerted_at is not None and now is not None and now - previous.alerted_at < gap
        if not recent:
            return Action.ALERT
    if current.text_hash == previous.text_hash:
        return Action.SKIP
    return Action.UPDATE
