"""A fake Telegram Bot API server on 127.0.0.1 that the real python-telegram-bot talks to.

Pure asyncio HTTP/1.1 (keep-alive, Content-Length bodies, form-urlencoded, multipart/form-data
(file uploads) or JSON parameters).
Point the Application at :attr:`FakeTelegramAPI.base_url` (``http://127.0.0.1:PORT/bot``); the
token travels in the path like on the real API and a wrong token gets 401.

Implemented methods: getMe, getUpdates (long polling driven by an asyncio.Condition: it answers as
soon as an update is queued or when ``timeout`` elapses), sendMessage, editMessageText,
sendPhoto (an uploaded PNG, recorded with its bytes; the caption checked like a text),
answerCallbackQuery, setMyCommands, getMyCommands, deleteMyCommands, deleteWebhook, getChatMember,
getChatAdministrators, getChat.

Messages with ``parse_mode=HTML`` are checked like Telegram does: only its tags, properly nested
and closed, else 400 "can't parse entities" (so an escaping bug fails a test).

Faults are injected per method and chat (:meth:`FakeTelegramAPI.fail`): 429 with retry_after,
403 Forbidden, 400 with migrate_to_chat_id, 400 "can't parse entities", 502 Bad Gateway.

Test helpers: :meth:`send_command`, :meth:`send_text`, :meth:`press_button` queue updates;
:meth:`wait_for_messages` awaits what the bot sends (a condition, not a sleep; ``ceiling`` is only
a ceiling so a broken test fails instead of hanging; generous, because a loaded 2-core machine
took over 10 s to start the detector's worker and deliver an alert).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.policy
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

TOKEN = "123456789:AAFakeTokenForTestsOnly-0123456789ab"
BOT_ID = 123456789
BOT_USERNAME = "claimwatch_test_bot"

# Parameters Telegram defines as JSON objects/arrays (PTB sends them JSON-encoded in the form).
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "entities",
        "reply_parameters",
    }
)
_INT_PARAMS = frozenset(
    {"chat_id", "message_id", "user_id", "offset", "limit", "timeout", "cache_time", "message_thread_id"}
)
_BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "drop_pending_updates",
        "show_alert",
        "disable_web_page_preview",
        "protect_content",
    }
)


@dataclass(slots=True)
class Fault:
    method: str
    chat_id: int | None  # None: any chat
    kind: str  # retry_after / forbidden / migrate / parse_entities / bad_gateway
    times: int = 1
    retry_after: int = 1
    migrate_to: int | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message the bot sent (sendMessage) or edited (editMessageText)."""

    method: str
    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


class _HTTPError(Exception):
    def __init__(self, status: int, payload: dict[str, Any]) -> None:
        super().__init__(status)
        self.status = status
        self.payload = payload


# The tags Telegram's HTML parse mode understands; anything else is "Unsupported start tag".
_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span"}
    | {"tg-spoiler", "tg-emoji", "blockquote"}
)


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problem: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            self.problem = self.problem or f'Unsupported start tag "{tag}"'
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problem = self.problem or f'Unsupported start tag "{tag}"'

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problem = self.problem or f'Unmatched end tag "{tag}"'
        else:
            self.open.pop()


def _check_html(params: dict[str, Any], field: str = "text") -> None:
    if str(params.get("parse_mode") or "").lower() != "html":
        return
    parser = _TelegramHTML()
    parser.feed(params.get(field, ""))
    parser.close()
    problem = parser.problem or (f'Can\'t find end tag for "{parser.open[-1]}"' if parser.open else None)
    if problem:
        raise _error(400, f"Bad Request: can't parse entities: {problem}")


