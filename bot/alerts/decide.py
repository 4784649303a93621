"""Who gets which alert, and whether a later article updates an alert or earns a new one (pure).

Scope: a chat with scope "all" or an empty watchlist gets every dispute; with scope "watched" a
dispute must match one of its keywords (case-insensitive, whole words; see
``bot.services.keywords``) in the headline, the claim sentence, what is counted or a party.

Per story and chat we remember a *signature*: the disputing parties and the figures already
announced. A later dispute in the same story edits the earlier message, unless it brings a new
disputing party or a new figure, which deserves a fresh alert.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.alerts.model import ChatTarget, DisputeView, StoryView
from bot.services.keywords import any_keyword_matches, normalize_text

_NON_WORD = re.compile(r"[^\w%.,]+")


def wants(chat: ChatTarget, disputes: Iterable[DisputeView]) -> bool:
    """Whether ``chat`` should hear about any of ``disputes``."""
    if chat.scope != "watched" or not chat.keywords:
        return True
    return any(any_keyword_matches(chat.keywords, d.match_texts()) for d in disputes)


@dataclass(frozen=True, slots=True)
class Signature:
    parties: frozenset[str]
    figures: frozenset[str]
    text_hash: str = ""  # of the last text sent, so an identical update is skipped

    def dumps(self) -> str:
        return json.dumps(
            {"parties": sorted(self.parties), "figures": sorted(self.figures), "text": self.text_hash},
            ensure_ascii=False,
        )

    @classmethod
    def loads(cls, raw: str | None) -> Signature | None:
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return cls(frozenset(data["parties"]), frozenset(data["figures"]), str(data.get("text", "")))
        except (ValueError, KeyError, TypeError):
            return None  # unreadable: treat as never announced

    def adds_to(self, previous: Signature) -> bool:
        """Whether this signature has a party or figure ``previous`` did not."""
        return not (self.parties <= previous.parties and self.figures <= previous.figures)


def _norm(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", normalize_text(text)).split())


def signature(story: StoryView, text: str) -> Signature:
    parties = {_norm(d.disputed_by) for d in story.disputes}
    figures = {_norm(d.figure_text) for d in story.disputes}
    figures |= {_norm(d.counter_figure) for d in story.disputes if d.counter_figure}
    return Signature(frozenset(parties - {""}), frozenset(figures - {""}), text_hash(text))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Action(StrEnum):
    ALERT = "alert"  # send a new message
    UPDATE = "update"  # edit the message already sent
    SKIP = "skip"  # nothing new to say


def decide(previous: Signature | None, current: Signature) -> Action:
    if previous is None or current.adds_to(previous):
        return Action.ALERT
    if current.text_hash == previous.text_hash:
        return Action.SKIP
    return Action.UPDATE
