"""Denials given as answers in interview transcripts, where no reporting verb names the speaker.

    Reporter: Did the club really pay 40 million for him?
    Dana Cole: No. Nothing like that.

A question that states a figure, answered with a bare "No" by a labelled speaker who is not the
one asking, denies that figure; the speaker is the denier. Unlabelled answers are skipped: with
nobody named there is no party to report.
"""

from __future__ import annotations

import re

from bot.detect.denials import DenialHit, DenialKind
from bot.detect.entities import Entities, EntityKind, classify
from bot.detect.model import Figure, Span

# "Dana Cole: ..." at the start of a line: a transcript speaker label (one to four names)
_LABEL = re.compile(r"^(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*:\s+\S")
_QA = re.compile(r"^(?:Q|A|Question|Answer)\s*:\s*", re.I)
_NO = re.compile(r"^(?:A\s*:\s*)?[\"“]?no\b(?:\s*[,.!;:—–-]|\s*$)", re.I)


def _label(s: Span) -> str | None:
    m = _LABEL.match(s.text)
    if m is None or _QA.match(s.text):
        return None
    name = m.group("name")
    return name if classify(name) == EntityKind.PERSON else None


def answer_denials(
    sentences: tuple[Span, ...], paras: tuple[int, ...], figures: list[list[Figure]], entities: Entities
) -> list[tuple[int, DenialHit]]:
    """(question sentence index, hit) for each "No" answer to a question that states a figure."""
    out: list[tuple[int, DenialHit]] = []
    asker: str | None = None
    answerer: str | None = None
    for k, s in enumerate(sentences):
        label = _label(s) if k == 0 or paras[k] != paras[k - 1] else None
        if label is not None:
            # whoever labels a question asks; whoever labels anything else answers
            if s.text.rstrip(" \"”’'").endswith("?"):
                asker = label
            else:
                answerer = label
        if k == 0 or paras[k] == paras[k - 1] or not _NO.match(_strip_label(s.text)):
            continue
        q = k - 1
        question = sentences[q]
        if not question.text.rstrip(" \"”’'").endswith("?") or not figures[q]:
            continue
        speaker = label if label is not None else answerer
        if not speaker or speaker == asker:
            continue
        denier = entities.resolve(speaker, s.start) or speaker
        hit = DenialHit("no", s.start, DenialKind.PREDICATE, denier, (question.start, question.end), s)
        out.append((q, hit))
    return out


def _strip_label(text: str) -> str:
    m = _LABEL.match(text)
    return text[m.end() - 1 :] if m else text
