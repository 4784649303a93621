"""Cue classes of words: reporting, denial, doubt, estimate, contrast, revision.

General English word lists (lemmas), not words of particular stories: the learned weights decide
how much each class counts.
"""

from __future__ import annotations

import re
from typing import Final

from bot.nlp import Token


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SAY: Final = _words(
    "say tell report claim state announce add note write reveal insist allege assert maintain "
    "confirm warn argue explain declare testify suggest show find indicate tweet post"
)
ESTIMATE: Final = _words(
    "estimate put count tally record number figure toll calculate reckon project forecast "
    "estimation calculation assessment statistic data survey poll"
)
DENY_VERBS: Final = _words(
    "deny dispute reject refute contradict contest challenge question doubt dismiss debunk "
    "disagree discredit downplay exaggerate inflate overstate understate fabricate overestimate "
    "underestimate misrepresent distort rebut disavow retract correct"
)
DENY_WORDS: Final = _words(
    "false untrue wrong inaccurate exaggerated inflated misleading baseless bogus fake incorrect "
    "unfounded fabricated ridiculous absurd nonsense propaganda lie lies hoax myth rumor rumour "
    "denial dispute rebuttal untruth fiction flawed unreliable dubious erroneous overblown "
    "groundless fanciful"
)
DOUBT: Final = _words("skeptical sceptical doubtful unverified unconfirmed unclear uncertain unsubstantiated")
CONTRAST: Final = _words("while whereas but however although though contrary instead only far")
REVISE: Final = _words("rise raise climb increase revise update grow jump reach")
# nouns that are never a party: things counted, times, quantities
NOT_PARTIES: Final = _words(
    "people number figure year day week month time percent cent dollar estimate toll total "
    "report statement story article claim thing way part lot majority number rate"
)
_CASUALTY = _words("people death dead victim casualty body civilian soldier fighter person resident refugee")
_MONEY = _words("dollar pound euro yuan rupee fund cost budget debt price salary fee fine")
_CROWD = _words("protester demonstrator supporter participant crowd member worker student voter")

_CUE_RE = re.compile(
    r"\b(?:den(?:y|ies|ied|ial)|disput|reject|refut|contradict|contest|challeng|question|doubt|dismiss|"
    r"debunk|disagree|discredit|downplay|exaggerat|inflat|overstat|understat|fabricat|false|untrue|wrong|"
    r"inaccurate|misleading|baseless|bogus|fake|incorrect|unfounded|propaganda|hoax|myth|rumou?r|"
    r"nonsense|lie|lies|while|whereas|however|estimat|according|put the|skeptic|sceptic|unverified)",
    re.I,
)


def has_cue_word(text: str) -> bool:
    """A cheap pre-filter: could this sentence carry a denial, doubt or source (before parsing)?"""
    return bool(_CUE_RE.search(text))


def cue_class(t: Token) -> str:
    """The cue class of one token ("" when it is none)."""
    lemma = t.lemma
    if t.pos in ("VERB", "AUX") or t.tag.startswith("VB"):
        if lemma in DENY_VERBS:
            return "deny"
        if lemma in SAY:
            return "say"
        if lemma in ESTIMATE:
            return "estimate"
        if lemma in REVISE:
            return "revise"
    if lemma in DENY_WORDS or t.text.lower() in DENY_WORDS:
        return "deny"
    if lemma in DOUBT:
        return "doubt"
    if t.pos == "NOUN" and lemma in ESTIMATE:
        return "estimate"
    if lemma in CONTRAST and t.pos in ("SCONJ", "CCONJ", "ADV", "ADP"):
        return "contrast"
    if lemma == "according":
        return "say"
    return ""


def noun_class(lemma: str) -> str:
    if lemma in _CASUALTY:
        return "casualty"
    if lemma in _MONEY:
        return "money"
    if lemma in _CROWD:
        return "crowd"
    return "other"
