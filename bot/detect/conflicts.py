"""Conflicts: two parties giving incompatible figures for the same counted thing.

Both figures must be attributed, to different parties, close together (same or next sentences),
in the same unit, about the same counted head (or one side has no head, as in "it was closer
to $400m"), and their intervals must not overlap once qualifiers are applied. A source
revising its own figure ("the toll rose to 50") is not a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.detect import lexicon as lx
from bot.detect.counted import Counted
from bot.detect.entities import same_party
from bot.detect.figures import CONTRASTED, disjoint
from bot.detect.model import Claim
from bot.detect.text import stem, tokenize

MAX_SENTENCE_GAP = 3


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    claim: Claim
    counted: Counted
    sentence_index: int
    paragraph: int


_DIFFERENT_SET = frozenset({"other", "additional", "more", "another", "further", "new", "extra"})
_SET_WORD_BEFORE = re.compile(r"\b(?:an?\s+)?(?:additional|another|further|extra)\s+$", re.I)
# "only four were launched": the figure's noun is left out and a participle follows; not
# "75 were students" or "21 million have access", where what follows is what is counted
_ELLIPSIS = re.compile(
    r"^\s+(?:were|was|had|have|has|are|is)\s+(?:(?:also|still|not|already|now|later|all|reportedly)\s+)?"
    r"(?:been\s+)?(?:[a-z]+(?:ed|en|wn)|hurt|lost|held|built|sold|sent|left|shot|found|made|paid|kept|"
    r"caught|brought|bought|spent|put|cut|set|hit|struck|won|run|met|told|taught|fought|thought)\b",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"\b(?:it|that|this|the\s+(?:\w+\s+)?(?:figure|number|total|toll|count|tally|estimate|cost|price|bill|amount|sum|value))\s+"
    r"(?:was|is|were|to be|at|stood at|stands at|(?:could|may|might|would|will)\s+be)\s+(?:\w+\s+){0,4}$"
    # "put the figure as high as 21,500": the qualifier is the figure's own, nothing follows the noun
    r"|\b(?:put|puts|putting|placed?|places|placing)\s+(?:the|that|this)\s+(?:figure|number|total|toll|count|tally|estimate)\s*$",
    re.I,
)


def _canonical(head: str, events: frozenset[str] = frozenset()) -> str:
    base = lx.COUNT_SYNONYMS.get(head, head)
    if base in ("people", "deaths", "") and "kill" in events:
        return "deaths"  # "killed 45 people" and "the death toll" count the same thing
    return base


# "a higher number", "a much lower figure", "a different estimate": a figure set against another
_RIVAL_REFERENCE = re.compile(
    r"\b(?:a|an|their|its|his|her)\s+(?:much\s+|far\s+|slightly\s+)?(?:higher|lower|larger|smaller|"
    r"different|bigger)\s+(?:figure|number|estimate|tally|count|toll)\b",
    re.I,
)

# what a sum of money is when no other noun names it ("$7 billion" counts "money")
_MONEY_HEADS = frozenset(
    {"money", "cost", "price", "value", "bill", "amount", "sum", "total", "worth", "fee"}
)

# "calculates the rebels' true strength at 18,000": a truer figure for the thing just counted
_TRUER_BEFORE = re.compile(
    r"\b(?:true|real|actual|correct)\s+(?:[\w'’-]+\s+){0,2}(?:at|is|was|of|to\s+be)\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)

_DIFFERENCE_HEADS = frozenset({"differenc", "gap"})


def _head(info: ClaimInfo) -> str:
    """ "a 0.8 gram difference" counts grams, like "21 grams more"."""
    head = info.counted.head
    if head in _DIFFERENCE_HEADS:
        others = info.counted.stems - {head}
        if len(others) == 1:
            return next(iter(others))
    return head


def _events(info: ClaimInfo) -> frozenset[str]:
    return frozenset(lx.EVENT_SYNONYMS.get(e, e) for e in info.counted.event_stems)


# "400,000 of those who returned", "of the injured, 132 ...": a part of a set, not its total
_PARTITIVE_AFTER = re.compile(r"^\s+of\s+(?:those|them|these|the|whom|which|its|their)\b", re.I)
_PARTITIVE_BEFORE = re.compile(
    r"\b(?:of|among)\s+(?:those|them|these|the)\s+(?:[\w-]+\s+){0,3}[\w-]+,\s*$", re.I
)


def _before(info: ClaimInfo) -> str:
    """The figure's sentence up to the figure."""
    s = info.claim.sentence
    return s.text[: info.claim.figure.span.start - s.start]


