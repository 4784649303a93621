"""Pure alert logic: who gets an alert, update or new alert, and the message limits."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest

from bot.alerts.decide import Action, Signature, decide, signature, wants
from bot.alerts.format import (
    MAX_CALLBACK_DATA,
    MAX_MESSAGE,
    format_alert,
    format_details,
    format_digest,
    pack,
    parse_details_data,
)
from bot.alerts.model import (
    ChatTarget,
    ClaimEvidence,
    DenialEvidence,
    DisputeView,
    Source,
    StoryEvidence,
    StoryView,
)
from bot.services.keywords import normalize_keyword
from bot.telegram.sender import plain_text

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
SOURCE = Source(1, "https://news.example/a?x=1&y=2", "Dam breach: villages count the damage", NOW, NOW)


def dispute(n: int = 1, **changes: object) -> DisputeView:
    base = DisputeView(
        id=n,
        story_id=7,
        kind="denial",
        figure_text="some 1,200",
        qualifier="some",
        counted="homes flooded",
        claimant="the regional governor",
        claim_sentence="The regional governor said some 1,200 homes flooded.",
        disputed_by="a farmers' cooperative",
        quote="nowhere near that many",
        dispute_sentence="The co-op disagreed.",
        counter_figure=None,
        counter_claimant=None,
        claim_source=SOURCE,
        dispute_source=SOURCE,
        created_at=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def chat(scope: str, *keywords: str) -> ChatTarget:
    return ChatTarget(1, scope, tuple(normalize_keyword(k) for k in keywords))


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> without an opening tag"
        assert self.stack.pop() == tag


def assert_valid_html(text: str) -> None:
    parser = _Balance()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], f"unclosed tags {parser.stack}"
    for amp in re.finditer(r"&", text):  # every & starts a complete entity
        assert re.match(r"&(#\d+|#x[0-9a-fA-F]+|[a-z]+);", text[amp.start() :]), text[
            amp.start() : amp.start() + 12
        ]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (chat("all"), True),
        (chat("watched"), True),  # an empty watchlist means everything
        (chat("watched", "DAM"), True),  # headline, any case
        (chat("watched", "homes flooded"), True),  # what is counted, as a phrase
        (chat("watched", "cooperative"), True),  # a party
        (chat("watched", "governor"), True),  # the claimant
        (chat("watched", "flood"), False),  # whole words only: "flooded" is not "flood"
        (chat("watched", "earthquake", "wildfire"), False),
    ],
)
def test_scope_and_keywords(target: ChatTarget, expected: bool) -> None:
    assert wants(target, [dispute()]) is expected


def test_update_or_new_alert() -> None:
    first = StoryView(7, "Dam breach", (dispute(1),))
    sent = signature(first, format_alert(first).text)
    assert decide(None, sent) is Action.ALERT
    assert decide(sent, sent) is Action.SKIP

    same_parties = StoryView(
        7, "Dam breach", (dispute(1), dispute(2, dispute_source=replace(SOURCE, article_id=2)))
    )
    later = signature(same_parties, format_alert(same_parties).text)
    assert decide(sent, later) is Action.UPDATE  # a new source, nothing new to announce

    new_party = StoryView(7, "Dam breach", (dispute(1), dispute(3, disputed_by="the river authority")))
    assert decide(sent, signature(new_party, format_alert(new_party).text)) is Action.ALERT

    new_figure = StoryView(7, "Dam breach", (dispute(1), dispute(4, counter_figure="about 300")))
    assert decide(sent, signature(new_figure, format_alert(new_figure).text)) is Action.ALERT

    assert Signature.loads(sent.dumps()) == sent
    assert Signature.loads("not json") is None


def test_alert_content_and_escaping() -> None:
    hostile = dispute(
        disputed_by="<b>Evil</b> & Co",
        quote="</i><a href='javascript:x'>click</a>",
        counter_figure="fewer than 400",
        counter_claimant="the co-op's own survey",
    )
    rendered = format_alert(StoryView(7, "Flood <script>alert(1)</script>", (hostile,)))
    text = rendered.text
    assert_valid_html(text)
    assert "&lt;script&gt;" in text
    assert "<script>" not in text
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in text
    assert "some 1,200" in text  # qualifier not doubled
    assert "homes flooded" in text
    assert "the regional governor" in text
    assert "fewer than 400" in text
    assert 'href="https://news.example/a?x=1&amp;y=2"' in text
    assert "04 Mar 2026, 09:30 UTC" in text
    [[button]] = rendered.reply_markup["inline_keyboard"] if rendered.reply_markup else [[{}]]
    assert button["text"] == "Details"
    assert parse_details_data(button["callback_data"]) == 1


def test_alert_never_exceeds_telegram_limits() -> None:
    huge = "x" * 5000
    many = tuple(
        dispute(
            n,
            disputed_by=huge,
            quote=huge,
            counted=huge,
            claimant=huge,
            figure_text=f"{n}{huge}",
            claim_source=replace(SOURCE, article_id=n, title=huge, url=f"https://news.example/{huge}/{n}"),
        )
        for n in range(1, 60)
    )
    rendered = format_alert(StoryView(2**31 - 1, huge, many))
    assert len(rendered.text) <= MAX_MESSAGE
    assert_valid_html(rendered.text)
    assert "earlier contested figures" in rendered.text
    data = rendered.reply_markup["inline_keyboard"][0][0]["callback_data"] if rendered.reply_markup else ""
    assert len(data.encode()) <= MAX_CALLBACK_DATA


def test_quote_falls_back_to_the_dispute_sentence() -> None:
    text = format_alert(StoryView(None, "t", (dispute(quote=None),))).text
    assert "The co-op disagreed." in text


def test_long_details_are_split_between_whole_blocks() -> None:
    sentence = "The governor's office said that " + "many & more <homes> " * 40
    claims = tuple(
        ClaimEvidence(
            n, f"{n},000", None, "homes flooded", "the governor", sentence, replace(SOURCE, article_id=n)
        )
        for n in range(1, 41)
    )
    denials = tuple(
        DenialEvidence(n, f"party {n}", "not true & never was", sentence, SOURCE) for n in range(1, 21)
    )
    evidence = StoryEvidence(5, 7, "Dam breach", (dispute(5),), claims, denials, (SOURCE,))
    messages = format_details(evidence)
    assert len(messages) > 3
    for message in messages:
        assert len(message) <= MAX_MESSAGE
        assert_valid_html(message)
    joined = "\n".join(messages)
    for n in range(1, 41):
        assert f"<b>{n},000</b>" in joined  # every figure
    for n in range(1, 21):
        assert f"<b>party {n}</b>" in joined  # every denial
    assert "not true &amp; never was" in joined


def test_pack_keeps_blocks_whole() -> None:
    blocks = ["a" * 3000, "b" * 3000, "c" * 100]
    assert pack(blocks) == ["a" * 3000, "b" * 3000 + "\n\n" + "c" * 100]


def test_digest_is_one_message_and_counts_the_rest() -> None:
    disputes = [dispute(n, created_at=NOW + timedelta(minutes=n)) for n in range(1, 400)]
    text = format_digest("last hour", disputes)
    assert len(text) <= MAX_MESSAGE
    assert_valid_html(text)
    assert "(399)" in text
    assert "more: see /claims" in text
    assert "/claim 1" in text


def test_plain_text_fallback() -> None:
    assert plain_text("<b>5 &lt; 6</b> &amp; <i>more</i>") == "5 < 6 & more"
    assert html.unescape("&#x27;") == plain_text("&#x27;")


def test_a_conflict_read_both_ways_or_repeated_is_shown_once() -> None:
    # One article gives 412 (ministry) against 1,100 (party): the detector stores it both ways,
    # and a later article repeats it. The alert shows the pair once (the details keep all three).
    ministry = {"figure_text": "at least 412", "qualifier": "at least", "counted": "people died"}
    party = {"figure_text": "more than 1,100", "qualifier": "more than", "counted": "dead counted"}
    disputes = (
        dispute(
            1, **ministry, claimant="the ministry", disputed_by="the party", counter_figure="more than 1,100"
        ),
        dispute(2, **party, claimant="the party", disputed_by="the ministry", counter_figure="at least 412"),
        dispute(3, **ministry, disputed_by="the Red Crescent", quote="we found more bodies than that"),
        dispute(4, **party, claimant="the party", disputed_by="the ministry", counter_figure="At least  412"),
    )
    text = format_alert(StoryView(7, "Floods: the toll is contested", disputes)).text
    assert text.count("Counter-figure") == 1
    assert text.count("📊") == 2
    assert "Red Crescent" in text
    assert "earlier contested" not in text  # nothing hidden: the repeats are not "earlier figures"


def test_details_give_every_source_article_its_stance() -> None:
    opener = replace(SOURCE, article_id=1)
    denier = replace(SOURCE, article_id=2, title="Ministry rejects flood figure", stance="disagree")
    follow_up = replace(SOURCE, article_id=3, title="Flood figure under scrutiny", stance="discuss")
    evidence = StoryEvidence(5, 7, "Dam breach", (dispute(5),), (), (), (opener, denier, follow_up))
    joined = "\n".join(format_details(evidence))
    sources = joined[joined.index("<b>Sources</b>") :]
    lines = [line for line in sources.splitlines() if "UTC" in line]
    assert [line.rsplit("· ", 1)[1] for line in lines] == [
        "opened the story",
        "disputes the claim",
        "reports the claim",
    ]
