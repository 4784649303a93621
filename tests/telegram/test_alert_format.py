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
    DisputeView,
    Source,
    StoryEvidence,
    StoryView,
)
from bot.services.keywords import normalize_keyword
from bot.telegram.failures import plain_text

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
        dispute_sentence="A farmers' cooperative rejected the count: “nowhere near that many”.",
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
    def shown(story: StoryView) -> str:
        rendered = format_alert(story)
        assert rendered is not None
        return rendered.text

    first = StoryView(7, "Dam breach", (dispute(1),))
    sent = signature(first, shown(first)).announced(NOW)
    assert decide(None, sent) is Action.ALERT
    assert decide(sent, sent) is Action.SKIP

    later_source = replace(SOURCE, article_id=2, url="https://news.example/b", title="Dam breach, day two")
    same_parties = StoryView(7, "Dam breach", (dispute(1), dispute(2, dispute_source=later_source)))
    later = signature(same_parties, shown(same_parties))
    assert decide(sent, later, NOW + timedelta(hours=2)) is Action.UPDATE  # a new source only

    # the same cooperative under its short name is not a new party
    alias = dispute(3, disputed_by="The cooperative", dispute_sentence="The cooperative rejected it again.")
    aliased = StoryView(7, "Dam breach", (dispute(1), alias))
    assert decide(sent, signature(aliased, shown(aliased)), NOW + timedelta(hours=2)) is not Action.ALERT

    river = dispute(
        4, disputed_by="the river authority", dispute_sentence="The river authority denied the count."
    )
    new_party = StoryView(7, "Dam breach", (dispute(1), river))
    current = signature(new_party, shown(new_party))
    assert decide(sent, current, NOW + timedelta(minutes=20)) is Action.UPDATE  # within the hour: edit
    assert decide(sent, current, NOW + timedelta(minutes=61)) is Action.ALERT

    counter = dispute(
        5,
        counter_figure="about 300",
        counter_value=300.0,
        counter_claimant="a farmers' cooperative",
        counter_sentence="A farmers' cooperative counted about 300 homes flooded.",
        kind="conflict",
    )
    new_figure = StoryView(7, "Dam breach", (dispute(1), counter))
    assert decide(sent, signature(new_figure, shown(new_figure)), NOW + timedelta(hours=2)) is Action.ALERT

    assert Signature.loads(sent.dumps()) == sent
    assert Signature.loads("not json") is None
    assert Signature.loads('{"parties": [], "figures": ["old format"]}') is None


def test_alert_content_and_escaping() -> None:
    hostile = dispute(
        disputed_by="<b>Evil</b> & Co",
        dispute_sentence="<b>Evil</b> & Co rejected it: “</i><a href='javascript:x'>click</a>”",
        quote="</i><a href='javascript:x'>click</a>",
        counter_figure="fewer than 400",
        counter_value=400.0,
        counter_claimant="<b>Evil</b> & Co",
        counter_sentence="<b>Evil</b> & Co counted fewer than 400 homes flooded.",
    )
    rendered = format_alert(StoryView(7, "Flood <script>alert(1)</script>", (hostile,)))
    assert rendered is not None
    text = rendered.text
    assert_valid_html(text)
    assert "<script>" not in text
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in text
    assert "&lt;/i&gt;&lt;a href='javascript:x'&gt;click&lt;/a&gt;" in text
    assert "some 1,200 homes flooded" in text  # qualifier not doubled
    assert "the regional governor" in text
    assert "fewer than 400 homes flooded" in text
    assert 'href="https://news.example/a?x=1&amp;y=2"' in text
    assert "04 Mar 2026, 09:30 UTC" in text
    [[button]] = rendered.reply_markup["inline_keyboard"] if rendered.reply_markup else [[{}]]
    assert button["text"] == "Details"
    assert parse_details_data(button["callback_data"]) == 1