def _after(info: ClaimInfo) -> str:
    """The figure's sentence after the figure."""
    s = info.claim.sentence
    return s.text[info.claim.figure.span.end - s.start :]


def _between(a: ClaimInfo, b: ClaimInfo) -> str:
    """The words between two figures of one sentence (``a`` first)."""
    s = a.claim.sentence
    return s.text[a.claim.figure.span.end - s.start : b.claim.figure.span.start - s.start]


def _partitive(info: ClaimInfo) -> bool:
    return bool(_PARTITIVE_AFTER.match(_after(info)) or _PARTITIVE_BEFORE.search(_before(info)[-60:]))


def _elliptical(info: ClaimInfo) -> bool:
    return bool(_ELLIPSIS.match(_after(info)))


def _other_sets(a: ClaimInfo, b: ClaimInfo) -> bool:
    """The two figures count different sets of things."""
    if _DIFFERENT_SET & (set(a.claim.counted.lower().split()) | set(b.claim.counted.lower().split())):
        return True  # "four other suspects", "two additional suspects": a different set
    if any(_SET_WORD_BEFORE.search(_before(c)) for c in (a, b)):
        return True  # "an additional 94 people", "another 300": a further set, not the same one
    return _partitive(a) != _partitive(b)  # a subset against a whole


def _match(a: ClaimInfo, b: ClaimInfo) -> str:
    """How ``b`` counts the same thing as ``a``: "" (it does not), "head", "deaths" or "answer".

    "answer": ``b`` has no head of its own but refers back ("the real figure is closer to 300").
    """
    if a.claim.figure.unit != b.claim.figure.unit:
        return ""
    if _other_sets(a, b):
        return ""
    ea, eb = _events(a), _events(b)
    ha, hb = _canonical(_head(a), ea), _canonical(_head(b), eb)
    # a figure with no noun is counted by its own verb ("50,000 filled the streets"), unless the
    # other figure has that verb too or an answer only leaves the noun out ("but only four were fired")
    if not ha and ea and not ea & eb:
        ha = min(ea)
    if not hb and eb and not ea & eb and not (_elliptical(b) and _contrast(b)):
        hb = min(eb)
    money = bool(b.claim.figure.unit) and b.claim.figure.unit != "%"
    referred = hb in lx.REFERENCE_HEADS and ha not in lx.REFERENCE_HEADS
    if referred:
        hb = ""  # "put the number at 2,500": the number of what was just counted
    generic = {lx.COUNT_SYNONYMS.get(a.counted.head), lx.COUNT_SYNONYMS.get(b.counted.head)}
    if ha == hb == "deaths" or ("deaths" in generic and "kill" in (ea | eb)):
        return "deaths"  # "the death toll at 11" against "killed at least 45 villagers"
    if ha and hb and money and ha in _MONEY_HEADS and hb in _MONEY_HEADS | {"money"}:
        ha = hb = "money"  # "built for $7 billion" and "put the cost at $15 billion": one sum
    other_event = bool(ea and eb and not ea & eb)
    if ha == hb == "people" and bool(lx.DEATH_WORDS.search(_clause(a))) != bool(
        lx.DEATH_WORDS.search(_clause(b))
    ):
        return ""  # "nine people confirmed dead" and "2,100 people taking shelter": the dead and the living
    if ha and hb:
        if ha != hb:
            return ""
        return "head, other event" if other_event else "head"
    return _answer(a, b, ha, hb, money=money, referred=referred and not other_event)


