"""One claim, said once: repeats of a figure merged over a story's articles (pure).

``contested(disputes)`` turns the stored disputes of a story into :class:`Contested` claims, each
said once with every source that carried it, who disputes it (named parties only, each once)
and their words, ranked so the claim most at issue leads.
"""

from bot.claims.merge import Contested, Figure, Rebuttal, contested
from bot.claims.parties import party_key, same_party, shown_party
from bot.claims.wording import counted_named, figure_words

__all__ = [
    "Contested",
    "Figure",
    "Rebuttal",
    "contested",
    "counted_named",
    "figure_words",
    "party_key",
    "same_party",
    "shown_party",
]
