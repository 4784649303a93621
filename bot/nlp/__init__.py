"""The linguistic base: spaCy's small English pipeline, read into frozen, picklable values.

Everything downstream (the detector, stance, story linking) reads :class:`Analysis`, never a
spaCy ``Doc``: an ``Analysis`` crosses process boundaries (the CPU worker pool, a job queue),
compares by value in tests, and keeps spaCy's API in this one package.
"""

from bot.nlp.base import DEFAULT_MODEL, analyse, analyse_spans, load_pipeline, model_name
from bot.nlp.model import Analysis, Entity, Sentence, Token

__all__ = [
    "DEFAULT_MODEL",
    "Analysis",
    "Entity",
    "Sentence",
    "Token",
    "analyse",
    "analyse_spans",
    "load_pipeline",
    "model_name",
]
