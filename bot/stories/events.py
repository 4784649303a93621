"""What makes two articles reports of the same event (pure).

Each article gets a fixed profile of at most :data:`PROFILE_SIZE` keys, each with a specificity
weight that depends on the key alone:

- ``e:`` a named party, place or thing (``Detection.entities``, or capitalised names found here
  when the detector reported none), weighted by the rarity of its rarest word in general English
  (``wordfreq``), less for places and nationalities; outlets, agencies and very common places are
  never keys;
- ``w:`` a rare content word of the article (a word common in English weighs nothing);
- ``q:`` a counted quantity with its figure ("jobs" at about 111,000), and ``n:`` a large number
  written in the text, each in two overlapping logarithmic buckets, so close figures ("111,000"
  and "110,000") share a key.

A key's salience in an article is its specificity times (1 + log mentions), doubled in the
headline. Two articles are the same event when the cosine of their salience vectors reaches
:data:`EDGE_MIN_COSINE` over at least :data:`EDGE_MIN_KEYS` shared keys, one of them a name or a
counted figure. Saliences come from the article alone, never from what else is stored, so the
decision for a pair is the same whichever article arrives first: stories (the connected pieces
of this relation) are the same for any arrival order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from bot.detect.model import ArticleInput, Detection, NamedEntity
from bot.stance.text import STOPWORDS, TOKEN_RE, normalise
from bot.stories.model import ClaimFacts

PROFILE_SIZE = 24
MAX_WORDS = 14  # rare words in a profile; the rest goes to names and figures
EDGE_MIN_COSINE = 0.4  # cosine of the two salience vectors that makes one event
EDGE_MIN_KEYS = 2
TEXT_CHARS = 6000  # how much of a long article is read for words and names
TITLE_BOOST = 2.0  # a word or name of the headline says what the story is about

# General-English rarity on wordfreq's Zipf scale (7 = "the", 3 = once per million words).
COMMON_ZIPF = 5.0  # at or above: a common word, never a key
RARITY_CAP = 3.5  # unknown words (typos, rare spellings) count no more than a rare name

# Outlets, agencies and places so often in the news that sharing them says nothing about the event.
_STOP_WORDS = """ap afp reuters bbc cnn fox abc nbc cbs msnbc npr pbs guardian independent telegraph
    mirror sun express buzzfeed vice gawker bloomberg forbes newsweek politico vox slate yahoo google
    twitter facebook instagram youtube reddit tmz cnbc rt tass xinhua us u.s usa america american
    americans uk u.k britain british england english london washington china chinese russia russian
    europe european eu world earth internet congress government police state"""
STOP_NAMES: frozenset[str] = frozenset(_STOP_WORDS.split()) | frozenset(
    {
        "associated press",
        "new york times",
        "washington post",
        "wall street journal",
        "daily mail",
        "mail online",
        "huffington post",
        "business insider",
        "usa today",
        "fox news",
        "sky news",
        "al jazeera",
        "united states",
        "united kingdom",
        "new york",
        "white house",
    }
)
# Words of news writing itself, in every story whatever the event: never evidence.
NEWS_WORDS: frozenset[str] = frozenset(
    normalise(w) or w
    for w in [
        "confirm",
        "confirmed",
        "claim",
        "claims",
        "official",
        "officials",
        "statement",
        "video",
        "footage",
        "photo",
        "photos",
        "image",
        "images",
        "picture",
        "pictures",
        "story",
        "stories",
        "source",
        "sources",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "website",
        "online",
        "viral",
        "social",
        "media",
        "post",
        "posted",
        "tweet",
        "tweeted",
        "reportedly",
        "rumor",
        "rumour",
        "rumors",
        "rumours",
        "hoax",
        "fake",
        "false",
        "true",
        "satire",
        "satirical",
        "article",
        "headline",
        "interview",
        "first",
        "last",
    ]
)
_MULTI_STOP = frozenset(name for name in STOP_NAMES if " " in name)

# Labels of spaCy entities that name a party, place or thing (numbers and dates are not names).
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}
)
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
PLACE_FACTOR = 0.6  # places and nationalities recur across unrelated events

_NAME_RUN = re.compile(r"[A-Z][\w'’\-]*(?:\s+(?:of\s+|al-|bin\s+|de\s+)?[A-Z][\w'’\-]*)*")
_SENTENCE_END = frozenset('.!?:"“”\n')
_NON_KEY = re.compile(r"[^\w\s.\-]")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,]|\.\d)|(?<![\w.,])\d{3,}(?![\w,]|\.\d)")
MIN_NUMBER = 100


NORM_KEY = "#norm"  # stored with each profile: its norm (no profile key starts with "#")


@dataclass(frozen=True, slots=True)
class EventKey:
    key: str
    weight: float


@dataclass(frozen=True, slots=True)
class Evidence:
    """What two article profiles share."""

    score: float  # cosine of the two salience vectors
    shared: tuple[str, ...]
    anchors: int  # shared names and counted figures

    @property
    def same_event(self) -> bool:
        return self.score >= EDGE_MIN_COSINE and len(self.shared) >= EDGE_MIN_KEYS and self.anchors >= 1


# the same few thousand words recur in every article: normalise each once per process
_word = lru_cache(maxsize=65536)(normalise)


@lru_cache(maxsize=65536)
def rarity(word: str) -> float:
    """0 for common English words, up to :data:`RARITY_CAP` for rare ones."""
    zipf = zipf_frequency(word, "en")
    if zipf <= 0:
        return RARITY_CAP
    return max(0.0, min(RARITY_CAP, COMMON_ZIPF + 1.0 - zipf)) if zipf < COMMON_ZIPF else 0.0


def name_key(text: str) -> str:
    """Lower-case name without a leading article, possessive or punctuation."""
    key = _SPACE.sub(" ", _NON_KEY.sub(" ", text.lower().replace("’", "'").replace("'s ", " "))).strip()
    key = key.removesuffix("'s").removesuffix(" s").strip(" .-")
    for article in ("the ", "a ", "an "):
        key = key.removeprefix(article)
    return key[:120]


def name_weight(key: str, label: str) -> float:
    """How specific a name is: the rarity of its rarest word, less for places."""
    if not key or key in STOP_NAMES:
        return 0.0
    words = [w for w in key.replace("-", " ").split() if w not in STOPWORDS and not w.isdigit()]
    if not words:
        return 0.0
    weight = max(rarity(w) for w in words) + (0.5 if len(words) > 1 else 0.0)
    return weight * (PLACE_FACTOR if label in PLACE_LABELS else 1.0)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` begins a sentence (looking back past spaces only a few characters)."""
    window = text[max(0, start - 12) : start]
    before = window.rstrip(" \t")
    if not before:
        return start == len(window)  # nothing but spaces back to the start of the text
    return before[-1] in _SENTENCE_END


