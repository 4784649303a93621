"""Who says something in a sentence: the subject before a verb, or the name after "said"/"by"."""

from __future__ import annotations

import re

from bot.detect import lexicon as lx
from bot.detect.text import Token, clean_name, is_quote

_NP_INNER = {"of", "for", "at", "with", "from", "in", "the", "a", "an", "and", "who", "familiar", "close"}
_NP_STOP = (lx.FUNCTION_WORDS - _NP_INNER - {"one", "two", "some", "many", "several", "both", "all"}) | {
    "that",
    "but",
    "said",
    "says",
    "told",
    "according",
    "despite",
    "however",
    "while",
    "when",
    "although",
    "though",
    "because",
    "since",
    "whereas",
    "unless",
    "if",
    "so",
    "meanwhile",
    "still",
    "moreover",
    "instead",
    "also",
    "now",
    "then",
    "yet",
    # sentence adverbs of time or order that open a sentence ("Earlier a spokeswoman said")
    "earlier",
    "later",
    "previously",
    "initially",
    "originally",
    "separately",
    "elsewhere",
}
_SKIP_BEFORE_VERB = (
    lx.TIME_WORDS
    | lx.WEEKDAYS
    | lx.MONTHS
    | lx.AUX_VERBS
    | {"not", "never", "n't", "only", "also", "just", "even"}
)
_PRONOUNS = {"he", "she", "it", "they", "we"}
_DISCOURSE = (
    ("on", "the", "other", "hand"),
    ("for", "its", "part"),
    ("for", "their", "part"),
    ("meanwhile",),
)
_DOCUMENT_HEADS = {"report", "reports", "claim", "claims", "story", "article", "piece", "post"}
_DETERMINERS = {"the", "a", "an", "one", "two", "three", "four", "several", "some", "many"}


def _text(toks: list[Token], i: int, j: int, sentence: str, base: int) -> str:
    return sentence[toks[i].start - base : toks[j].end - base] if i <= j else ""


def _np_word(tok: Token) -> bool:
    if is_quote(tok.text) or not (tok.text[:1].isalnum() or tok.text in ("(", ")", "-", "&")):
        return False
    low = tok.low
    if low in _NP_STOP or (low in lx.REPORTING_VERBS and not tok.is_cap):
        return False
    # lower-case past forms are verbs ("posted", "filed"), hyphenated ones adjectives ("Britain-based")
    return not (not tok.is_cap and low.endswith("ed") and "-" not in low and low not in ("based",))


def subject_before(toks: list[Token], i: int, sentence: str, base: int, depth: int = 0) -> str:
    """The noun phrase that is the subject of the verb at ``toks[i]`` ("" if none)."""
    j = _subject_end(toks, i)
    if j < 0:
        return ""
    low = toks[j].low
    if low in ("but", "and") and j >= 1 and depth == 0:
        return _conjoined_subject(toks, j, sentence, base, depth)
    if low in _PRONOUNS:
        return toks[j].text  # resolved to a name by the caller
    if low in ("which", "who") or (low == "that" and toks[i].low in lx.REPORTING_VERBS):
        return _relative_subject(toks, j, sentence, base, depth)
    if toks[j].text == ",":
        return _appositive_subject(toks, j, sentence, base)
    return _np_subject(toks, j, sentence, base)


def _skippable_before_verb(toks: list[Token], j: int) -> bool:
    """Words between a subject and its verb: auxiliaries, dates ("on Oct. 3"), adverbs."""
    tok = toks[j]
    return (
        tok.low in _SKIP_BEFORE_VERB
        # a floating quantifier after an auxiliary or a name: "Ortega and Vance have both denied",
        # "the airlines have all rejected"
        or (
            tok.low in ("both", "all", "each")
            and j > 0
            and (toks[j - 1].low in lx.AUX_VERBS or toks[j - 1].is_cap)
        )
        or (tok.text[:1].isdigit() and tok.low != "one")
        or (tok.text == "." and j > 0 and toks[j - 1].low in lx.MONTHS)
        or (
            tok.low.endswith("ly")
            and not tok.is_cap
            and len(tok.low) > 4
            # after a determiner a "-ly" word is a noun ("the rally", "a family"), not an adverb
            and not (j > 0 and toks[j - 1].low in _DETERMINERS)
        )
    )


