"""The HTTP surface: Bot API JSON shapes, body encodings, tokens and injected faults."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from telegram import Bot
from telegram.error import BadRequest, EndPointNotFound, Forbidden, NetworkError, TimedOut
from telegram.request import HTTPXRequest

from tests.telegram_emulator import EmulatorServer, TgUser, make_user


@pytest.fixture
def user(telegram_emulator: EmulatorServer) -> TgUser:
    new_user = make_user("Lin", "zh-hant")
    telegram_emulator.register_user(new_user)
    return new_user


async def raw(
    emu: EmulatorServer, method: str, token: str | None = None, **kwargs: Any
) -> tuple[int, Any]:
    url = f"{emu.base_url}{token or emu.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, **kwargs) as response:
        return response.status, await response.json()


async def test_unknown_method_is_a_bot_api_404(telegram_emulator: EmulatorServer) -> None:
    status, body = await raw(telegram_emulator, "sendTelepathy")
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_ptb_reports_an_unknown_endpoint(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")


async def test_tokens_are_checked_like_telegram(telegram_emulator: EmulatorServer) -> None:
    assert (await raw(telegram_emulator, "getMe", token="42:wrong"))[0] == 401
    assert (await raw(telegram_emulator, "getMe", token="not-a-token"))[0] == 404


async def test_json_bodies_and_case_insensitive_names(
    telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    body = {"chat_id": user.id, "text": "123", "protect_content": True}
    status, reply = await raw(telegram_emulator, "SENDMESSAGE", json=body)
    assert status == 200 and reply["ok"] and reply["result"]["text"] == "123"
    call = telegram_emulator.calls("sendMessage")[0]
    assert call.params == body and call.result["has_protected_content"] is True


async def test_form_values_are_decoded_by_parameter_type(
    telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    form = {"chat_id": str(user.id), "text": "true", "disable_notification": "true"}
    status, reply = await raw(telegram_emulator, "sendMessage", data=form)
    assert status == 200 and reply["result"]["text"] == "true"
    params = telegram_emulator.calls("sendMessage")[0].params
    assert params == {"chat_id": user.id, "text": "true", "disable_notification": True}


async def test_injected_403_and_500(bot: Bot, telegram_emulator: EmulatorServer) -> None:
    telegram_emulator.fail_next("sendChatAction", 403)
    telegram_emulator.fail_next("*", 500)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_chat_action(1, "typing")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.get_me()
    assert (await bot.get_me()).is_bot


async def test_injected_400_with_custom_description(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.fail_next("deleteMessage", 400, description="Bad Request: whatever")
    with pytest.raises(BadRequest, match="Whatever"):
        await bot.delete_message(user.id, 1)


async def test_fail_next_times_counts_calls(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.fail_next("sendMessage", 502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(user.id, "x")
    await bot.send_message(user.id, "x")
    assert [c.fault for c in telegram_emulator.calls("sendMessage")] == ["error", "error", None]


async def test_disconnect_surfaces_as_network_error(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.disconnect_next("sendMessage")
    with pytest.raises(NetworkError, match="disconnected"):
        await bot.send_message(user.id, "x")
    assert telegram_emulator.sent_messages(user) == []


async def test_delay_beyond_read_timeout_times_out_yet_sends(
    telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    emu = telegram_emulator
    impatient = Bot(emu.token, base_url=emu.base_url, request=HTTPXRequest(read_timeout=0.1))
    emu.delay_next("sendMessage", 0.3)
    async with impatient:
        with pytest.raises(TimedOut):
            await impatient.send_message(user.id, "sent twice?")
    await emu.wait_for("sendMessage", timeout=2.0)
    assert [m.text for m in emu.sent_messages(user)] == ["sent twice?"]


async def test_wait_for_reports_what_happened_instead(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.push_text(user, "hi")
    await bot.send_chat_action(user.id, "typing")
    with pytest.raises(TimeoutError, match="sendChatAction"):
        await telegram_emulator.wait_for("sendMessage", timeout=0.1)
    found = await telegram_emulator.wait_for(lambda c: c.params.get("action") == "typing")
    assert found.method == "sendChatAction"


async def test_wait_for_starts_at_the_latest_push(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    await bot.send_message(user.id, "first")
    telegram_emulator.push_text(user, "next")
    waiting = asyncio.create_task(telegram_emulator.wait_for("sendMessage"))
    await asyncio.sleep(0.02)
    assert not waiting.done()
    await bot.send_message(user.id, "second")
    assert (await waiting).params["text"] == "second"


async def test_unknown_chat_and_bad_parse_mode(bot: Bot, user: TgUser) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(123, "hello")
    with pytest.raises(BadRequest, match="Unsupported parse_mode"):
        await bot.send_message(user.id, "hello", parse_mode="RTF")


async def test_drop_pending_updates_on_delete_webhook(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.push_text(user, "old")
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


async def test_garbage_updates_reach_the_bot_unchanged(
    bot: Bot, telegram_emulator: EmulatorServer
) -> None:
    telegram_emulator.push_raw("not an update")
    with pytest.raises(Exception):  # noqa: B017 - PTB's own parse failure, whatever its type
        await bot.get_updates()
    assert telegram_emulator.calls("getUpdates")[-1].result == ["not an update"]
