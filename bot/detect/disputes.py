"""Turn denials and conflicts into disputes: contested figure, claimant, disputing party, evidence."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.detect import lexicon as lx
from bot.detect.conflicts import ClaimInfo, find_conflicts
from bot.detect.denials import CUE_NEVER_SAID, CUE_NO_EXIST, DenialHit, DenialKind
from bot.detect.entities import Entities, same_party
from bot.detect.figures import interval
from bot.detect.model import Claim, Dispute, DisputeKind, Figure, Span
from bot.detect.text import contains_word, norm_name, quoted_text, stem, stems_overlap

_NAME = r"(?<![\w.’'-])(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.-]*"  # starts at a word start
_CLAIM_WORDS = (
    r"(?:claims?|account|reports?|figures?|statements?|estimates?|assertions?|story|numbers?|allegations?)"
)
_POSSESSOR = re.compile(rf"(?P<o>{_NAME})[’']s\s+(?:\w+\s+)?{_CLAIM_WORDS}\b")
_BY_OWNER = re.compile(rf"\b{_CLAIM_WORDS}\s+(?:by|from|of)\s+(?:the\s+|an?\s+)?(?P<o>{_NAME})")
_LOWER_POSSESSOR = re.compile(rf"\b(?P<o>the\s+[a-z]+)[’']s\s+(?:\w+\s+)?{_CLAIM_WORDS}\b")
_THE_OWNER = re.compile(rf"\bthe\s+(?P<o>{_NAME})\s+{_CLAIM_WORDS}\b")
_PRONOUN_OWNER = re.compile(rf"\b(?P<o>his|her|their|its)\s+(?:\w+\s+)?{_CLAIM_WORDS}\b", re.I)
_FIGURE_ANAPHOR = re.compile(
    r"\b(?:the|that|this|these|those|both)\s+(?:[\w-]+\s+)?(?:figures?|numbers?|estimates?|toll|tally|count|amount)\b",
    re.I,
)
_PLURAL_ANAPHOR = re.compile(r"\b(?:these|those|the)\s+(?:[\w-]+\s+)?(?:figures|numbers|estimates)\b", re.I)
_BOTH_ANAPHOR = re.compile(r"\bboth\s+(?:[\w-]+\s+)?(?:figures|numbers|estimates|counts|tallies)\b", re.I)
_BARE_ANAPHOR = re.compile(
    r"\b(?:the|these|those|this|that|such)\s+"
    r"(?P<n>claims?|reports?|article|story|allegations?|accusations?|rumou?rs?|speculation)\b"
    r"(?!\s+(?:that|by|from|of|in|about))",
    re.I,
)
_TOPIC_TRIGGER = re.compile(rf"\b{_CLAIM_WORDS}\b|\bspeculation\b|\bsuggestion\b|\bthat\b|\bthing\b", re.I)
_GERUND_OBJECT = re.compile(r"^\s*(?:\w+ly\s+)?(?:ever\s+|having\s+)?\w+ing\b(?<!\bthing)", re.I)
_EMPTY_NO_EVIDENCE = re.compile(r"^no\s+(?:credible|evidence|proof|basis|truth)\b[\w\s]{0,25}$", re.I)
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[\s\"“‘:])(?:this|that|it)(?:(?:\s+(?:is|was)|’s|'s)\s+|\s+)(?:\w+ly\s+|just\s+|simply\s+|a\s+|an\s+)*$",
    re.I,
)
_OWNERS_WORK = re.compile(r"\b(?:his|her|its|their)\s+(?:piece|story|article|report|column|post)\b", re.I)
_CLAIM_CLASS = frozenset({"alleg", "accus", "charg", "claim"})  # "the accusations" ~ "alleged"
_EXISTENCE_CUES = frozenset({CUE_NO_EXIST, "no such"}) | frozenset(
    {"does not exist", "doesn't exist", "did not happen", "didn't happen", "never happened"}
)
_WORDS = re.compile(r"[A-Za-z][A-Za-z-]+")
_UNAWARE = frozenset({"not aware of any", "unaware of any"})
_CALLED_WORDS = lx.FALSE_WORDS | lx.CALL_ONLY_WORDS
_CALLED_PRONOUN = re.compile(r"^\s*(?:it|this|that|them|these|those)\b(?!\s+(?:figure|number|claim))", re.I)


def _usable(info: ClaimInfo) -> bool:
    return info.claim.figure.qualifier != "vague" and not info.counted.population


def _anothers_figure(info: ClaimInfo, hit: DenialHit) -> bool:
    """A linkable figure that a party other than the denier puts forward."""
    return (
        _linkable(info) and is_party(info.claim.claimant) and not same_party(info.claim.claimant, hit.denier)
    )


def _linkable(info: ClaimInfo) -> bool:
    """Figures that can be reached from another sentence: not vague, not a mere modifier."""
    return _usable(info) and not info.counted.compound


def _events(stems: set[str] | frozenset[str]) -> set[str]:
    return {lx.EVENT_SYNONYMS.get(s, s) for s in stems}


def _topic_match(info: ClaimInfo, stems: set[str], claim_stems: set[str]) -> bool:
    """What the figure counts is named in the denial ("the castration allegation" ~ "400 ...
    castrated"): head-noun overlap, or the same event ("apprehended" ~ "caught") backed by the
    place or object after it ("... at the border") or by the claim word ("alleging")."""
    if stems_overlap(set(info.counted.topic), stems):
        return True
    if not (
        _events(info.counted.event_stems) & _events(stems) or stems_overlap(info.counted.event_stems, stems)
    ):
        return False
    if stems_overlap(set(info.counted.context), stems):
        return True
    sentence_stems = {stem(w) for w in _WORDS.findall(info.claim.sentence.text)}
    return stems_overlap(sentence_stems, claim_stems)


def _named_in(text: str, name: str) -> bool:
    """Whether ``name`` or one of its capitalised words ("NASA" of a headline's "NASA Confirmed")
    is mentioned in ``text``."""
    if contains_word(text, name.removeprefix("the ")):
        return True
    words = [w for w in name.split() if len(w) > 2 and w[:1].isupper() and w not in _ARTICLES]
    return any(contains_word(text, w) for w in words)


_ARTICLES = frozenset({"The", "A", "An", "This", "That"})


_WORK_NOUNS = {stem(w) for w in ("story", "article", "piece", "post")}


# past forms of the verbs that move money or goods, which no suffix rule undoes
_PAST_FORMS = {
    "paid": "pay",
    "stole": "steal",
    "stolen": "steal",
    "sold": "sell",
    "spent": "spend",
    "lent": "lend",
    "bought": "buy",
    "lost": "lose",
    "won": "win",
}


def _verb_root(word: str) -> str:
    low = word.lower()
    if low in _PAST_FORMS:
        return _PAST_FORMS[low]
    root = re.sub(r"(?:ing|ed)$", "", low)
    if len(root) > 3 and root[-1] == root[-2] and root[-1] not in "aeiouls":
        root = root[:-1]  # "stopping", "stopped"
    return root


def _same_verb(a: str, b: str) -> bool:
    """ "owed" and "owing", "killed" and "killing", "paid" and "paying"."""
    ra, rb = _verb_root(a), _verb_root(b)
    return len(ra) >= 2 and (ra == rb or ra + "e" == rb or rb + "e" == ra)


def link_denial(
    hit: DenialHit,
    sent_idx: int,
    infos: list[ClaimInfo],
    entities: Entities,
    neutral: frozenset[int] = frozenset(),
) -> list[int]:
    """Indices of the claims a denial covers; ``neutral`` sentences (no claim, denial or
    reporting word) may lie between an anaphoric denial and the claim it refers to.

    The ways a denial can point at its claims are tried from the most explicit (the figure in
    the denied stretch itself, a named owner) to the loosest (a shared topic)."""
    if hit.cue == CUE_NEVER_SAID:
        return _never_said_links(hit, sent_idx, infos)
    if (
        hit.kind == DenialKind.VERB
        and hit.cue in lx.OBJECT_DENY_VERBS
        and (gerund := _GERUND_OBJECT.match(hit.target_text))
    ):
        # "denied staging the video": an action is denied, not a figure; unless it is the act a
        # figure just before counts ("said Kiev owed $2 billion" ... "Kiev denies owing the money";
        # "was paid $26,000", counted by its verb ... "denied paying him")
        act = gerund.group().split()[-1]
        return [
            i
            for i, c in enumerate(infos)
            if sent_idx - 3 <= c.sentence_index <= sent_idx
            and any(
                _same_verb(v, act)
                for v in (c.claim.event.split()[0] if c.claim.event else "", c.counted.head)
            )
            and _usable(c)
        ]
    if hit.kind == DenialKind.NEGATION:
        return [i for i, c in enumerate(infos) if hit.figure is not None and c.claim.figure == hit.figure]
    lo, hi = hit.region
    same = [
        i
        for i, c in enumerate(infos)
        if c.sentence_index == sent_idx and lo <= c.claim.figure.span.start < hi and _usable(c)
    ]
    if same:
        return same
    target = hit.target_text
    owner, nobody = _owner(target, hit.start, entities)
    if nobody:
        return []  # "its figures" with no known party behind "its"
    if owner:
        return _owned_links(owner, target, sent_idx, infos)
    anaphoric = _anaphor_links(hit, target, sent_idx, infos, entities, neutral)
    if anaphoric is not None:
        return anaphoric
    about = _story_about(hit, sent_idx, infos) if hit.kind == DenialKind.PREDICATE else []
    if about:
        return about
    definite = _definite_links(hit, target, sent_idx, infos)
    if definite:
        return definite
    return _topic_links(hit, target, sent_idx, infos)


# "denied the payment", "disputed (both) the alleged loss and the fine": a definite noun phrase
# (one adjective at most), alone or two of them joined by "and", as the whole object
_DEFINITE_OBJECT = re.compile(
    r"^\s*(?:(?:both\s+)?the\s+(?:[a-z-]+\s+)?(?P<a>[a-z]+)\s+and\s+)?the\s+(?:[a-z-]+\s+)?(?P<b>[a-z]+)\s*\.?\s*$"
)


def _definite_links(hit: DenialHit, target: str, sent_idx: int, infos: list[ClaimInfo]) -> list[int]:
    """ "A paper reported a $45,000 payment ... Both sides denied the payment": a definite noun
    refers back to the nearest figure another party gave that counts that noun."""
    if hit.kind != DenialKind.VERB or hit.cue not in lx.OBJECT_DENY_VERBS:
        return []
    # the object ends at a comma or where a new clause begins ("denied the payment and Senator
    # Hale has denied the affair")
    obj = re.split(r"[,;:]", target, maxsplit=1)[0]
    m = _DEFINITE_OBJECT.match(re.split(r"\s+and\s+(?=[A-Z])", obj, maxsplit=1)[0])
    if not m:
        return []
    nouns = {n for n in (m["a"], m["b"]) if n} - lx.CLAIM_NOUNS
    heads = {stem(n) for n in nouns}
    # "was paid $26,000" ... "denied the payment": the noun names the act the figure counts
    acts = {n.removesuffix("ment") for n in nouns if n.endswith("ment") and len(n) > 6}
    for k in range(sent_idx, max(-1, sent_idx - 4), -1):
        found = [
            i
            for i, c in enumerate(infos)
            if c.sentence_index == k
            and c.claim.figure.span.end <= hit.start
            and (c.counted.head in heads or any(_same_verb(c.counted.head, a) for a in acts))
            and _anothers_figure(c, hit)
        ]
        if found:
            return found
    return []


def _never_said_links(hit: DenialHit, sent_idx: int, infos: list[ClaimInfo]) -> list[int]:
    """ "Neither NASA nor anyone has said such a thing": the story's figures from a few
    sentences back, not those pinned on the parties said to have stayed silent."""
    said = hit.sentence.text
    return [
        i
        for i, c in enumerate(infos)
        if sent_idx - 10 <= c.sentence_index < sent_idx
        and _anothers_figure(c, hit)
        and not _named_in(said, c.claim.claimant or "")
    ]


_PRONOUN_PARTIES = {"their": "they", "its": "it", "his": "he", "her": "she"}


def _owner(target: str, start: int, entities: Entities) -> tuple[str | None, bool]:
    """Whose claim the denied stretch names ("X's figures", "the report by X", "their
    estimate"), and whether it names one only by a pronoun that resolves to nobody."""
    owner = None
    for rx in (_POSSESSOR, _BY_OWNER, _THE_OWNER):
        m = rx.search(target)
        if m and m.group("o").split()[0] not in ("The", "A", "An", "This", "That"):
            owner = entities.resolve(m.group("o"), start)
            break
    m = _LOWER_POSSESSOR.search(target) if owner is None else None
    if m and m.group("o").split()[-1].lower() in lx.ALIAS_HEADS | lx.ROLE_NOUNS:
        owner = entities.resolve(m.group("o"), start)  # "the network's figures"
    if owner is not None:
        return owner, False
    m = _PRONOUN_OWNER.search(target)
    if m is None:
        return None, False
    # chained replaces, as before: "their" -> "they", "its" -> "it", "his" -> "he", "her" -> "she"
    pronoun = m.group("o").lower()
    for possessive, party in _PRONOUN_PARTIES.items():
        pronoun = pronoun.replace(possessive, party)
    owner = entities.resolve(pronoun, start)
    return owner, owner is None


def _owned_links(owner: str, target: str, sent_idx: int, infos: list[ClaimInfo]) -> list[int]:
    """The named owner's figures, from the closest reading to the loosest."""
    # the owner's figures stated near the denial (or about what the denial names)
    stems = _target_stems(target)
    owned = [
        i
        for i, c in enumerate(infos)
        if _linkable(c)
        and same_party(c.claim.claimant, owner)
        and (sent_idx - 6 <= c.sentence_index <= sent_idx + 2 or _topic_match(c, stems, set()))
    ]
    if owned:
        return owned
    # "refuting X's report that the network scheduled a violence panel": X's figures anywhere
    # in the article stated in a sentence about two or more of the same things
    about = [
        i
        for i, c in enumerate(infos)
        if _linkable(c)
        and same_party(c.claim.claimant, owner)
        # a bare number or an age ("aged 39 to 74") describes the people, it counts nothing
        and c.claim.counted not in ("quantity", "aged", "age", "ages")
        and len(stems & {stem(w) for w in _WORDS.findall(c.claim.sentence.text) if len(w) >= 4}) >= 2
    ]
    if about:
        return about
    # the owner's text reproduced without a reporting verb ("Up to 9 pilots will ..."): an
    # unattributed earlier figure about what the denial names
    reproduced = [
        i
        for i, c in enumerate(infos)
        if _linkable(c)
        and c.claim.claimant is None
        and sent_idx - 15 <= c.sentence_index < sent_idx
        and _topic_match(c, stems, set())
    ]
    if reproduced:
        return reproduced
    # or one the writer pins on the owner's work just before ("the '9 pilots' line ran
    # through his piece")
    return [
        i
        for i, c in enumerate(infos)
        if _linkable(c)
        and c.claim.claimant is None
        and sent_idx - 6 <= c.sentence_index < sent_idx
        and _OWNERS_WORK.search(c.claim.sentence.text)
    ]


def _anaphor_links(
    hit: DenialHit,
    target: str,
    sent_idx: int,
    infos: list[ClaimInfo],
    entities: Entities,
    neutral: frozenset[int],
) -> list[int] | None:
    """A denial that points back without naming anyone ("This is untrue.", "the figures", "the
    claim", "X issued a denial"); None when it is no such denial."""
    if hit.kind == DenialKind.VERB and hit.cue in lx.OBJECT_DENY_VERBS and _CALLED_PRONOUN.match(target):
        # "X says 300 died, but the government denies this": what another party claimed earlier
        # in the sentence (a pronoun reaching back to an earlier sentence was measured: more
        # false alarms than finds, it as often stands for an accusation)
        earlier = [
            i
            for i, c in enumerate(infos)
            if c.sentence_index == sent_idx
            and c.claim.figure.span.end <= hit.start
            and _anothers_figure(c, hit)
        ]
        if earlier:
            return earlier
    called_it = hit.kind == DenialKind.VERB and hit.cue in _CALLED_WORDS and _CALLED_PRONOUN.match(target)
    if called_it or (
        hit.kind == DenialKind.PREDICATE
        and (_PRONOUN_SUBJECT.search(target) or _EMPTY_NO_EVIDENCE.match(target))
    ):
        # "This is untrue.", "That's a lie", "X called it a hoax": the figure claims of the
        # sentence just before
        just_before = _just_before(hit, sent_idx, infos, neutral)
        if just_before or not _FIGURE_ANAPHOR.search(target):
            return just_before
    if _FIGURE_ANAPHOR.search(target):
        prior = [
            i
            for i, c in enumerate(infos)
            if sent_idx - 3 <= c.sentence_index < sent_idx
            and _linkable(c)
            and not same_party(c.claim.claimant, hit.denier)
        ]
        if lx.DEATH_WORDS.search(target):
            # "denies the death toll is that high": the last figure counting deaths, not the
            # number displaced given after it
            deaths = [
                i
                for i in prior
                if lx.DEATH_WORDS.search(f"{infos[i].claim.counted} {infos[i].claim.event or ''}")
            ]
            prior = deaths or prior
        if _BOTH_ANAPHOR.search(target):
            # "the mayor rejected both figures": the two figures just given, whoever gave them
            return prior[-2:]
        if prior and _PLURAL_ANAPHOR.search(target):
            # "analysts dispute these figures": every figure the last claimant gave in that sentence
            last = infos[prior[-1]]
            return [
                i
                for i in prior
                if infos[i].sentence_index == last.sentence_index
                and same_party(infos[i].claim.claimant, last.claim.claimant)
            ]
        return prior[-1:]
    bare = _BARE_ANAPHOR.search(target)
    if bare:
        return _bare_anaphor_links(hit, bare.group("n"), sent_idx, infos, entities, neutral)
    if hit.kind == DenialKind.NOUN and hit.region[0] == hit.sentence.start:
        # "X issued a denial" with nothing named: the claims of the sentence just before
        return [] if _FIGURE_ANAPHOR.search(target) else _just_before(hit, sent_idx, infos, neutral)
    return None


def _bare_anaphor_links(
    hit: DenialHit,
    noun_text: str,
    sent_idx: int,
    infos: list[ClaimInfo],
    entities: Entities,
    neutral: frozenset[int],
) -> list[int]:
    """ "The army denied the claim": the claim that word refers to."""
    if hit.sentence.text.rstrip().endswith(":"):
        # "... called the report untrue:" introduces the report itself in the next sentence
        nxt = [i for i, c in enumerate(infos) if c.sentence_index == sent_idx + 1 and _linkable(c)]
        if nxt:
            return nxt
    noun = stem(noun_text)
    nouns = _CLAIM_CLASS if noun in _CLAIM_CLASS else {noun}
    for k in range(sent_idx - 1, max(-1, sent_idx - 11), -1):
        # the nearest earlier figure-bearing sentence that uses the same word ("alleged" for
        # "the allegations", "claimed" for "the claim")
        sent_text = next((c.claim.sentence.text for c in infos if c.sentence_index == k), None)
        if sent_text is not None and nouns & {stem(_adverb_base(w)) for w in _WORDS.findall(sent_text)}:
            found = [i for i, c in enumerate(infos) if c.sentence_index == k and _linkable(c)]
            if found:
                return found
    # no earlier sentence names it: the claim just before ("Rebels say ... The army denied the claim")
    before = _just_before(hit, sent_idx, infos, neutral)
    if before or noun not in _WORK_NOUNS:
        return before
    # "the story can be debunked", then the story itself reproduced further down: the figures
    # its publisher (named before the debunk) states in the next few sentences
    return [
        i
        for i, c in enumerate(infos)
        if sent_idx < c.sentence_index <= sent_idx + 6
        and _anothers_figure(c, hit)
        and any(same_party(m.name, c.claim.claimant) for m in entities.before(hit.start))
    ]


def _adverb_base(word: str) -> str:
    """ "allegedly" -> "alleged", "reportedly" -> "reported": the adverb names the same act."""
    return word[:-2] if word.lower().endswith("edly") else word


def _topic_links(hit: DenialHit, target: str, sent_idx: int, infos: list[ClaimInfo]) -> list[int]:
    """The loosest link: claims about what the denied stretch names."""
    existence = hit.cue in _EXISTENCE_CUES | _UNAWARE
    deny_that = hit.cue in lx.DENY_VERBS and target.lstrip().lower().startswith("that")
    if hit.kind in (DenialKind.VERB, DenialKind.NOUN):
        target = re.split(r"[,;:]", target, maxsplit=1)[0]  # the object, not later adjuncts
        first = target.split()[:1]
        if first and first[0].lower().endswith("ing"):
            return []  # "denied attacking anyone": an action is denied, not a figure
    if not (existence or deny_that or _TOPIC_TRIGGER.search(target)):
        return []
    linker = _EXISTENCE_LINKERS.get(hit.cue)
    if linker is not None:
        return linker(hit, target, sent_idx, infos)
    words = [w for w in _WORDS.findall(target) if w.lower() not in lx.FUNCTION_WORDS and len(w) >= 4]
    claim_stems = {stem(w) for w in words if w.lower() in lx.CLAIM_NOUNS}
    stems = _target_stems(target)
    return [
        i
        for i, c in enumerate(infos)
        if _linkable(c) and abs(c.sentence_index - sent_idx) <= 15 and _topic_match(c, stems, claim_stems)
    ]


def _unaware_links(hit: DenialHit, target: str, sent_idx: int, infos: list[ClaimInfo]) -> list[int]:
    """ "not aware of any arrests": what the speaker knows nothing of, named by its noun or by
    the event ("arrests" ~ "detained")."""
    unknown = {
        stem(w)
        for w in _WORDS.findall(target)[len(hit.cue.split()) :][:3]
        if w.lower() not in lx.FUNCTION_WORDS
    }
    return [
        i
        for i, c in enumerate(infos)
        if _linkable(c)
        and c.claim.claimant
        and abs(c.sentence_index - sent_idx) <= 3
        and (stems_overlap({c.counted.head}, unknown) or _events(c.counted.event_stems) & _events(unknown))
    ]


def _no_such_links(hit: DenialHit, target: str, sent_idx: int, infos: list[ClaimInfo]) -> list[int]:
    """ "no such panel was ever planned": the reported claims about the thing said not to
    exist, named by its counted noun or the place/object around the figure."""
    missing = {stem(w) for w in _WORDS.findall(target)[2:3] if w.lower() not in lx.FUNCTION_WORDS}
    return [
        i
        for i, c in enumerate(infos)
        if _linkable(c)
        and c.claim.claimant
        and sent_idx - 15 <= c.sentence_index < sent_idx
        and stems_overlap({*c.counted.topic, *c.counted.context, *c.counted.event_stems}, missing)
    ]


def _no_cases_links(hit: DenialHit, target: str, sent_idx: int, infos: list[ClaimInfo]) -> list[int]:
    """ "there were no cases of the virus": the counted noun itself, generic or not."""
    named: set[str] = set()
    for w in _WORDS.findall(target)[3:6]:  # the noun phrase right after "there were no"
        if w.lower() in lx.FUNCTION_WORDS or w.lower() in ("such", "and", "or"):
            break
        named.add(stem(w))
    return [
        i
        for i, c in enumerate(infos)
        if _linkable(c) and c.counted.head and stems_overlap({c.counted.head}, named) and c.claim.claimant
    ]


# denials of existence name what does not exist, not a claim word: each cue reads its own noun
_EXISTENCE_LINKERS: dict[str, Callable[[DenialHit, str, int, list[ClaimInfo]], list[int]]] = {
    **dict.fromkeys(_UNAWARE, _unaware_links),
    "no such": _no_such_links,
    CUE_NO_EXIST: _no_cases_links,
}


_STORY_ABOUT = re.compile(
    r"\b(?:yarn|story|tale|report|rumou?r|article|piece|hoax)\s+(?:about|of)\s+(?P<t>[^,;:.!?]{3,80})", re.I
)


def _story_about(hit: DenialHit, sent_idx: int, infos: list[ClaimInfo]) -> list[int]:
    """ "While the yarn about extra flu cases in Ohio is ..., it's fabricated": the figures of
    another party, stated earlier, about what the sentence says the story is about."""
    m = _STORY_ABOUT.search(hit.sentence.text)
    if m is None:
        return []
    about = _target_stems(m.group("t"))
    return [
        i
        for i, c in enumerate(infos)
        if sent_idx - 15 <= c.sentence_index < sent_idx
        and _anothers_figure(c, hit)
        and stems_overlap({*c.counted.topic, *c.counted.context}, about)
    ]


_SKIP_NEUTRAL = 2  # neutral sentences a "called it a hoax" may reach across


def _just_before(
    hit: DenialHit, sent_idx: int, infos: list[ClaimInfo], neutral: frozenset[int] = frozenset()
) -> list[int]:
    """Figures another party claims in the sentence right before a denial that names nothing;
    neutral sentences in between ("The story went viral.") do not break the link."""
    for k in range(sent_idx - 1, max(-1, sent_idx - 2 - _SKIP_NEUTRAL), -1):
        if k in neutral and not any(c.sentence_index == k and _linkable(c) for c in infos):
            continue
        return [i for i, c in enumerate(infos) if c.sentence_index == k and _anothers_figure(c, hit)]
    return []


_SIGNAL_WORDS = lx.REPORTING_VERBS | lx.FALSE_WORDS | lx.DENY_VERBS | lx.CALL_ONLY_WORDS


def _is_neutral(text: str) -> bool:
    """No word that could carry or answer a claim ("The story went viral.")."""
    words = {w.lower() for w in _WORDS.findall(text)}
    return not (words & _SIGNAL_WORDS or {stem(w) for w in words} & _CLAIM_CLASS or "?" in text)


def _target_stems(target: str) -> set[str]:
    words = [w for w in _WORDS.findall(target) if w.lower() not in lx.FUNCTION_WORDS and len(w) >= 4]
    return {stem(w) for w in words} - lx.GENERIC_STEMS - {stem(w) for w in lx.CLAIM_NOUNS}


# the people and bodies that can be a party, documents aside ("his campaign", not "his study")
_PEOPLE_HEADS = (
    lx.ORG_WORDS | lx.PERSON_TITLES | lx.PARTY_NOUNS | lx.ROLE_NOUNS | lx.PEOPLE_WORDS
) - lx.DOCUMENT_WORDS
_PARTY_WORDS = _PEOPLE_HEADS | lx.DOCUMENT_WORDS | lx.ALIAS_HEADS | lx.GENERIC_STEMS


_PROFESSION_PLURAL = re.compile(r"^[a-z]{4,}(?:ists|ians)$")


def _party_head(words: list[str]) -> bool:
    """ "the ministry", "a union", "one of the guests": a description is a party when a word of it
    names one (not "the deal", "the riot", "the 2005 hurricane")."""
    # or a plural agent noun of a profession ("the epidemiologists", "the statisticians")
    return any(_forms(w) & _PARTY_WORDS or _PROFESSION_PLURAL.search(w) for w in words)


def _forms(word: str) -> set[str]:
    """A noun with its other number ("companies" ~ "company", "witness" ~ "witnesses")."""
    forms = {word, word + "s", word + "es", word.rstrip("s")}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return forms


_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|ar|an|az|bin|ibn|abu|ben)-[A-Z]")


def _acronym(name: str) -> bool:
    bare = name.strip().replace(".", "")
    return len(bare) == 2 and bare.isalpha() and bare.isupper()


_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})


