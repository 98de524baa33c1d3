"""Alert destinations from the ALERT_DESTINATIONS setting (inline pairs or a YAML file)."""

from pathlib import Path

import pytest

from bot.triage.data import DataError
from bot.triage.destinations import Destinations, load_destinations, parse_destinations


def test_inline_pairs_with_default() -> None:
    dest = parse_destinations(" gaso=-100123 , id_kemlu_protection=@kemlu_ops,default=42 ")
    assert dest.for_partner("gaso") == "-100123"
    assert dest.for_partner("id_kemlu_protection") == "@kemlu_ops"
    assert dest.for_partner("ijm") is None
    assert dest.default == "42"


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_setting_means_no_destinations(empty: str | None) -> None:
    dest = parse_destinations(empty)
    assert dest == Destinations() and not dest


def test_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "dest.yml"
    path.write_text("destinations:\n  default: -1001\n  gaso: -1002\n", encoding="utf-8")
    dest = parse_destinations(str(path), known={"gaso"})
    assert dest.default == "-1001" and dest.for_partner("gaso") == "-1002"
    flat = tmp_path / "flat.yml"
    flat.write_text("gaso: '@gaso_alerts'\n", encoding="utf-8")
    assert load_destinations(flat).for_partner("gaso") == "@gaso_alerts"


@pytest.mark.parametrize(("value", "problem"), [
    ("gaso", "partner_id=chat_id"),
    ("gaso=-1,oops", "entry 2"),
    ("gaso=not a chat", "chat id"),
    ("Gaso!=1", "lower_snake_case"),
    ("nobody_here=1", "no partner"),
    ("gaso=1,gaso=2", "set twice"),
    ("default=1,default=2", "default is set twice"),
])
def test_inline_errors_name_the_setting_and_entry(value: str, problem: str) -> None:
    with pytest.raises(DataError) as err:
        parse_destinations(value, known={"gaso"})
    assert "ALERT_DESTINATIONS" in str(err.value)
    assert problem in str(err.value)


def test_errors_never_echo_the_chat_id() -> None:
    with pytest.raises(DataError) as err:
        parse_destinations("nobody_here=-100999888", known={"gaso"})
    assert "-100999888" not in str(err.value)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "dest.yml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(DataError, match="dest.yml"):
        parse_destinations(str(path))
    with pytest.raises(DataError, match="missing.yml"):
        parse_destinations(str(tmp_path / "missing.yml"))
