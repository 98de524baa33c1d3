"""Operators over Telegram: alert delivery from the outbox, and Acknowledge / Close buttons.

The outbox and the store are synchronous, so :class:`TelegramAlertSender` runs on a worker
thread and hands each Bot API call to the event loop. Operator buttons are honoured only for
the user ids in ``settings.operator_id_set``; every action and every refusal is audited.
"""

import asyncio
import html
import logging
import re
from collections.abc import Coroutine, Mapping, Sequence
from typing import Any, TypeVar

from telegram import (
    Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, User,
)
from telegram.error import BadRequest, TelegramError

from bot.channels.telegram_delivery import SEND_TIMEOUT, call_on_loop
from bot.channels.telegram_mapping import OperatorPress
from bot.core.events import M_, Msg
from bot.i18n import Translator
from bot.storage.store import AlertStatus, PendingAlert, SqlStore
from bot.triage.alerts import operator_buttons

log = logging.getLogger(__name__)

ACKED_BY = M_("telegram.op.acked_by")
CLOSED_BY = M_("telegram.op.closed_by")
REFUSED = M_("telegram.op.refused")
UNKNOWN_ALERT = M_("telegram.op.unknown")
DONE = M_("telegram.op.done")
ACTIONS = ("ack", "close")
_TAG = re.compile(r"<[^>]+>")
T = TypeVar("T")


class TelegramAlertSender:
    """Sends stored alerts to operator chats (an ``AlertSender`` for ``deliver_due``)."""

    def __init__(self, bot: Bot, loop: asyncio.AbstractEventLoop, tr: Translator,
                 timeout: float = SEND_TIMEOUT) -> None:
        self.bot = bot
        self.loop = loop
        self.tr = tr
        self.timeout = timeout

    def send(self, alert: PendingAlert) -> str:
        """Deliver the alert text with its buttons, then the pin and evidence; or raise."""
        chat = _chat_id(alert.destination)
        message = self._call(self._send_text(chat, alert))
        payload = alert.payload
        if isinstance(payload.get("lat"), (int, float)) and isinstance(payload.get("lon"),
                                                                       (int, float)):
            self._extra(self.bot.send_location(chat, float(payload["lat"]),
                                               float(payload["lon"])))
        for ref in _evidence(payload.get("evidence")):
            self._extra(self._send_evidence(chat, ref))
        return f"telegram:{message.chat_id}:{message.message_id}"

    async def _send_text(self, chat: int | str, alert: PendingAlert) -> Message:
        text = str(alert.payload.get("text") or alert.report_ref)
        markup = InlineKeyboardMarkup([[
            InlineKeyboardButton(self.tr.gettext(label), callback_data=data)
            for label, data in operator_buttons(str(alert.id))]])
        try:
            return await self.bot.send_message(chat, text, parse_mode="HTML", reply_markup=markup)
        except BadRequest as exc:
            if "parse entities" not in exc.message:
                raise
            log.error("alert %s had invalid HTML; sent as plain text", alert.id)
            plain = html.unescape(_TAG.sub("", text))
            return await self.bot.send_message(chat, plain, reply_markup=markup)

    async def _send_evidence(self, chat: int | str, ref: str) -> None:
        # A file_id does not say its type; Telegram refuses the wrong method, so try in turn.
        for method in (self.bot.send_photo, self.bot.send_document, self.bot.send_voice,
                       self.bot.send_video):
            try:
                await method(chat, ref)
                return
            except BadRequest:
                continue
        log.warning("an evidence file could not be forwarded")

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        return call_on_loop(self.loop, coro, self.timeout)

    def _extra(self, coro: Coroutine[Any, Any, object]) -> None:
        """Send an addition to a delivered alert; a failure must not resend the alert."""
        try:
            asyncio.run_coroutine_threadsafe(coro, self.loop).result(self.timeout)
        except (TelegramError, TimeoutError) as exc:
            log.warning("alert addition not sent (%s)", type(exc).__name__)


class OperatorDesk:
    """Handles Acknowledge / Close presses in the operators' chats."""

    def __init__(self, store: SqlStore, operator_ids: frozenset[str], tr: Translator) -> None:
        self.store = store
        self.operator_ids = operator_ids
        self.tr = tr

    async def handle(self, query: CallbackQuery, press: OperatorPress) -> bool:
        """Apply the press if the presser is an operator; always answer the query."""
        user = query.from_user
        subject = str(press.alert_id) if press.alert_id is not None else "invalid"
        if str(user.id) not in self.operator_ids:
            await asyncio.to_thread(self.store.audit, str(user.id), f"refused_{press.action}",
                                    subject, {"reason": "not_operator"})
            await _answer(query, self.tr.gettext(REFUSED), alert=True)
            return False
        if press.action == "info":  # a status line: nothing to do
            await _answer(query, "")
            return False
        if press.action not in ACTIONS or press.alert_id is None:
            await _answer(query, self.tr.gettext(UNKNOWN_ALERT))
            return False
        ok = await asyncio.to_thread(self.store.operator_action, press.alert_id, str(user.id),
                                     press.action)
        await _answer(query, self.tr.gettext(DONE if ok else UNKNOWN_ALERT))
        if ok:
            await self._show_status(query, press.alert_id, user)
        return ok

    async def _show_status(self, query: CallbackQuery, alert_id: int, user: User) -> None:
        message = query.message
        status = await asyncio.to_thread(self.store.alert_status, alert_id)
        if not isinstance(message, Message) or status is None:
            return  # deleted or too old to edit
        names = {str(user.id): _display_name(user)}
        try:
            await message.edit_reply_markup(InlineKeyboardMarkup(self.status_rows(status, names)))
        except BadRequest as exc:
            log.info("alert buttons not updated (%s)", exc.message.split(":", 1)[0][:40])

    def status_rows(self, status: AlertStatus,
                    names: Mapping[str, str]) -> list[list[InlineKeyboardButton]]:
        """The alert's buttons for its state: who acknowledged / closed it, what is left to do."""
        def info(template: str, operator: str) -> list[InlineKeyboardButton]:
            name = names.get(operator) or f"#{operator}"
            label = self.tr.render(Msg(template, {"name": name}))
            label = label if name in label else f"{label} {name}"  # a catalogue lacking {name}
            return [InlineKeyboardButton(label, callback_data=f"op:info:{status.id}")]

        rows = [info(ACKED_BY, status.acked_by)] if status.acked_by else []
        if status.closed_by:
            return [*rows, info(CLOSED_BY, status.closed_by)]
        actions = [(label, data) for label, data in operator_buttons(str(status.id))
                   if not (status.acked_by and data.startswith("op:ack:"))]
        return [*rows, [InlineKeyboardButton(self.tr.gettext(label), callback_data=data)
                        for label, data in actions]]


def _display_name(user: User) -> str:
    return f"@{user.username}" if user.username else (user.first_name or str(user.id))


def _chat_id(destination: str) -> int | str:
    text = destination.strip()
    return int(text) if text.lstrip("-").isdigit() else text


def _evidence(raw: object) -> Sequence[str]:
    if isinstance(raw, str):
        return raw.split()
    if isinstance(raw, (list, tuple)):
        return [str(r) for r in raw if r]
    return ()


async def _answer(query: CallbackQuery, text: str, alert: bool = False) -> None:
    try:
        await query.answer(text[:200], show_alert=alert)
    except TelegramError as exc:  # too old, or answered already
        log.info("callback not answered (%s)", type(exc).__name__)
