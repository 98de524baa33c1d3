"""'I don't know' as typed in each launch language (bot/unsure.py, bot/data/unsure.yml)."""

import pytest
import yaml

from bot.unsure import DATA_FILE, load_unsure
from nlu.languages import LAUNCH_LANGUAGES

says_unsure = load_unsure()


def test_every_launch_language_has_phrases() -> None:
    phrases = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["phrases"]
    assert set(phrases) == set(LAUNCH_LANGUAGES)
    assert all(phrases[lang] for lang in LAUNCH_LANGUAGES)


@pytest.mark.parametrize("text", [
    "I don't know", "idk", "Not sure", "tidak tahu", "gak tau", "tak tahu", "x tau",
    "hindi ko alam", "ewan ko", "không biết", "ko biet", "ไม่รู้ครับ", "ไม่ทราบค่ะ", "មិនដឹងទេ",
    "ບໍ່ຮູ້", "မသိဘူး", "不知道", "唔知", "I dont know where he is",
])
def test_i_dont_know_in_every_language(text: str) -> None:
    assert says_unsure(text)


@pytest.mark.parametrize("text", [
    "I know", "yes", "tahu", "tau lah", "alam ko", "biết rồi", "รู้แล้ว", "知道了", "no", "tidak",
    "không", "ไม่", "hindi", "",
])
def test_knowing_or_a_plain_no_is_not_unsure(text: str) -> None:
    assert not says_unsure(text)
