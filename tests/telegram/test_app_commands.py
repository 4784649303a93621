"""The running Application: /start, /help, the published command list, unknown commands."""

from __future__ import annotations

import json

from fakes.harness import ADMIN_ID, StartApp
from fakes.telegram_api import BOT_USERNAME, FakeTelegramAPI, Outgoing

from bot.telegram.commands import COMMANDS
from bot.telegram.context import BotApplication


async def test_start_answers_with_how_to_subscribe(app: BotApplication, fake_api: FakeTelegramAPI) -> None:
    await fake_api.send_command("/start", chat_id=501)
    [reply] = await fake_api.wait_for_messages(chat_id=501)
    assert "/subscribe" in reply.text
    assert "/help" in reply.text
    assert reply.parse_mode == "HTML"


async def test_help_lists_every_public_command_with_an_example(
    app: BotApplication, fake_api: FakeTelegramAPI
) -> None:
    await fake_api.send_command("/help", chat_id=502)
    [reply] = await fake_api.wait_for_messages(chat_id=502)
    for spec in COMMANDS:
        if spec.admin_only:
            assert f"/{spec.name}:" not in reply.text
        else:
            assert f"/{spec.name}:" in reply.text
            assert spec.example.replace('"', "&quot;") in reply.text


async def test_help_shows_admin_commands_to_bot_admins(
    app: BotApplication, fake_api: FakeTelegramAPI
) -> None:
    await fake_api.send_command("/help", chat_id=ADMIN_ID)
    [reply] = await fake_api.wait_for_messages(chat_id=ADMIN_ID)
    assert "/addfeed:" in reply.text
    assert "/removefeed:" in reply.text


async def test_command_list_is_published(start_app: StartApp, fake_api: FakeTelegramAPI) -> None:
    async with start_app(publish_commands=True):
        pass
    default = fake_api.commands[json.dumps({"type": "default"}, sort_keys=True)]
    assert [c["command"] for c in default] == [c.name for c in COMMANDS if not c.admin_only]
    assert all(c["description"] for c in default)
    admin = fake_api.commands[json.dumps({"type": "chat", "chat_id": ADMIN_ID}, sort_keys=True)]
    assert {c["command"] for c in admin} == {c.name for c in COMMANDS}


async def test_unknown_command_gets_a_specific_answer(app: BotApplication, fake_api: FakeTelegramAPI) -> None:
    await fake_api.send_command("/subscrib", chat_id=503)
    [reply] = await fake_api.wait_for_messages(chat_id=503)
    assert "/subscrib." in reply.text
    assert "/help" in reply.text
    assert "Did you mean /subscribe?" in reply.text


async def test_known_command_is_answered_once(app: BotApplication, fake_api: FakeTelegramAPI) -> None:
    await fake_api.send_command("/start", chat_id=504)
    await fake_api.send_command("/nosuchthing", chat_id=504)
    replies = await fake_api.wait_for_messages(2, chat_id=504)
    assert "/subscribe" in replies[0].text
    assert "/nosuchthing" in replies[1].text  # the fallback stayed silent for /start


async def test_group_commands_addressed_to_the_bot(app: BotApplication, fake_api: FakeTelegramAPI) -> None:
    group = -4001
    await fake_api.send_command("/other@some_other_bot", chat_id=group, user_id=11, chat_type="group")
    await fake_api.send_command(
        "/weather", chat_id=group, user_id=11, chat_type="group"
    )  # maybe another bot's
    await fake_api.send_command(f"/start@{BOT_USERNAME}", chat_id=group, user_id=11, chat_type="group")
    await fake_api.send_command(f"/bogus@{BOT_USERNAME}", chat_id=group, user_id=11, chat_type="group")
    replies = await fake_api.wait_for_messages(2, chat_id=group)
    assert "administrators" in replies[0].text  # /start in a group explains who may change things
    assert "/bogus" in replies[1].text
    await fake_api.send_command("/help", chat_id=group, user_id=11, chat_type="group")
    later = await fake_api.wait_for_messages(3, chat_id=group)
    assert len(later) == 3
    assert "/watch" in later[2].text


async def test_stale_button_gets_an_answer(app: BotApplication, fake_api: FakeTelegramAPI) -> None:
    await fake_api.send_command("/start", chat_id=505)
    [reply] = await fake_api.wait_for_messages(chat_id=505)
    old = Outgoing(
        "sendMessage",
        505,
        reply.message_id,
        reply.text,
        None,
        {"inline_keyboard": [[{"text": "Old", "callback_data": "v0:gone"}]]},
    )
    await fake_api.press_button(old, "v0:gone")
    await fake_api.wait_for_call("answerCallbackQuery")
    [answer] = fake_api.answered_callbacks
    assert "no longer active" in answer["text"]
