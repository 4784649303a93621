"""Find quantities in a sentence and normalise them to value / low / high with the qualifier kept.

Dates, years, clock times, ages, ordinals, identifiers (flight numbers, phone numbers, "A320")
and durations are skipped: they are not quantities anybody disputes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.detect import lexicon as lx
from bot.detect.model import Figure, Span

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CUR = r"US\$|A\$|C\$|[$£€¥]|Rs\.?\s?"
_NUMERIC = re.compile(
    # the look-behind starts a number only at the start of a digit run (linear on long runs)
    rf"(?P<cur>{_CUR})?\s?(?<!\d)(?<!\d[,.])(?P<num>{_NUM})"
    r"(?:(?P<sp>\s?)(?P<scale>million|billion|trillion|thousand|hundred|lakh|crore|mn|mln|bn|tn|m|b|k)"
    r"(?![\w]))?"
    r"(?P<pct>\s?%|\s?(?:percent|per\s+cent)\b)?"
    # "21g heavier", "5kg": a measurement written with its unit glued on
    r"(?:(?<=\d)(?:kg|mg|g|lbs?|oz|km|cm|mm|ml))?"
    r"(?![\w])",
    re.IGNORECASE,
)
MAX_FIGURES = 60
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24, 143),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2000, 999_999),
    "millions": (2e6, 999e6),
    "billions": (2e9, 999e9),
}
_QUAL_BEFORE = re.compile(r"([a-z][a-z ]*?)[\s\"“”'‘’]*$", re.I)
_AFTER_PLUS = re.compile(r"^\s*(?:\+|plus\b|or more\b|or so\b)", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|and)\s*$", re.IGNORECASE)
_PHONE = re.compile(r"\d{3}[-.\s]\d{3}[-.]\d{4}")
_AGE_AFTER = re.compile(r"^(?:-|\s)?(?:year|yr)s?(?:-|\s)old|^-year\b|^\s*years?\s+of\s+age", re.I)
_TIME_AFTER = re.compile(r"^(?::\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|o'clock|h\b))", re.I)


_AGE_BEFORE = re.compile(r"\bage[ds]?(?:\s+of)?\s*$", re.I)
_WEEKDAY_BEFORE = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:the\s+)?$", re.I)
_MONTH_AFTER = re.compile(
    r"^(?:st|nd|rd|th)?\s+(?:of|in)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I
)
# "Gill Rosenberg, 31," or "the skipper, 54,": an age in apposition to a name or a person noun
_APPOSITIVE_AGE = re.compile(r"(?:[A-Z][\w’'-]+|\b(?i:the|a|an|his|her|their)\s+[a-z][\w-]+),\s*$")
_CAMEL = re.compile(r"(?:[a-z][A-Z]\w*|[=#])\s*$")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w-]*)\s$")
_NOT_NAMES = lx.FUNCTION_WORDS | lx.MONTHS | frozenset(w for q in lx.QUALIFIERS for w in q.split())


def find_figures(sentence: Span) -> list[Figure]:
    """Every quantity in ``sentence``, left to right, with document offsets."""
    text = sentence.text
    raw: list[tuple[int, int, float, str | None, str | None]] = []  # start, end, value, unit, vague
    taken: list[tuple[int, int]] = []
    for m in _NUMERIC.finditer(text):
        item = _numeric(text, m)
        if item is not None:
            raw.append(item)
            if len(raw) >= MAX_FIGURES:
                break
        taken.append((m.start(), m.end()))
    for item in _word_numbers(text):
        if not any(s < item[1] and item[0] < e for s, e in taken):
            raw.append(item)
    raw.sort()
    # a sentence with more figures than this is a table or hostile text, not a claim; the cap
    # keeps the per-figure steps (counted thing, negation, conflicts) bounded
    return _without_conversions(sentence, _assemble(sentence, raw[:MAX_FIGURES]))


# the money word of the first sum may stand between it and the bracket ("700 pence (")
_OPEN_PAREN = re.compile(r"^\s*(?:[a-z]+\s*)?\(\s*(?:about|around|some|roughly|approximately)?\s*$", re.I)


def _without_conversions(sentence: Span, figures: list[Figure]) -> list[Figure]:
    """Drop a sum in brackets right after another sum ("700 pence ($11.50)"): the same amount in
    another currency, not a second claim."""
    kept: list[Figure] = []
    for fig in figures:
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and _is_money(prev, sentence)
            and _is_money(fig, sentence)
            and _OPEN_PAREN.match(
                sentence.text[prev.span.end - sentence.start : fig.span.start - sentence.start]
            )
        ):
            continue
        kept.append(fig)
    return kept


def _is_money(fig: Figure, sentence: Span) -> bool:
    if fig.unit is not None:
        return fig.unit != "%"
    after = _WORD.search(sentence.text, fig.span.end - sentence.start)
    return after is not None and after.group().lower() in _MONEY_WORDS


# names of money beyond those the unit table normalises: enough to see "a sum" in a bracket
_MONEY_WORDS = frozenset(lx.CURRENCY_WORDS) | frozenset(
    (
        "pence",
        "penny",
        "cents",
        "francs",
        "marks",
        "crowns",
        "lire",
        "pesos",
        "dinars",
        "shillings",
        "riyals",
        "rupiah",
        "baht",
        "ringgit",
        "zlotys",
        "kronor",
        "kroner",
    )
)


def _numeric(text: str, m: re.Match[str]) -> tuple[int, int, float, str | None, str | None] | None:
    cur, num, scale, pct = m.group("cur"), m.group("num"), m.group("scale"), m.group("pct")
    start = m.start("cur") if cur else m.start("num")
    end = m.end()
    value = float(num.replace(",", ""))
    if scale:
        s = scale.lower()
        if s in lx.SHORT_SCALES:
            # "10k", "$72m", "£1bn": only when glued to the number, and m/b only for money
            if m.group("sp") or (s in ("m", "b") and not cur):
                return (
                    None
                    if _excluded(text, start, m.end("num"), value, cur, num)
                    else (start, m.end("num"), value, _unit(cur, None, text, m.end("num")), None)
                )
            value *= lx.SHORT_SCALES[s]
        else:
            value *= lx.SCALES[s]
    elif _excluded(text, start, end, value, cur, num):
        return None
    unit = "%" if pct else _unit(cur, scale, text, end)
    if not scale and not pct and _excluded(text, start, end, value, cur, num):
        return None
    return (start, end, value, unit, None)


def _unit(cur: str | None, scale: str | None, text: str, end: int) -> str | None:
    if cur:
        return lx.CURRENCY_SYMBOLS.get(cur.strip().lower(), "USD")
    nxt = _WORD.match(text, end + 1) if end < len(text) and text[end] == " " else None
    if nxt and nxt.group().lower() in lx.CURRENCY_WORDS:
        return lx.CURRENCY_WORDS[nxt.group().lower()]
    return None


@dataclass(frozen=True, slots=True)
class _Around:
    """A number as written and the text around it, for the exclusion checks below."""

    text: str
    start: int
    end: int
    value: float
    num: str

    @property
    def before(self) -> str:
        return self.text[max(0, self.start - 14) : self.start]

    @property
    def after(self) -> str:
        return self.text[self.end : self.end + 14]


def _part_of_a_token(x: _Around) -> bool:
    """A320, B-1, 9/11, 10:37, #3, "9.56am", a phone number."""
    text, start, after = x.text, x.start, x.after
    prev_ch = text[start - 1] if start > 0 else " "
    if prev_ch.isalpha() or prev_ch in "#/:" or (prev_ch in "-–" and start > 1 and text[start - 2].isalpha()):
        return True
    if after[:1] in ("/", ":") and after[1:2].isdigit():
        return True
    if after[:1] == "." and after[1:2].isdigit():
        return True
    return bool(_PHONE.search(text[max(0, start - 8) : x.end + 9]))