def _subject_end(toks: list[Token], i: int) -> int:
    """Index of the last token of the subject of the verb at ``toks[i]`` (-1 if none)."""
    j = i - 1
    while j >= 0 and _skippable_before_verb(toks, j):
        if (
            toks[j].low in ("on", "in", "last", "this")
            and j + 1 < i
            and toks[j + 1].low not in _SKIP_BEFORE_VERB
        ):
            break  # "on"/"in" before a non-time word opens the subject's own phrase, not a date
        j -= 1
    return j


def _conjoined_subject(toks: list[Token], j: int, sentence: str, base: int, depth: int) -> str:
    """ "X said ... and added", "X investigated ... and found that ...": the first verb's subject."""
    k = j - 2 if toks[j - 1].text == "," else j - 1
    if k >= 0 and (toks[k].low in lx.REPORTING_VERBS or toks[k].low.endswith("ed")):
        return subject_before(toks, k, sentence, base, depth + 1)
    if toks[j].low == "and":
        return main_subject(toks, sentence, base, depth + 1)
    return ""


def _relative_subject(toks: list[Token], j: int, sentence: str, base: int, depth: int) -> str:
    """ "the report, which says": the noun the relative pronoun stands for."""
    k = j - 1
    if k >= 0 and toks[k].text == ",":
        k -= 1
    np = _last_np_segment(_collect_np(toks, k, sentence, base))
    if not np and depth == 0 and _authored_before(toks, k):
        # "Snopes has a writeup on the bogus report, which says:": the author's text speaks
        return main_subject(toks, sentence, base, depth + 1)
    return np


def _appositive_subject(toks: list[Token], j: int, sentence: str, base: int) -> str:
    """ "Mohammed Islam, the 17-year-old whose profile ..., says": skip the appositive."""
    k = j - 1
    while k >= 0 and toks[k].text != ",":
        k -= 1
    if k <= 0:
        return ""
    inner = _text(toks, k + 1, j - 1, sentence, base)
    head = _collect_np(toks, k - 1, sentence, base)
    if head.isdigit() and k >= 3 and toks[k - 2].text == ",":
        head = _collect_np(toks, k - 3, sentence, base)  # "Marlow, 58, who ...": an age, not a party
    if head and _is_name(inner):
        return f"{head}, {clean_name(inner)}"
    return head


def _np_subject(toks: list[Token], j: int, sentence: str, base: int) -> str:
    """The noun phrase ending at ``toks[j]``, corrected for a missing comma, a document head
    noun or a relative clause whose head lies further back."""
    subject = _collect_np(toks, j, sentence, base)
    # (a phrase opening with an article is a subject of its own: "..., though an aide denied it")
    if subject and subject == subject.lower() and len(subject.split()) >= 3 and not _ARTICLE.match(subject):
        named = _name_before_comma(toks, j, sentence, base)
        if named:
            return named
    if not subject and toks[j].low in _DOCUMENT_HEADS and j > 0:
        # "The bogus report says": a document speaks through its head noun
        before = _collect_np(toks, j - 1, sentence, base)
        subject = f"{before} {toks[j].text}" if before else ""
    if subject.lower().startswith(("who ", "which ")) or (" who " in subject or " which " in subject):
        return subject  # the phrase already spans the relative clause ("folks who know him")
    head = _relative_head(toks, j, sentence, base)
    return subject if head is None else head


_ARTICLE = re.compile(r"^(?:a|an|the)\s")


def _name_before_comma(toks: list[Token], j: int, sentence: str, base: int) -> str:
    """ "ESPN's Jo Bell, executive vice president of news released ...": an appositive whose
    closing comma is missing; the name before it is the subject."""
    p = j
    while p > 0 and toks[p].text != "," and not toks[p].is_cap:
        p -= 1
    if p > 0 and toks[p].text == "," and toks[p - 1].is_cap:
        return _collect_np(toks, p - 1, sentence, base)
    return ""


