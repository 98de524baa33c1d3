"""The Telegram channel (python-telegram-bot 22): updates in, replies and alerts out.

A thin adapter like the console and jsonl channels: :mod:`telegram_mapping` turns updates
into core events, :class:`bot.app.SafePassage` decides, :mod:`telegram_send` renders the
actions. Updates run concurrently across users but strictly in order for each user
(:class:`PerUserProcessor`). The synchronous store runs on worker threads. A JobQueue
repeating job delivers the alert outbox (also right after a turn that filed a report) and
the due follow-ups, both stored in the database; the ids of sent messages reach the database
in a background flush (:mod:`bot.sent`).
"""

import asyncio
import logging
import threading
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from telegram import Bot, CallbackQuery, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter, Application, ApplicationBuilder, BaseUpdateProcessor, ContextTypes,
    TypeHandler,
)

from bot.app import SafePassage
from bot.channels.telegram_bot import make_bot
from bot.channels.telegram_commands import set_command_menus
from bot.channels.telegram_followups import TelegramFollowUpSender
from bot.channels.telegram_mapping import CHANNEL, operator_press, to_event
from bot.channels.telegram_operators import OperatorDesk, TelegramAlertSender
from bot.channels.telegram_send import ReplySender, Sent
from bot.core.events import M_, Action, Event, Msg, Reply
from bot.followups import deliver_follow_ups
from bot.i18n import translator
from bot.outbox import deliver_due
from bot.sent import FLUSH_INTERVAL
from bot.settings import Settings

log = logging.getLogger(__name__)

TelegramApp = Application[Any, Any, Any, Any, Any, Any]
Context = ContextTypes.DEFAULT_TYPE
TurnListener = Callable[[Event], None]
T = TypeVar("T")


@dataclass(frozen=True)
class Tuning:
    """Runtime knobs: Telegram's limits in production, faster values in tests and benchmarks."""

    outbox_interval: float = 5.0
    #: Seconds between writes of sent message ids (the most a hard crash can lose).
    sent_flush_interval: float = FLUSH_INTERVAL
    concurrent_updates: int = 256
    max_retries: int = 3
    #: Messages per second over all chats (Telegram's broadcast limit); 0 disables the limit.
    overall_max_rate: float = 30.0
    group_max_rate: float = 20.0
    #: Run conversation turns' store calls on the event loop instead of a worker thread:
    #: faster with a local SQLite file (no thread hand-offs), wrong for a remote database.
    store_inline: bool = False


class PerUserProcessor(BaseUpdateProcessor):
    """Processes updates concurrently, but one at a time and in arrival order per user.

    Each update takes its place in its user's chain before its first ``await``, so order is
    the order the application hands updates over, whatever the scheduling after that.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._tails: dict[object, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run ``coroutine`` after every earlier update of the same user has finished."""
        key = _order_key(update)
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                await previous
            await coroutine
        finally:
            mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""


def _order_key(update: object) -> object:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
    return ("none", 0)


