"""The catalogue loads, covers every language, and a broken file names file and indicator."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.risk.catalogue import (
    CATALOGUE_FILE,
    GROUPS,
    CatalogueError,
    fold_pattern,
    load_catalogue,
)
from nlu.languages import LAUNCH_LANGUAGES
from tests.factories import english_texts

REQUIRED = {
    "job_lure_title", "pay_high", "no_experience", "free_travel", "free_lodging",
    "tourist_visa_work", "dest_compound_area", "route_transit", "social_recruitment",
    "no_contract", "unlicensed_agency", "leave_fast", "passport_handover", "fees_upfront",
    "secrecy", "unverifiable_employer",
}
ILO = {"ilo_vulnerability", "ilo_deception", "ilo_restricted_movement", "ilo_isolation",
       "ilo_violence", "ilo_threats", "ilo_document_retention", "ilo_wage_withholding",
       "ilo_debt_bondage", "ilo_abusive_conditions", "ilo_excessive_overtime"}

Edit = Callable[[Callable[[dict[str, Any]], None]], Path]


def _indicator(data: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["id"] == indicator_id)


def test_catalogue_has_the_red_flags_and_the_eleven_ilo_indicators() -> None:
    ids = {i.id for i in load_catalogue().indicators}
    assert REQUIRED <= ids
    assert ILO <= ids


def test_every_text_indicator_has_signals_in_all_languages() -> None:
    raw = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    for entry in raw["indicators"]:
        langs = set(entry.get("phrases", {})) | set(entry.get("patterns", {}))
        if langs:
            assert langs == set(LAUNCH_LANGUAGES), entry["id"]


def test_groups_weights_and_sources_are_valid() -> None:
    for indicator in load_catalogue().indicators:
        assert indicator.group in GROUPS
        assert 1 <= indicator.weight <= 100
        assert indicator.source


def test_every_indicator_has_english_title_and_explanation() -> None:
    texts = english_texts()
    for indicator in load_catalogue().indicators:
        assert len(texts[indicator.title]) < 60, indicator.id
        assert texts[indicator.why], indicator.id


def test_a_bad_pattern_names_file_and_indicator(catalogue_copy: Edit) -> None:
    path = catalogue_copy(lambda d: _indicator(d, "secrecy")["patterns"].update(en=["(unclosed"]))
    with pytest.raises(CatalogueError, match=r"indicators\.yml: indicator 'secrecy': bad pattern"):
        load_catalogue(path)


def test_a_missing_language_names_file_and_indicator(catalogue_copy: Edit) -> None:
    def drop_khmer(data: dict[str, Any]) -> None:
        entry = _indicator(data, "no_contract")
        entry["phrases"].pop("km")
        entry.get("patterns", {}).pop("km", None)

    with pytest.raises(CatalogueError, match=r"indicator 'no_contract': .*\['km'\]"):
        load_catalogue(catalogue_copy(drop_khmer))


def test_an_unknown_entity_or_answer_is_refused(catalogue_copy: Edit) -> None:
    path = catalogue_copy(lambda d: _indicator(d, "pay_high").update(entities=["pay:huge"]))
    with pytest.raises(CatalogueError, match="indicator 'pay_high': unknown entity"):
        load_catalogue(path)
    path = catalogue_copy(lambda d: _indicator(d, "fees_upfront").update(answers={"fees": "maybe"}))
    with pytest.raises(CatalogueError, match="indicator 'fees_upfront': unknown answers"):
        load_catalogue(path)


def test_a_duplicate_id_and_a_bad_combo_are_refused(catalogue_copy: Edit) -> None:
    path = catalogue_copy(lambda d: d["indicators"].append(dict(d["indicators"][0])))
    with pytest.raises(CatalogueError, match="defined twice"):
        load_catalogue(path)
    path = catalogue_copy(lambda d: d["combos"][0]["all_of"][0].append("no_such_sign"))
    with pytest.raises(CatalogueError, match="unknown indicator 'no_such_sign'"):
        load_catalogue(path)


def test_a_pattern_that_matches_empty_text_is_refused(catalogue_copy: Edit) -> None:
    path = catalogue_copy(lambda d: _indicator(d, "leave_fast")["patterns"].update(en=["x*"]))
    with pytest.raises(CatalogueError, match="matches empty text"):
        load_catalogue(path)


def test_fold_pattern_keeps_escapes() -> None:
    assert fold_pattern(r"\D+Lương\S") == r"\D+luong\S"


def test_latin_signals_need_word_boundaries_but_thai_does_not() -> None:
    lure = load_catalogue().indicator("job_lure_title").matcher
    assert lure is not None
    assert lure.search("need a typist now")
    assert not lure.search("prototypists")
    assert lure.search("รับสมัครแอดมินด่วน")
