"""Cue lexicons for stance: refutation, hedging and negation.

Kept here (not shared with ``bot.detect``) because stance needs word-level cues over whole
bodies, including hoax/fake-news vocabulary the figure-denial detector does not care about, and
keeps them split by strength: a text calling a claim false versus a text relaying a denial.
"""

from __future__ import annotations

import re

from bot.stance.text import stem

# Words with which a text itself calls a claim untrue (the story is a hoax, the photo is fake).
REFUTE_CUES: tuple[str, ...] = (
    r"hoax(?:es)?",
    r"fake[ds]?",
    r"false(?:ly|hood)?",
    r"untrue",
    r"not true",
    r"(?:is|was|are|were)n'?t true",
    r"not (?:real|genuine|authentic)",
    r"debunk(?:s|ed|ing)?",
    r"bogus",
    r"fabricat(?:ed|ion|ions)",
    r"made[ -]up",
    r"satir(?:e|ical)",
    r"fiction(?:al)?",
    r"myth",
    r"urban legend",
    r"no truth",
    r"misleading",
    r"doctored",
    r"photoshopped",
    r"prank(?:s|ster)?",
)

# Words with which a party is reported to deny a claim (reported speech: weaker evidence, since
# news that merely relays a denial often still discusses the claim).
DENY_CUES: tuple[str, ...] = (
    r"den(?:y|ies|ied|ying|ial|ials)",
    r"refut(?:e|es|ed|ing)",
    r"reject(?:s|ed|ing)?",
    r"dismiss(?:es|ed|ing)?",
    r"baseless",
    r"no (?:evidence|basis|proof)",
    r"never happened",
    r"nonsense",
    r"lies",
    r"not the case",
    r"contrary to",
    r"retract(?:s|ed|ion)?",
)

# Words with which a text passes a claim on without vouching for it.
HEDGE_CUES: tuple[str, ...] = (
    r"reportedly",
    r"allege(?:s|d|dly)?",
    r"claim(?:s|ed|ing)?",
    r"according to",
    r"unconfirmed",
    r"unverified",
    r"not (?:yet )?(?:been )?(?:confirmed|verified)",
    r"purported(?:ly)?",
    r"supposed(?:ly)?",
    r"apparent(?:ly)?",
    r"rumou?r(?:s|ed)?",
    r"may(?!\s+\d)",  # not the month: "May 5"
    r"might",
    r"could",
    r"believed",
    r"suggest(?:s|ed)?",
    r"speculat(?:e|ed|ion)",
    r"unclear",
    r"if true",
    r"appears?",
    r"seem(?:s|ed)?",
)

NEGATION_CUES: tuple[str, ...] = (r"not", r"no", r"never", r"\w+n't", r"neither", r"nor")

# Words with which a text casts doubt on a claim or corrects it without calling it false outright
# (only read by the learned decision, which weighs each word; none repeats a word above).
DOUBT_CUES: tuple[str, ...] = (
    r"doubts?",
    r"doubtful",
    r"question(?:s|ed|ing|able)?",
    r"skeptic(?:al|ism|s)?",
    r"sceptic(?:al|ism|s)?",
    r"ruled? out",
    r"unlikely",
    r"wrong",
    r"incorrect",
    r"inaccurate",
    r"unfounded",
    r"phony",
    r"scam",
    r"spoof",
    r"parody",
    r"misinformation",
    r"turn(?:s|ed)? out",
    r"in fact",
    r"actually",
    r"no such",
    r"exaggerat(?:e|es|ed|ion)",
    r"mistaken",
    r"however",
    r"but",
    r"despite",
    r"though",
)

# Words with which a text vouches for a claim (an official word, a confirmation, a recording).
CONFIRM_CUES: tuple[str, ...] = (
    r"confirm(?:s|ed|ing)?",
    r"official(?:ly|s)?",
    r"announc(?:e|es|ed|ing)",
    r"verified",
    r"indeed",
    r"true",
    r"proof",
    r"footage",
    r"revealed",
    r"shows?",
    r"video",
    r"statement",
)


def _compile(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b")


REFUTE_RE = _compile(REFUTE_CUES)
DENY_RE = _compile(DENY_CUES)
HEDGE_RE = _compile(HEDGE_CUES)
NEGATION_RE = _compile(NEGATION_CUES)
DOUBT_RE = _compile(DOUBT_CUES)
CONFIRM_RE = _compile(CONFIRM_CUES)

# The cue families the learned decision counts, by the short name its features carry.
CUE_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ref", REFUTE_RE),
    ("deny", DENY_RE),
    ("hedge", HEDGE_RE),
    ("doubt", DOUBT_RE),
    ("conf", CONFIRM_RE),
    ("neg", _compile((r"not", r"no", r"never", r"\w+n't"))),
)


def find_cues(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """Cue words of ``pattern`` in ``text`` (matched case-insensitively, apostrophes folded)."""
    return tuple(m.group() for m in pattern.finditer(text.lower().replace("’", "'")))


def _cue_word(match: str) -> str:
    if match.endswith("n't"):
        return "n't"  # "isn't", "didn't": one negation whatever the verb
    return match.replace(" ", "_") if " " in match else stem(match)


def cue_keys(text: str) -> tuple[str, ...]:
    """Every cue of every family in ``text`` as ``family:word`` ("ref:hoax", "neg:n't"), words
    stemmed so that "denies" and "denied" are one feature."""
    low = text.lower().replace("’", "'")
    return tuple(
        f"{name}:{_cue_word(m.group())}" for name, pattern in CUE_GROUPS for m in pattern.finditer(low)
    )
