"""Follow-ups over Telegram: the sender :func:`bot.followups.deliver_follow_ups` calls.

Delivery runs on a worker thread (the store is synchronous) and hands each Bot API call to
the event loop, like the alert sender. A timeout is not retried: the message may have
arrived, and nobody should get the same check-in twice.
"""

import asyncio

from telegram import Bot

from bot.channels.telegram_delivery import SEND_TIMEOUT, call_on_loop
from bot.channels.telegram_send import ReplySender
from bot.core.events import Reply
from bot.i18n import translator
from bot.outbox import DeliveryError
from bot.storage.followups import PendingFollowUp


class TelegramFollowUpSender:
    """Sends stored follow-ups to users' private chats (a ``FollowUpSender``)."""

    def __init__(self, bot: Bot, loop: asyncio.AbstractEventLoop, replies: ReplySender,
                 timeout: float = SEND_TIMEOUT) -> None:
        self.bot = bot
        self.loop = loop
        self.replies = replies
        self.timeout = timeout

    def send(self, follow_up: PendingFollowUp, lang: str) -> list[str]:
        """Send the check-in (protected, like the report it is about); returns message ids."""
        reply = Reply(follow_up.text, protect=True)
        coro = self.replies.send_reply(self.bot, int(follow_up.sender.chat_id), reply,
                                       translator(lang))
        ids = call_on_loop(self.loop, coro, self.timeout, timeout_is_final=True)
        if not ids:  # refused (and logged) by Telegram: trying again would not help
            raise DeliveryError("refused", permanent=True)
        return ids
