"""ReportFacts built from the engine's string slots."""

from bot.triage.facts import ReportFacts, parse_latlon


def test_from_slots_reads_codes_pin_counts_and_own_words() -> None:
    slots = {
        "danger": "yes", "location": "16.69000,98.51000", "nationality": "id",
        "location_country": "KH", "people_count": "12", "own_words": "help\n\nwe are 12",
        "consent_ngo": "yes", "unrelated": "ignored",
    }
    facts = ReportFacts.from_slots(slots, ref="SP-AB234", lang="id", intents=["held_captive"])
    assert facts.danger == "yes"
    assert facts.location == (16.69, 98.51)
    assert facts.nationality == "ID"
    assert facts.location_country == "KH"
    assert facts.people_count == 12
    assert facts.own_words == ("help", "we are 12")
    assert facts.intents == frozenset({"held_captive"})
    assert facts.said_yes("consent_ngo") and not facts.said_yes("consent_police")


def test_non_iso_answers_become_unknown() -> None:
    facts = ReportFacts.from_slots({"nationality": "other", "people_count": "many"},
                                   ref="SP-AB234", lang="en")
    assert facts.nationality is None
    assert facts.people_count is None


def test_a_place_the_person_rejected_is_dropped_but_their_words_kept() -> None:
    slots = {"place_id": "mm_kk_park", "place_text": "kk", "place_ok": "no"}
    facts = ReportFacts.from_slots(slots, ref="SP-AB234", lang="en")
    assert facts.place_id is None
    assert facts.place_text == "kk"


def test_blank_slots_are_unset() -> None:
    facts = ReportFacts.from_slots({"landmarks": "   ", "danger": ""}, ref="SP-AB234", lang="en")
    assert facts.landmarks is None and facts.danger is None


def test_parse_latlon_rejects_garbage_and_out_of_range() -> None:
    assert parse_latlon("13.7,100.5") == (13.7, 100.5)
    assert parse_latlon("91,10") is None
    assert parse_latlon("a,b") is None
    assert parse_latlon(None) is None
