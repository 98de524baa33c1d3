"""``python -m bot route``: routed partners as JSON."""

import argparse
import json
from pathlib import Path

import pytest
import yaml

from bot.cli import route as route_cmd


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="safepassage")
    route_cmd.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["route", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_consented_partners_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--location-country", "KH", "--nationality", "ID", "--lang", "id",
                         "--consent", "ngo,embassy"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["id"] == "id_kemlu_protection"
    assert set(rows[0]) >= {"id", "name", "kind", "reason", "consented", "channels", "status"}
    assert all(r["consented"] for r in rows)
    assert all(r["kind"] != "police" for r in rows)
    assert rows[0]["channels"][0] == {"kind": "phone", "value": "+6281290070027", "written": "",
                                      "note": ""}


def test_without_consent_nothing_is_routed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--location-country", "TH", "--nationality", "MM"], capsys)
    assert code == 0 and json.loads(out) == []


def test_all_lists_candidates_unconsented(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["--location-country", "kh", "--nationality", "vn", "--all"], capsys)
    rows = json.loads(out)
    assert {"vn_mofa_citizen", "kh_police_117"} <= {r["id"] for r in rows}
    assert not any(r["consented"] for r in rows)


def test_imminent_danger_policy_flag(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    entry = {"id": "th_police", "name": "Police", "kind": "police", "countries": ["TH"],
             "nationalities": ["*"], "languages": ["th"], "topics": ["emergency"],
             "hours": {"schedule": "unknown"}, "channels": [],
             "sources": [{"name": "x", "date": "2024"}], "status": "unverified"}
    path = tmp_path / "p.yml"
    path.write_text(yaml.safe_dump({"partners": [entry]}), encoding="utf-8")
    base = ["--location-country", "TH", "--partners", str(path), "--priority", "P1"]
    assert json.loads(_run(base, capsys)[1]) == []
    rows = json.loads(_run([*base, "--police-on-p1"], capsys)[1])
    assert [(r["id"], r["consented"]) for r in rows] == [("th_police", False)]


def test_bad_input_exits_with_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(["--consent", "ngo,press"], capsys)
    assert code == 2 and "press" in err
    code, _, err = _run(["--partners", str(tmp_path / "missing.yml")], capsys)
    assert code == 2 and "missing.yml" in err
    with pytest.raises(SystemExit):
        _run(["--location-country", "Thailand"], capsys)
