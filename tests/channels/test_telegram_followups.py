"""Sending a stored follow-up over Telegram, and how each failure is classified: retried,
given up, or (a timeout: it may have arrived) never tried twice."""

import asyncio

import pytest
from telegram import Bot

from bot.channels.telegram_followups import TelegramFollowUpSender
from bot.channels.telegram_send import ReplySender
from bot.core.events import Msg, Sender
from bot.i18n import translator
from bot.outbox import DeliveryError
from bot.storage.followups import PendingFollowUp
from tests.telegram_emulator import EmulatorServer, TgUser, make_user


@pytest.fixture
def nam(emu: EmulatorServer) -> TgUser:
    user = make_user("Nam", "vi")
    emu.register_user(user)
    return user


def due(user: TgUser) -> PendingFollowUp:
    who = Sender("telegram", str(user.id), str(user.id), "vi")
    return PendingFollowUp(7, who, Msg("followup.report", {"ref": "SP-7K3Q9"}), 1)


async def send(bot: Bot, user: TgUser, timeout: float = 5.0) -> list[str]:
    """Run the synchronous sender on a worker thread, as delivery does."""
    sender = TelegramFollowUpSender(bot, asyncio.get_running_loop(), ReplySender(), timeout)
    return await asyncio.to_thread(sender.send, due(user), "vi")


async def failure(bot: Bot, user: TgUser, timeout: float = 5.0) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        await send(bot, user, timeout)
    return caught.value


async def test_a_follow_up_arrives_protected_in_the_users_language(
    emu: EmulatorServer, bot: Bot, nam: TgUser
) -> None:
    ids = await send(bot, nam)
    [message] = emu.sent_messages(nam)
    assert ids == [str(message.message_id)] and message.protect_content
    assert message.text == translator("vi").gettext("followup.report").format(ref="SP-7K3Q9")


async def test_a_blocked_bot_gives_up(emu: EmulatorServer, bot: Bot, nam: TgUser) -> None:
    emu.block(nam, notify=False)
    error = await failure(bot, nam)
    assert (error.kind, error.permanent) == ("forbidden", True)


async def test_a_rate_limit_is_retried_after_the_wait_telegram_asks_for(
    emu: EmulatorServer, bot: Bot, nam: TgUser
) -> None:
    emu.fail_next("sendMessage", error_code=429, retry_after=3)
    error = await failure(bot, nam)
    assert (error.kind, error.permanent, error.retry_after) == ("rate_limited", False, 3.0)


async def test_a_lost_connection_is_retried_later(
    emu: EmulatorServer, bot: Bot, nam: TgUser
) -> None:
    emu.disconnect_next("sendMessage", times=3)
    error = await failure(bot, nam)
    assert not error.permanent and not emu.sent_messages(nam)


async def test_a_timeout_is_never_retried_because_the_message_may_have_arrived(
    emu: EmulatorServer, bot: Bot, nam: TgUser
) -> None:
    emu.delay_next("sendMessage", 0.5)
    error = await failure(bot, nam, timeout=0.1)
    assert (error.kind, error.permanent) == ("timeout", True)
    await emu.wait_for("sendMessage")
    await asyncio.sleep(0.6)
    assert len(emu.sent_messages(nam)) == 1  # it did arrive: a retry would have doubled it