def _names_people(words: list[str]) -> bool:
    """A word of ``words`` names people or a body (in either number), not a document."""
    return any(_forms(w.lower()) & _PEOPLE_HEADS for w in words)


def is_party(name: str | None) -> bool:
    """Whether a name can stand for a party: not a pronoun left over, not "the report"."""
    if not name:
        return False
    words = [w for w in norm_name(name).split() if w not in lx.PARTY_DETS]
    bare = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)  # "the U.N." is "U.N."
    if not words or (len("".join(words)) < 3 and not _acronym(bare)):
        return False  # "BP", "UN" are parties; "he", "it" are not
    if all(
        w in lx.NOT_PARTIES
        or w in lx.FUNCTION_WORDS
        or w in lx.TIME_WORDS
        or w in lx.MONTHS
        or w in lx.WEEKDAYS
        for w in words
    ):
        return False
    first = name.strip().split()[0]
    if first.lower() in _POSSESSIVE_PRONOUNS and _names_people(words[1:3]):
        return True  # "his campaign", "their lawyers": a party named by whose it is
    if first.islower() and (first.endswith("ly") or first in lx.FUNCTION_WORDS - lx.PARTY_DETS):
        return False  # "mostly Nepali Sherpas", "within months of X": a phrase caught in passing
    if len(name.split()) >= 3 and name.isupper():
        return False  # "SIGN UP FOR OUR NEWSLETTER": a page's headline or link text, not a name
    if " -- " in name or "%" in name or " percent" in name.lower():
        return False  # "the Weather Service -- at 12", "97 percent": a clause, not a name
    return (
        words[0] == "official"  # "official figures", "the official forecast": the authorities' own
        or first[:1].isupper()
        or (first[:1].islower() and first[1:2].isupper())  # "iFixit", "eBay"
        or bool(_NAME_PARTICLE.match(first))  # "el-Bashir", "al-Maliki"
        or (first.lower() in lx.PARTY_DETS and _party_head(words))
        or first[:1].isdigit()
        or any(w in lx.PARTY_NOUNS or w in lx.PERSON_TITLES for w in words)
        or _capitalised_head(name.split())  # "harbour master Rosa Quint"
    )