@pytest.mark.slow  # 59 disputes of 5,000-character fields: seconds
def test_alert_never_exceeds_telegram_limits() -> None:
    huge = "x" * 5000
    many = tuple(
        dispute(
            n,
            disputed_by=f"party{n} {huge}",
            dispute_sentence=f"party{n} {huge} rejected it.",
            quote=huge,
            counted=f"homes {huge}",
            claimant=f"claimant{n} {huge}",
            claim_sentence=f"claimant{n} {huge} said {n},000 homes.",
            figure_text=f"{n},000",
            value=n * 1000.0,
            claim_source=replace(SOURCE, article_id=n, title=huge, url=f"https://news.example/{huge}/{n}"),
        )
        for n in range(1, 60)
    )
    rendered = format_alert(StoryView(2**31 - 1, huge, many))
    assert rendered is not None
    assert len(rendered.text) <= MAX_MESSAGE
    assert_valid_html(rendered.text)
    assert "more contested figures (Details)" in rendered.text
    data = rendered.reply_markup["inline_keyboard"][0][0]["callback_data"] if rendered.reply_markup else ""
    assert len(data.encode()) <= MAX_CALLBACK_DATA


def test_a_reported_sentence_is_not_shown_as_a_quotation() -> None:
    rendered = format_alert(StoryView(None, "t", (dispute(quote=None),)))
    assert rendered is not None
    # the sentence names its party: shown once, not after "Disputed by a farmers' cooperative"
    assert (
        "Disputed: <i>A farmers' cooperative rejected the count: “nowhere near that many”.</i>"
    ) in rendered.text


def test_a_reported_sentence_that_names_another_party_keeps_its_disputer() -> None:
    sentence = "In a statement, a farmers' cooperative rejected the count."
    rendered = format_alert(StoryView(None, "t", (dispute(quote=None, dispute_sentence=sentence),)))
    assert rendered is not None
    assert f"Disputed by a farmers' cooperative: <i>{sentence}</i>" in rendered.text


def test_a_disputer_who_is_not_the_speaker_or_a_host_is_never_shown() -> None:
    texas = dispute(disputed_by="Texas", dispute_sentence="In Texas, an official denied it.")
    host = dispute(2, disputed_by="127.0.0.1", dispute_sentence="The story is false.")
    rendered = format_alert(StoryView(None, "t", (texas, host)))
    assert rendered is not None
    assert "Texas" not in rendered.text.split("\n\n")[0]
    assert "127.0.0.1" not in rendered.text
    assert "Disputed in “Dam breach: villages count the damage”" in rendered.text


def test_long_details_are_split_between_whole_blocks() -> None:
    sentence = "The governor's office said that " + "many & more <homes> " * 40
    sources = [
        replace(SOURCE, article_id=n, url=f"https://news.example/{n}", title=f"Report {n} " + "y" * 150)
        for n in range(1, 31)
    ]
    claims = tuple(
        ClaimEvidence(
            n,
            f"{n * n},000",
            None,
            "homes flooded",
            "the governor",
            sentence,
            sources[n - 1],
            value=n * n * 1000.0,
        )
        for n in range(1, 31)
    )
    evidence = StoryEvidence(5, 7, "Dam breach", (dispute(5),), claims, (), tuple(sources))
    messages = format_details(evidence)
    assert len(messages) > 1  # the sources run over into further messages, cut between lines
    for message in messages:
        assert len(message) <= MAX_MESSAGE
        assert_valid_html(message)
    joined = "\n".join(messages)
    assert "<b>Other figures reported</b> (30)" in joined
    assert "• and 22 more" in joined
    for n in range(1, 31):
        assert f"Report {n} " in joined  # every source


def test_pack_keeps_blocks_whole() -> None:
    blocks = ["a" * 3000, "b" * 3000, "c" * 100]
    assert pack(blocks) == ["a" * 3000, "b" * 3000 + "\n\n" + "c" * 100]


def test_digest_is_one_message_and_counts_the_rest() -> None:
    disputes = [dispute(n, story_id=n, created_at=NOW + timedelta(minutes=n)) for n in range(1, 400)]
    text = format_digest("last hour", disputes)
    assert len(text) <= MAX_MESSAGE
    assert_valid_html(text)
    assert "(399)" in text
    assert "more: see /claims" in text


def test_digest_lists_each_story_once() -> None:
    disputes = [dispute(n, created_at=NOW + timedelta(minutes=n)) for n in range(1, 10)]  # story 7
    text = format_digest("last hour", disputes)
    assert "(1)" in text
    assert text.count("some 1,200 homes flooded") == 1
    assert "/claim 9" in text  # the newest dispute of the story


def test_plain_text_fallback() -> None:
    assert plain_text("<b>5 &lt; 6</b> &amp; <i>more</i>") == "5 < 6 & more"
    assert html.unescape("&#x27;") == plain_text("&#x27;")


