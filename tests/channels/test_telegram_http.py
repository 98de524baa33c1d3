"""The aiohttp transport: form posts, file uploads, and errors mapped to PTB's."""

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.channels.telegram_http import AiohttpRequest
from tests.telegram_emulator import EmulatorServer, TgUser, make_user


@pytest.fixture
async def bot(emu: EmulatorServer) -> AsyncIterator[Bot]:
    transport = AiohttpRequest(pool_size=4, read_timeout=0.5)
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url,
                   request=transport, get_updates_request=AiohttpRequest(pool_size=1)) as ptb:
        yield ptb


@pytest.fixture
def user(emu: EmulatorServer) -> TgUser:
    person = make_user("Ana", "fil")
    emu.register_user(person)
    return person


async def test_calls_with_nested_parameters_arrive_intact(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    me = await bot.get_me()
    await bot.send_message(user.id, "Kumusta 🙏", protect_content=True)
    sent = emu.last_sent(user)
    assert me.username == "safepassage_test_bot"
    assert (sent.text, sent.protect_content) == ("Kumusta 🙏", True)


async def test_files_are_uploaded_as_multipart(emu: EmulatorServer, bot: Bot,
                                               user: TgUser) -> None:
    message = await bot.send_document(user.id, b"%PDF-1.4 test", filename="contract.pdf",
                                      caption="evidence")
    assert message.document is not None and message.document.file_name == "contract.pdf"
    assert emu.calls("sendDocument")[0].ok


async def test_a_slow_reply_is_timed_out_and_a_dropped_one_a_network_error(
    emu: EmulatorServer, bot: Bot, user: TgUser
) -> None:
    emu.delay_next("sendMessage", 2.0)
    with pytest.raises(TimedOut):
        await bot.send_message(user.id, "slow")
    emu.disconnect_next("sendMessage")
    with pytest.raises(NetworkError) as dropped:
        await bot.send_message(user.id, "dropped")
    assert not isinstance(dropped.value, TimedOut)


async def test_an_unopened_transport_refuses_to_work() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:9/x", "POST")