def _capitalised_head(tokens: list[str]) -> bool:
    """A lower-case phrase that goes on to a name ("harbour master Rosa Quint"); not a name that
    sits in a prepositional phrase of it ("took issue with Kessel", "probes in Marlow")."""
    for k, w in enumerate(tokens[1:], 1):
        if w[:1].isupper():
            # "lawyers for Kessel": still a party when the words before name people
            return tokens[k - 1].lower() not in lx.PREPOSITIONS or _names_people(tokens[:k])
    return False


_PROPOSAL = re.compile(r"\b(?:bids?|offers?|proposals?|counteroffers?|counter-offers?)\b", re.I)
_REPORTED = re.compile(
    r"\b(?:reports?|claims?|allegations?|rumou?rs?|accounts?|suggestions?)\s+(?:that|of)\s+(?:[\w'’-]+\s+){0,3}$",
    re.I,
)


_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who)\s+(?P<clause>[^,;]*)$", re.I)


def _in_background_clause(info: ClaimInfo) -> bool:
    """The figure sits in a non-restrictive relative clause that describes something (", which is
    now set at $75,000"), unless that clause itself reports a figure (", who estimated ...")."""
    s = info.claim.sentence
    m = _RELATIVE_CLAUSE.search(s.text[: info.claim.figure.span.start - s.start])
    return m is not None and not any(
        w.lower() in lx.REPORTING_VERBS for w in _WORDS.findall(m.group("clause"))
    )


