"""Stance of an article towards a claim: agree, disagree, discuss or unrelated (pure)."""

from bot.stance.model import Evidence, StanceLabel, StanceParams, StanceResult
from bot.stance.stance import DEFAULT_PARAMS, classify, prepare_claim, prepare_text, stance

__all__ = [
    "DEFAULT_PARAMS",
    "Evidence",
    "StanceLabel",
    "StanceParams",
    "StanceResult",
    "classify",
    "prepare_claim",
    "prepare_text",
    "stance",
]
