"""What a figure counts ("people", "ISIS fighters", "party") and the event around it ("killed")."""

from __future__ import annotations

from dataclasses import dataclass

from bot.detect import lexicon as lx
from bot.detect.model import Figure, Span
from bot.detect.text import Token, is_quote, stem, tokenize

_AT_NOUNS = frozenset(
    {
        "toll",
        "figure",
        "number",
        "value",
        "cost",
        "total",
        "count",
        "tally",
        "estimate",
        "bill",
        "worth",
        "size",
        "turnout",
        "crowd",
        "attendance",
    }
)
_RELATIVES = frozenset({"that", "which", "who", "whom", "whose"})
# a figure in a relative clause that reports or rumours it ("who is rumored to have made $72
# million", "whose centre sees output at 69 million") is put forward, not background
_VIEW_VERBS = frozenset({"sees", "see", "saw", "put", "puts", "rumored", "rumoured", "believed", "supposed"})
_CURRENCY_HEADS = {"USD", "GBP", "EUR", "JPY", "AUD", "CAD", "INR", "CNY", "RUB"}


@dataclass(frozen=True, slots=True)
class Counted:
    phrase: str  # "ISIS fighters", "people killed"
    head: str  # stemmed head noun, "" when unknown
    event: str | None
    stems: frozenset[str]  # content stems of the counted phrase, used to link denials by topic
    # head plus the nouns after "of" ("cases of Ebola" -> case, ebola): what the figure is about
    event_stems: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()  # content stems of the words just after the figure
    topic: frozenset[str] = frozenset()
    compound: bool = False  # "a 1,933-mile border": the figure only modifies a noun
    population: bool = False  # "a town of 130 people": a place's size


def _is_word(tok: Token) -> bool:
    return tok.text[:1].isalpha()


def counted_for(sentence: Span, figure: Figure) -> Counted:
    toks = tokenize(sentence.text, sentence.start)
    after = [t for t in toks if t.start >= figure.span.end]
    before = [t for t in toks if t.end <= figure.span.start]
    words, cut_in_np = _words_after(after)
    while words and words[-1] == "of":
        words.pop()
    head_words = words[: words.index("of")] if "of" in words else words
    head = stem(head_words[-1]) if head_words else ""
    if not words and before:
        noun = _noun_before(before, figure)
        if noun is not None:
            words, head = [noun.text], stem(noun.text)
    if not words and figure.unit in _CURRENCY_HEADS:
        words = ["money"]
    event = _event(before, after)
    # "killed 45 people" reads "people killed"; "was putting together a 300 billion fund" does not
    # read "fund putting": an active -ing verb before the figure stays the event, not the wording
    shown = (
        event if event and not (words and event.endswith("ing") and _before_figure(event, before)) else None
    )
    phrase = " ".join(words + ([shown] if shown else []))
    stems = (
        frozenset(
            stem(w)
            for w in " ".join(words).replace("/", " ").split()
            if len(w) >= 3 and w.lower() not in lx.FUNCTION_WORDS
        )
        - lx.GENERIC_STEMS
    )
    event_stems = frozenset({stem(event)}) - lx.GENERIC_STEMS if event else frozenset()
    rest = sentence.text[figure.span.end - sentence.start :]
    definite = bool(before) and before[-1].low in ("the", "these", "those") and figure.qualifier is None
    # "the town of about 130 residents": the size of a place, not a claim about an event
    population = len(before) > 1 and before[-1].low == "of" and before[-2].low in lx.PLACE_NOUNS
    # "the five detainees" refers to a set the reader already knows; "a 1,933-mile border" only
    # describes a noun: neither is a claim a denial elsewhere can be about
    compound = (rest[:1] == "-" and rest[1:2].isalpha()) or _embedded(before) or definite or population
    return Counted(
        phrase or "quantity",
        head,
        event,
        stems,
        context=_clause_context(after) - stems - event_stems,
        event_stems=event_stems,
        compound=compound,
        population=population,
        topic=_topic(words, head, cut_in_np) - lx.GENERIC_STEMS,
    )