def _not_what_is_denied(hit: DenialHit, sent_idx: int, info: ClaimInfo) -> bool:
    """A figure the denial reaches that is not what it denies."""
    if _PROPOSAL.search(info.claim.counted):
        return True  # a bid or an offer turned down is declined, not said to be untrue
    if info.sentence_index != sent_idx:
        return False
    if _in_background_clause(info):
        return True  # "CE Electric, which is 70 percent owned by ...": a description, not the claim
    # "denied killing the two men": who or what the denial is about, unless the count is what
    # others reported ("denied reports that two cases were found")
    before = hit.sentence.text[: info.claim.figure.span.start - hit.sentence.start]
    return _few_in_words(info.claim.figure) and not _REPORTED.search(before)


def _few_in_words(figure: Figure) -> bool:
    """A count under ten written in words ("two", "the five men"): in a denial's own sentence it
    names the people or things the denial is about; a disputed figure is reported, not narrated."""
    words = figure.span.text.split()
    return figure.value is not None and figure.value < 10 and bool(words) and words[-1].isalpha()


def _fallback_claimant(
    info: ClaimInfo,
    denier: str,
    infos: list[ClaimInfo],
    sources: list[tuple[int, str]],
    sent_idx: int,
    denial_sentences: set[int],
) -> str | None:
    """A claimant for a denied figure the sentence did not attribute."""
    fig = info.claim.figure
    if fig.value is not None:
        others = [
            c
            for c in infos
            if is_party(c.claim.claimant)
            and c.sentence_index not in denial_sentences
            and c.claim.figure.value is not None
            and c.claim.figure.unit == fig.unit
            and abs(c.claim.figure.value - fig.value) <= 0.005 * max(abs(fig.value), 1.0)
            and not same_party(c.claim.claimant, denier)
        ]
        if others:
            others.sort(key=lambda c: abs(c.sentence_index - info.sentence_index))
            return others[0].claim.claimant
    usable = [(k, name) for k, name in sources if not same_party(name, denier) and is_party(name)]
    earlier = [name for k, name in usable if k <= max(sent_idx, info.sentence_index)]
    later = [name for k, name in usable if k > max(sent_idx, info.sentence_index)]
    # the outlet whose story is discussed, named before the denial or, failing that, after it
    return earlier[-1] if earlier else (later[0] if later else None)