def _relative_head(toks: list[Token], j: int, sentence: str, base: int) -> str | None:
    """ "iFixit, on the other hand, who compared two models noticed": the relative clause's
    head, or None when no relative pronoun comes before ``toks[j]`` within the clause."""
    for k in range(j - 1, max(0, j - 15), -1):
        if toks[k].text in (",", ";", ":") or toks[k].low in lx.REPORTING_VERBS:
            return None
        if toks[k].low in ("who", "which") and toks[k - 1].low in lx.RELATIVE_PREPOSITIONS:
            return None  # "the year in which the agency counted": the clause has its own subject
        if toks[k].low in ("who", "which") and toks[k - 1].text[:1].isalnum():
            return _last_np_segment(_collect_np(toks, _skip_discourse(toks, k - 1), sentence, base))
    return None


def _skip_discourse(toks: list[Token], h: int) -> int:
    """Step back over a discourse marker ending at ``toks[h]`` ("on the other hand")."""
    for marker in _DISCOURSE:
        n = len(marker)
        if h - n >= 0 and tuple(t.low for t in toks[h - n + 1 : h + 1]) == marker:
            return h - n
    return h


_AUTHORING = {"has", "have", "had", "published", "posted", "ran", "wrote", "issued"}
_WORK_NOUNS = {"writeup", "write-up", "piece", "article", "post", "report", "story", "column", "analysis"}


def _authored_before(toks: list[Token], k: int) -> bool:
    """ "X has a writeup on Y": an authoring verb, then a work noun and "on"/"about" before ``k``."""
    for m in range(k - 1, max(-1, k - 8), -1):
        if toks[m].low in ("on", "about") and m >= 2 and toks[m - 1].low in _WORK_NOUNS:
            return any(t.low in _AUTHORING for t in toks[max(0, m - 4) : m - 1])
    return False


def _last_np_segment(np: str) -> str:
    """ "a local celebrity with the publication of a profile in New York magazine" -> the last
    determiner-led part that names something ("a profile in New York magazine")."""
    words = np.split()
    for k in range(len(words) - 1, 0, -1):
        if words[k].lower() in ("a", "an", "the") and any(w[:1].isupper() for w in words[k + 1 :]):
            return " ".join(words[k:])
    return np


def _is_name(text: str) -> bool:
    words = clean_name(text).removeprefix("the ").split()  # "a satirical site, the Daily Quip,"
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our"})


def _spaced_dash(toks: list[Token], k: int) -> bool:
    """A hyphen with spaces on both sides is a dash ("Nov 17 - Pakistan's army chief"), not
    part of a hyphenated name ("Al-Shabaab")."""
    return (
        toks[k].text == "-"
        and 0 < k < len(toks) - 1
        and toks[k - 1].end < toks[k].start
        and toks[k].end < toks[k + 1].start
    )


def plural_possessive(toks: list[Token], k: int) -> bool:
    """ "doctors' union", "teachers’ union": an apostrophe closing a plural noun is part of the
    phrase, not a quotation mark."""
    tok = toks[k]
    return (
        tok.text in ("'", "’")
        and k > 0
        and toks[k - 1].end == tok.start
        and toks[k - 1].low.endswith("s")
        and k + 1 < len(toks)
        and toks[k + 1].start > tok.end
        # "'yes' and ...": a word opened by a quote mark is quoted, not possessive
        and not (k > 1 and toks[k - 2].text in ("'", "‘") and toks[k - 2].end == toks[k - 1].start)
    )


# "Libya's ambassador to the United States": a role held toward a place keeps its "to"
_ROLES_TO = frozenset({"ambassador", "envoy", "representative", "delegate", "adviser", "advisor", "emissary"})


def _np_start(toks: list[Token], j: int) -> int:
    """Index of the first token of the noun phrase ending at ``toks[j]``."""
    k = j
    depth = 0
    while k >= 0:
        tok = toks[k]
        if (
            tok.text in ("—", "–")
            or (tok.text == "-" and k > 0 and toks[k - 1].text == "-")
            or _spaced_dash(toks, k)
        ):
            break  # "WASHINGTON -- the minister", "Nov 17 - the army chief": a dateline is no name
        if tok.text == ")":
            depth += 1
        elif tok.text == "(":
            depth -= 1
        elif (
            depth == 0
            and not _np_word(tok)
            and not (k < j and plural_possessive(toks, k))
            and not (k < j and tok.low == "to" and k > 0 and toks[k - 1].low in _ROLES_TO)
        ):
            if k < j and tok.low in _POSSESSIVE_DETERMINERS and (k == 0 or not _np_word(toks[k - 1])):
                return k  # "Her publicist", "their lawyers": the determiner opens the phrase
            break
        k -= 1
    return k + 1