def found_names(title: str, text: str) -> tuple[NamedEntity, ...]:
    """Capitalised names when the detector reported no entities: runs of capitalised words, a
    single word only when it does not open a sentence."""
    counts: Counter[str] = Counter()
    in_title: set[str] = set()
    for part, is_title in ((title, True), (text[:TEXT_CHARS], False)):
        for match in _NAME_RUN.finditer(part):
            raw = match.group()
            words = raw.split()
            if len(words) == 1 and _opens_sentence(part, match.start()):
                continue
            if len(words) > 1 and _opens_sentence(part, match.start()) and words[0].lower() in STOPWORDS:
                raw = " ".join(words[1:])  # "The Kremlin", "But Acme Motors"
            key = name_key(raw)
            if key:
                counts[key] += 1
                if is_title:
                    in_title.add(key)
    return tuple(NamedEntity(k, "", n, k in in_title) for k, n in counts.items())


def _figure_keys(claims: Iterable[ClaimFacts]) -> dict[str, float]:
    out: dict[str, float] = {}
    for claim in claims:
        point = (
            claim.value if claim.value is not None else (claim.low if claim.low is not None else claim.high)
        )
        words = [w for w in (normalise(m.group()) for m in TOKEN_RE.finditer(claim.counted)) if w]
        if point is None or point <= 0 or not words:
            continue
        for bucket in _buckets(point):
            out[f"q:{words[-1]}:{bucket}"] = _figure_weight(point)
    return out