def _established(info: ClaimInfo, infos: list[ClaimInfo], denial_sentences: set[int]) -> bool:
    """The article itself states a compatible figure for the same thing as plain fact.

    "X denied claims that it will release more than 200 abducted schoolgirls" is not a dispute
    over the number when the article later says, unattributed, that 219 schoolgirls were taken.
    """
    lo, hi = interval(info.claim.figure)
    for c in infos:
        if c is info or c.claim.claimant or c.sentence_index in denial_sentences:
            continue
        if (
            c.counted.head
            and c.counted.head == info.counted.head
            and c.claim.figure.unit == info.claim.figure.unit
            and not _other_events(info, c)
        ):
            clo, chi = interval(c.claim.figure)
            value, own = c.claim.figure.value, info.claim.figure.value
            if value is None or c.counted.head in lx.REFERENCE_HEADS:
                continue
            restated = own is not None and abs(value - own) <= 0.005 * max(abs(own), 1.0)
            if clo <= hi and lo <= chi and not restated:
                return True
    return False


def _other_events(a: ClaimInfo, b: ClaimInfo) -> bool:
    """Both figures say what happened to what they count, and not the same thing: "2,100 people
    killed" is not restated by "100 people on death row"."""
    ours, theirs = a.counted.event_stems - {a.counted.head}, b.counted.event_stems - {b.counted.head}
    return bool(ours and theirs and not ours & theirs)