def _a_year_or_identifier(x: _Around) -> bool:
    """A year, or a long bare number ("5235081"), or an id after camelCase ("liveNowId 5235081")."""
    bare = "." not in x.num and "," not in x.num
    if (bare and (1800 <= x.value <= 2100 or x.value > 9999)) or _CAMEL.search(x.before):
        return True
    if (
        bare
        and 1000 <= x.value < 1800
        and _OLD_YEAR_BEFORE.search(x.before)
        and _OLD_YEAR_AFTER.match(x.after)
    ):
        return True  # "in 1485,", "since 1066 the": an older year, not "in 1200 homes"
    # "id: 5235081" is an identifier; "Mayor: 12,000 attended" (a headline's speaker) is not
    return bare and x.before.rstrip().endswith(":")


_OLD_YEAR_BEFORE = re.compile(r"\b(?:in|since|until|till|circa|c\.|year)\s+$", re.I)
_OLD_YEAR_AFTER = re.compile(r"\s*(?:$|[,.;:)!?\"”’']|(?:and|when|at|the|as|after|before|to)\b|[A-Z])")


def _a_date_or_age(x: _Around) -> bool:
    """ "at the age of 34", "Tuesday the 16", "the 22 of December", "Gill Rosenberg, 31, ..." """
    text, start, end = x.text, x.start, x.end
    if _AGE_BEFORE.search(x.before) or _WEEKDAY_BEFORE.search(text[max(0, start - 16) : start]):
        return True
    if _MONTH_AFTER.match(x.after + text[end + 14 : end + 24]) and x.value <= 31:
        return True
    return (
        x.value < 120
        and "." not in x.num
        and x.after[:1] == ","
        and bool(_APPOSITIVE_AGE.search(text[max(0, start - 40) : start]))
    )


