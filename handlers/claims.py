"""/claims [keyword]: the latest contested claims, five a page, with buttons to page.

Callback data is ``cl:<page>`` or ``cl:<page>:<keyword>`` when the normalised keyword fits in
Telegram's 64 bytes; a longer (e.g. non-Latin) keyword is kept in the chat's data under a short
token, ``cl:<page>:#<token>``, which lasts as long as the process.
"""

from __future__ import annotations

import hashlib
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.alerts.format import alert_summary, details_data, esc, story_claims, when
from bot.claims import figure_words
from bot.errors import CommandError
from bot.services import claims_query
from bot.services.keywords import split_keywords, validate_keyword
from bot.telegram.context import BotApplication, BotContext, ChatData
from handlers.common import callback_query, command_arguments, command_message, require_search_budget

PREFIX = "cl:"
MAX_CALLBACK_BYTES = 64
MAX_PAGE = 9999
_TOKENS_KEY = "claims_keywords"
MAX_TOKENS = 100  # long keywords remembered per chat
MAX_MESSAGE_CHARS = 4096
MAX_LINK_CHARS = 400  # longer article URLs are left unlinked so five items always fit one message
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def parse_keyword(arguments: str) -> str | None:
    """The normalised keyword of ``/claims <words>``: all words form one phrase."""
    words = split_keywords(arguments)
    return validate_keyword(" ".join(words)) if words else None


async def claims(update: Update, context: BotContext) -> None:
    message = command_message(update)
    keyword = parse_keyword(command_arguments(message))
    require_search_budget(update, context)
    page = await claims_query.latest_claims(context.services.session_factory, keyword=keyword)
    await message.reply_html(
        format_page(page),
        reply_markup=page_buttons(page, context.chat_data),
        link_preview_options=_NO_PREVIEW,
    )


async def page_button(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    page_number, keyword = decode(query.data or "", context.chat_data)
    require_search_budget(update, context)
    page = await claims_query.latest_claims(
        context.services.session_factory, page=page_number, keyword=keyword
    )
    await query.answer()
    try:
        await query.edit_message_text(
            format_page(page),
            parse_mode="HTML",
            reply_markup=page_buttons(page, context.chat_data),
            link_preview_options=_NO_PREVIEW,
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


def encode(page: int, keyword: str | None, store: ChatData | None) -> str:
    data = f"{PREFIX}{page}"
    if keyword is None:
        return data
    inline = f"{data}:{keyword}"
    if len(inline.encode()) <= MAX_CALLBACK_BYTES and not keyword.startswith("#"):
        return inline
    token = hashlib.sha256(keyword.encode()).hexdigest()[:16]
    if store is not None:
        tokens: dict[str, str] = store.setdefault(_TOKENS_KEY, {})
        tokens.pop(token, None)
        tokens[token] = keyword  # newest last: the oldest go first when the map is full
        while len(tokens) > MAX_TOKENS:
            del tokens[next(iter(tokens))]
    return f"{data}:#{token}"


def decode(data: str, store: ChatData | None) -> tuple[int, str | None]:
    if not data.startswith(PREFIX):
        raise CommandError("This button is out of date; send /claims again.")
    page_text, _, keyword = data[len(PREFIX) :].partition(":")
    if not page_text.isdigit() or int(page_text) > MAX_PAGE:
        raise CommandError("This button is out of date; send /claims again.")
    if not keyword:
        return int(page_text), None
    if keyword.startswith("#"):
        tokens = (store or {}).get(_TOKENS_KEY, {})
        if keyword[1:] not in tokens:
            raise CommandError("This list has expired; send /claims again.")
        return int(page_text), str(tokens[keyword[1:]])
    # callback data comes back from the client: treat it like typed input
    return int(page_text), validate_keyword(keyword)


def page_buttons(page: claims_query.ClaimsPage, store: ChatData | None) -> InlineKeyboardMarkup | None:
    """A Details button per claim (numbered as in the text), then Newer/Older."""
    first = page.page * claims_query.PAGE_SIZE + 1
    details = [
        InlineKeyboardButton(f"🔎 {first + i}", callback_data=details_data(item.dispute_id))
        for i, item in enumerate(page.items)
    ]
    rows = [details] if details else []
    row = []
    if page.has_prev:
        row.append(InlineKeyboardButton("◀ Newer", callback_data=encode(page.page - 1, page.keyword, store)))
    if page.has_next and page.page < MAX_PAGE:
        row.append(InlineKeyboardButton("Older ▶", callback_data=encode(page.page + 1, page.keyword, store)))
    if row:
        rows.append(row)
    return InlineKeyboardMarkup(rows) if rows else None


def format_item(number: int, item: claims_query.ClaimSummary, scale: float = 1.0) -> str:
    """One claim; ``scale`` < 1 shortens every field (escaping can multiply a field's length)."""

    def cut(text: str, limit: int) -> str:
        return esc(text, max(int(limit * scale), 8))

    claims = story_claims(item.story) if item.story is not None and scale >= 0.6 else ()
    if claims:  # what the story's alert showed, said the same way
        # at full size exactly the alert's claim lines; shorter pages keep the lead and one disputer
        summary = alert_summary(claims) if scale >= 1 else alert_summary(claims[:1], rebuttals=1)
        lines = [f"<b>{number}.</b> {summary}"]
    else:  # nothing the alert could show (e.g. a figure whose counted thing has no name)
        figure = f"{figure_words(item.figure_text)} {item.counted}".strip()
        lines = [
            f"<b>{number}.</b> <b>{cut(figure, 160)}</b> — {cut(item.claimant or 'source not named', 80)}"
        ]
        if item.disputed_by:
            lines.append(f"Disputed by {cut(item.disputed_by, 80)}")
        if item.counter_figure:
            lines.append(f"Counter-figure: {cut(item.counter_figure, 60)}")
    title = cut(item.headline or item.url, 120)
    # Only web links: a feed can put tg://, javascript: or data: URLs in its entries.
    if len(item.url) <= MAX_LINK_CHARS * scale and item.url.startswith(("http://", "https://")):
        title = f'<a href="{html.escape(item.url, quote=True)}">{title}</a>'
    lines.append(f"{title} · {when(item.when)} · /claim {item.dispute_id}")
    return "\n".join(lines)


def format_page(page: claims_query.ClaimsPage) -> str:
    about = f" matching “{html.escape(page.keyword)}”" if page.keyword else ""
    if not page.items:
        if page.page:
            return f"No older contested claims{about}."
        return f"No contested claims{about} yet."
    header = f"<b>Latest contested claims</b>{about} — page {page.page + 1}"
    first = page.page * claims_query.PAGE_SIZE + 1
    text = ""
    for scale in (1.0, 0.7, 0.3, 0.1):
        body = "\n\n".join(format_item(first + i, item, scale) for i, item in enumerate(page.items))
        text = f"{header}\n\n{body}"
        if len(text) <= MAX_MESSAGE_CHARS:
            break
    return text


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("claims", claims))
    application.add_handler(CallbackQueryHandler(page_button, pattern=rf"^{PREFIX}\d"))
