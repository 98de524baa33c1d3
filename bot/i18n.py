"""Babel catalogues, locale negotiation, message rendering and locale-aware formatting.

The translator is passed explicitly (no context variables). Message ids are symbolic
(``menu.prompt``); the English catalogue holds the source text.
"""

import logging
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime, format_time, get_day_names, get_timezone_location
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from bot.core.events import Button, Msg, Template
from nlu.languages import DEFAULT_LANGUAGE, LAUNCH_LANGUAGES, normalize_language

log = logging.getLogger(__name__)

#: Weekday codes of the data files (``mon-fri``), Monday first like CLDR's day index.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


class Translator:
    """Renders message ids in one locale, falling back to English, then to the id itself."""

    def __init__(self, lang: str, translations: NullTranslations) -> None:
        self.lang = lang
        self._t = translations

    def gettext(self, msg_id: str) -> str:
        """The template for a message id."""
        text = self._t.gettext(msg_id)
        if text == msg_id:
            log.warning("untranslated message id %s (%s)", msg_id, self.lang)
        return text

    def render(self, msg: Msg) -> str:
        """A message with its parameters filled in (nested messages rendered too)."""
        if msg.id == "language.name":
            return display_name(str(msg.params.get("code", "")))
        params = _Defaults({k: self._param(v) for k, v in msg.params.items()})
        try:
            return self.gettext(msg.id).format_map(params)
        except (ValueError, IndexError, AttributeError):
            log.error("bad placeholders in message %s (%s)", msg.id, self.lang)
            return self.gettext(msg.id)

    def label(self, button: Button) -> str:
        """A button's label."""
        return self.render(button.label)

    def _param(self, value: object) -> str:
        if isinstance(value, Msg):
            return self.render(value)
        if isinstance(value, Template):
            return value.render(self.gettext, self.lang)
        if isinstance(value, (list, tuple)):
            return "\n".join(self._param(v) for v in value)
        return str(value)


@lru_cache(maxsize=32)
def translator(lang: str | None, locales_dir: Path = LOCALES_DIR) -> Translator:
    """The translator for a launch locale (English for anything else)."""
    code = normalize_language(lang) or DEFAULT_LANGUAGE
    english = Translations.load(str(locales_dir), [DEFAULT_LANGUAGE], DOMAIN)
    if code == DEFAULT_LANGUAGE:
        return Translator(code, english)
    own = Translations.load(str(locales_dir), [code], DOMAIN)
    if isinstance(own, Translations):
        own.add_fallback(english)
        return Translator(code, own)
    return Translator(code, english)


def babel_locale(lang: str) -> Locale:
    """The Babel locale of a launch language."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


@lru_cache(maxsize=64)
def display_name(code: str) -> str:
    """A language's name in its own script, from CLDR (e.g. ไทย, ខ្មែរ, 中文（简体）)."""
    lang = normalize_language(code)
    if lang is None:
        return code
    name = babel_locale(lang).get_display_name(babel_locale(lang)) or lang
    return name[:1].upper() + name[1:] if lang not in ("th", "km", "my", "lo") else name


def negotiate(preferred: list[str]) -> str:
    """The best launch language for a list of client preferences."""
    for tag in preferred:
        lang = normalize_language(tag)
        if lang in LAUNCH_LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE


def format_when(moment: datetime, lang: str, tz: str | None = None) -> str:
    """A date and time in the user's locale and time zone (UTC when unknown)."""
    zone = ZoneInfo(tz) if tz else ZoneInfo("UTC")
    return format_datetime(moment, "medium", tzinfo=zone, locale=babel_locale(lang))


def format_number(value: float, lang: str) -> str:
    """A number in the user's locale."""
    return format_decimal(value, locale=babel_locale(lang))


def format_money(amount: float, currency: str, lang: str) -> str:
    """An amount of money in the user's locale."""
    return format_currency(amount, currency, locale=babel_locale(lang))


def weekday_name(code: str, lang: str) -> str:
    """A weekday code (``mon``) as the locale's full day name from CLDR (Monday, วันจันทร์)."""
    return str(get_day_names("wide", locale=babel_locale(lang))[WEEKDAYS.index(code)])


def format_clock(hhmm: str, lang: str) -> str:
    """A wall-clock time ``HH:MM`` in the locale's short time format (8:30 AM, 08:30 น.)."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return format_time(time(hour, minute), "short", locale=babel_locale(lang))


def zone_name(tz: str, lang: str) -> str:
    """An IANA time zone by the place it is named for, in the locale (Thailand Time, เวลาไทย)."""
    return str(get_timezone_location(ZoneInfo(tz), locale=babel_locale(lang)))
