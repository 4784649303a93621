"""Contested-numeric-claim detection: a function from an article to what is disputed in it.

Figures are found by the project's own number parser (:mod:`bot.detect.figures`); only the
sentences around figures and cue words are parsed (:mod:`bot.nlp`); candidates and their general
features come from :mod:`bot.detect.candidates`; trained weights decide (:mod:`bot.detect.learned`).
No I/O here apart from reading the shipped weights file.
"""

from __future__ import annotations

from bot.detect.learned import detect

__all__ = ["detect"]