def _collect_np(toks: list[Token], j: int, sentence: str, base: int) -> str:
    end = j
    start = _np_start(toks, j)
    # trim leading connectors and trailing prepositions
    while start <= end and (toks[start].low in _NP_INNER - _DETERMINERS or toks[start].low in lx.WEEKDAYS):
        start += 1
    while end >= start and toks[end].low in ("of", "for", "at", "with", "from", "and", "who"):
        end -= 1
    if start > end:
        return ""
    name = _text(toks, start, end, sentence, base)
    # appositive in front: "Ahmed Rudaini, the health ministry's spokesman"
    if toks[start].low in _DETERMINERS and start >= 2 and toks[start - 1].text == ",":
        k = start - 2
        while k >= 0 and toks[k].is_cap and toks[k].text[:1].isalpha():
            k -= 1
        chunk = {t.low for t in toks[k + 1 : start - 1]}
        if (
            k < start - 2
            and not chunk & (_NP_STOP | lx.TIME_WORDS)
            and (k < 0 or toks[k].text in (",", "But") or toks[k].low in ("but", "and"))
        ):
            name = _text(toks, k + 1, end, sentence, base)
    return clean_name(name)


def _participle_after_det(toks: list[Token], j: int) -> bool:
    """ "a leaked memo", "the revised figures": an -ed word between a determiner and a noun is
    an adjective, not the verb that ends the phrase."""
    return (
        j > 0
        and toks[j - 1].low in _DETERMINERS
        and toks[j].low.endswith("ed")
        and j + 1 < len(toks)
        and _np_word(toks[j + 1])
    )


def np_after(toks: list[Token], i: int, sentence: str, base: int) -> str:
    """The noun phrase starting right after ``toks[i]`` ("said Marsha Catron", "by the ministry")."""
    j = i + 1
    while j < len(toks) and toks[j].low in lx.TIME_WORDS - {"the", "a"} and toks[j].low not in ("the",):
        j += 1
    start = j
    depth = 0
    while j < len(toks):
        tok = toks[j]
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif depth == 0 and tok.text == "." and j > start and toks[j - 1].low in lx.ABBREVIATIONS:
            pass  # "Rep. Duncan Hunter"
        elif depth == 0 and (tok.text == "," or not (_np_word(tok) or _participle_after_det(toks, j))):
            break
        j += 1
    end = j - 1
    while end >= start and toks[end].low in (
        "of",
        "for",
        "at",
        "with",
        "from",
        "and",
        "who",
        "there",
        "here",
    ):
        end -= 1
    if start > end:
        return ""
    return clean_name(_text(toks, start, end, sentence, base))


def main_subject(toks: list[Token], sentence: str, base: int, depth: int = 0) -> str:
    """Subject of the first verb of the sentence, for participles ("..., saying that ...")."""
    i = 0
    # skip a leading adjunct up to the first comma ("On Nov. 10, a website posted ...")
    if toks and toks[0].low in ("but", "and", "however", "yet", "so"):
        i = 1
    elif toks and toks[0].low in ("on", "in", "at", "last", "earlier"):
        for k, t in enumerate(toks[:8]):
            if t.text == ",":
                i = k + 1
                break
    for k in range(i + 1, len(toks)):
        if toks[k].text == "," and k > i + 1 and not toks[k - 1].is_cap:
            continue
        low = toks[k].low
        if (
            low in lx.AUX_VERBS
            or low in lx.REPORTING_VERBS
            or (not toks[k].is_cap and low.endswith("ed") and "-" not in low)
            or low in ("fired", "shot", "put", "made")
        ):
            return subject_before(toks, k, sentence, base, depth)
    return ""