def test_a_conflict_read_both_ways_or_repeated_is_shown_once() -> None:
    # One article gives 412 (ministry) against 1,100 (party): the detector stores it both ways,
    # and a later article repeats it. The alert shows the pair once.
    ministry = {
        "figure_text": "at least 412",
        "qualifier": "at least",
        "value": 412.0,
        "counted": "people died",
        "claimant": "the ministry",
        "claim_sentence": "The ministry said at least 412 people died.",
    }
    party = {
        "figure_text": "more than 1,100",
        "qualifier": "more than",
        "value": 1100.0,
        "counted": "dead counted",
        "claimant": "the party",
        "claim_sentence": "The party said more than 1,100 dead were counted.",
    }
    against_party = {
        "kind": "conflict",
        "disputed_by": "the ministry",
        "dispute_sentence": "The ministry said at least 412 people died.",
        "counter_figure": "at least 412",
        "counter_value": 412.0,
        "counter_counted": "people died",
        "counter_claimant": "the ministry",
        "counter_sentence": "The ministry said at least 412 people died.",
    }
    disputes = (
        dispute(
            1,
            **ministry,
            kind="conflict",
            disputed_by="the party",
            dispute_sentence="The party said more than 1,100 dead were counted.",
            counter_figure="more than 1,100",
            counter_value=1100.0,
            counter_counted="dead counted",
            counter_claimant="the party",
            counter_sentence="The party said more than 1,100 dead were counted.",
        ),
        dispute(2, **party, **against_party),
        dispute(
            3,
            **ministry,
            disputed_by="the Red Crescent",
            quote="we found more bodies than that",
            dispute_sentence="“We found more bodies than that,” the Red Crescent said.",
        ),
        dispute(4, **party, **{**against_party, "counter_figure": "At least  412"}),
    )
    rendered = format_alert(StoryView(7, "Floods: the toll is contested", disputes))
    assert rendered is not None
    assert rendered.text.split("\n\nSources:")[0] == (
        "⚠️ <b>at least 412 people died</b> — the ministry\n"
        "Disputed by the Red Crescent: “<i>we found more bodies than that</i>”\n"
        "Contradicted by the party: <b>more than 1,100 dead counted</b>"
    )


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


def test_an_opener_published_after_an_older_source_says_older_reports_joined_later() -> None:
    older = replace(SOURCE, article_id=1, title="Early wire copy", stance="agree")
    opener = replace(SOURCE, article_id=2, title="Dam breach toll disputed")
    evidence = StoryEvidence(5, 7, "Dam breach", (dispute(5),), (), (), (older, opener))
    joined = "\n".join(format_details(evidence))
    lines = [line for line in joined[joined.index("<b>Sources</b>") :].splitlines() if "UTC" in line]
    assert [line.rsplit("· ", 1)[1] for line in lines] == [
        "supports the claim",
        "opened the story (older reports joined it later)",
    ]


def test_a_rival_figure_given_without_its_noun_counts_what_the_claim_counts() -> None:
    rival = dispute(
        kind="conflict",
        disputed_by="Residents",
        quote=None,
        dispute_sentence="Residents said the real number was above 3,000 and accused the governor.",
        counter_figure="above 3,000",
        counter_value=3000.0,
        counter_counted="accused",
        counter_claimant="Residents",
    )
    rendered = format_alert(StoryView(None, "t", (rival,)))
    assert rendered is not None
    assert "Contradicted by residents: <b>above 3,000 homes flooded</b>" in rendered.text


def test_a_rival_sum_given_without_its_noun_counts_what_the_claim_counts() -> None:
    rival = dispute(
        kind="conflict",
        figure_text="closer to $15 billion",
        qualifier="about",
        counted="cost",
        claimant="industry analysts",
        claim_sentence="Industry analysts put the cost at closer to $15 billion.",
        disputed_by="Kessel Motors",
        quote=None,
        dispute_sentence="Kessel Motors says the plant could be built for $7 billion.",
        counter_figure="$7 billion",
        counter_value=7e9,
        counter_counted="money",
        counter_claimant="Kessel Motors",
    )
    rendered = format_alert(StoryView(None, "t", (rival,)))
    assert rendered is not None
    assert "money" not in rendered.text
    assert "Contradicted by Kessel Motors: <b>$7 billion cost</b>" in rendered.text
