"""The command menu per language: Telegram's two-letter codes and catalogue descriptions."""


import pytest
from telegram import Bot

from bot.channels.telegram_commands import (
    COMMANDS, command_list, set_command_menus, telegram_language_code,
)
from bot.i18n import translator
from nlu.languages import LAUNCH_LANGUAGES
from tests.telegram_emulator import EmulatorServer, make_user


@pytest.mark.parametrize(("lang", "code"), [
    ("en", "en"), ("th", "th"), ("fil", "tl"), ("zh_Hans", "zh"), ("zh_Hant", None),
    ("my", "my"), ("xx_Long", None),
])
def test_launch_languages_map_to_two_letter_codes(lang: str, code: str | None) -> None:
    assert telegram_language_code(lang) == code


def test_descriptions_come_from_the_catalogue_and_fit_telegrams_limits() -> None:
    for lang in LAUNCH_LANGUAGES:
        commands = command_list(lang)
        assert [c.command for c in commands] == list(COMMANDS)
        assert all(1 <= len(c.description) <= 256 for c in commands)
    help_en = command_list("en")[0].description
    assert help_en == translator("en").gettext("telegram.cmd.help")


async def test_every_client_language_sees_its_own_menu(emu: EmulatorServer, bot: Bot) -> None:
    assert await set_command_menus(bot) == 1 + len(LAUNCH_LANGUAGES) - 1
    filipino, chinese = make_user("A", "tl"), make_user("B", "zh-hans")
    unknown = make_user("C", "de")
    assert emu.commands_for(filipino) == [c.to_dict() for c in command_list("fil")]
    assert emu.commands_for(chinese) == [c.to_dict() for c in command_list("zh_Hans")]
    assert emu.commands_for(unknown) == [c.to_dict() for c in command_list("en")]


async def test_a_failing_menu_is_skipped_not_fatal(emu: EmulatorServer, bot: Bot) -> None:
    emu.fail_next("setMyCommands", error_code=400, description="Bad Request: BOT_COMMAND_INVALID")
    assert await set_command_menus(bot) == len(LAUNCH_LANGUAGES) - 1
