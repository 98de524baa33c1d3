"""``python -m bot risk``: stdin to JSON lines, and --eval on a small file."""

import argparse
import io
import json
from pathlib import Path

import pytest

from bot.cli import risk


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    risk.register(sub)
    return parser.parse_args(argv)


def test_plain_and_json_lines_become_json_results() -> None:
    lines = [
        "Customer service job in Cambodia, salary $1,500, free flight, DM on Telegram\n",
        "\n",
        json.dumps({"text": "Lowongan admin judi di Kamboja gaji 15 juta", "lang": "id"}) + "\n",
        json.dumps({"text": "Data entry, 1,000 USD", "origin": "ID", "lang": "en"}) + "\n",
    ]
    out = io.StringIO()
    assert risk.check_lines(lines, out, detect=lambda _text: "en") == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 3
    assert set(records[0]) == {"score", "level", "flags", "lang"}
    assert records[0]["level"] == "very_high" and records[0]["lang"] == "en"
    assert records[1]["lang"] == "id"
    assert {"id", "evidence"} == set(records[1]["flags"][0])
    assert any(f["id"] == "pay_high" for f in records[2]["flags"])


def test_run_reads_stdin(monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Free visa and ticket, typist in KK Park\n"))
    monkeypatch.setattr(risk, "_detector", lambda: None)
    assert risk.run(_parse(["risk"])) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["level"] in {"high", "very_high"} and record["lang"] is None


def test_eval_on_a_tiny_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(risk, "_detector", lambda: None)
    data = tmp_path / "tiny.tsv"
    data.write_text("# a comment\nlure\tTypist in KK Park, $2,000, free visa\tsrc\n"
                    "ordinary\tCashier wanted at the mall\n", encoding="utf-8")
    assert risk.run(_parse(["risk", "--eval", str(data)])) == 0
    assert "all" in capsys.readouterr().out
    assert risk.run(_parse(["risk", "--eval", str(data), "--json"])) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["all"]["lures"] == 1 and report["all"]["lure_rate"] == 1.0
    assert report["all"]["ordinary_rate"] == 0.0


def test_eval_on_a_missing_file_fails_cleanly(tmp_path: Path) -> None:
    assert risk.run(_parse(["risk", "--eval", str(tmp_path / "none.tsv")])) == 2
