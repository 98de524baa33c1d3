"""The partner directory: the shipped file is valid, and every error names file and entry."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.triage.data import DataError
from bot.triage.partners import KINDS, PARTNERS_FILE, default_directory, load_directory
from tests.triage.conftest import DirectoryFactory, EntryFactory

E164_OR_LOCAL = re.compile(r"\+[1-9]\d{5,14}|\d{3,12}")


def test_shipped_directory_loads_with_every_kind() -> None:
    directory = default_directory()
    assert len(directory.partners) >= 40
    assert {p.kind for p in directory.partners} == set(KINDS)


def test_shipped_entries_are_unverified_and_sourced() -> None:
    # Everything was copied from secondary sources: none may claim to be verified.
    for partner in default_directory().partners:
        assert partner.status == "unverified" and partner.last_verified is None, partner.id
        assert partner.sources and all(s.date for s in partner.sources), partner.id


def test_shipped_phone_numbers_are_e164_or_local_codes() -> None:
    for partner in default_directory().partners:
        for channel in partner.channels:
            if channel.kind in ("phone", "sms", "whatsapp"):
                assert E164_OR_LOCAL.fullmatch(channel.value), (partner.id, channel.value)


@pytest.mark.parametrize(("partner_id", "number"), [
    ("th_trafficking_abroad", "+66991301300"),
    ("vn_hotline_111", "111"),
    ("vn_mofa_citizen", "+84981848484"),
    ("id_kemlu_protection", "+6281290070027"),
    ("ph_embassy_yangon", "+959985210991"),
    ("cn_consular_12308", "+861012308"),
    ("bd_probash_bondhu", "+8809610102030"),
    ("np_police_1177", "+9771177"),
    ("kh_police_117", "117"),
])
def test_numbers_from_the_research_notes_are_present(partner_id: str, number: str) -> None:
    values = [c.value for c in default_directory().get(partner_id).channels]
    assert number in values


def test_cambodian_police_lines_carry_the_gaso_caution() -> None:
    police = [p for p in default_directory().partners if p.kind == "police" and "KH" in p.countries]
    assert police
    assert all("kh_police_caution" in [w.code for w in p.warnings] for p in police)


def test_serves_respects_exclusions_and_wildcards(make_directory: DirectoryFactory,
                                                  make_entry: EntryFactory) -> None:
    directory = make_directory(make_entry(excludes_nationalities=["TW"]))
    partner = directory.get("test_line")
    assert partner.serves("ID") and not partner.serves("TW")
    assert not partner.serves("ID", explicitly=True)
    assert partner.helps_in("TH", explicitly=True) and not partner.helps_in("KH")


BAD: list[tuple[dict[str, Any], str]] = [
    ({"kind": "church"}, "kind"),
    ({"countries": ["Thailand"]}, "countries"),
    ({"nationalities": []}, "nationalities"),
    ({"languages": ["klingon!"]}, "languages"),
    ({"topics": ["gossip"]}, "topic"),
    ({"hours": {"schedule": "24/7", "tz": "Mars/Olympus"}}, "time zone"),
    ({"hours": {"schedule": "weekly", "tz": "Asia/Bangkok", "days": "mon-fri"}}, "weekly"),
    ({"channels": [{"kind": "phone", "value": "call us"}]}, "phone"),
    ({"channels": [{"kind": "pigeon", "value": "x"}]}, "kind"),
    ({"channels": [{"kind": "web", "value": "ftp://x"}]}, "web"),
    ({"sources": []}, "sources"),
    ({"sources": [{"name": "x", "date": "last year"}]}, "date"),
    ({"status": "verified"}, "last_verified"),
    ({"status": "maybe"}, "status"),
    ({"colour": "blue"}, "unknown fields"),
    ({"notes": [{"code": "Bad Code", "text": "x"}]}, "code"),
    ({"channels": [{"kind": "phone", "value": "1300", "note": "in Thailand"}]}, "code"),
    ({"channels": [{"kind": "phone", "value": "+85581373839", "written": "081 99 99 99"}]},
     "written"),
    ({"channels": [{"kind": "phone", "value": "+85581373839", "written": "call 081"}]},
     "written"),
]


@pytest.mark.parametrize(("override", "problem"), BAD)
def test_errors_name_the_file_and_the_entry(
    write_directory: Callable[[list[dict[str, Any]]], Path], make_entry: EntryFactory,
    override: dict[str, Any], problem: str,
) -> None:
    good = make_entry(id="good_line")
    bad = make_entry(id="bad_line", **override)
    path = write_directory([good, bad])
    with pytest.raises(DataError) as err:
        load_directory(path)
    message = str(err.value)
    assert str(path) in message
    assert "partner 2 (bad_line)" in message
    assert problem in message


def test_duplicate_ids_and_conflicting_note_texts_are_errors(
    write_directory: Callable[[list[dict[str, Any]]], Path], make_entry: EntryFactory,
) -> None:
    with pytest.raises(DataError, match="duplicate id"):
        load_directory(write_directory([make_entry(), make_entry()]))
    notes_a = [{"code": "same", "text": "one"}]
    notes_b = [{"code": "same", "text": "two"}]
    path = write_directory([make_entry(id="a_line", notes=notes_a),
                            make_entry(id="b_line", notes=notes_b)])
    with pytest.raises(DataError, match="different text"):
        load_directory(path)
    channel_a = [{"kind": "phone", "value": "1300", "note": {"code": "here", "text": "in TH"}}]
    channel_b = [{"kind": "phone", "value": "1301", "note": {"code": "here", "text": "in KH"}}]
    path = write_directory([make_entry(id="a_line", channels=channel_a),
                            make_entry(id="b_line", channels=channel_b)])
    with pytest.raises(DataError, match="channel_note 'here' has a different text"):
        load_directory(path)


def test_written_numbers_are_the_national_form_of_the_value(
    make_directory: DirectoryFactory, make_entry: EntryFactory
) -> None:
    channels = [{"kind": "phone", "value": "+85581373839", "written": "081 37 38 39",
                 "note": {"code": "in_cambodia", "text": "in Cambodia"}}]
    (channel,) = make_directory(make_entry(channels=channels)).get("test_line").channels
    assert channel.written == "081 37 38 39"
    assert channel.note is not None and channel.note.code == "in_cambodia"
    shipped = [c for p in default_directory().partners for c in p.channels if c.written]
    assert len(shipped) >= 5 and all(c.kind == "phone" for c in shipped)


def test_a_verified_entry_with_a_date_loads(make_directory: DirectoryFactory,
                                            make_entry: EntryFactory) -> None:
    directory = make_directory(make_entry(status="verified", last_verified="2026-11-20"))
    assert directory.get("test_line").verified


def test_missing_and_broken_files_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yml"
    with pytest.raises(DataError, match="nope.yml"):
        load_directory(missing)
    broken = tmp_path / "broken.yml"
    broken.write_text("partners: [\n", encoding="utf-8")
    with pytest.raises(DataError, match="broken.yml"):
        load_directory(broken)


def test_default_path_is_the_shipped_file() -> None:
    assert PARTNERS_FILE.name == "partners.yml"
    assert default_directory().source == str(PARTNERS_FILE)
