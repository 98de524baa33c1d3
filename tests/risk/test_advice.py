"""Advice: reasons, level message and next steps are message ids that exist."""

from pathlib import Path

import pytest
import yaml

from bot.risk.advice import (
    AUTHORITIES_FILE,
    AuthoritiesError,
    answers_from_slots,
    level_message,
    load_authorities,
    next_steps,
    reasons,
    result_lines,
    slots_to_fill,
)
from bot.risk.scorer import assess
from tests.factories import english_texts



@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    data: dict[str, str] = english_texts()
    return data


def test_reasons_are_the_strongest_flags_with_message_ids(texts: dict[str, str]) -> None:
    result = assess("Typist job in KK Park, salary $2,000, free visa, keep it secret", "en")
    top = reasons(result, top=3)
    assert len(top) == 3
    assert [r.indicator for r in top] == [f.id for f in result.flags[:3]]
    for reason in top:
        assert reason.title in texts and reason.why in texts
    assert top[0].evidence


def test_level_message_never_calls_a_job_safe(texts: dict[str, str]) -> None:
    low = level_message(assess("Teacher vacancy at the district school, apply online", "en"))
    assert low == "risk.level.low"
    assert "no known warning signs" in texts[low].lower()
    assert "not mean the job is safe" in texts[low]
    assert level_message(assess("")) == "risk.insufficient"


@pytest.mark.parametrize(("country", "authority"), [
    ("ID", "Kemnaker"), ("PH", "DMW"), ("IN", "e-Migrate"), ("LK", "SLBFE"),
    ("MY", "Wisma Putra"),
])
def test_next_steps_name_the_licensing_authority(country: str, authority: str) -> None:
    steps = next_steps(country)
    assert authority in steps[0].params["authority"]
    assert steps[0].msgid == "risk.step.check_licence_unverified"


def test_next_steps_without_a_known_authority_are_generic(texts: dict[str, str]) -> None:
    steps = next_steps("KH")
    assert steps[0].msgid == "risk.step.check_licence_generic"
    msgids = [s.msgid for s in steps]
    assert {"risk.step.keep_passport", "risk.step.tell_family", "risk.step.keep_copies",
            "risk.step.contacts"} <= set(msgids)
    assert all(m in texts for m in msgids)
    assert next_steps(None)[0].msgid == "risk.step.check_licence_generic"


def test_every_authority_has_source_date_and_status() -> None:
    for authority in load_authorities().values():
        assert authority.source and authority.last_verified
        assert authority.status in {"verified", "unverified"}


def test_a_bad_status_names_file_and_country(tmp_path: Path) -> None:
    data = yaml.safe_load(AUTHORITIES_FILE.read_text(encoding="utf-8"))
    data["authorities"]["PH"]["status"] = "probably"
    path = tmp_path / "authorities.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AuthoritiesError, match="authorities.yml: country 'PH'"):
        load_authorities(path)


def test_every_step_and_level_message_has_english_text(texts: dict[str, str]) -> None:
    for level in ("low", "caution", "high", "very_high"):
        assert f"risk.level.{level}" in texts
    for step in ("check_licence", "check_licence_unverified", "check_licence_generic"):
        assert "{authority}" in texts[f"risk.step.{step}"] or step.endswith("generic")


def test_result_lines_read_in_order_and_exist(texts: dict[str, str]) -> None:
    result = assess("", answers={"where": "mm", "passport_asked": "yes"}, origin_country="PH")
    lines = result_lines(result, "PH")
    msgids = [line.msgid for line in lines]
    assert msgids[0] == level_message(result)
    assert msgids.index("risk.result.reasons_title") < msgids.index("risk.result.steps_title")
    assert "risk.result.from_answers" in msgids
    assert all(m in texts for m in msgids)
    with_words = result_lines(assess("Typist in KK Park, free visa", "en"), None)
    evidence = next(s for s in with_words if s.msgid == "risk.result.evidence")
    assert "KK Park" in evidence.params["evidence"]


def test_slots_and_answers_round_trip() -> None:
    result = assess("Customer service in Cambodia, $1,500, free flight, Telegram", "en")
    fill = slots_to_fill(result, {"where": "th"})
    assert "where" not in fill and fill["travel_paid"] == "employer"
    answers = answers_from_slots({"where": "kh", "ad_text": "x", "mode": "paste", "fees": ""})
    assert answers == {"where": "kh"}
