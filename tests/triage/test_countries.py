"""Typed country names and nationalities in the launch languages -> ISO codes."""

import pytest

from bot.triage.countries import country_name, is_country, iso_countries, match_country


@pytest.mark.parametrize(("text", "code"), [
    ("Indonesia", "ID"), ("I am Indonesian", "ID"), ("saya orang indonesia", "ID"),
    ("Pinoy ako", "PH"), ("Philippines po", "PH"), ("người Việt Nam", "VN"),
    ("Vietnam", "VN"), ("คนไทย", "TH"), ("ประเทศไทย", "TH"), ("Burma", "MM"),
    ("Myanmar", "MM"), ("မြန်မာ", "MM"), ("cambodian", "KH"), ("ກຳປູເຈຍ", "KH"),
    ("ເປັນຄົນລາວ", "LA"), ("我是中国人", "CN"), ("台灣人", "TW"), ("香港", "HK"),
    ("India", "IN"), ("Sri Lankan", "LK"), ("Nepali", "NP"), ("Bangladesh", "BD"),
    ("Kenyan", "KE"), ("from Uganda", "UG"), ("Malaysia", "MY"), ("KH", "KH"),
])
def test_names_and_demonyms(text: str, code: str) -> None:
    assert match_country(text) == code


@pytest.mark.parametrize("text", ["", "   ", "hello", "12", "the big river", "kk"])
def test_no_country(text: str) -> None:
    assert match_country(text) is None


def test_word_boundaries_for_latin_names() -> None:
    assert match_country("Nigeria") == "NG"  # not Niger
    assert match_country("Papua New Guinea") == "PG"  # not Guinea
    assert match_country("laos") == "LA"


def test_iso_codes() -> None:
    assert is_country("TH") and is_country("HK") and not is_country("EU")
    assert not is_country("XX") and len(iso_countries()) > 240
    assert country_name("MM", "th").startswith("เมียนมา")
    assert country_name("QQ") == "QQ"
