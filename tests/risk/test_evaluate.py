"""Reading labelled files and computing the report."""

from pathlib import Path

import pytest

from bot.risk.evaluate import ALL, DevsetError, evaluate, format_table, read_examples


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_comments_are_skipped_and_extra_columns_ignored(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.tsv", "# header", "lure\tFree visa, job in KK Park\tconstructed",
                  "", "ordinary\tCashier wanted\tsomewhere\textra")
    examples = read_examples(path)
    assert [(e.label, e.lang) for e in examples] == [("lure", None), ("ordinary", None)]


def test_a_directory_takes_the_language_from_the_file_name(tmp_path: Path) -> None:
    _write(tmp_path / "th.tsv", "lure\tงานแอดมิน ที่ปอยเปต เงินเดือน 40,000 บาท ฟรีตั๋ว")
    _write(tmp_path / "en.tsv", "ordinary\tCashier wanted at the mall")
    assert sorted(e.lang or "" for e in read_examples(tmp_path)) == ["en", "th"]


def test_a_bad_label_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.tsv", "lure\tok text", "maybe\tsomething")
    with pytest.raises(DevsetError, match="bad.tsv:2"):
        read_examples(path)


def test_report_counts_and_rates(tmp_path: Path) -> None:
    _write(tmp_path / "en.tsv",
                  "lure\tCustomer service in Cambodia, $1,500, free flight, Telegram only",
                  "lure\tHello",
                  "ordinary\tCashier wanted at the mall, 12,000 baht")
    reports = evaluate(read_examples(tmp_path))
    assert reports[ALL].lures == 2 and reports[ALL].lures_high == 1
    assert reports["en"].lure_rate == 0.5 and reports["en"].ordinary_rate == 0.0
    assert reports["en"].misses == ("en.tsv:2",)
    assert "all" in format_table(reports)