class TelegramChannel:
    """Connects one SafePassage application to the Bot API."""

    def __init__(self, app: SafePassage, tuning: Tuning = Tuning(),
                 on_turn: TurnListener | None = None) -> None:
        self.app = app
        self.tuning = tuning
        self.on_turn = on_turn
        self.replies = ReplySender()
        settings = app.settings
        self.desk = OperatorDesk(app.store, settings.operator_id_set,
                                 translator(settings.operator_language))
        self._filed = threading.Event()
        self._outbox_lock = asyncio.Lock()
        self._outbox_again = False
        self._follow_up_lock = asyncio.Lock()
        self._alerts: TelegramAlertSender | None = None
        self._follow_ups: TelegramFollowUpSender | None = None
        self._application: TelegramApp | None = None

    # -- lifecycle -------------------------------------------------------------------------
    async def post_init(self, application: TelegramApp) -> None:
        """Open resources: the alert and follow-up senders, command menus, the outbox job,
        the background flush of sent message ids."""
        self._application = application
        loop = asyncio.get_running_loop()
        operator_tr = translator(self.app.settings.operator_language)
        self._alerts = TelegramAlertSender(application.bot, loop, operator_tr)
        self._follow_ups = TelegramFollowUpSender(application.bot, loop, self.replies)
        self.app.sent.start(self.tuning.sent_flush_interval)
        await set_command_menus(application.bot)
        if application.job_queue is not None:
            application.job_queue.run_repeating(self._outbox_tick, self.tuning.outbox_interval,
                                                first=0.0, name="outbox")

    async def post_shutdown(self, application: TelegramApp) -> None:
        """Close resources: stop the outbox (alerts and follow-ups stay stored), write the
        last sent message ids and release the database."""
        self._alerts = None
        self._follow_ups = None
        self._application = None
        await asyncio.to_thread(self.app.sent.stop)
        await asyncio.to_thread(self.app.store.engine.dispose)

    # -- updates ---------------------------------------------------------------------------
    async def on_update(self, update: object, context: Context) -> None:
        """Handle any update: operator buttons, else one conversation turn."""
        if not isinstance(update, Update):
            return
        query = update.callback_query
        if query is not None:
            press = operator_press(query)
            if press is not None:
                await self.desk.handle(query, press)
                return
            await _answer_quietly(query)
        event = to_event(update, context.bot.username if context.bot else None)
        if event is not None:
            await self.run_turn(context.bot, event)

    async def run_turn(self, bot: Bot, event: Event) -> Sent:
        """One turn: decide on a worker thread, send, remember what was sent."""
        actions, lang = await self._store(self._decide, event)
        sent = await self.replies.send_actions(bot, int(event.sender.chat_id), actions, lang)
        self.app.note_sent(event.sender, sent.message_ids)  # in memory: no database call
        if self._filed.is_set() and self._application is not None:
            self._application.create_task(self.deliver_alerts())
        if self.on_turn is not None:
            self.on_turn(event)
        return sent

    async def _store(self, call: Callable[..., T], *args: Any) -> T:
        """Run a synchronous store call inline or on a worker thread (see Tuning)."""
        if self.tuning.store_inline:
            return call(*args)
        return await asyncio.to_thread(call, *args)

    def _decide(self, event: Event) -> tuple[list[Action], str]:
        try:
            outcome = self.app.handle(event)
            if outcome.filed:  # send its alerts at once instead of at the next outbox tick
                self._filed.set()
            return outcome.actions, outcome.lang
        except Exception as exc:  # e.g. the database is down: say so rather than go silent
            log.error("turn not processed (%s)", type(exc).__name__)
            return [Reply(Msg(M_("error.generic")))], event.sender.lang_code or "en"

    # -- alerts ----------------------------------------------------------------------------
    async def _outbox_tick(self, _context: Context) -> None:
        await self.deliver_alerts()
        await self.deliver_follow_ups()

    async def deliver_alerts(self) -> int:
        """Send every due alert; a run already going picks up new ones before it ends."""
        if self._alerts is None:
            return 0
        if self._outbox_lock.locked():
            self._outbox_again = True
            return 0
        delivered = 0
        async with self._outbox_lock:
            while True:
                self._outbox_again = False
                self._filed.clear()
                delivered += await asyncio.to_thread(
                    deliver_due, self.app.store, self._alerts, self.app.settings.alert_max_attempts)
                if not (self._outbox_again or self._filed.is_set()):
                    return delivered

    # -- follow-ups ------------------------------------------------------------------------
    async def deliver_follow_ups(self) -> int:
        """Send every due follow-up (stored by the turn that scheduled it); returns how many."""
        if self._follow_ups is None or self._follow_up_lock.locked():
            return 0
        async with self._follow_up_lock:
            return await asyncio.to_thread(deliver_follow_ups, self.app, self._follow_ups,
                                           CHANNEL)

    # -- errors ----------------------------------------------------------------------------
    async def on_error(self, update: object, context: Context) -> None:
        """Log the error type, where it happened and the update kind: never the error's
        message or the update's content (they can hold text, names or numbers)."""
        error = context.error
        kind = _update_kind(update)
        if isinstance(error, TelegramError):
            log.warning("Telegram error %s while handling %s", type(error).__name__, kind)
            return
        frames = traceback.extract_tb(error.__traceback__) if error is not None else []
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        log.error("%s at %s while handling %s", type(error).__name__, where, kind)


def _update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return "no update"
    for name in ("message", "edited_message", "callback_query", "my_chat_member"):
        if getattr(update, name) is not None:
            return name
    return "other update"


async def _answer_quietly(query: CallbackQuery) -> None:
    try:
        await query.answer()
    except TelegramError as exc:  # too old or answered: the turn goes on
        log.info("callback not answered (%s)", type(exc).__name__)


def build_application(app: SafePassage, tuning: Tuning = Tuning(),
                      on_turn: TurnListener | None = None) -> TelegramApp:
    """The PTB Application for ``app``, configured from its settings."""
    settings: Settings = app.settings
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    channel = TelegramChannel(app, tuning, on_turn)
    limiter = AIORateLimiter(overall_max_rate=tuning.overall_max_rate,
                             group_max_rate=tuning.group_max_rate,
                             max_retries=tuning.max_retries)
    bot = make_bot(token.strip(), settings.telegram_api_base_url,
                   settings.telegram_file_base_url, limiter)
    application = (
        ApplicationBuilder()
        .bot(bot)
        .concurrent_updates(PerUserProcessor(tuning.concurrent_updates))
        .post_init(channel.post_init)
        .post_shutdown(channel.post_shutdown)
        .build()
    )
    application.add_handler(TypeHandler(Update, channel.on_update))
    application.add_error_handler(channel.on_error)
    application.bot_data["channel"] = channel
    return application