def _part_of_a_name(x: _Around) -> bool:
    """ "Janes 360", "Boeing 747"."""
    name = _NAME_BEFORE.search(x.text, max(0, x.start - 40), x.start)  # a bounded look back
    return bool(name and name.start() > 0 and "," not in x.num and name.group(1).lower() not in _NOT_NAMES)


def _labelled_by_the_word_before(x: _Around) -> bool:
    """A time or age after the number, a month, "aged", or an identifier prefix before it."""
    if _TIME_AFTER.match(x.after) or _AGE_AFTER.match(x.after):
        return True
    prev = re.findall(r"[A-Za-z#.]+", x.before)
    last = prev[-1].lower() if prev else ""
    bare = last.rstrip(".")
    if bare in lx.MONTHS and x.value <= 31:
        return True
    # "the top 10 players": a bracket of a ranking, not a count anyone gives
    return bare in ("age", "aged", "ages", "top") or last in lx.ID_PREFIXES or bare in lx.ID_PREFIXES


def _a_time_or_uncounted_unit(x: _Around) -> bool:
    """A duration, a day of the month or a thing never counted follows; unless the span of some
    state is itself the quantity ("five days of darkness", "float for 3 seconds")."""
    nxt = re.match(r"[\s-]*([A-Za-z]+)", x.after)
    word = nxt.group(1).lower() if nxt else ""
    if word in lx.TIME_UNITS and (
        _SPAN_OF_STATE.match(x.after + x.text[x.end + 14 : x.end + 40])
        or (word in _BRIEF_UNITS and _BRIEF_SPELL.search(x.before))
    ):
        return False
    return (word in lx.MONTHS and x.value <= 31) or word in lx.TIME_UNITS or word in lx.NOT_COUNTED


# "30, 40 or even 50 years ago", "20 to 30 minutes": the last number's unit is every listed number's
_LISTED_BEFORE_UNIT = re.compile(
    # possessive runs: a long run of digits and commas must not backtrack
    r"(?:\s*+,\s*+(?:even\s+|perhaps\s+|maybe\s+)?\d++(?:[,.]\d++)*+)*+\s*+,?\s*+(?:or|and|to|-|–)\s*+"
    r"(?:even\s+|perhaps\s+|maybe\s+|possibly\s+)?\d++(?:[,.]\d++)*+[\s-]+([A-Za-z]+)"
)


