"""Folding keeps a map back to the original text."""

from bot.risk.fold import fold, fold_str


def test_latin_case_and_vietnamese_tones_fold_away() -> None:
    assert fold_str("Việc Nhẹ LƯƠNG Cao, Đi ngay") == "viec nhe luong cao, di ngay"


def test_native_digits_become_ascii() -> None:
    assert fold_str("๓๐,๐๐๐ ១២០០ ၁၅၀၀ ໑໐") == "30,000 1200 1500 10"


def test_thai_vowels_and_khmer_signs_are_kept() -> None:
    assert fold_str("เงินเดือน") != ""
    assert "្" in fold_str("ប្រាក់ខែ")


def test_invisible_spaces_are_dropped_and_excerpt_quotes_the_original() -> None:
    text = "Lương\u200b 15 TRIỆU"
    folded = fold(text)
    start = folded.text.index("15 trieu")
    assert folded.excerpt(start, start + len("15 trieu")) == "15 TRIỆU"


def test_ascii_fast_path_has_identity_offsets() -> None:
    folded = fold("Free Visa")
    assert folded.text == "free visa"
    assert folded.original_span(5, 9) == (5, 9)
