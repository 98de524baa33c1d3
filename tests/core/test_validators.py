"""Free-text validators: what typed answers become, and which slots they fill."""

import pytest

from bot.core.validators import VALIDATORS
from tests.core.test_engine import FakePlaces

PLACES = FakePlaces()


def test_a_place_is_where_the_person_is() -> None:
    result = VALIDATORS["place"]("near KK park", PLACES)
    assert (result.ok, result.value, result.code) == (True, "KK Park", "matched")
    assert result.slots == {"place_text": "near KK park", "place_id": "kk_park",
                            "place_name": "KK Park", "location_country": "MM"}


def test_a_destination_names_the_place_but_fills_no_location_slot() -> None:
    result = VALIDATORS["destination"]("near KK park", PLACES)
    assert (result.ok, result.value, result.code, dict(result.slots)) == (
        True, "KK Park", "matched", {})
    unknown = VALIDATORS["destination"]("somewhere hot", PLACES)
    assert (unknown.ok, unknown.value, unknown.code, dict(unknown.slots)) == (
        True, "somewhere hot", "unmatched", {})


@pytest.mark.parametrize("name", ["place", "destination"])
def test_an_empty_place_is_refused_politely(name: str) -> None:
    result = VALIDATORS[name]("   ", PLACES)
    assert not result.ok and result.error == "validate.empty"
