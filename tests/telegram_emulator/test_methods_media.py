"""Files, copies and forwards through python-telegram-bot."""

from __future__ import annotations


import pytest
from telegram import Bot
from telegram.error import BadRequest

from tests.telegram_emulator import EmulatorServer, TgUser, make_user
from tests.telegram_emulator.inject import PDF_BYTES


@pytest.fixture
def user() -> TgUser:
    return make_user("Ana", "fil")


async def test_a_users_document_can_be_downloaded(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.push_document(user, file_name="offer.pdf")
    (update,) = await bot.get_updates()
    assert update.message and update.message.document
    file = await update.message.document.get_file()
    assert file.file_path and file.file_path.startswith(telegram_emulator.base_file_url)
    assert bytes(await file.download_as_bytearray()) == PDF_BYTES


async def test_photos_are_resent_by_file_id_and_type_checked(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.push_photo(user, caption="evidence")
    telegram_emulator.push_voice(user)
    photo_update, voice_update = await bot.get_updates()
    assert photo_update.message and voice_update.message and voice_update.message.voice
    largest = photo_update.message.photo[-1]
    group = telegram_emulator.add_group("Operators")
    sent = await bot.send_photo(group, largest.file_id, caption="from a user")
    assert sent.photo[-1].file_id == largest.file_id and sent.caption == "from a user"
    with pytest.raises(BadRequest, match="(?i)can't use file of type voice as photo"):
        await bot.send_photo(group, voice_update.message.voice.file_id)
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(group, "no-such-file")


async def test_uploads_become_new_files(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    sent = await bot.send_document(user.id, b"hotline list", filename="hotlines.txt")
    assert sent.document and sent.document.file_name == "hotlines.txt"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"hotline list"


async def test_copy_and_forward_to_an_operators_group(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    report = telegram_emulator.push_location(user, 16.8, 94.7)
    group = telegram_emulator.add_group("Alerts")
    assert report.message_id is not None
    copied = await bot.copy_message(group, user.id, report.message_id)
    forwarded = await bot.forward_message(group, user.id, report.message_id)
    copy_view, forward_view = telegram_emulator.sent_messages(group)
    assert copy_view.message_id == copied.message_id
    assert copy_view.payload["location"] == {"latitude": 16.8, "longitude": 94.7}
    assert "forward_origin" not in copy_view.payload
    assert forwarded.forward_origin and forward_view.method == "forwardMessage"
    with pytest.raises(BadRequest, match="Message to copy not found"):
        await bot.copy_message(group, user.id, 999)


async def test_protected_messages_cannot_be_copied(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    secret = await bot.send_message(user.id, "hotline number", protect_content=True)
    group = telegram_emulator.add_group()
    with pytest.raises(BadRequest, match="protected content"):
        await bot.forward_message(group, user.id, secret.message_id)


async def test_send_location_and_live_period_rules(
    bot: Bot, telegram_emulator: EmulatorServer, user: TgUser
) -> None:
    telegram_emulator.register_user(user)
    sent = await bot.send_location(user.id, 11.55, 104.92, live_period=3600)
    assert sent.location and sent.location.latitude == 11.55
    with pytest.raises(BadRequest, match="Wrong live period"):
        await bot.send_location(user.id, 11.55, 104.92, live_period=5)
    with pytest.raises(BadRequest, match="Wrong location"):
        await bot.send_location(user.id, 91, 0)
