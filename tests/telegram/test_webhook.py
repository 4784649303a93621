"""``claimwatch run --webhook``: updates posted to python-telegram-bot's webhook server."""

from __future__ import annotations

import socket

import httpx
from fakes.telegram_api import TOKEN, FakeTelegramAPI

from bot.settings import Settings
from bot.telegram.app import Webhook, build_application, webhook_secret


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_updates_posted_to_the_webhook_are_answered(
    settings: Settings, fake_api: FakeTelegramAPI
) -> None:
    webhook = Webhook("https://bot.example.org/telegram/updates", "127.0.0.1", free_port())
    application = build_application(settings, ingestion=False)
    secret = webhook_secret(TOKEN)
    assert TOKEN not in secret
    await application.initialize()
    assert application.post_init is not None
    assert application.updater is not None
    await application.post_init(application)
    await application.updater.start_webhook(
        listen=webhook.listen,
        port=webhook.port,
        url_path=webhook.path,
        webhook_url=webhook.url,
        secret_token=secret,
    )
    await application.start()
    try:
        assert fake_api.webhook is not None
        assert fake_api.webhook["url"] == webhook.url
        assert fake_api.webhook["secret_token"] == secret
        await fake_api.send_command("/help", chat_id=3131)
        [update] = fake_api.queued_updates()
        local = f"http://127.0.0.1:{webhook.port}/{webhook.path}"
        async with httpx.AsyncClient() as client:
            forged = await client.post(
                local, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            assert forged.status_code == 403  # only Telegram knows the secret
            answer = await client.post(
                local, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
            )
            assert answer.status_code == 200
        [reply] = await fake_api.wait_for_messages(chat_id=3131)
        assert "/watch" in reply.text
    finally:
        await application.updater.stop()
        await application.stop()
        assert application.post_stop is not None
        assert application.post_shutdown is not None
        await application.post_stop(application)
        await application.shutdown()
        await application.post_shutdown(application)