def _answer(a: ClaimInfo, b: ClaimInfo, ha: str, hb: str, *, money: bool, referred: bool) -> str:
    """ "answer" when ``b``, a figure without a head of its own (or a reference noun), is set
    against ``a`` (whose head is ``ha``); else ""."""
    before, after = _before(b), _after(b)
    back = bool(_BACK_REFERENCE.search(before))
    if money and not ha and hb in _MONEY_HEADS and back:
        return "answer"  # "could be built for $7 billion, but analysts put the cost at $15 billion"
    if hb or not (ha or money):
        return ""
    if referred and ha and _RIVAL_REFERENCE.search(before):
        return "answer"  # "reported a higher number -- about 275": set against the figure before
    if b.claim.figure.span.text.lower().startswith(CONTRASTED) and ha:
        return "answer"  # "..., while Y said closer to 30": a rival figure for the thing just counted
    if back or (ha and (_elliptical(b) or _TRUER_BEFORE.search(before))):
        return "answer"  # "the real cost was $5 million", "only four were launched"
    if (
        ha
        and b.claim.figure.unit != "%"  # shares ("25.4%") end clauses without counting the same thing
        and a.sentence_index == b.sentence_index
        and _contrast_between(a, b)
        and _bare_end(after)
    ):
        return "answer"  # "800,000 workers, according to the union, while the ministry counted 190,000"
    return ""


def _bare_end(after: str) -> bool:
    """Nothing is counted after the figure: its clause ends with it."""
    rest = after.lstrip()
    return not rest or rest[0] in ".;,)"


def _contrast(b: ClaimInfo) -> bool:
    if b.claim.figure.span.text.lower().startswith(("closer to", "nearer", "only")):
        return True  # "closer to 25" answers a figure given before
    words = [t.low for t in tokenize(b.claim.sentence.text)][:6]
    return any(w in lx.CONTRAST_MARKERS for w in words) or bool(
        {"closer", "insists", "insisted"} & set(words)
    )


def _contrast_between(a: ClaimInfo, b: ClaimInfo) -> bool:
    between = _between(a, b).lower()
    # "..., while Y said ...", or one figure set against the other ("far above the official 64")
    return ";" in between or any(f" {w} " in f" {between} " for w in _BETWEEN_RIVALS)


_BETWEEN_RIVALS = (
    "while",
    "but",
    "whereas",
    "though",
    "although",
    "despite",
    "above",
    "below",
    "than",
    "against",
    "versus",
    "compared",
)


_AND_SAYS = re.compile(
    r",\s+and\s+(?:[\w'’-]+\s+){1,6}(?:says|said|say|reports|reported|puts|put|estimates)\b", re.I
)


def _two_tolls(a: ClaimInfo, b: ClaimInfo) -> bool:
    """ "X says 7,500 have died, and Y says 9,000 people have been killed": two parties' tolls of
    one event set side by side with "and" (only for deaths, the classic contested count)."""
    between = _between(a, b)
    deaths = all(_canonical(_head(c), _events(c)) == "deaths" or "kill" in _events(c) for c in (a, b))
    return deaths and bool(_AND_SAYS.search(between))