def _listed_before_a_time(x: _Around) -> bool:
    """A number in a list whose last member is a duration or a day of the month."""
    m = _LISTED_BEFORE_UNIT.match(x.text, x.end, min(len(x.text), x.end + 60))
    return m is not None and m.group(1).lower() in lx.TIME_UNITS


# An emergency number is dialled, never counted: "called 911", "the 999 call", "a 112 operator".
_EMERGENCY_BEFORE = re.compile(
    r"\b(?:call|calls|called|calling|dial|dials|dialed|dialled|dialing|dialling)\s+$", re.I
)
_EMERGENCY_AFTER = re.compile(
    r"^[\s-]*(?:calls?|callers?|dispatch\w*|operators?|tapes?|recordings?|lines?|centers?|centres?|system)\b",
    re.I,
)


def _an_emergency_number(x: _Around) -> bool:
    return x.num in ("911", "999", "112") and bool(
        _EMERGENCY_BEFORE.search(x.before) or _EMERGENCY_AFTER.match(x.after)
    )


# A calibre names a kind of weapon or round, it counts nothing: "a 9 mm pistol", ".45-caliber
# rounds", "a 155mm howitzer", "7.62 millimetre ammunition".
_CALIBRE_AFTER = re.compile(
    r"[\s-]*(?:mm|millimet(?:er|re)s?|cal(?:iber|ibre)?)\b[\s-]*(?:semi-?automatic\s+)?"
    r"(?:guns?|pistols?|revolvers?|handguns?|rifles?|weapons?|rounds?|bullets?|shells?|ammunition|cartridges?|"
    r"howitzers?|cannons?|artillery|mortars?|machine|caliber|calibre|semi)\b",
    re.I,
)


def _a_calibre(x: _Around) -> bool:
    return bool(_CALIBRE_AFTER.match(x.text, x.end, min(len(x.text), x.end + 40)))


# "100 percent false", "100% sure", "110 per cent committed": a degree of conviction, not a share
_PERCENT_AT = re.compile(r"\d+\s*(?:%|percent\b|per\s*cent\b)", re.I)
_INTENSIFIER_AFTER = re.compile(
    r"[\s\"”’'-]*(?:(?:not|completely|totally)\s+)?"
    r"(?:false|untrue|true|wrong|right|correct|incorrect|accurate|inaccurate|sure|certain|confident|"
    r"committed|behind|innocent|guilty|fake|fabricated|made\s+up|legit|legitimate|honest|safe|"
    r"certainty|fiction|fictitious|a\s+lie|lies|nonsense|baseless|genuine|positive)\b",
    re.I,
)


def _an_intensifier(x: _Around) -> bool:
    if x.value not in (100.0, 110.0, 1000.0):
        return False
    # the percent sign or word may be part of the number's own match or just after it
    percent = _PERCENT_AT.match(x.text, x.start, min(len(x.text), x.end + 12))
    end = min(len(x.text), x.end + 40)
    return percent is not None and _INTENSIFIER_AFTER.match(x.text, percent.end(), end) is not None


# In order: the cheap character checks first.
_EXCLUSIONS = (
    _part_of_a_token,
    _an_emergency_number,
    _a_calibre,
    _a_year_or_identifier,
    _a_date_or_age,
    _part_of_a_name,
    _labelled_by_the_word_before,
    _a_time_or_uncounted_unit,
    _listed_before_a_time,
    _an_intensifier,
)


def _excluded(text: str, start: int, end: int, value: float, cur: str | None, num: str) -> bool:
    """Whether a number is not a figure (a date, time, age, identifier, part of a name...).
    A currency sign makes it money whatever surrounds it."""
    if cur:
        return False
    around = _Around(text, start, end, value, num)
    return any(check(around) for check in _EXCLUSIONS)


# "five days of darkness": a stretch of some state is the quantity a claim is about, unlike
# "after 3 years of talks" (long spans, possessives) where the duration only dates something
_SPAN_OF_STATE = re.compile(
    r"^[\s-]*(?:days|nights|hours)\s+of\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|our\b|my\b)[a-z]{4,}\b",
    re.I,
)


