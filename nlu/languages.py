"""The launch languages, named as the project names them everywhere (locale ids)."""

from typing import Final

#: Locale ids of the launch languages, in the order the language picker shows them.
LAUNCH_LANGUAGES: Final[tuple[str, ...]] = (
    "en", "th", "vi", "id", "ms", "fil", "km", "my", "lo", "zh_Hans", "zh_Hant",
)

DEFAULT_LANGUAGE: Final = "en"

# Launch languages whose readers understand each other's writing. Indonesian and Malay share
# most everyday words, so "tolong saya" tells the bot to answer in one of them even when it
# cannot tell which; an English reply would reach far fewer of the people who write it.
_READ_ALIKE: Final[tuple[frozenset[str], ...]] = (frozenset({"id", "ms"}),)

# External tags (BCP 47 as in the eval set, Telegram client codes) -> our locale ids.
_ALIASES: Final[dict[str, str]] = {
    "tl": "fil", "zh-hans": "zh_Hans", "zh-cn": "zh_Hans", "zh-sg": "zh_Hans", "zh": "zh_Hans",
    "zh-hant": "zh_Hant", "zh-tw": "zh_Hant", "zh-hk": "zh_Hant", "zh-mo": "zh_Hant",
    "in": "id", "zsm": "ms", "mya": "my", "khm": "km", "lao": "lo", "tha": "th", "vie": "vi",
    "ind": "id", "eng": "en", "tgl": "fil", "fil-ph": "fil",
}


def normalize_language(tag: str | None) -> str | None:
    """Map a language tag from any source to a launch locale id, or None if unsupported."""
    if not tag:
        return None
    low = tag.strip().replace("_", "-").lower()
    if low in _ALIASES:
        return _ALIASES[low]
    for launch in LAUNCH_LANGUAGES:
        if low == launch.lower().replace("_", "-"):
            return launch
    base = low.split("-", 1)[0]
    if base in _ALIASES:
        return _ALIASES[base]
    return base if base in LAUNCH_LANGUAGES else None


def read_alike(lang: str) -> frozenset[str]:
    """``lang`` and the launch languages whose readers can read it."""
    for group in _READ_ALIKE:
        if lang in group:
            return group
    return frozenset({lang})
