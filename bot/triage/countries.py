"""Country codes and typed country names or nationalities -> ISO 3166 alpha-2 (pure, offline).

Names come from Babel's CLDR data in every launch language; demonyms (what people call
themselves: "Indonesian", "Pinoy", "คนไทย") come from the small table below, for the
nationalities the bot meets most.
"""

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Final

from babel import Locale

from nlu.languages import LAUNCH_LANGUAGES

# CLDR codes that are not countries (EU, UN, pseudo-locales, "unknown region").
_NOT_COUNTRIES: Final = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})

_DEMONYMS: Final[Mapping[str, tuple[str, ...]]] = {
    "ID": ("indonesian", "orang indonesia", "wni", "warga negara indonesia", "印尼人"),
    "PH": ("filipino", "filipina", "pilipino", "pinoy", "pinay", "pilipinas", "菲律宾人"),
    "VN": ("vietnamese", "người việt", "người việt nam", "nguoi viet", "viet nam", "越南人"),
    "TH": ("thai", "คนไทย", "ไทย", "泰国人"),
    "MM": ("burmese", "myanmar", "burma", "မြန်မာ", "ဗမာ", "缅甸人"),
    "KH": ("cambodian", "khmer", "ខ្មែរ", "柬埔寨人"),
    "LA": ("lao", "laotian", "ລາວ", "คนลาว", "老挝人"),
    "MY": ("malaysian", "orang malaysia", "马来西亚人"),
    "CN": ("chinese", "中国人", "中國人", "大陆", "大陸"),
    "TW": ("taiwanese", "台湾人", "台灣人"),
    "HK": ("hong kong", "hong konger", "hongkonger", "香港", "香港人"),
    "MO": ("macau", "macao", "澳门", "澳門"),
    "IN": ("indian", "भारतीय"),
    "LK": ("sri lankan", "srilankan"),
    "NP": ("nepali", "nepalese", "नेपाली"),
    "BD": ("bangladeshi", "বাংলাদেশী"),
    "PK": ("pakistani",),
    "KE": ("kenyan",),
    "UG": ("ugandan",),
    "ET": ("ethiopian",),
    "NG": ("nigerian",),
    "SG": ("singaporean",),
    "KR": ("korean", "south korean"),
    "JP": ("japanese",),
}
_SPACE = re.compile(r"[\s\u200b]+")
_PAREN = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166 alpha-2 country or territory code."""
    return code in iso_countries()


@lru_cache(maxsize=1)
def iso_countries() -> frozenset[str]:
    """Every ISO alpha-2 code CLDR names (territories such as HK and TW included)."""
    codes = [str(c) for c in Locale.parse("en").territories]
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in a language (the code itself when CLDR has none)."""
    try:
        name = Locale.parse(lang).territories.get(code)
    except (ValueError, TypeError):
        name = None
    return str(name) if name else code


def match_country(text: str) -> str | None:
    """The country a typed name or nationality refers to, or None (longest name wins)."""
    clean = normalize(text)
    if not clean:
        return None
    raw = text.strip()
    if len(raw) == 2 and raw.isupper() and is_country(raw):
        return raw
    index = _index()
    if clean in index:
        return index[clean]
    best: tuple[int, str] | None = None
    for name, code in index.items():
        if len(name) > len(clean) or (best and len(name) <= best[0]):
            continue
        if _contains(clean, name):
            best = (len(name), code)
    return best[1] if best else None


def normalize(text: str) -> str:
    """Case-folded, NFC, single-spaced text with edge punctuation removed."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return _SPACE.sub(" ", folded).strip(" .,!?;:'\"()[]-")


def _contains(text: str, name: str) -> bool:
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        if not _is_latin_letter(name[0]) or (_boundary(text, start - 1) and _boundary(text, end)):
            return True
        start = text.find(name, start + 1)
    return False


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def _is_latin_letter(char: str) -> bool:
    # Scripts written without spaces (Thai, Lao, Khmer, Burmese, Chinese) match inside words.
    return char.isascii() or "LATIN" in unicodedata.name(char, "")


@lru_cache(maxsize=1)
def _index() -> Mapping[str, str]:
    index: dict[str, str] = {}
    for lang in LAUNCH_LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if str(code) in iso_countries():
                for variant in _variants(str(name)):
                    index.setdefault(variant, str(code))
    for code, names in _DEMONYMS.items():
        for name in names:
            index[normalize(name)] = code
    return index


def _variants(name: str) -> tuple[str, ...]:
    clean = normalize(name)
    found = _PAREN.match(name)
    if not found:
        return (clean,)
    return (clean, normalize(found.group(1)), normalize(found.group(2)))