def _figure_weight(point: float) -> float:
    """A big, exact-looking figure is more specific than "three" or "10"."""
    return min(3.0, 1.0 + 0.4 * math.log10(max(point, 1.0)))


def _buckets(point: float) -> tuple[str, str]:
    """Two overlapping logarithmic buckets ~15% wide: close figures share at least one."""
    x = math.log(point) / math.log(1.15)
    return f"{math.floor(x)}a", f"{math.floor(x + 0.5)}b"


def _number_keys(text: str) -> dict[str, tuple[float, int]]:
    """``n:`` keys of the large whole numbers written in the text (not years): the same figure
    quoted by two articles, whoever the detector took as its source."""
    counts: Counter[float] = Counter()
    for match in _NUMBER.finditer(text):
        value = float(match.group().replace(",", ""))
        if value >= MIN_NUMBER and not (1900 <= value <= 2100 and "," not in match.group()):
            counts[value] += 1
    out: dict[str, tuple[float, int]] = {}
    for value, n in counts.items():
        for bucket in _buckets(value):
            out[f"n:{bucket}"] = (_figure_weight(value), n)
    return out


class _Salience:
    """Keys with their salience; a key seen twice keeps its higher score."""

    def __init__(self) -> None:
        self.scores: dict[str, tuple[float, float]] = {}  # key -> (salience, specificity)

    def add(self, key: str, weight: float, mentions: int, boosted: bool) -> None:
        if weight <= 0:
            return
        score = weight * (1.0 + math.log(max(mentions, 1))) * (TITLE_BOOST if boosted else 1.0)
        if key not in self.scores or self.scores[key][0] < score:
            self.scores[key] = (score, weight)

    def ranked(self) -> tuple[EventKey, ...]:
        top = sorted(self.scores.items(), key=lambda item: (-item[1][0], item[0]))[:PROFILE_SIZE]
        return tuple(EventKey(key, round(sal, 3)) for key, (sal, _) in top)


def _add_names(salience: _Salience, names: Sequence[NamedEntity]) -> None:
    for entity in names:
        if entity.label and entity.label not in NAME_LABELS:
            continue
        key = name_key(entity.text)
        if key in _MULTI_STOP or any(key.endswith(" " + stop) for stop in ("times", "post", "news")):
            continue
        salience.add("e:" + key, name_weight(key, entity.label), entity.count, entity.in_title)


def _keyword(raw: str) -> str | None:
    """The word's key, or None for what never makes a key (numbers, short, stop and news words)."""
    token = _word(raw)
    if token is None or token[0].isdigit() or len(token) < 3 or raw in STOP_NAMES or token in NEWS_WORDS:
        return None
    return token


def _add_words(salience: _Salience, title: str, text: str) -> None:
    words: Counter[str] = Counter()
    raw_of: dict[str, str] = {}
    title_words: set[str] = set()
    for part, is_title in ((title, True), (text[:TEXT_CHARS], False)):
        for match in TOKEN_RE.finditer(part):
            raw = match.group().lower().replace("’", "'")
            token = _keyword(raw)
            if token is None:
                continue
            words[token] += 1
            raw_of.setdefault(token, raw.removesuffix("'s"))
            if is_title:
                title_words.add(token)
    ranked_words = sorted(
        ((token, rarity(raw_of[token])) for token in words),
        key=lambda item: (-item[1] * (1.0 + math.log(words[item[0]])), item[0]),
    )
    for token, weight in ranked_words[:MAX_WORDS]:
        salience.add("w:" + token, weight, words[token], token in title_words)


