"""Charts through sendPhoto (Details and /chart), the digest schedule in /settings, and the
short help a plain private message gets: the real Application against the fake Bot API."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from fakes.harness import settle
from fakes.seed import add_chat, add_story
from fakes.telegram_api import FakeTelegramAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.enqueue import enqueue_alerts
from bot.clock import FakeClock
from bot.storage.models import Article, ClaimRow, DisputeRow
from bot.telegram.context import BotApplication
from handlers.fallback import PLAIN_TEXT_HELP

SF = async_sessionmaker[AsyncSession]
USER = 4100
MONITOR = "The Riverland Monitoring Network said about 4,300 people were killed in the Orun floods."
MINISTRY = "The health ministry said 612 people had died in the floods."


async def seed_story(session_factory: SF, clock: FakeClock, *, counter: bool = True) -> int:
    """One article giving the monitor's toll and (with ``counter``) the ministry's own."""
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Orun floods", clock.now())
        url = f"https://news.example/orun-{counter}"
        article = Article(
            url=url,
            url_hash=hashlib.sha256(url.encode()).hexdigest(),
            title="Orun floods: monitor and ministry far apart on toll",
            text=f"{MONITOR} {MINISTRY}",
            published_at=clock.now() - timedelta(minutes=5),
            fetched_at=clock.now(),
            story_id=story.id,
        )
        session.add(article)
        await session.flush()

        def claim(figure: str, value: float, counted: str, claimant: str, sentence: str) -> ClaimRow:
            return ClaimRow(
                article_id=article.id,
                story_id=story.id,
                value=value,
                figure_text=figure,
                counted=counted,
                claimant=claimant,
                sentence=sentence,
                sentence_start=0,
                sentence_end=len(sentence),
            )

        toll = claim("about 4,300", 4300.0, "people killed", "The Riverland Monitoring Network", MONITOR)
        official = claim("612", 612.0, "people died", "The health ministry", MINISTRY)
        session.add_all([toll, official])
        await session.flush()
        dispute = DisputeRow(
            fingerprint=f"chart-{counter}",
            story_id=story.id,
            claim_id=toll.id,
            claim_article_id=article.id,
            dispute_article_id=article.id,
            counter_claim_id=official.id if counter else None,
            kind="conflict" if counter else "denial",
            disputed_by="The health ministry",
            dispute_sentence=MINISTRY if counter else "The health ministry rejected the figure.",
            dispute_start=0,
            dispute_end=10,
            created_at=clock.now(),
        )
        session.add(dispute)
        await session.flush()
        await enqueue_alerts(session, [dispute], now=clock.now())
        return dispute.id


async def test_details_send_the_evidence_in_one_message_then_the_chart(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF, clock: FakeClock
) -> None:
    await add_chat(session_factory, USER)
    await seed_story(session_factory, clock)
    await settle(app)
    [alert] = fake_api.messages_to(USER)
    assert alert.text.splitlines()[0] == (
        "⚠️ <b>about 4,300 people killed</b> — The Riverland Monitoring Network"
    )
    seen = len(fake_api.outgoing)
    await fake_api.press_button(alert, alert.buttons[0]["callback_data"], user_id=USER)
    details, chart = await fake_api.wait_for_messages(2, chat_id=USER, after=seen)
    assert details.method == "sendMessage"
    assert "Contradicted by the health ministry: <b>612 people died</b>" in details.text
    assert chart.method == "sendPhoto"
    assert chart.params["photo"].startswith(b"\x89PNG\r\n\x1a\n")
    assert chart.params["parse_mode"] == "HTML"
    assert chart.text.splitlines()[:3] == [
        "📈 <b>people killed</b>: the figures, by who gives them",
        "• the health ministry: 612",
        "• The Riverland Monitoring Network: about 4,300",
    ]
    assert "https://news.example/orun-True" in chart.text  # the source, in the caption


async def test_chart_command(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF, clock: FakeClock
) -> None:
    two = await seed_story(session_factory, clock)
    one = await seed_story(session_factory, clock, counter=False)

    seen = len(fake_api.outgoing)
    await fake_api.send_command(f"/chart {two}", chat_id=USER)
    [chart] = await fake_api.wait_for_messages(chat_id=USER, after=seen)
    assert chart.method == "sendPhoto"
    assert f"Details: /claim {two}" in chart.text

    seen = len(fake_api.outgoing)
    await fake_api.send_command(f"/chart {one}", chat_id=USER)
    [reply] = await fake_api.wait_for_messages(chat_id=USER, after=seen)
    assert reply.text == (
        f"Claim #{one} has a single figure, so there is nothing to compare in a chart. "
        f"Its evidence: /claim {one}"
    )

    seen = len(fake_api.outgoing)
    await fake_api.send_command("/chart many", chat_id=USER)
    [usage] = await fake_api.wait_for_messages(chat_id=USER, after=seen)
    assert "/chart 42" in usage.text


async def test_settings_state_the_digest_schedule(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF, clock: FakeClock
) -> None:
    await add_chat(session_factory, USER, mode="hourly")
    seen = len(fake_api.outgoing)
    await fake_api.send_command("/settings", chat_id=USER)
    [shown] = await fake_api.wait_for_messages(chat_id=USER, after=seen)
    # FakeClock starts at 01 Jan 12:00; the digest job starts the first period at its next tick
    assert "Delivery: a digest every hour, each story listed once; next one at about 01 Jan 13:01 UTC" in (
        shown.text
    )


async def test_a_plain_private_message_gets_a_short_help(
    app: BotApplication, fake_api: FakeTelegramAPI
) -> None:
    seen = len(fake_api.outgoing)
    await fake_api.send_text("how many people died in the floods?", chat_id=USER)
    [reply] = await fake_api.wait_for_messages(chat_id=USER, after=seen)
    assert reply.text == PLAIN_TEXT_HELP
