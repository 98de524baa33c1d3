"""The nationality and country validators the triage flows name."""

from collections.abc import Mapping

from bot.core.validators import VALIDATORS
from bot.triage.validators import TRIAGE_VALIDATORS, country, nationality


class _Places:
    def match_text(self, text: str) -> Mapping[str, str] | None:
        return {"id": "kh_sihanoukville", "name": "Sihanoukville", "country": "KH"} \
            if "sihanouk" in text.casefold() else None

    def near(self, lat: float, lon: float) -> Mapping[str, str] | None:
        return None


def test_nationality_gives_iso_codes() -> None:
    result = nationality("Saya orang Indonesia", None)
    assert result.ok and result.value == "ID" and result.code is None
    bad = nationality("blah", None)
    assert not bad.ok and bad.error == "triage.validate.nationality"


def test_country_falls_back_to_the_place_registry() -> None:
    assert country("Cambodia", None).value == "KH"
    assert country("near Sihanoukville", _Places()).value == "KH"
    assert not country("near Sihanoukville", None).ok


def test_names_do_not_clash_with_core_validators() -> None:
    assert not set(TRIAGE_VALIDATORS) & set(VALIDATORS)
