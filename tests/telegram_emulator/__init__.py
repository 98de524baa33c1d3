"""A local emulator of the Telegram Bot API for end-to-end tests of the bot's channel.

The real python-telegram-bot (PTB) talks HTTP to an aiohttp server on 127.0.0.1; tests
play the users (``push_*``) and read back what the bot did (``calls``, ``sent_messages``).
No network is used. Wire a bot to it with :func:`application_builder` or :func:`make_bot`.

Start it
--------
In a pytest-asyncio test (or use the ``telegram_emulator`` and ``tg_user`` fixtures from
``fixtures.py``, imported into your conftest.py)::

    async with EmulatorServer() as emu:
        app = application_builder(emu).build()        # token, base_url, base_file_url set
        app.add_handler(...)
        async with app:                                # Application.initialize -> getMe
            await app.start()
            await app.updater.start_polling(timeout=timedelta(seconds=0.2))  # fast stop
            user = make_user("Mai", language_code="th")
            emu.push_command(user, "/start", "ref42")     # -> "/start ref42"
            call = await emu.wait_for("sendMessage")      # the bot's reaction
            assert emu.last_sent(user).callback_data == ["lang:th", "lang:en"]
            await app.updater.stop()
            await app.stop()

For code that runs its own event loop (``app.run_polling()``, ``app.run_webhook()``) run
the server on a background thread: ``with EmulatorServer().in_thread() as emu: ...``;
every method below is thread-safe, and ``wait_for_sync`` blocks without a loop.

Webhook mode: ``app.updater.start_webhook(listen="127.0.0.1", port=free_port(),
url_path="hook", webhook_url=f"http://127.0.0.1:{port}/hook", secret_token="s3cret")``.
The emulator POSTs each queued update to the registered URL with the
``X-Telegram-Bot-Api-Secret-Token`` header, retrying failed ones every
``webhook_retry_delay`` seconds; ``set_webhook_secret_override("bad")`` sends a wrong
secret, and ``webhook_deliveries()`` / getWebhookInfo show the outcome.

Users and injection (all return :class:`Injected`: ``update_id``, ``message_id``,
``callback_query_id``, ``payload``; each also moves the ``wait_for`` mark)
----------------------------------------------------------------------------------
``make_user(first_name="Test", language_code="en", *, user_id=None, last_name=None,
username=None) -> TgUser`` (frozen; ids unique per process; ``language_code`` as Telegram
clients send it, e.g. ``"zh-hans"``). Private chats: chat id == user id; message ids grow
per chat and are shared by the user's and the bot's messages.

- ``push_text(user, text, *, date=None)``; ``push_command(user, "/start", arg=None)``
- ``push_callback(user, data, message_id)``: the bot's message is embedded; a deleted or
  unknown one arrives as an InaccessibleMessage (date 0), as Telegram does.
- ``push_location(user, lat, lon, live_period=None, *, horizontal_accuracy=None)``,
  ``push_live_location_update(user, message_id, lat, lon)`` (an ``edited_message``)
- ``push_contact(user, phone_number, *, own=True)``, ``push_photo(user, caption=None)``,
  ``push_document(user, file_name=..., mime_type=..., content=..., caption=None)``,
  ``push_voice(user, duration=3)``, ``push_sticker(user, emoji="🙏")``: files are
  downloadable through getFile + ``base_file_url``.
- ``push_edited_text(user, message_id, text)``; ``push_raw(anything)`` for unknown
  update kinds or garbage (dicts without ``update_id`` get the next one).
- ``block(user)`` / ``unblock(user)``: sends to the user fail with 403 "bot was blocked
  by the user"; a ``my_chat_member`` update (kicked / member) is queued.
- ``register_user(user)`` (known chat, no update), ``add_group(title) -> chat_id`` (a
  supergroup the bot may post to, e.g. an operators' room).
- ``date=`` takes a datetime or epoch seconds; ``age_message(chat, message_id, seconds)``
  and ``advance_clock(seconds)`` move messages into the past.

Reading back
------------
- ``calls(method=None) -> list[CallRecord]`` (``index, method, params, time, status,
  result, error, fault``; params decoded: ints, bools, dicts as PTB meant them).
- ``sent_messages(chat_or_user, include_deleted=False) -> list[SentMessage]``
  (``text`` as sent, ``parse_mode``, ``reply_markup``, ``buttons``, ``callback_data``,
  ``protect_content``, ``edits``, ``deleted``, ``payload`` = the Message JSON);
  ``last_sent(chat_or_user)``; ``deletions(chat=None) -> list[Deletion]``.
- ``await wait_for(method_or_predicate, timeout=3.0, *, since=None) -> CallRecord``:
  the first matching call since the last ``push_*`` or ``mark()`` (or call index
  ``since``); raises TimeoutError listing the calls seen. ``wait_for_sync`` likewise.
- ``callback_answer(query_id)``, ``commands(scope=None, language_code="")``,
  ``commands_for(user)`` (the Bot API's scope/language resolution for a private chat),
  ``pending_updates()``, ``webhook_deliveries()``.

Faults
------
``fail_next(method, error_code=429, retry_after=1, times=1, description=None)`` (429
carries ``parameters.retry_after`` -> PTB ``RetryAfter``; 400/403/5xx get Telegram's
usual description unless given), ``disconnect_next(method)`` (socket closed, no reply ->
PTB ``NetworkError``), ``delay_next(method, seconds)`` (reply held; with a shorter PTB
read timeout -> ``TimedOut``, yet the call still takes effect, as on Telegram).
``method="*"`` matches any method except getUpdates. ``clear_faults()``. A bot built
with PTB's AIORateLimiter really sleeps ``retry_after`` seconds: keep it at 1 in tests.

Methods and rules
-----------------
getMe, getUpdates (offset/limit/timeout/allowed_updates, long polling, 409 while a
webhook is set or when a newer poll starts), setWebhook, deleteWebhook, getWebhookInfo,
sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery, deleteMessage,
deleteMessages, sendLocation, sendChatAction, setMyCommands, getMyCommands,
deleteMyCommands, copyMessage, forwardMessage, sendPhoto, sendDocument, getFile, close,
logOut; anything else -> 404 ``{"ok": false, "error_code": 404, "description": "Not
Found"}``. Names are case-insensitive; form, multipart and JSON bodies are accepted.
Enforced: text 1-4096 characters after parsing (400 "message is too long"), captions
1024, callback_data 1-64 bytes (400 "BUTTON_DATA_INVALID"), deletion only within 48 hours
(400 "message can't be deleted") and of existing messages (400 "message to delete not
found"), HTML tags / MarkdownV2 reserved characters ("can't parse entities: ..."),
unknown chats ("chat not found"), blocked users (403), setMyCommands language codes of
two letters (map ``fil``, ``zh_Hans``... to ISO 639-1 before calling it), one answer per
callback query, edits only of the bot's own messages and only when something changes.

Known differences from Telegram: plain-http webhooks are accepted; fractional getUpdates
timeouts are accepted; lengths count code points; only private chats and supergroups the
test adds exist; some rare error descriptions are approximations.
"""

from tests.telegram_emulator.factories import TgUser, make_user
from tests.telegram_emulator.ptb import application_builder, make_bot
from tests.telegram_emulator.records import (
    CallRecord,
    Deletion,
    Injected,
    SentMessage,
    WebhookDelivery,
)
from tests.telegram_emulator.server import EmulatorServer, free_port
from tests.telegram_emulator.threaded import ThreadedEmulator

__all__ = [
    "CallRecord",
    "Deletion",
    "EmulatorServer",
    "Injected",
    "SentMessage",
    "TgUser",
    "ThreadedEmulator",
    "WebhookDelivery",
    "application_builder",
    "free_port",
    "make_bot",
    "make_user",
]