_OF_DETERMINERS = ("its", "the", "their", "his", "her", "those", "them")


def _skip_after(after: list[Token], i: int, words: list[str], used_of: bool) -> bool:
    """Words between the figure and its noun: a currency word, the determiner after "ten of",
    an adjective before the noun ("2 confirmed cases", "40 injured people")."""
    low = after[i].low
    if i == 0 and low in lx.CURRENCY_WORDS:
        return True
    if words:
        return False
    if used_of and low in _OF_DETERMINERS:
        return True
    return (
        low.endswith("ed")
        and i + 1 < len(after)
        and _is_word(after[i + 1])
        and after[i + 1].low not in lx.FUNCTION_WORDS
        and after[i + 1].low not in lx.AUX_VERBS
        and after[i + 1].low not in _PARTICLES  # "300 walked out": a verb and its particle
    )


def _stops_noun(tok: Token) -> bool:
    """A word that cannot belong to the counted noun phrase."""
    low = tok.low
    return (
        not _is_word(tok)
        or low in lx.FUNCTION_WORDS
        or low in lx.AUX_VERBS
        or low in lx.REPORTING_VERBS
        or lx.is_negation(low)
        or low in lx.NOT_IN_NOUN_PHRASE
    )


def _words_after(after: list[Token]) -> tuple[list[str], bool]:
    """The noun phrase after the figure (up to five words, "of" kept), and whether it was cut
    at a hyphenated participle ("Libyan state-owned ...": the noun phrase goes on)."""
    words: list[str] = []
    used_of = False
    for i, tok in enumerate(after):
        if tok.low == "of" and not used_of and i == 0:
            used_of = True  # "ten of its soldiers"
            continue
        if _skip_after(after, i, words, used_of):
            continue
        if not words and not tok.is_cap and (tok.low in _IRREGULAR or tok.low in lx.VERB_STOP or _past(tok)):
            break  # "45 died", "9,000 took part": the verb follows, no noun is written
        if tok.low == "of" and words and not used_of:
            used_of = True
            words.append(tok.low)
            continue
        if _stops_noun(tok):
            break
        if words and not tok.is_cap and (tok.low.endswith(("ed", "ing")) or tok.low in lx.VERB_STOP):
            return words, "-" in tok.low
        words.append(tok.text)
        if len(words) >= 5:
            break
    return words, False


_MEASURE_HEADS = frozenset({"cost", "bill", "price", "toll"})  # nouns that are the quantity itself


def _measure_head(back: list[Token], noun: Token) -> Token:
    """ "put the cost of the programme at $3bn" counts the cost; "put the number of dead at
    300" counts the dead: before "of", a measure noun is the quantity, other nouns ("number",
    "size") only point at what is counted."""
    for k in range(len(back) - 3, max(0, len(back) - 6), -1):
        if back[k].low == "of" and k > 0 and _is_word(back[k - 1]):
            head = back[k - 1]
            return head if head.low in _MEASURE_HEADS else noun
    return noun


_PLACE_PREPOSITIONS = frozenset({"in", "for", "from", "across", "among"})


def _before_place(back: list[Token]) -> Token | None:
    """The noun before a place phrase that ends just before "at" ("the toll in North Darfur")."""
    k = len(back) - 2
    while k > 0 and back[k].is_cap:
        k -= 1
    if k > 0 and back[k].low in _PLACE_PREPOSITIONS and _is_word(back[k - 1]) and not back[k - 1].is_cap:
        return back[k - 1]
    return None


# adjectives that size a figure up or down
_SIZE_WORDS = frozenset(
    {"whopping", "staggering", "massive", "mere", "paltry", "hefty", "huge", "modest", "cool", "astonishing"}
)