def _same_event(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Both figures count the same event ("killed", "were killed"), or ``b`` is a bare estimate
    answering ``a``: no contrast word needed."""
    ea, eb = _events(a), _events(b)
    return bool(ea and eb and ea & eb) or _bare_estimate(b)


# "The government has forecast 35 million tonnes.": an estimate of nothing named, right after
# another party's figure in that unit, is that party's estimate of the same quantity
_ESTIMATE_BEFORE = re.compile(
    r"\b(?:forecasts?|forecasting|estimates?|estimated|predicts?|predicted|projects?|projected|"
    r"expects?|expected|sees|saw)\s+(?:it\s+at\s+|at\s+)?(?:only\s+|just\s+)?$"
)


def _bare_estimate(b: ClaimInfo) -> bool:
    after = _after(b).lstrip()
    unit_only = after.split()[0].strip(".,;") if after.split() else ""
    rest = after[len(unit_only) :].lstrip() if unit_only else after
    return (
        bool(_ESTIMATE_BEFORE.search(_before(b)[-60:]))
        and (not unit_only or stem(unit_only) == b.counted.head or b.claim.figure.unit is not None)
        and (not rest or rest[0] in ".;")
    )


_MEASURE_VERBS = frozenset(
    {
        "weighed",
        "weighs",
        "measured",
        "measures",
        "tested",
        "tests",
        "timed",
        "clocked",
        "counted",
        "recounted",
    }
    | {"compared", "checked"}
)
_TEST_OBJECTS = frozenset(
    {"both", "the", "a", "an", "each", "it", "them", "his", "her", "their", "its", "two"}
)
_COMPARATIVE = re.compile(
    r"^\s*(?:\w+\s+)?(?:more|less|fewer|heavier|lighter|longer|shorter|higher|lower|bigger|smaller|"
    r"larger|faster|slower|extra|difference|gap)\b",
    re.I,
)
_DIFFERENCE_BEFORE = re.compile(
    r"\b(?:difference|gap|increase|decrease|drop|rise)\s+(?:of|in)\s+(?:\w+\s+)?$", re.I
)


def _measured(a: ClaimInfo, b: ClaimInfo) -> bool:
    """One party checked the other's figure by measuring it ("weighed both and found 0.8 grams"),
    and both figures are the same kind of quantity: both differences or both amounts."""
    return (_tested(a) or _tested(b)) and _comparative(a) == _comparative(b)


def _tested(info: ClaimInfo) -> bool:
    """A measuring verb with an object ("weighed both handsets"), not a size ("it weighs 9 grams")."""
    toks = tokenize(info.claim.sentence.text)
    return any(
        t.low in _MEASURE_VERBS and k + 1 < len(toks) and toks[k + 1].low in _TEST_OBJECTS
        for k, t in enumerate(toks)
    )


def _comparative(info: ClaimInfo) -> bool:
    return bool(_DIFFERENCE_BEFORE.search(_before(info)) or _COMPARATIVE.match(_after(info)))


# "increased production by 85,000 bpd": the figure is the size of a change
_CHANGE_BY = re.compile(r"\bby\s+$", re.I)


def _revision(a: ClaimInfo, b: ClaimInfo) -> bool:
    """ "the toll rose to 50": ``b`` updates a figure. In one sentence only ``b``'s own clause
    counts ("shipments grew 23.8%, while Orbis put the figure at 24.7%" revises nothing). Two
    sizes of one change ("X said output rose by 85,000, while Y said it rose by 161,000") are two
    accounts of the change, not an update: the change word names what both count."""
    if all(_CHANGE_BY.search(_before(c)) for c in (a, b)):
        return False
    s = b.claim.sentence
    text = s.text
    if a.sentence_index == b.sentence_index:
        text = text[a.claim.figure.span.end - s.start : b.claim.figure.span.end - s.start]
    return any(t.low in lx.REVISION_WORDS for t in tokenize(text))


def _comparable(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Two attributed, definite figures of different parties (in one sentence: set against each
    other by a contrast word)."""
    if not a.claim.claimant or a.claim.figure.qualifier == "vague" or a.counted.compound:
        return False
    if _proposal(a) or _proposal(b):
        return False
    if same_party(a.claim.claimant, b.claim.claimant):
        return False
    if a.sentence_index == b.sentence_index:
        return _contrast_between(a, b) or _two_tolls(a, b)
    # two studies' or surveys' figures in different sentences measure different things
    if _document(a.claim.claimant) and _document(b.claim.claimant):
        return False
    return not (_other_scope(a, b) or _other_killers(a, b))


# "..., killing 300", "has killed an estimated 4,000": a kill verb just before the figure
_KILL_BEFORE = re.compile(r"\bkill(?:ing|ed|s)?\s+(?:[\w-]+\s+){0,3}$", re.I)
# "4,000 have been killed in the Southland offensive", "killed by Northland shelling"
# (not "killed in Kessel": after "in", a place unless an attack noun follows the name)
_KILLED_BY_AFTER = re.compile(
    r"^[^.;]{0,80}?\bkilled\b[^.;]{0,60}?\b(?:by\s+(?:the\s+|an?\s+)?(?:[a-z]+\s+)?(?P<by>[A-Z][\w’'-]+)|"
    r"in\s+(?:the\s+|an?\s+)?(?:[a-z]+\s+)?(?P<in>[A-Z][\w’'-]+)\s+(?:[a-z]+[\s-]+)?(?:attacks?|assaults?|bombardments?|"
    r"bombings?|strikes?|air\s*strikes?|airstrikes?|raids?|shelling|offensives?|campaigns?|fire|operations?|war|onslaught)|"
    # "were killed when Northland raiders attacked": whoever attacked
    r"when\s+(?:the\s+)?(?P<when>[A-Z][\w’'-]+)\s+(?:[a-z]+\s+)?(?:attacked|stormed|struck|bombed|shelled|raided|opened\s+fire))"
)
# where the clause that holds the kill verb begins ("... after Northland raiders attacked, killing");
# not "since" or "as", which as often open a phrase ("since the raid")
_CLAUSE_OPENERS = re.compile(r"\b(?:after|when|because|while|which|who)\s+", re.I)
# "X said the raid killed", "which officials say killed": the speaker is not the killer
_REPORTED = re.compile(r"\b(?:say|says|said|claim|claims|claimed|told|reported|according\s+to)\b")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]+")
_NOT_AGENTS = frozenset(
    {"according", "more", "at", "about", "around", "nearly", "over", "the", "a", "an", "in", "on"}
)


