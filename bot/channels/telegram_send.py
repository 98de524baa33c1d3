"""Core actions -> Bot API calls: replies with keyboards, chat wipes, and the ids they leave.

Replies are sent as plain text (no ``parse_mode``), so nothing a user typed and nothing a
translator wrote can inject markup. Every message id sent is returned, so quick exit can
delete it later.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from telegram import (
    Bot, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, Message,
    ReplyKeyboardMarkup, ReplyKeyboardRemove,
)
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot.channels.render import MAX_MESSAGE_CHARS, render_reply, split_text
from bot.core.events import M_, Action, DeleteMessages, Reply
from bot.i18n import Translator, translator

log = logging.getLogger(__name__)

SHARE_LOCATION = M_("telegram.share_location")
LOCATION_PROMPT = M_("telegram.location_prompt")
EMPTY_TEXT = M_("prompt.continue")
#: Labels up to this many characters share a row, two by two; longer ones get a row each.
SHORT_LABEL = 18
MAX_CALLBACK_BYTES = 64
DELETE_BATCH = 100
NETWORK_RETRIES = 2
T = TypeVar("T")
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True)
class Sent:
    """What one turn's actions left behind: the ids of the messages sent."""

    message_ids: tuple[str, ...]


def keyboard_rows(buttons: Sequence[tuple[str, str]]) -> list[list[InlineKeyboardButton]]:
    """Inline buttons, two to a row when both labels are short, else one per row."""
    usable = [(label, data) for label, data in buttons
              if 0 < len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES]
    if len(usable) < len(buttons):
        log.error("dropped %d button(s) with an invalid callback payload",
                  len(buttons) - len(usable))
    rows: list[list[InlineKeyboardButton]] = []
    for label, data in usable:
        button = InlineKeyboardButton(label or "?", callback_data=data)
        last = rows[-1] if rows else None
        if (last is not None and len(last) == 1 and len(label) <= SHORT_LABEL
                and len(str(last[0].text)) <= SHORT_LABEL):
            last.append(button)
        else:
            rows.append([button])
    return rows


def inline_keyboard(buttons: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """The inline keyboard for rendered buttons, or None when there are none."""
    rows = keyboard_rows(buttons)
    return InlineKeyboardMarkup(rows) if rows else None


def location_keyboard(label: str) -> ReplyKeyboardMarkup:
    """A one-time reply keyboard with a single "share location" button."""
    return ReplyKeyboardMarkup([[KeyboardButton(label, request_location=True)]],
                               resize_keyboard=True, one_time_keyboard=True)


def fit_parts(parts: Sequence[str]) -> list[str]:
    """Non-blank parts, each within Telegram's limit counted in UTF-16 units (emoji count 2)."""
    fitted: list[str] = []
    for part in parts:
        if len(part.encode("utf-16-le")) // 2 > MAX_MESSAGE_CHARS:
            fitted.extend(split_text(part, MAX_MESSAGE_CHARS // 2))
        else:
            fitted.append(part)
    return [p for p in fitted if p.strip()]


async def with_retries(call: Callable[[], Awaitable[T]], retries: int = NETWORK_RETRIES,
                       delay: float = 0.5) -> T:
    """Await ``call()``, again after a short pause when the connection failed.

    Timeouts are not retried (the call may have reached Telegram); rate limits are retried by
    PTB's AIORateLimiter underneath.
    """
    for attempt in range(retries + 1):
        try:
            return await call()
        except (BadRequest, TimedOut):
            raise
        except NetworkError:
            if attempt == retries:
                raise
            await asyncio.sleep(delay * 2 ** attempt)
    raise AssertionError("unreachable")


class ReplySender:
    """Sends one turn's actions to one chat."""

    async def send_actions(self, bot: Bot, chat_id: int, actions: Sequence[Action],
                           lang: str) -> Sent:
        """Render and send every action in order; a blocked chat stops the turn quietly.

        Follow-ups are not the channel's business here: the app stored them with the turn.
        """
        tr = translator(lang)
        ids: list[str] = []
        clear_keyboard = False
        try:
            for action in actions:
                if isinstance(action, Reply):
                    ids.extend(await self.send_reply(bot, chat_id, action, tr, clear_keyboard))
                    clear_keyboard = False
                elif isinstance(action, DeleteMessages):
                    await self.wipe(bot, chat_id, action.message_ids)
                    clear_keyboard = True  # a leftover keyboard would give the chat away
        except Forbidden:
            log.info("chat unavailable (bot blocked or user gone); turn's replies stopped")
        return Sent(tuple(ids))

    async def send_reply(self, bot: Bot, chat_id: int, reply: Reply, tr: Translator,
                         clear_keyboard: bool = False) -> list[str]:
        """Send one reply (split when long); returns the message ids sent."""
        rendered = render_reply(reply, tr)
        inline = inline_keyboard(rendered.buttons)
        location = location_keyboard(tr.gettext(SHARE_LOCATION)) if reply.request_location else None
        parts = fit_parts(rendered.parts) or ([tr.gettext(EMPTY_TEXT)] if inline else [])
        remove = ReplyKeyboardRemove() if clear_keyboard or reply.remove_keyboard else None
        final: Markup | None = inline or location or remove
        ids: list[str] = []
        for number, part in enumerate(parts, start=1):
            markup = final if number == len(parts) else None
            sent = await self._send(bot, chat_id, part, markup, reply.protect)
            ids.extend([str(sent.message_id)] if sent else [])
        if inline and location:  # one message cannot carry both keyboards
            sent = await self._send(bot, chat_id, tr.gettext(LOCATION_PROMPT), location,
                                    reply.protect)
            ids.extend([str(sent.message_id)] if sent else [])
        return ids

    async def wipe(self, bot: Bot, chat_id: int, message_ids: Sequence[str]) -> int:
        """Delete the listed messages in batches; those Telegram refuses are skipped."""
        numbers = sorted({int(m) for m in message_ids if m.isdigit()})
        for start in range(0, len(numbers), DELETE_BATCH):
            await self._delete_batch(bot, chat_id, numbers[start:start + DELETE_BATCH])
        return len(numbers)

    async def _delete_batch(self, bot: Bot, chat_id: int, batch: Sequence[int]) -> None:
        try:
            await with_retries(lambda: bot.delete_messages(chat_id, batch))
        except BadRequest:
            await self._delete_one_by_one(bot, chat_id, batch)

    async def _delete_one_by_one(self, bot: Bot, chat_id: int, numbers: Sequence[int]) -> None:
        for number in numbers:
            try:
                await bot.delete_message(chat_id, number)
            except BadRequest:
                continue  # too old (48 hours) or already gone: delete what can be deleted

    async def _send(self, bot: Bot, chat_id: int, text: str, markup: Markup | None,
                    protect: bool) -> Message | None:
        try:
            return await with_retries(lambda: bot.send_message(
                chat_id, text, reply_markup=markup, protect_content=protect))
        except BadRequest as exc:
            log.error("message refused by Telegram (%s)", _reason(exc))
            return None


def _reason(exc: BadRequest) -> str:
    """A short error code without message content (descriptions never carry user text)."""
    return exc.message.split(":", 1)[0][:60]
