"""Real-shaped stories as stored disputes (our own sentences), for formatter and chart tests.

Each story is a tuple of DisputeViews as ``bot.storage.evidence`` builds them: the same claim
read in a body and a headline, an alias of a party, a conflict stored both ways, a disputer the
linker could not name, a figure whose counted thing is a verb.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.alerts.model import DisputeView, Source

T0 = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return datetime.fromtimestamp(T0.timestamp() + hours * 3600, tz=UTC)


def source(n: int, title: str, hours: float, stance: str | None = None) -> Source:
    return Source(n, f"https://news.example/{n}", title, at(hours), at(hours), stance)


HERALD = source(1, "Orun floods: monitor says 4,300 killed", 0)
POST = source(2, "Health ministry rejects Orun flood toll", 3, "disagree")
DELTA = source(3, "Orun toll row deepens as monitor stands by count", 25, "disagree")

MONITOR_SENTENCE = (
    "The Riverland Monitoring Network said about 4,300 people have been killed in the Orun floods "
    "since March."
)
MINISTRY_DENIAL = "“These numbers are invented,” the health ministry said in a statement on Tuesday."
MINISTRY_TOLL = "The health ministry put the official toll at 612 deaths."
MINISTRY_AGAIN = "The ministry denied the network's figure again, calling it “propaganda dressed as data”."


def view(n: int, **fields: object) -> DisputeView:
    base: dict[str, object] = {
        "id": n,
        "story_id": 7,
        "kind": "denial",
        "qualifier": None,
        "claimant": None,
        "quote": None,
        "counter_figure": None,
        "counter_claimant": None,
        "created_at": T0,
    }
    base.update(fields)
    return DisputeView(**base)  # type: ignore[arg-type]


def orun() -> tuple[DisputeView, ...]:
    """A monitor's toll rejected by a ministry, which gives its own; repeated over two days."""
    body = {
        "figure_text": "about 4,300",
        "qualifier": "about",
        "value": 4300.0,
        "counted": "people killed",
        "claimant": "the Riverland Monitoring Network",
        "claim_sentence": MONITOR_SENTENCE,
        "claim_source": HERALD,
    }
    headline = {
        "figure_text": "4,300",
        "value": 4300.0,
        "counted": "killed",
        "claimant": None,
        "claim_sentence": HERALD.title,
        "claim_source": HERALD,
    }
    return (
        view(
            1,
            **body,
            disputed_by="the health ministry",
            quote="These numbers are invented",
            dispute_sentence=MINISTRY_DENIAL,
            dispute_source=POST,
        ),
        # the headline is evidence for the body's claim, not a second claim
        view(
            2,
            **headline,
            disputed_by="the health ministry",
            quote="These numbers are invented",
            dispute_sentence=MINISTRY_DENIAL,
            dispute_source=POST,
        ),
        view(
            3,
            **body,
            kind="conflict",
            disputed_by="the health ministry",
            dispute_sentence=MINISTRY_TOLL,
            counter_figure="612",
            counter_value=612.0,
            counter_counted="deaths",
            counter_claimant="the health ministry",
            counter_sentence=MINISTRY_TOLL,
            dispute_source=POST,
        ),
        # the ministry again, a day later, under a shorter name: the same party, said once
        view(
            4,
            **body,
            disputed_by="The ministry",
            quote="propaganda dressed as data",
            dispute_sentence=MINISTRY_AGAIN,
            dispute_source=DELTA,
        ),
        # the mirror of the conflict: the monitor's figure set against the ministry's
        view(
            5,
            kind="conflict",
            figure_text="612",
            value=612.0,
            counted="deaths",
            claimant="the health ministry",
            claim_sentence=MINISTRY_TOLL,
            claim_source=POST,
            disputed_by="the Riverland Monitoring Network",
            dispute_sentence=MONITOR_SENTENCE,
            counter_figure="about 4,300",
            counter_value=4300.0,
            counter_counted="people killed",
            counter_claimant="the Riverland Monitoring Network",
            counter_sentence=MONITOR_SENTENCE,
            dispute_source=HERALD,
        ),
    )