# "float for 3 seconds at a time": a spell of seconds or minutes that something lasts is the
# quantity claimed; longer spans after "for" ("for 3 years") mostly date a story instead
_BRIEF_SPELL = re.compile(r"\b[a-z]{3,}\s+for\s+(?:up\s+to\s+|about\s+|nearly\s+)?$")
_BRIEF_UNITS = frozenset({"second", "seconds", "minute", "minutes"})


_NUMBER_STARTS = frozenset({*lx.UNITS, *lx.TENS, "a", "one", "half", "tens", *_VAGUE})


def _word_numbers(text: str) -> list[tuple[int, int, float, str | None, str | None]]:
    words = list(_WORD.finditer(text))
    out: list[tuple[int, int, float, str | None, str | None]] = []
    i = 0
    while i < len(words):
        if words[i].group().lower().split("-")[0] not in _NUMBER_STARTS:
            i += 1
            continue
        parsed = _parse_words(words, i)
        if parsed is None:
            i += 1
            continue
        j, value, vague = parsed
        start, end = words[i].start(), words[j - 1].end()
        prefix = text[max(0, start - 40) : start].rstrip(" \"“‘'(")
        opening = start <= 40 and text[:start].strip(" \"“‘'(") == ""
        if words[i].group()[:1].isupper() and not (opening or prefix.endswith((":", "—", "–", " -"))):
            i = j  # "Page Six", "Ocean's Eleven": part of a name
            continue
        if (
            words[i].group().lower() == "zero"
            and i > 0
            and words[i - 1].group().lower() not in lx.FUNCTION_WORDS
        ):
            i = j  # "patient zero", "ground zero": a name, not a count
            continue
        if i > 0 and words[i - 1].group().lower() in ("any", "every"):
            i = j  # "between any two models": a way of picking, not a count anybody claims
            continue
        if i > 0 and words[i - 1].group().lower() == "number":
            i = j  # "public enemy number one", as "number 10" is for digits: a rank or a name
            continue
        nxt = words[j].group().lower() if j < len(words) else ""
        after = text[end : end + 12]
        if (
            (
                nxt in lx.TIME_UNITS
                and not _SPAN_OF_STATE.match(text[end : end + 40])
                and not (nxt in _BRIEF_UNITS and _BRIEF_SPELL.search(text[max(0, start - 40) : start]))
            )
            or _AGE_AFTER.match(after)
            or nxt in lx.NOT_COUNTED
        ):
            i = j
            continue
        if "-" in words[j - 1].group() and words[j - 1].group().split("-")[-1].lower() in lx.TIME_UNITS:
            i = j
            continue
        unit = lx.CURRENCY_WORDS.get(nxt)
        out.append((start, end, value, unit, vague))
        i = j
    return out


def _vague_prefix(words: list[re.Match[str]], i: int) -> tuple[int, float, str | None] | None:
    """ "hundreds of", "tens of thousands of": a vague amount and its kind."""
    first = words[i].group().lower()
    if first in ("tens", "hundreds") and i + 2 < len(words) and words[i + 1].group().lower() == "of":
        scale = words[i + 2].group().lower()
        if scale in ("thousands", "millions"):
            # "tens of thousands" from 10,000, "hundreds of thousands" from 200,000
            low = 10 * _VAGUE[scale][0] / 2 if first == "tens" else 100 * _VAGUE[scale][0]
            return i + 3, low, f"{first} of {scale}"
    if first in _VAGUE and i + 1 < len(words) and words[i + 1].group().lower() == "of":
        return i + 1, _VAGUE[first][0], first
    return None


def _word_at(words: list[re.Match[str]], j: int) -> str:
    return words[j].group().lower() if j < len(words) else ""


def _leads_a_scale(words: list[re.Match[str]], j: int, w: str) -> bool:
    """ "a million", "one dozen", "half a million": an article standing for one (or a half)."""
    nxt = _word_at(words, j + 1)
    return w in ("a", "one", "half") and (nxt in lx.SCALES or nxt == "dozen" or (w == "half" and nxt == "a"))