def _multipart(content_type: str, body: bytes) -> list[tuple[str, str | bytes]]:
    """The fields of a multipart/form-data body: text fields as str, uploaded files as bytes."""
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: list[tuple[str, str | bytes]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        if part.get_filename() is not None:
            fields.append((str(name), payload))
        else:
            fields.append((str(name), payload.decode(part.get_content_charset() or "utf-8")))
    return fields


def _error(code: int, description: str, **parameters: Any) -> _HTTPError:
    payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        payload["parameters"] = parameters
    return _HTTPError(code, payload)


class FakeTelegramAPI:
    def __init__(self, *, token: str = TOKEN, bot_username: str = BOT_USERNAME) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_user = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "claimwatch",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[tuple[str, dict[str, Any]]] = []  # every request, in order
        self.outgoing: list[Outgoing] = []
        self.answered_callbacks: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope json -> commands
        self.admins: dict[int, set[int]] = {}  # chat id -> admin user ids
        self.faults: list[Fault] = []
        self.webhook: dict[str, Any] | None = None  # set by setWebhook
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._callback_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeTelegramAPI:
        self._server = await asyncio.start_server(self._serve_connection, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            # Python 3.11's Server.close() leaves open keep-alive connections running.
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> FakeTelegramAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- test-side helpers -----------------------------------------------------------------

    def fail(
        self,
        method: str,
        kind: str,
        *,
        chat_id: int | None = None,
        times: int = 1,
        retry_after: int = 1,
        migrate_to: int | None = None,
        description: str | None = None,
    ) -> Fault:
        fault = Fault(method, chat_id, kind, times, retry_after, migrate_to, description)
        self.faults.append(fault)
        return fault

    def delete_message(self, chat_id: int, message_id: int) -> None:
        """As if the user deleted a message: editing it now fails like on Telegram."""
        self._messages.pop((chat_id, message_id), None)

    def make_admin(self, chat_id: int, user_id: int) -> None:
        self.admins.setdefault(chat_id, set()).add(user_id)

    def _chat(self, chat_id: int, chat_type: str, title: str | None) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = f"user{chat_id}"
        else:
            chat["title"] = title or f"group {chat_id}"
        return chat

    @staticmethod
    def _user(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"user{user_id}", "language_code": "en"}

    async def send_text(
        self,
        text: str,
        *,
        chat_id: int,
        user_id: int | None = None,
        chat_type: str = "private",
        title: str | None = None,
    ) -> int:
        """Queue a user's message; a leading ``/command`` gets its bot_command entity."""
        user_id = user_id if user_id is not None else chat_id
        message_id = self._next_message_id(chat_id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "text": text,
            "chat": self._chat(chat_id, chat_type, title),
            "from": self._user(user_id),
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        self._messages[(chat_id, message_id)] = message
        return await self._queue({"message": message})

    async def send_command(
        self,
        command: str,
        *,
        chat_id: int,
        user_id: int | None = None,
        chat_type: str = "private",
        title: str | None = None,
    ) -> int:
        if not command.startswith("/"):
            command = "/" + command
        return await self.send_text(
            command, chat_id=chat_id, user_id=user_id, chat_type=chat_type, title=title
        )

    async def leave(self, chat_id: int, *, user_id: int | None = None, chat_type: str = "private") -> int:
        """Queue a my_chat_member update: the user blocked the bot, or a group removed it."""
        user_id = user_id if user_id is not None else chat_id
        bot = {"user": self.bot_user}
        return await self._queue(
            {
                "my_chat_member": {
                    "chat": self._chat(chat_id, chat_type, None),
                    "from": self._user(user_id),
                    "date": int(time.time()),
                    "old_chat_member": {**bot, "status": "member"},
                    "new_chat_member": {**bot, "status": "kicked", "until_date": 0}
                    if chat_type == "private"
                    else {**bot, "status": "left"},
                }
            }
        )

    async def migrate_group(self, chat_id: int, new_chat_id: int) -> int:
        """Queue the service message a group sends when it becomes a supergroup."""
        message = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id, "group", None),
            "from": self._user(1),
            "migrate_to_chat_id": new_chat_id,
        }
        return await self._queue({"message": message})

    async def press_button(self, message: Outgoing, data: str, *, user_id: int | None = None) -> str:
        """Queue a callback query as if ``user_id`` pressed the button ``data`` under ``message``."""
        if data not in {b.get("callback_data") for b in message.buttons}:
            raise AssertionError(f"no button with callback_data {data!r} on message {message.message_id}")
        stored = self._messages[(message.chat_id, message.message_id)]
        query_id = str(next(self._callback_ids))
        user_id = user_id if user_id is not None else message.chat_id
        await self._queue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self._user(user_id),
                    "chat_instance": f"ci{message.chat_id}",
                    "data": data,
                    "message": stored,
                }
            }
        )
        return query_id

    async def wait_for_messages(
        self,
        count: int = 1,
        *,
        chat_id: int | None = None,
        predicate: Callable[[Outgoing], bool] | None = None,
        after: int = 0,
        ceiling: float = 60.0,
    ) -> list[Outgoing]:
        """Wait until ``count`` matching messages were sent after index ``after`` of :attr:`outgoing`."""

        def matching() -> list[Outgoing]:
            return [
                m
                for m in self.outgoing[after:]
                if (chat_id is None or m.chat_id == chat_id) and (predicate is None or predicate(m))
            ]

        async with asyncio.timeout(ceiling), self._changed:
            await self._changed.wait_for(lambda: len(matching()) >= count)
        return matching()

    async def wait_for_call(self, method: str, *, count: int = 1, ceiling: float = 60.0) -> None:
        async with asyncio.timeout(ceiling), self._changed:
            await self._changed.wait_for(lambda: sum(1 for m, _ in self.calls if m == method) >= count)

    def messages_to(self, chat_id: int) -> list[Outgoing]:
        return [m for m in self.outgoing if m.chat_id == chat_id]

    def queued_updates(self) -> list[dict[str, Any]]:
        """Every update queued so far (what a webhook would have been posted)."""
        return list(self._updates)

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    # --- internals ---------------------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    async def _queue(self, body: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        async with self._changed:
            self._updates.append({"update_id": update_id, **body})
            self._changed.notify_all()
        return update_id

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                method, target, _ = request_line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                status, payload = await self._dispatch(method, target, headers, body)
                data = json.dumps(payload).encode()
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n".encode()
                    + data
                )
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            # stop() cancels idle keep-alive connections; asyncio 3.11's stream callback would
            # log a cancelled handler task as an error, so end normally.
            return
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _dispatch(
        self, http_method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        path = urlsplit(target).path
        prefix, _, api_method = path.rpartition("/")
        if prefix != f"/bot{self.token}":
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        params = self._parse_params(headers.get("content-type", ""), body, urlsplit(target).query)
        self.calls.append((api_method, params))
        handler = getattr(self, f"_api_{api_method}", None)
        try:
            if handler is None:
                raise _error(404, "Not Found: method not found")
            self._apply_fault(api_method, params)
            result = await handler(params)
        except _HTTPError as exc:
            await self._notify()
            return exc.status, exc.payload
        await self._notify()
        return 200, {"ok": True, "result": result}

    @staticmethod
    def _parse_params(content_type: str, body: bytes, query: str) -> dict[str, Any]:
        if content_type.startswith("application/json"):
            parsed: dict[str, Any] = json.loads(body or b"{}")
            return parsed
        fields: list[tuple[str, Any]] = list(parse_qsl(query))
        if content_type.startswith("multipart/form-data"):
            fields += _multipart(content_type, body)
        else:
            fields += parse_qsl(body.decode(), keep_blank_values=True)
        params: dict[str, Any] = {}
        for key, value in fields:
            if isinstance(value, bytes):
                params[key] = value  # an uploaded file
            elif key in _JSON_PARAMS:
                params[key] = json.loads(value)
            elif key in _INT_PARAMS:
                params[key] = int(value)
            elif key in _BOOL_PARAMS:
                params[key] = value == "true"
            else:
                params[key] = value
        # "attach://name": the file was sent in the part called name
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.get(value.removeprefix("attach://"), value)
        return params

    def _apply_fault(self, method: str, params: dict[str, Any]) -> None:
        for fault in self.faults:
            if fault.method != method or fault.times <= 0:
                continue
            if fault.chat_id is not None and params.get("chat_id") != fault.chat_id:
                continue
            fault.times -= 1
            if fault.kind == "retry_after":
                raise _error(
                    429, f"Too Many Requests: retry after {fault.retry_after}", retry_after=fault.retry_after
                )
            if fault.kind == "forbidden":
                raise _error(403, fault.description or "Forbidden: bot was blocked by the user")
            if fault.kind == "migrate":
                raise _error(
                    400,
                    "Bad Request: group chat was upgraded to a supergroup chat",
                    migrate_to_chat_id=fault.migrate_to,
                )
            if fault.kind == "parse_entities":
                raise _error(
                    400, 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 12'
                )
            if fault.kind == "bad_gateway":
                raise _error(502, "Bad Gateway")
            raise AssertionError(f"unknown fault kind {fault.kind!r}")

    # --- API methods -------------------------------------------------------------------------

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = params  # url, secret_token, allowed_updates as the bot sent them
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands[json.dumps(params.get("scope"), sort_keys=True)] = params["commands"]
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(json.dumps(params.get("scope"), sort_keys=True), [])

    async def _api_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands.pop(json.dumps(params.get("scope"), sort_keys=True), None)
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        async with self._changed:
            # Telegram forgets every update below the offset the client confirmed.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(timeout):
                        await self._changed.wait_for(lambda: bool(self._updates))
            return [u for u in self._updates if u["update_id"] >= offset][:limit]

    def _message_result(self, chat_id: int, message_id: int, params: dict[str, Any]) -> dict[str, Any]:
        chat_type = "private" if chat_id > 0 else ("supergroup" if chat_id < -(10**12) else "group")
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type, None),
            "from": self.bot_user,
            "text": params.get("text", ""),
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        text = params.get("text", "")
        if not text:
            raise _error(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise _error(400, "Bad Request: message is too long")
        self._check_markup(params)
        _check_html(params)
        return self._deliver("sendMessage", chat_id, self._next_message_id(chat_id), params)

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        message_id = int(params["message_id"])
        stored = self._messages.get((chat_id, message_id))
        if stored is None or stored.get("from", {}).get("id") != BOT_ID:
            raise _error(400, "Bad Request: message to edit not found")
        text = params.get("text", "")
        if len(text) > 4096:
            raise _error(400, "Bad Request: message is too long")
        if text == stored.get("text") and params.get("reply_markup") == stored.get("reply_markup"):
            raise _error(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup",
            )
        self._check_markup(params)
        _check_html(params)
        return self._deliver("editMessageText", chat_id, message_id, params)

    async def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        photo = params.get("photo")
        if not isinstance(photo, bytes) or not photo.startswith(b"\x89PNG\r\n\x1a\n"):
            raise _error(400, "Bad Request: wrong type of the web page content")  # Telegram's words
        if len(params.get("caption", "")) > 1024:
            raise _error(400, "Bad Request: message caption is too long")
        self._check_markup(params)
        _check_html(params, "caption")
        message_id = self._next_message_id(chat_id)
        message = self._message_result(chat_id, message_id, {**params, "text": ""})
        del message["text"]
        message["caption"] = params.get("caption", "")
        message["photo"] = [
            {"file_id": f"photo{message_id}", "file_unique_id": f"u{message_id}", "width": 640, "height": 360}
        ]
        self._messages[(chat_id, message_id)] = message
        self.outgoing.append(
            Outgoing(
                "sendPhoto",
                chat_id,
                message_id,
                params.get("caption", ""),
                params.get("parse_mode"),
                params.get("reply_markup"),
                params,
            )
        )
        return message

    def _deliver(self, method: str, chat_id: int, message_id: int, params: dict[str, Any]) -> Any:
        """Store the bot's message as the chat now shows it and record the outgoing call."""
        message = self._message_result(chat_id, message_id, params)
        self._messages[(chat_id, message_id)] = message
        self.outgoing.append(
            Outgoing(
                method,
                chat_id,
                message_id,
                params.get("text", ""),
                params.get("parse_mode"),
                params.get("reply_markup"),
                params,
            )
        )
        return message

    @staticmethod
    def _check_markup(params: dict[str, Any]) -> None:
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise _error(400, "Bad Request: BUTTON_DATA_INVALID")

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self.answered_callbacks.append(params)
        return True

    async def _api_getChat(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        return {
            **self._chat(chat_id, "private" if chat_id > 0 else "supergroup", None),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
            },
        }

    def _member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        user = self._user(user_id)
        if chat_id > 0 and user_id == chat_id:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id in self.admins.get(chat_id, set()):
            rights = dict.fromkeys(
                (
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                ),
                False,
            )
            return {"status": "administrator", "user": user, **rights, "can_change_info": True}
        return {"status": "member", "user": user}

    async def _api_getChatMember(self, params: dict[str, Any]) -> Any:
        return self._member(int(params["chat_id"]), int(params["user_id"]))

    async def _api_getChatAdministrators(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        return [self._member(chat_id, user_id) for user_id in sorted(self.admins.get(chat_id, set()))]