GAZETTE = source(11, "Calder march: police and union far apart on turnout", 2)
LEDGER = source(12, "Police revise Calder march count", 30, "discuss")
POLICE_COUNT = "Police said about 12,000 people marched through Calder on Saturday."
UNION_COUNT = "The dockers' union said 40,000 marchers had filled the streets."
POLICE_REVISED = "Police later raised their estimate to 15,000 marchers."


def calder() -> tuple[DisputeView, ...]:
    """Two parties' crowd counts for one march, one revised the next day (no denial)."""
    police = {
        "figure_text": "about 12,000",
        "qualifier": "about",
        "value": 12000.0,
        "counted": "people marched",
        "claimant": "Police",
        "claim_sentence": POLICE_COUNT,
        "claim_source": GAZETTE,
    }
    union = {
        "counter_figure": "40,000",
        "counter_value": 40000.0,
        "counter_counted": "marchers",
        "counter_claimant": "The dockers' union",
        "counter_sentence": UNION_COUNT,
    }
    return (
        view(
            21,
            kind="conflict",
            **police,
            **union,
            disputed_by="The dockers' union",
            dispute_sentence=UNION_COUNT,
            dispute_source=GAZETTE,
        ),
        view(
            22,
            kind="conflict",
            figure_text="40,000",
            value=40000.0,
            counted="marchers",
            claimant="The dockers' union",
            claim_sentence=UNION_COUNT,
            claim_source=GAZETTE,
            disputed_by="Police",
            dispute_sentence=POLICE_COUNT,
            counter_figure="about 12,000",
            counter_value=12000.0,
            counter_counted="people marched",
            counter_claimant="Police",
            counter_sentence=POLICE_COUNT,
            dispute_source=GAZETTE,
        ),
        view(
            23,
            kind="conflict",
            figure_text="40,000",
            value=40000.0,
            counted="marchers",
            claimant="The dockers' union",
            claim_sentence=UNION_COUNT,
            claim_source=GAZETTE,
            disputed_by="Police",
            dispute_sentence=POLICE_REVISED,
            counter_figure="15,000",
            counter_value=15000.0,
            counter_counted="marchers",
            counter_claimant="Police",
            counter_sentence=POLICE_REVISED,
            dispute_source=LEDGER,
        ),
    )


BLOG = source(31, "Six days of darkness? What the viral post gets wrong", 1)
WIRE = source(32, "Space agency: no six days of darkness in December", 6, "disagree")
HOAX = "A viral post claims the Earth will go through six days of darkness in December."
AGENCY = "The space agency said the claim was false and that “nothing of the sort will happen”."
JUNK = "Fishermen reported five catch on the night, the post added."


def darkness() -> tuple[DisputeView, ...]:
    """A hoax denied by an agency; a disputer the linker could not name; a figure counting a verb
    and a host name as a 'party' (both never shown)."""
    return (
        view(
            31,
            figure_text="six",
            value=6.0,
            counted="days of darkness",
            claimant="A viral post",
            claim_sentence=HOAX,
            claim_source=BLOG,
            disputed_by="The space agency",
            quote="nothing of the sort will happen",
            dispute_sentence=AGENCY,
            dispute_source=WIRE,
        ),
        view(
            32,
            figure_text="six",
            value=6.0,
            counted="days of darkness",
            claimant="A viral post",
            claim_sentence=HOAX,
            claim_source=BLOG,
            disputed_by="news.example",
            dispute_sentence="The story is false.",
            dispute_source=BLOG,
        ),
        view(
            33,
            figure_text="five",
            value=5.0,
            counted="reaching",
            claimant=None,
            claim_sentence=JUNK,
            claim_source=BLOG,
            disputed_by="The space agency",
            dispute_sentence=AGENCY,
            dispute_source=WIRE,
        ),
    )
