"""Detectors the poller tests inject. Module-level (and their arguments picklable), so they also
run in the poller's worker processes."""

from __future__ import annotations

import os
from threading import Event
from typing import Protocol

from bot.detect import detect
from bot.detect.model import ArticleInput, Claim, Detection, Figure, Span

HOSTILE = "hostile"  # an article whose title says so breaks the detector
GATE_TIMEOUT = 30.0  # seconds; only reached when the event loop is blocked (the test then fails)


class Gate(Protocol):  # threading.Event, or a multiprocessing manager's proxy of one
    def clear(self) -> None: ...
    def wait(self, timeout: float | None = None) -> bool: ...


class LoopBlockedError(RuntimeError):
    pass


def gated(gate: Gate | Event, article: ArticleInput) -> Detection:
    """A slow detector: it finishes only after the event loop has run (the heartbeat sets
    ``gate``) while it was working. Run on the loop, it would never see the gate open."""
    gate.clear()
    if not gate.wait(GATE_TIMEOUT):
        raise LoopBlockedError("the event loop did not run while the detector worked")
    return _pid_claim(article)


def _pid_claim(article: ArticleInput) -> Detection:
    """One claim whose ``counted`` names the process the detector ran in."""
    span = Span(article.title, 0, len(article.title))
    figure = Figure(span, 1.0, 1.0, 1.0)
    return Detection(article.id, claims=(Claim(figure, f"pid {os.getpid()}", None, span),))


def raising(article: ArticleInput) -> Detection:
    """The real detector, except that it raises on hostile articles."""
    if HOSTILE in article.title.lower():
        raise ValueError("detector bug triggered by a hostile article")
    return detect(article)


def killing(article: ArticleInput) -> Detection:
    """The real detector, except that a hostile article kills the worker process (like the
    kernel's out-of-memory killer would)."""
    if HOSTILE in article.title.lower():
        os._exit(3)
    return detect(article)


HUGE = "huge"  # an article whose title says so stalls the detector until released
STALL = Event()  # set by the test to let the stalled detector finish
CALLS: list[str] = []  # titles of the articles the stalling detector was asked about


def stalling(article: ArticleInput) -> Detection:
    """The real detector, except that a huge article takes until ``STALL`` is set (or 30 s)."""
    CALLS.append(article.title)
    if HUGE in article.title.lower():
        STALL.wait(GATE_TIMEOUT)
    return detect(article)
