"""Pure story functions: conflicts, speaker extraction."""

from __future__ import annotations

import pytest

from bot.stories.conflicts import is_conflict, same_counted, same_party, speaker_before, values_conflict
from bot.stories.model import ClaimFacts
from bot.stories.terms import party_key




def test_party_key_normalises() -> None:
    assert party_key("The  Syrian Observatory, for Human Rights") == "syrian observatory for human rights"






TOLL = ClaimFacts("the health ministry", "people killed", 150, 150, 150)
