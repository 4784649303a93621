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
    "confirm warn argue explain declare testify suggest show find indicate tweet post publish quote cite "
    "describe"
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
    "report statement story article claim thing way part lot majority number rate allegation "
    "suggestion data idea notion rumor rumour figure claim information detail account"
)
# "the organization said": a generic noun standing for the organisation named before it
GENERIC_ORGS: Final = _words("organization organisation group agency company firm network charity body")
# what a denial is about when it is about a figure ("disputed the figure", "rejected the estimate")
CLAIM_NOUNS: Final = _words(
    "figure number estimate toll count tally statistic data total report claim account "
    "estimation calculation projection amount sum"
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


_IRREGULAR: Final[dict[str, str]] = {
    "said": "say",
    "told": "tell",
    "found": "find",
    "wrote": "write",
    "written": "write",
    "shown": "show",
    "thought": "think",
    "gave": "give",
    "given": "give",
    "made": "make",
    "rose": "rise",
    "risen": "rise",
    "grew": "grow",
    "grown": "grow",
    "men": "man",
    "women": "woman",
    "children": "child",
    "people": "people",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "has": "have",
    "had": "have",
    "did": "do",
    "does": "do",
    "news": "news",
    "data": "data",
}
_INFLECTED = frozenset({"VBD", "VBN", "VBZ", "VBG", "NNS", "NNPS"})
_KNOWN: Final = (
    SAY
    | ESTIMATE
    | DENY_VERBS
    | DENY_WORDS
    | DOUBT
    | REVISE
    | NOT_PARTIES
    | _words(
        "organization organisation group agency company firm network charity body death victim casualty "
        "civilian soldier fighter resident refugee protester demonstrator supporter participant member "
        "worker student voter dollar pound euro fund cost"
    )
)


def lemma(word: str, tag: str) -> str:
    """The base form of an English word from its Penn tag: enough for the cue lists, and far
    cheaper than spaCy's rule lemmatizer (a third of the parse time)."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if tag not in _INFLECTED or len(w) < 4:
        return w
    options: list[str] = []
    if w.endswith(("ied", "ies")):
        options.append(w[:-3] + "y")
    if w.endswith("ing"):
        options += [w[:-3], w[:-3] + "e", w[:-4]]
    if w.endswith("ed"):
        options += [w[:-1], w[:-2], w[:-3]]
    if w.endswith("es"):
        options += [w[:-1], w[:-2]]
    if w.endswith("s"):
        options.append(w[:-1])
    for o in options:
        if o in _KNOWN:
            return o
    return options[0] if options else w


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