def event_profile(
    title: str,
    text: str,
    claims: Sequence[ClaimFacts] = (),
    entities: Sequence[NamedEntity] = (),
) -> tuple[EventKey, ...]:
    """The article's keys with their salience, most salient first."""
    salience = _Salience()
    _add_names(salience, entities if entities else found_names(title, text))
    _add_words(salience, title, text)
    for key, weight in _figure_keys(claims).items():
        salience.add(key, weight, 1, False)
    for key, (weight, mentions) in _number_keys(f"{title}\n{text[:TEXT_CHARS]}").items():
        salience.add(key, weight, mentions, False)
    return salience.ranked()


def norm(profile: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in profile.values()))


def same_event(a: Mapping[str, float], b: Mapping[str, float], norm_a: float, norm_b: float) -> bool:
    """``evidence(a, b, norm_a, norm_b).same_event``, deciding most pairs from the cosine alone:
    a new article meets some 35 candidates and most fall short of the cosine or of two shared
    keys, so the names and figures they share need not be worked out."""
    shared, score = _overlap(a, b, norm_a, norm_b)
    if len(shared) < EDGE_MIN_KEYS or score < EDGE_MIN_COSINE:
        return False
    return _evidence_of(shared, score).same_event


def evidence(
    a: Mapping[str, float], b: Mapping[str, float], norm_a: float | None = None, norm_b: float | None = None
) -> Evidence:
    """What two profiles (key -> salience) share; symmetric in ``a`` and ``b``.

    A profile may be given by its shared keys only, with the norm of the whole profile
    (what the index stores as :data:`NORM_KEY`), so a neighbour's full profile is never read."""
    return _evidence_of(*_overlap(a, b, norm_a, norm_b))


def _overlap(
    a: Mapping[str, float], b: Mapping[str, float], norm_a: float | None, norm_b: float | None
) -> tuple[list[str], float]:
    """The keys two profiles share (sorted) and the cosine of the profiles, rounded."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)  # a neighbour's few shared keys
    shared = sorted(key for key in small if key in large)
    norms = (norm(a) if norm_a is None else norm_a) * (norm(b) if norm_b is None else norm_b)
    return shared, round(sum(a[key] * b[key] for key in shared) / norms, 4) if norms else 0.0


def _evidence_of(shared: list[str], score: float) -> Evidence:
    """The distinct things among ``shared`` keys, and how many are names or figures."""
    # a shared name and its own words are one thing in common ("Glenmoor Mining", "glenmoor")
    names = [key for key in shared if key.startswith("e:")]
    in_names = {normalise(w) for key in names for w in key[2:].replace("-", " ").split()}
    distinct = [
        key
        for key in shared
        if not (key.startswith("w:") and any(part in in_names for part in key[2:].split("-")))
        # "Baghdadi" within "Abu Bakr al-Baghdadi": one person
        and not (key.startswith("e:") and any(other != key and f" {key[2:]}" in other for other in names))
    ]
    # a figure shares up to two bucket keys: count each figure once, keep one key per figure
    figures: Counter[str] = Counter(key.rsplit(":", 1)[0] for key in distinct if key.startswith(("q:", "n:")))
    kept: Counter[str] = Counter()
    things: list[str] = []
    for key in distinct:
        group = key.rsplit(":", 1)[0]
        if group in figures:
            kept[group] += 1
            if kept[group] > math.ceil(figures[group] / 2):
                continue
        things.append(key)
    anchors = sum(key.startswith(("e:", "q:", "n:")) for key in things)
    return Evidence(score, tuple(things), anchors)


def detection_keys(article: ArticleInput, found: Detection) -> tuple[tuple[str, float], ...]:
    """The event keys the linker would compute from the stored rows of ``found``, computed
    from the detection itself (in the detector's worker process): its claims, and the claims
    its disputes name without listing them, as the detection store keeps them."""
    claims = [*found.claims, *(d.claim for d in found.disputes if d.claim not in found.claims)]
    facts = [
        ClaimFacts(
            c.claimant[:256] if c.claimant else None,
            c.counted[:512],
            c.figure.value,
            c.figure.low,
            c.figure.high,
            (c.figure.unit or None) and c.figure.unit[:16],
        )
        for c in claims
    ]
    return tuple((k.key, k.weight) for k in event_profile(article.title, article.text, facts, found.entities))