def _stated_by(claimant: str, info: ClaimInfo, infos: list[ClaimInfo]) -> bool:
    return any(
        c.claim.claimant
        and same_party(c.claim.claimant, claimant)
        and not c.counted.compound
        and c.claim.figure.value == info.claim.figure.value
        for c in infos
    )


def _anonymous(info: ClaimInfo) -> ClaimInfo:
    claim = Claim(info.claim.figure, info.claim.counted, None, info.claim.sentence, info.claim.event)
    return ClaimInfo(claim, info.counted, info.sentence_index, info.paragraph)


_PLURAL_OWNER = re.compile(rf"\bthe\s+(?P<o>[a-z]+s)[’']\s+(?:\w+\s+)?{_CLAIM_WORDS}\b")


def _counts_the_owner(info: ClaimInfo, target: str) -> bool:
    """The denied claims are those of the people the figure counts ("the protesters' claims")."""
    m = _PLURAL_OWNER.search(target)
    return m is not None and stem(m.group("o")) == info.counted.head


def counts_the_denier(figure: Figure, denier: str) -> bool:
    """ "The two men say ... is not true": the figure is written inside the denier's name."""
    return contains_word(denier.lower(), figure.span.text.lower())


def _denied_claimant(
    hit: DenialHit,
    sent_idx: int,
    info: ClaimInfo,
    infos: list[ClaimInfo],
    sources: list[tuple[int, str]],
    denial_sentences: set[int],
) -> str | None:
    """Whose figure ``hit`` denies in ``info``: its claimant, or one found around it; None when
    nobody other than the denier puts it forward."""
    if info.sentence_index == sent_idx and counts_the_denier(info.claim.figure, hit.denier):
        return None  # "the two men say the account is not true": the figure only counts them
    if _counts_the_owner(info, hit.target_text):
        return None  # "80 protesters gathered" ... "disputed the protesters' claims": not their number
    claimant = info.claim.claimant if is_party(info.claim.claimant) else None
    if not claimant or same_party(claimant, hit.denier):
        claimant = _fallback_claimant(info, hit.denier, infos, sources, sent_idx, denial_sentences)
        # a negated figure is only a denial when somebody else states it
        if hit.kind == "negation" and claimant is not None and not _stated_by(claimant, info, infos):
            claimant = None
    elif hit.kind == "negation":
        return None  # the speaker's own negative statement names no one else's figure
    if not claimant or same_party(claimant, hit.denier) or len(norm_name(claimant)) < 3:
        return None
    return claimant


