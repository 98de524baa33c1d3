"""Script detection and the Simplified/Traditional character sets."""

from pathlib import Path

import pytest

from nlu.lexicon import DataFileError
from nlu.script import load_han_variants, load_script_table


def test_letters_are_counted_per_script_and_the_rest_ignored() -> None:
    profile = load_script_table().profile("Hello สวัสดี 123 !")
    assert profile.count("Latin") == 5
    assert profile.count("Thai") == 6
    assert profile.letters == 11


@pytest.mark.parametrize(
    ("text", "dominant"),
    [
        ("", "Common"),
        ("12:30 🙂", "Common"),
        ("hello", "Latin"),
        ("ok ខ្ញុំ", "Khmer"),
        ("I work for the Golden Triangle company ក", "Latin"),
        ("東京へ行きます", "Kana"),
    ],
)
def test_dominant_script(text: str, dominant: str) -> None:
    assert load_script_table().profile(text).dominant == dominant


def test_decisive_scripts_name_their_language() -> None:
    table = load_script_table()
    assert [table.lang_of(s) for s in ("Thai", "Lao", "Khmer", "Myanmar")] == [
        "th", "lo", "km", "my",
    ]
    assert table.lang_of("Latin") is None
    assert table.lang_of("Devanagari") is None


def test_han_variant_sets_come_from_the_codecs_and_the_data_file() -> None:
    variants = load_han_variants()
    assert variants.scores("这个") == (2.0, 0.0)
    assert variants.scores("這個") == (0.0, 2.0)
    assert variants.scores("的人") == (0.0, 0.0)
    # both-set characters listed in han_variants.yml
    simp, trad = variants.scores("然后 以後")
    assert 0 < simp < 1 and trad == 1.0


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "data.yml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_overlapping_script_ranges_are_rejected(tmp_path: Path) -> None:
    name = _write(tmp_path, "scripts:\n  - {name: A, ranges: [[0x10, 0x20]]}\n"
                            "  - {name: B, ranges: [[0x18, 0x30]]}\n")
    with pytest.raises(DataFileError, match="A and B overlap"):
        load_script_table(name)


def test_bad_range_names_the_entry(tmp_path: Path) -> None:
    name = _write(tmp_path, "scripts:\n  - {name: Odd, ranges: [[0x30, 0x20]]}\n")
    with pytest.raises(DataFileError, match=r"scripts\[0\] \(Odd\)"):
        load_script_table(name)


def test_variant_list_must_hold_characters_of_both_sets(tmp_path: Path) -> None:
    name = _write(tmp_path, "simplified:\n  这: 1.0\ntraditional: {}\n")
    with pytest.raises(DataFileError, match="simplified.这"):
        load_han_variants(name)
