"""``python -m bot detect``: JSON lines from stdin, and ``--eval`` accuracy figures."""

import argparse
import io
import json
from pathlib import Path

import pytest

from bot.cli import detect as detect_cmd
from bot.cli.detect import Row, evaluate, read_rows


def _run(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str = ""
) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="safepassage")
    detect_cmd.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["detect", *argv])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def eval_file(tmp_path: Path) -> Path:
    """A tiny evaluation TSV: header, launch-language rows, and rows to skip."""
    rows = [
        "lang\tbucket\tsource\ttext",
        "th\t<=15\ttest\tสวัสดีครับ",
        "km\t16-40\ttest\tខ្ញុំត្រូវការជំនួយពីអ្នក",
        "zh-Hans\t<=15\ttest\t我的护照被拿走了",
        "zh-Hant\t<=15\ttest\t我的護照被拿走了",
        "ms\t41-100\ttest\tSaya nak tanya pasal kerja kosong kat Kemboja, gaji berapa?",
        "fil\t16-40\ttest\tSino po pwede tumulong?",
        "hi\t<=15\ttest\tमुझे मदद चाहिए",
        "sw\t<=15\ttest\tNisaidie tafadhali",
    ]
    path = tmp_path / "dev.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_stdin_lines_become_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run([], capsys, stdin="สวัสดีครับ\nKamu bisa bantu aku nggak?\n12345\n")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["lang"] for r in records] == ["th", "id", None]
    assert records[0]["text"] == "สวัสดีครับ"
    assert "สวัสดีครับ" in out  # ensure_ascii=False: readable in a terminal
    assert all(set(r) == {"text", "lang", "confidence"} for r in records)


def test_stdin_zawgyi_is_detected_as_burmese(capsys: pytest.CaptureFixture[str]) -> None:
    zawgyi = "\u1031\u1000\u103a\u1038\u1007\u1030\u1038\u1010\u1004\u1039\u1015\u102b"
    _, out, _ = _run([], capsys, stdin=zawgyi + "\n")
    record = json.loads(out)
    assert record["lang"] == "my" and record["text"] == zawgyi


def test_eval_json_reports_our_figures_beside_langdetect(
    eval_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["--eval", str(eval_file), "--json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert (report["rows"], report["skipped"]) == (6, 2)
    ours, baseline = report["ours"], report["langdetect"]
    assert ours["overall"] == 1.0
    assert ours["chinese_variant"] == 1.0
    assert set(ours["by_language"]) == {"th", "km", "zh_Hans", "zh_Hant", "ms", "fil"}
    assert set(ours["by_bucket"]) == {"<=15", "16-40", "41-100"}
    assert ours["ms_per_detection"] > 0
    # langdetect has no Khmer or Malay profile: it cannot match us here.
    assert baseline["by_language"]["km"] == baseline["by_language"]["ms"] == 0.0
    assert baseline["overall"] < ours["overall"]


def test_eval_text_report(eval_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--eval", str(eval_file)], capsys)
    assert code == 0
    assert "rows: 6 (skipped 2 outside the launch languages)" in out
    for label in ("overall", "length <=15", "Simplified vs Trad.", "Indonesian (id)",
                  "Malay (ms)", "ms per detection", "langdetect"):
        assert label in out


def test_eval_without_baseline(eval_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["--eval", str(eval_file), "--json", "--no-langdetect"], capsys)
    assert json.loads(out)["langdetect"] is None


def test_malformed_eval_file_fails_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("lang\tbucket\tsource\ttext\nth\tonly three\tfields\n", encoding="utf-8")
    code, _, err = _run(["--eval", str(path)], capsys)
    assert code == 2
    assert "bad.tsv:2" in err


def test_read_rows_skips_languages_outside_the_launch_set(eval_file: Path) -> None:
    rows, skipped = read_rows(eval_file)
    assert skipped == 2
    assert [r.lang for r in rows] == ["th", "km", "zh_Hans", "zh_Hant", "ms", "fil"]


def test_evaluate_counts_per_language_bucket_and_chinese_variant() -> None:
    rows = [
        Row("en", "<=15", "a"), Row("en", "16-40", "b"),
        Row("zh_Hans", "<=15", "c"), Row("zh_Hant", "<=15", "d"),
    ]
    guesses = {"a": "en", "b": "fil", "c": "zh_Hans", "d": "zh_Hans"}
    figures = evaluate(rows, guesses.__getitem__)
    assert figures.overall == 0.5
    assert figures.by_language == {"en": 0.5, "zh_Hans": 1.0, "zh_Hant": 0.0}
    assert figures.by_bucket == {"<=15": round(2 / 3, 4), "16-40": 0.0}
    assert figures.chinese_variant == 0.5