def _agent_key(word: str) -> str:
    """ "Ruritanian", "Ruritania's", "Ruritania" -> one key: whose the killing was."""
    w = re.sub(r"[’'](?:s)?$", "", word).lower()
    return "" if w in _NOT_AGENTS or w in _TIMES else w[:5]


@lru_cache(maxsize=4096)
def _killer_in(before: str, after: str) -> str:
    if m := _KILLED_BY_AFTER.match(after):
        return _agent_key(m["by"] or m["in"] or m["when"])
    kill = _KILL_BEFORE.search(before)
    if not kill:
        return ""
    start, end = 0, kill.start()
    for said in _REPORTED.finditer(before, 0, end):
        start = said.end()
    # ", killing 300": the clause before the comma; "after the raid, Southland's strikes killed": after it
    stop = start + len(before[start:end].rstrip().rstrip(","))
    start = max(start, before.rfind(",", start, stop) + 1)
    for opener in _CLAUSE_OPENERS.finditer(before, start, stop):
        start = opener.end()
    for m in _CAPITALISED.finditer(before, start, stop):
        key = _agent_key(m.group())
        if not key:
            continue
        possessive = "’" in m.group() or "'" in m.group()
        bare_plural = m.group().endswith("s")
        if (
            before[: m.start()].strip() == ""
            and bare_plural
            and not (possessive or _CAPITALISED.match(before, m.end() + 1))
        ):
            # a plural opening the sentence may be capitalised only for that ("Rockets fired at
            # ..."); a singular with no article before it is a name ("Southland has ...")
            return ""
        return key
    return ""


def _killer(info: ClaimInfo) -> str:
    """Whose killing a death toll counts, as a short key ("north", "south"); "" when unsaid."""
    return _killer_in(_before(info), _after(info))