# "likely below 1.8 percent", "more like 6.1 percent", "perhaps more than 300": a hedge on the
# figure, not what it counts
_HEDGES = frozenset({"like", "perhaps", "maybe", "possibly", "probably", "likely", "now", "still", "even"})
_NOUNS_IN_LY = frozenset(
    {"family", "supply", "assembly", "rally", "ally", "monopoly", "anomaly", "tally", "italy"}
)


def _hedge(word: str) -> bool:
    return word in _HEDGES or (word.endswith("ly") and word not in _NOUNS_IN_LY)


def _noun_before(before: list[Token], figure: Figure) -> Token | None:
    """ "a party of 12", "worth over $1bn", "the toll at 150": the noun before the figure."""
    back = list(before)
    while back and not _is_word(back[-1]):
        back.pop()
    if back and back[-1].low in _SIZE_WORDS:
        return None  # "a whopping $15 billion": how big it is, not what it counts
    if len(back) > 1 and back[-1].low in ("of", "at"):
        noun = back[-2]
        # "put the number of dead at 300", "estimated attendance at 20,000"
        put = any(t.low in ("put", "estimated", "estimate", "estimates") for t in back[-9:])
        if put and back[-1].low == "at" and noun.is_cap:
            noun = _before_place(back) or noun  # "put the death toll in Darfur at 200,000"
        if (
            _is_word(noun)
            and noun.low not in lx.FUNCTION_WORDS
            and (back[-1].low == "of" or noun.low in _AT_NOUNS or put)
        ):
            return _measure_head(back, noun) if back[-1].low == "at" else noun
        return None
    if (
        back
        and back[-1].low not in lx.FUNCTION_WORDS
        and back[-1].low not in lx.AUX_VERBS
        and not (back[-1].low.endswith("ed") or back[-1].is_cap or back[-1].low in lx.REPORTING_VERBS)
        and not _hedge(back[-1].low)
    ):
        return back[-1]
    if (
        len(back) > 1
        and back[-1].low in _COPULA_COUNT
        and _is_word(back[-2])
        and back[-2].low not in lx.FUNCTION_WORDS
        and not back[-2].is_cap
        and figure.unit in (None, "%")  # a share: "unemployment is 5 percent"; money has its own noun
        and stem(back[-2].text)
        not in lx.REFERENCE_HEADS | {"total", "cost", "price", "amount", "sum", "valu"}
    ):
        return back[-2]  # "the dinner party was closer to 25"
    return None


def _topic(words: list[str], head: str, cut_in_np: bool) -> frozenset[str]:
    """The head noun and what follows its "of" ("the number of cases"), unless the head is the
    proper adjective of a cut noun phrase ("two Libyan state-owned ...")."""
    after_of = words[words.index("of") + 1 :] if "of" in words else []
    head_word = (words[: words.index("of")] if "of" in words else words)[-1:] if words else []
    proper = cut_in_np and bool(head_word) and head_word[0][:1].isupper()
    return frozenset({head} if head and not proper else set()) | {stem(w) for w in after_of if len(w) >= 3}


def _clause_context(after: list[Token]) -> frozenset[str]:
    """Content stems of the words after the figure, up to the end of its clause."""
    clause: list[Token] = []
    for t in after[:12]:
        if t.text in (",", ";", "(", ")", "—", "–") or is_quote(t.text):
            break  # what follows a comma is about something else ("..., including an aide to ...")
        clause.append(t)
    return (
        frozenset(
            stem(t.text)
            for t in clause
            if _is_word(t) and t.low not in lx.FUNCTION_WORDS and len(t.text) >= 4
        )
        - lx.GENERIC_STEMS
    )


_COPULA_COUNT = frozenset({"was", "is", "were", "are", "numbered", "totalled", "totaled", "reached", "hit"})


