"""Free-text validators named by flow steps (``free_text: <name>``).

A validator turns typed text into a slot value and an answer code for routing, or rejects it
with a message id that says politely what is wanted.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from bot.core.events import M_
from bot.core.ports import Places

MAX_SLOT_TEXT = 2000
MIN_AD_CHARS = 12
_URL = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|net|org|me|ly|io|co)(?:/\S*)?\b", re.I)
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_DIGITS = re.compile(r"\d{1,4}")
# Number words people type instead of digits, in the launch languages (1..10).
_NUMBER_WORDS: Mapping[str, int] = {
    w: i + 1
    for words in (
        "one two three four five six seven eight nine ten",
        "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh",
        "satu dua tiga empat lima enam tujuh lapan sembilan sepuluh",
        "isa dalawa tatlo apat lima anim pito walo siyam sampu",
        "mot hai ba bon nam sau bay tam chin muoi",
        "một hai ba bốn năm sáu bảy tám chín mười",
        "หนึ่ง สอง สาม สี่ ห้า หก เจ็ด แปด เก้า สิบ",
        "一 二 三 四 五 六 七 八 九 十",
    )
    for i, w in enumerate(words.split())
}


@dataclass(frozen=True)
class Validation:
    """Outcome of validating typed text."""

    ok: bool
    value: str = ""
    code: str | None = None
    slots: Mapping[str, str] = field(default_factory=dict)
    error: str = M_("validate.not_understood")


Validator = Callable[[str, Places | None], Validation]


def _any(text: str, _places: Places | None) -> Validation:
    clean = text.strip()
    if not clean:
        return Validation(False, error=M_("validate.empty"))
    return Validation(True, clean[:MAX_SLOT_TEXT])


def _job_ad(text: str, _places: Places | None) -> Validation:
    clean = text.strip()
    if not clean:
        return Validation(False, error=M_("validate.empty"))
    if not _URL.sub("", clean).strip(" \n\t-:/.,"):
        return Validation(False, error=M_("validate.only_link"))
    if len(clean) < MIN_AD_CHARS:
        return Validation(False, error=M_("validate.ad_too_short"))
    return Validation(True, clean)


def _place(text: str, places: Places | None) -> Validation:
    clean = text.strip()[:300]
    if not clean:
        return Validation(False, error=M_("validate.empty"))
    hit = places.match_text(clean) if places else None
    if hit is None:
        return Validation(True, clean, code="unmatched", slots={"place_text": clean})
    slots = {"place_text": clean, "place_id": hit["id"], "place_name": hit["name"],
             "location_country": hit["country"]}
    return Validation(True, hit["name"], code="matched", slots=slots)


def _destination(text: str, places: Places | None) -> Validation:
    """Where a job would be: read like a place, but it fills none of the person's own location
    slots. A job in Cambodia says nothing about where someone is when they later ask for help,
    and a report must not skip its "where are you?" question or route on it."""
    result = _place(text, places)
    return replace(result, slots={}) if result.ok else result


def _number(text: str, _places: Places | None) -> Validation:
    found = _DIGITS.search(text)
    if found:
        return Validation(True, str(int(found.group())))
    for word in re.split(r"\s+", text.strip().casefold()):
        if word in _NUMBER_WORDS:
            return Validation(True, str(_NUMBER_WORDS[word]))
    return Validation(False, error=M_("validate.number"))


def _phone(text: str, _places: Places | None) -> Validation:
    found = _PHONE.search(text)
    if not found:
        return Validation(False, error=M_("validate.phone"))
    return Validation(True, re.sub(r"[\s().-]", "", found.group()))


#: Validators that accept a known place, country or nationality (the place ones also say
#: "unmatched" for other text): what they accept names the answer.
NAME_VALIDATORS = frozenset({"place", "destination", "country", "nationality"})
#: Validators whose answers (names, numbers) say nothing of the language a person reads.
NON_LINGUISTIC = NAME_VALIDATORS | {"number", "phone"}

VALIDATORS: Mapping[str, Validator] = {
    "any": _any, "job_ad": _job_ad, "place": _place, "destination": _destination,
    "number": _number, "phone": _phone,
}