def _other_killers(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Two tolls of killings by different hands ("Northland raiders attacked, killing 300" and
    "Southland's offensive has killed 4,000"): each side's dead, not rival counts of the same dead."""
    ka, kb = _killer(a), _killer(b)
    return bool(ka and kb and ka != kb)


_YEAR_OR_DATE = re.compile(
    r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{1,2}\b"
)
# "in January", "on Monday": times, which the date pattern reads, not places
_TIMES = lx.MONTHS | lx.WEEKDAYS
# "in Karachi", "at the town of Pibor", "an attack on southern Israel": where a figure happened
# (not "on Smith's dime": a possessive names an owner)
_IN_PLACE = re.compile(
    r"\b(?:in|at|on|across|throughout|into|(?:invasion|bombardment|siege|occupation|shelling|blockade)\s+of)\s+"
    r"(?:the\s+(?:town|city|province|state|county|region)\s+of\s+)?"
    r"(?:(?:southern|northern|eastern|western|central|occupied)\s+)?([A-Z][a-z]+)\b(?!['’]s)"
)


# "argued for $50,000 bail", "sought 40 million", "offered 300 pence": what a party asks for or
# offers is a proposal, not its account of a quantity, so another party's figure is no rival
_PROPOSAL_BEFORE = re.compile(
    r"\b(?:(?:argued|asked|called|pushed|pressed|pushing|asking|arguing|calling)\s+for|sought|seeks?|seeking|"
    r"requested|requests?|demanded|demands?|demanding|proposed|proposes|proposing|offered|offers?|offering|"
    r"bid|bids|bidding)\s+(?:a\s+|an\s+|the\s+)?(?:[a-z]+\s+){0,2}$"
)


def _proposal(info: ClaimInfo) -> bool:
    return bool(_PROPOSAL_BEFORE.search(_before(info)[-50:]))


# what a count covers: "since the war began", "in the past 24 hours", "over the last four days",
# "last week": a running total and a day's toll are two quantities, however alike their words
_PERIOD = re.compile(
    r"\b(?:since\s+(?:the\s+|then\b)?(?:[\w-]+)?|"
    r"(?:in|over|during|for)\s+the\s+(?:past|last|previous|most\s+recent)\s+(?:[\w-]+\s+)?"
    r"(?:hours?|days?|weeks?|months?|years?|reporting\s+period)|"
    r"(?:last|this|past)\s+(?:week|month|year|weekend)|overnight|so\s+far)\b",
    re.I,
)


@lru_cache(maxsize=4096)
def _periods(text: str) -> frozenset[str]:
    """The spans ``text`` names; every "since ..." is one running total (a report's "since the
    election" and "since Saturday" may well start at the same day)."""
    return frozenset(
        "since"
        if m.group(0).lower().startswith(("since", "so far"))
        else " ".join(m.group(0).lower().split())
        for m in _PERIOD.finditer(text)
    )


def _period_of(info: ClaimInfo, clause: str) -> frozenset[str]:
    """The span a figure covers: named in its own clause, else anywhere in its sentence."""
    return _periods(clause) or _periods(info.claim.sentence.text)


# "in Israeli attacks", "in Syrian custody", "in Iraqi air raids": a nationality qualifying a noun
# says whose, not where (a place followed by a verb or a function word still is one: "in Kessel killed")
_DEMONYM_BEFORE_NOUN = re.compile(
    r"[A-Z][a-z]+(?:ian|ean|ese|ish|i|an)\s+(?!(?:and|or|on|in|at|to|for|of|from|with|by|last|this|since|after|"
    r"before|during|when|where|while|was|were|is|are|has|have|had|who|which|that)\b)[a-z]+(?<!ed)\b"
)


# a sentence holding several figures is compared once per pair: read its scope once
@lru_cache(maxsize=4096)
def _scope(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """The years or dates and the places a sentence names."""
    places = (
        m.group(1)
        for m in _IN_PLACE.finditer(sentence)
        if m.group(1).lower() not in _TIMES and not _DEMONYM_BEFORE_NOUN.match(sentence, m.start(1))
    )
    return frozenset(_YEAR_OR_DATE.findall(sentence)), frozenset(places)


def _other_scope(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Sentences that both name a time, a place or a period, and no common one: figures of other
    years, places or spans ("in the 2004 caucuses" / "in the 2000 caucuses", "in Karachi" / "in
    Orakzai", "since March" / "in the past day"); or one figure dated to the period before the
    other's ("the previous year")."""
    (ta, pa), (tb, pb) = _scope(a.claim.sentence.text), _scope(b.claim.sentence.text)
    ca, cb = _clause(a), _clause(b)
    sa, sb = _period_of(a, ca), _period_of(b, cb)
    if sa and sb and not sa & sb:
        return True
    earlier = bool(_EARLIER_PERIOD.search(ca)) != bool(_EARLIER_PERIOD.search(cb))
    # "small compared with a market of 60 million units": a yardstick, not a rival count
    yardstick = any(_YARDSTICK.search(c) for c in (ca, cb))
    return bool((ta and tb and not ta & tb) or (pa and pb and not pa & pb) or earlier or yardstick)


_YARDSTICK = re.compile(r"\b(?:compared\s+(?:with|to)|relative\s+to|as\s+against)\b", re.I)


def _clause(info: ClaimInfo) -> str:
    """The figure's own clause: from the comma or semicolon before it to the one after it."""
    before, after = _before(info), _after(info)
    start = max(before.rfind(","), before.rfind(";")) + 1
    end = min((i for i in (after.find(","), after.find(";")) if i >= 0), default=len(after))
    return f"{before[start:]}{info.claim.figure.span.text}{after[:end]}"


# "228 concussions in 2013" and "261 the previous year": a year-on-year comparison, not two counts
_EARLIER_PERIOD = re.compile(
    r"\b(?:the\s+(?:previous|prior|preceding)\s+(?:year|quarter|month|season)|"
    r"(?:a|one)\s+(?:year|quarter|month)\s+(?:earlier|before|ago)|the\s+(?:year|quarter|month)\s+before)\b",
    re.I,
)


_DOCUMENT_WORDS = frozenset(
    {"study", "studies", "survey", "surveys", "poll", "polls", "results", "report", "annual", "data"}
)


def _document(name: str | None) -> bool:
    """A claimant that is a piece of research, not a party ("a 2008 study", "the payroll survey")."""
    words = (name or "").lower().replace("’s", "").replace("'s", "").split()
    return any(w in _DOCUMENT_WORDS for w in words)


# rival estimates of one quantity differ by a factor, not by three orders of magnitude ("$1,500
# more in paychecks" and "a $265 billion bill" are not one sum)
MAX_RIVAL_RATIO = 1000.0


def _orders_apart(a: ClaimInfo, b: ClaimInfo) -> bool:
    va, vb = (abs(c.claim.figure.value or c.claim.figure.high or 0.0) for c in (a, b))
    small, big = sorted((va, vb))
    return small > 0 and big / small > MAX_RIVAL_RATIO


def _rivals(a: ClaimInfo, b: ClaimInfo, how: str) -> bool:
    """Whether ``b``, counting what ``a`` counts (``how``), contradicts it."""
    if not disjoint(a.claim.figure, b.claim.figure) or _revision(a, b) or _orders_apart(a, b):
        return False
    if how == "head, other event" and not (_contrast(b) or b.claim.figure.qualifier == "exactly"):
        return False  # "3 were injured" and "5 were treated" count different things
    # crowd sizes and death tolls are the classic contested counts: no contrast word needed
    strong = _canonical(b.counted.head, _events(b)) in ("people", "deaths")
    gap = b.sentence_index - a.sentence_index
    # else two unrelated statements in a row
    return not (
        gap
        and how == "head"
        and not (_contrast(b) or strong or (gap == 1 and (_same_event(a, b) or _measured(a, b))))
    )


def find_conflicts(infos: list[ClaimInfo]) -> list[tuple[int, int]]:
    """Index pairs (earlier, later) of conflicting claims."""
    pairs: list[tuple[int, int]] = []
    for j, b in enumerate(infos):
        if not b.claim.claimant or b.claim.figure.qualifier == "vague" or b.counted.compound:
            continue
        answered = False  # a figure that refers back answers only the nearest figure before it
        for i in range(j - 1, -1, -1):
            a = infos[i]
            if b.sentence_index - a.sentence_index > MAX_SENTENCE_GAP:
                break
            if not _comparable(a, b):
                continue
            how = _match(a, b)
            if how == "answer" and answered:
                continue
            answered = answered or how == "answer"
            if how and _rivals(a, b, how):
                pairs.append((i, j))
    return pairs