def _embedded(before: list[Token]) -> bool:
    """The figure sits in a relative clause describing a noun ("the union, which represents
    some 17,000 agents"): background, not what anybody asserts or denies."""
    for k in range(len(before) - 1, max(-1, len(before) - 11), -1):
        if before[k].low in _RELATIVES:
            prev = before[k - 1] if k > 0 else None
            if prev is None:
                return False
            if any(t.low in lx.REPORTING_VERBS or t.low in _VIEW_VERBS for t in before[k + 1 :]):
                return False  # "Baranov, whose centre sees output at 69 million": a view put forward
            near = {t.low for t in before[max(0, k - 12) : k]}
            nxt = before[k + 1] if k + 1 < len(before) else None
            subject_follows = nxt is None or not (
                nxt.low in lx.AUX_VERBS or (not nxt.is_cap and nxt.low.endswith(("ed", "es")))
            )  # "that it was", "that at least 10": a clause with its own subject
            if before[k].low == "that" and (
                (subject_follows and near & (lx.REPORTING_VERBS | lx.CLAIM_NOUNS | lx.COGNITIVE))
                or prev.low.endswith("ed")
                or prev.low in lx.COGNITIVE
            ):
                return False  # "said on Tuesday that ...", "I know that": a complement clause
            return not (
                prev.low in lx.REPORTING_VERBS
                or prev.low in lx.CLAIM_NOUNS
                or prev.low in ("so", "such", "than", "now", "fact", "evidence", "idea")
            )
        if before[k].text in (",", ";", ":") or before[k].low in lx.REPORTING_VERBS:
            return False
    return False


_IRREGULAR = frozenset({"died", "fled", "fell", "left", "lost", "won", "made", "took", "went", "ran", "hid"})


# what completes a light verb into the event ("took part", "went missing", "walked out")
_PARTICLES = frozenset({"part", "missing", "out", "home", "away", "off", "redundant"})


def _past(tok: Token) -> bool:
    """A past-tense or participle form ("walked", "arrested")."""
    return tok.low.endswith("ed") and len(tok.low) > 4


def _before_figure(event: str, before: list[Token]) -> bool:
    """Whether ``event`` was read from the words just before the figure (its last three)."""
    return any(t.low == event for t in before[-3:])


_CLAUSE_TURNS = frozenset({"but", "while", "whereas", "although", "though", ";"})


def _event(before: list[Token], after: list[Token]) -> str | None:
    for tok in reversed(before[-3:]):
        if tok.low in ("that", "which", ",", ";", ":", "and", "but", "while"):
            break  # "shared claims that 5,000 ...": a verb before the clause is not its event
        if (
            _is_word(tok)
            and not tok.is_cap
            and tok.low.endswith(("ed", "ing"))
            and tok.low not in lx.REPORTING_VERBS
            and tok.low != "including"
            and tok.low not in _SIZE_WORDS
        ):
            return tok.low
    for i, tok in enumerate(after[:10]):
        if tok.low in _CLAUSE_TURNS or (tok.low == "and" and i > 0 and after[i - 1].text == ","):
            break  # "$8 billion, but analysts pegged ...", "120, and accused ...": the next clause's verb
        first_verb = (
            i == 0
            and _past(tok)
            and (
                i + 1 == len(after)
                or not _is_word(after[i + 1])
                or after[i + 1].low in _PARTICLES | lx.FUNCTION_WORDS
            )
        )
        if (
            i <= 5
            and not tok.is_cap
            and (tok.low in _IRREGULAR or (tok.low.endswith("ed") and i > 0) or first_verb)
        ):
            particle = after[i + 1].low if i + 1 < len(after) else ""
            if particle in _PARTICLES:
                return f"{tok.low} {particle}"  # "9,000 people took part", "12 went missing"
            return tok.low  # "45 people died", "300 workers walked out"
        if tok.low in lx.AUX_VERBS and i + 1 < len(after):
            nxt = (
                after[i + 1]
                if after[i + 1].low not in lx.AUX_VERBS
                else (after[i + 2] if i + 2 < len(after) else after[i + 1])
            )
            if nxt.low.endswith("ed") or nxt.low in ("caught", "made", "killed", "held", "taken", "seen"):
                return nxt.low
            return None
    return None
