"""Denials given as answers in interview transcripts (sentences written for these tests)."""

from __future__ import annotations

from .helpers import run, summary


def _pairs(text: str) -> set[tuple[float | None, str | None, str]]:
    return {(v, c, by) for v, c, by, _ in summary(run(text))}


# --- interview transcripts -------------------------------------------------------------------------


def test_no_answer_to_a_question_with_a_figure_denies_it() -> None:
    text = (
        "The Ledger published a profile saying the coach earned $3 million a year.\n\n"
        "Interviewer: Were you really paid $3 million a year?\n\n"
        "Marta Silva: Honestly, I cannot complain.\n\n"
        "Interviewer: So was the $3 million true?\n\n"
        "No, it was far less than that."
    )
    assert _pairs(text) == {(3_000_000, "The Ledger", "Marta Silva")}


def test_no_answer_without_a_labelled_speaker_or_claimant_reports_nothing() -> None:
    assert run("Did the club pay 40 million euros?\n\nNo.").disputes == ()
    text = (
        "Reporter: Did the club really pay 40 million euros for you?\n\n"
        "Dana Cole: No. Nothing like that was ever on the table."
    )
    assert run(text).disputes == ()  # nobody else put the figure forward


def test_a_yes_answer_is_not_a_denial() -> None:
    text = (
        "The Ledger said the coach earned $3 million a year.\n\n"
        "Interviewer: Were you paid $3 million?\n\n"
        "Marta Silva: Yes, more or less."
    )
    assert run(text).disputes == ()
