"""The command menu per language (setMyCommands), with descriptions from the catalogues.

Telegram takes only ISO 639-1 two-letter language codes, so Filipino is ``tl`` and Chinese is
``zh`` (Simplified labels; Traditional-script users see those too). English is also the
default menu, set without a language code.
"""

import logging
from collections.abc import Mapping

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bot.core.events import M_
from bot.i18n import translator
from nlu.languages import LAUNCH_LANGUAGES

log = logging.getLogger(__name__)

#: Command name -> message id of its description, in menu order.
COMMANDS: Mapping[str, str] = {
    "help": M_("telegram.cmd.help"),
    "menu": M_("telegram.cmd.menu"),
    "language": M_("telegram.cmd.language"),
    "x": M_("telegram.cmd.x"),
    "stop": M_("telegram.cmd.stop"),
    "forget": M_("telegram.cmd.forget"),
}
_TELEGRAM_CODES: Mapping[str, str] = {"fil": "tl", "zh_Hans": "zh"}
#: Launch languages Telegram cannot address separately (two-letter codes only).
_SHARED_CODE = frozenset({"zh_Hant"})
MAX_DESCRIPTION = 256


def telegram_language_code(lang: str) -> str | None:
    """The two-letter code Telegram uses for a launch language, or None if it has none."""
    if lang in _SHARED_CODE:
        return None
    code = _TELEGRAM_CODES.get(lang, lang)
    return code if len(code) == 2 and code.isalpha() else None


def command_list(lang: str) -> list[BotCommand]:
    """The command menu in one language."""
    tr = translator(lang)
    return [BotCommand(name, (tr.gettext(msg_id).strip() or name)[:MAX_DESCRIPTION])
            for name, msg_id in COMMANDS.items()]


async def set_command_menus(bot: Bot) -> int:
    """Set the default (English) menu and one per launch language; returns menus set.

    A failure is logged and skipped: the bot works without menus.
    """
    done = 0
    targets: list[tuple[str, str | None]] = [("en", None)]
    targets += [(lang, telegram_language_code(lang)) for lang in LAUNCH_LANGUAGES]
    for lang, code in targets:
        if code is None and lang != "en":
            continue
        try:
            await bot.set_my_commands(command_list(lang), language_code=code)
            done += 1
        except TelegramError as exc:
            log.warning("command menu for %s not set (%s)", lang, type(exc).__name__)
    return done
