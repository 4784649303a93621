"""Frozen values for one analysed text. Offsets are character offsets into the analysed text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index in Analysis.tokens
    text: str
    lemma: str  # lower-cased lemma
    pos: str  # universal part of speech: NOUN, VERB, PROPN, NUM ...
    tag: str  # fine-grained Penn tag: VBD, NNS ...
    dep: str  # dependency label towards ``head``
    head: int  # index of the head token (itself for a sentence root)
    start: int
    end: int
    ent: str  # entity label of the token ("" outside an entity)
    sentence: int  # index in Analysis.sentences


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    first_token: int
    end_token: int  # exclusive


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    label: str  # spaCy's label: PERSON, ORG, GPE, NORP, CARDINAL, MONEY ...
    start: int
    end: int
    first_token: int
    end_token: int  # exclusive
    sentence: int


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the parser found in ``text`` (or in the parts of it that were analysed)."""

    text: str
    tokens: tuple[Token, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    truncated: bool = False  # the text was longer than the cap: only its head was analysed

    def sentence_tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        return self.tokens[sentence.first_token : sentence.end_token]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def children(self, token: Token) -> Iterator[Token]:
        """The tokens whose head is ``token`` (within its sentence)."""
        sent = self.sentences[token.sentence]
        for t in self.tokens[sent.first_token : sent.end_token]:
            if t.head == token.i and t.i != token.i:
                yield t

    def entities_in(self, sentence: Sentence) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.sentence == sentence.index)