def _and_a_half(words: list[re.Match[str]], j: int, w: str) -> bool:
    # "three and a half million": the half belongs to the three
    return w == "and" and _word_at(words, j + 1) == "a" and _word_at(words, j + 2) == "half"


_FRACTIONS = {"quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}


def _fraction_of_scale(words: list[re.Match[str]], i: int) -> tuple[int, float, str | None] | None:
    """ "a quarter of a million", "three quarters of a million": a fraction of a scale word."""
    w = [_word_at(words, j) for j in range(i, i + 5)]
    count = 1 if w[0] in ("a", "one") else lx.UNITS.get(w[0], 0)
    if count and w[1] in _FRACTIONS and w[2] == "of" and w[3] == "a" and w[4] in lx.SCALES:
        return i + 5, round(count * _FRACTIONS[w[1]] * lx.SCALES[w[4]]), None
    return None


def _written_number(parts: list[str]) -> float | None:
    """The value of one number word ("seven", "twenty-five", "one-and-a-half"), else None."""
    if all(p in lx.UNITS or p in lx.TENS for p in parts) and len(parts) <= 2:
        return float(sum(lx.UNITS.get(p, 0) + lx.TENS.get(p, 0) for p in parts))
    if len(parts) == 4 and (parts[0] in lx.UNITS or parts[0] == "one") and parts[1:] == ["and", "a", "half"]:
        return lx.UNITS.get(parts[0], 1) + 0.5
    return None


def _parse_words(words: list[re.Match[str]], i: int) -> tuple[int, float, str | None] | None:
    """Parse number words starting at ``words[i]``: (end index, value, vague kind or None)."""
    prefixed = _vague_prefix(words, i) or _fraction_of_scale(words, i)
    if prefixed is not None:
        return prefixed
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(words):
        w = words[j].group().lower()
        written = _written_number(w.split("-"))
        if written is not None:
            current += written
            seen = True
        elif not seen and _leads_a_scale(words, j, w):
            current = 0.5 if w == "half" else 1.0
            j += w == "half"  # "half a million": the "a" is read with the half
            seen = True
        elif not seen:
            break
        elif w == "dozen":
            current *= 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in lx.SCALES:
            total += (current or 1) * lx.SCALES[w]
            current = 0.0
        elif _and_a_half(words, j, w):
            current += 0.5
            j += 2
        elif not (w == "and" and _word_at(words, j + 1) in lx.UNITS | lx.TENS):
            break
        j += 1
    if not seen or j == i:
        return None
    return j, total + current, None


def _assemble(sentence: Span, raw: list[tuple[int, int, float, str | None, str | None]]) -> list[Figure]:
    text, base = sentence.text, sentence.start
    out: list[Figure] = []
    k = 0
    while k < len(raw):
        start, end, value, unit, vague = raw[k]
        # "between 12 and 25", "30-60 million", "from 5 to 10"
        if k + 1 < len(raw) and _RANGE_JOIN.match(text[end : raw[k + 1][0]]) and not vague:
            s2, e2, v2, u2, vg2 = raw[k + 1]
            joiner = text[end:s2].strip().lower()
            pre = text[:start].rstrip().lower()
            if joiner != "and" or pre.endswith("between"):
                lo = value
                if v2 >= 1000 and lo < v2 / 100:
                    lo = lo * _scale_of(v2, text[s2:e2])
                if not vg2 and lo <= v2:
                    qual_start = start - len("between ") if pre.endswith("between") else start
                    out.append(
                        Figure(
                            Span(text[qual_start:e2], base + qual_start, base + e2),
                            None,
                            lo,
                            v2,
                            "between",
                            unit or u2,
                        )
                    )
                    k += 2
                    continue
        qualifier, qstart = _qualifier(text, start, end)
        if vague:
            lo, hi = _VAGUE.get(vague.split()[-1], (value, value * 10))
            out.append(
                Figure(
                    Span(text[start:end], base + start, base + end),
                    None,
                    lo if not vague.startswith(("tens", "hundreds of")) else value,
                    hi,
                    "vague",
                    unit,
                )
            )
            k += 1
            continue
        low, high = _bounds(qualifier, value)
        out.append(
            Figure(Span(text[qstart:end], base + qstart, base + end), value, low, high, qualifier, unit)
        )
        k += 1
    return out


def _scale_of(value: float, written: str) -> float:
    for word, mult in (*lx.SCALES.items(), *lx.SHORT_SCALES.items()):
        if re.search(rf"\d\s?{word}\b", written, re.I):
            return mult
    return 1.0


def _qualifier(text: str, start: int, end: int) -> tuple[str | None, int]:
    if _AFTER_PLUS.match(text[end:]):
        return "more than", start
    window = max(0, start - 30)
    m = _QUAL_BEFORE.search(text[window:start])
    if m:
        found = list(re.finditer(r"\S+", m.group(1)))
        words = [w.group().lower() for w in found]
        for n in (3, 2, 1):
            phrase = " ".join(words[-n:])
            if len(words) >= n and phrase in lx.QUALIFIERS:
                # the span starts at the phrase's first word ("as many as", not its last "as")
                return lx.QUALIFIERS[phrase], window + m.start(1) + found[-n].start()
    return None, start


def _bounds(qualifier: str | None, value: float) -> tuple[float | None, float | None]:
    if qualifier in lx.LOWER_BOUND:
        return value, None
    if qualifier in lx.UPPER_BOUND or qualifier == "less than":
        return None, value
    return None, None


def interval(fig: Figure) -> tuple[float, float]:
    """The values a figure allows once its qualifier is applied (approximate: ±15%)."""
    if fig.value is None:
        return (fig.low or 0.0, fig.high if fig.high is not None else float("inf"))
    v = fig.value
    if fig.qualifier in lx.LOWER_BOUND:
        return v, float("inf")
    if fig.qualifier in ("nearly", "almost"):
        return v * 0.85, v
    if fig.qualifier in ("up to", "less than"):
        return 0.0, v
    if fig.qualifier in lx.APPROXIMATE or fig.qualifier in ("about",):
        return v * 0.85, v * 1.15
    slack = min(0.02, _written_precision(fig.span.text))
    return v * (1 - slack), v * (1 + slack)


_DECIMAL = re.compile(r"(\d+)\.(\d+)")


def _written_precision(text: str) -> float:
    """Relative rounding a figure's decimals allow: "23.8" is 23.75 to 23.85 (0.2%); without
    decimals, 1 (the caller's loose reading applies)."""
    m = _DECIMAL.search(text)
    if not m:
        return 1.0
    written = float(m.group(0))
    return 0.5 * 10 ** -len(m.group(2)) / written if written else 1.0


_HIGH_CEILINGS = ("as many as", "as high as", "as much as", "up to")
# a rival figure set against one just given ("..., while Y said closer to 30")
CONTRASTED = ("closer to", "nearer to", "nearer")


def plausible_interval(fig: Figure) -> tuple[float, float]:
    """The interval a reader takes from a figure: "at least 63" means 63 to about 72, not 98, "as many
    as 2,000" well over 1,800."""
    lo, hi = interval(fig)
    written = " ".join(fig.span.text.lower().split())
    if fig.value is not None and written.startswith(CONTRASTED):
        # "closer to 1.1 million" is said against a figure just given: it admits that one's
        # neighbourhood, not the ±15% an "about" does
        return fig.value * 0.95, fig.value * 1.05
    if hi == float("inf") and fig.value is not None:
        hi = fig.value * 1.15
    # "as many as 2,000" stresses how large the figure is; it does not admit 150
    if lo == 0.0 and fig.value is not None and written.startswith(_HIGH_CEILINGS):
        lo = fig.value * 0.9
    return lo, hi


def disjoint(a: Figure, b: Figure) -> bool:
    """Whether two figures cannot be the same quantity read loosely (rival figures, not one)."""
    lo1, hi1 = plausible_interval(a)
    lo2, hi2 = plausible_interval(b)
    return hi1 < lo2 or hi2 < lo1