def build_disputes(
    hits: list[tuple[int, DenialHit]],
    infos: list[ClaimInfo],
    entities: Entities,
    sources: list[tuple[int, str]],
    sentences: tuple[Span, ...],
) -> tuple[list[Dispute], list[list[int]]]:
    disputes: list[Dispute] = []
    denial_sentences = {k for k, _ in hits}
    links: list[list[int]] = []
    seen: set[tuple[float, str, str, str]] = set()

    def add(d: Dispute) -> None:
        v = d.claim.figure.value if d.claim.figure.value is not None else (d.claim.figure.low or 0.0)
        key = (round(v, 2), norm_name(d.claim.claimant or ""), norm_name(d.disputed_by), d.kind.value)
        if key not in seen:
            seen.add(key)
            disputes.append(d)

    neutral = frozenset(
        k for k, sent in enumerate(sentences) if k not in denial_sentences and _is_neutral(sent.text)
    )
    for sent_idx, hit in hits:
        kept: list[int] = []
        links.append(kept)
        if not is_party(hit.denier):
            continue  # no denial of anybody's figure: its links are not worked out
        for i in link_denial(hit, sent_idx, infos, entities, neutral):
            info = infos[i]
            if _not_what_is_denied(hit, sent_idx, info):
                continue
            claimant = _denied_claimant(hit, sent_idx, info, infos, sources, denial_sentences)
            if not claimant or _established(info, infos, denial_sentences):
                continue
            kept.append(i)
            claim = Claim(
                info.claim.figure, info.claim.counted, claimant, info.claim.sentence, info.claim.event
            )
            add(
                Dispute(
                    claim, hit.denier, DisputeKind.DENIAL, hit.sentence, quote=quoted_text(hit.sentence.text)
                )
            )
    for i, j in find_conflicts([c if is_party(c.claim.claimant) else _anonymous(c) for c in infos]):
        a, b = infos[i].claim, infos[j].claim
        add(Dispute(a, b.claimant or "", DisputeKind.CONFLICT, b.sentence, counter_figure=b.figure))
        add(Dispute(b, a.claimant or "", DisputeKind.CONFLICT, a.sentence, counter_figure=a.figure))
    return disputes, links
