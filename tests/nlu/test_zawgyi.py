"""Zawgyi detection (myanmartools) and Zawgyi -> Unicode conversion."""

from pathlib import Path

import pytest

from nlu.lexicon import DataFileError
from nlu.zawgyi import is_zawgyi, load_converter, to_unicode, zawgyi_probability

# (English gloss, Zawgyi as typed, standard Unicode). Written as escapes so the code points are
# exact whatever font shows this file; Zawgyi stores the vowel E and medial RA before the
# consonant, kinzi after it, and uses its own code points for medials and stacked letters.
PHRASES = [
    ("hello", "\u1019\u1002\u1064\u101c\u102c\u1015\u102b",
     "\u1019\u1004\u103a\u1039\u1002\u101c\u102c\u1015\u102b"),  # မင်္ဂလာပါ
    ("thank you",
     "\u1031\u1000\u103a\u1038\u1007\u1030\u1038\u1010\u1004\u1039\u1015\u102b\u1010\u101a\u1039",
     "\u1000\u103b\u1031\u1038\u1007\u1030\u1038\u1010\u1004\u103a\u1015\u102b\u1010\u101a\u103a"),
    ("please help", "\u1000\u1030\u100a\u102e\u1015\u102b",
     "\u1000\u1030\u100a\u102e\u1015\u102b"),  # ကူညီပါ: the same code points in both
    ("I (male)", "\u1000\u103a\u103c\u1014\u1039\u1031\u1010\u102c\u1039",
     "\u1000\u103b\u103d\u1014\u103a\u1010\u1031\u102c\u103a"),  # ကျွန်တော်
    ("I (male), narrow ya", "\u1000\u107d\u103c\u1014\u1039\u1031\u1010\u102c\u1039",
     "\u1000\u103b\u103d\u1014\u103a\u1010\u1031\u102c\u103a"),
    ("Myanmar", "\u103b\u1019\u1014\u1039\u1019\u102c",
     "\u1019\u103c\u1014\u103a\u1019\u102c"),  # မြန်မာ
    ("please",
     "\u1031\u1000\u103a\u1038\u1007\u1030\u1038\u103b\u1015\u1033\u103b\u1015\u102e\u1038",
     "\u1000\u103b\u1031\u1038\u1007\u1030\u1038\u1015\u103c\u102f\u1015\u103c\u102e\u1038"),
    ("I need help",
     "\u1021\u1000\u1030\u1021\u100a\u102e \u101c\u102d\u102f\u1021\u1015\u1039\u1015\u102b"
     "\u1010\u101a\u1039",
     "\u1021\u1000\u1030\u1021\u100a\u102e \u101c\u102d\u102f\u1021\u1015\u103a\u1015\u102b"
     "\u1010\u101a\u103a"),
    ("how are you", "\u1031\u1014\u1031\u1000\u102c\u1004\u1039\u1038\u101c\u102c\u1038",
     "\u1014\u1031\u1000\u1031\u102c\u1004\u103a\u1038\u101c\u102c\u1038"),  # နေကောင်းလား
    ("union", "\u103b\u1015\u100a\u1039\u1031\u1011\u102c\u1004\u1039\u1005\u102f",
     "\u1015\u103c\u100a\u103a\u1011\u1031\u102c\u1004\u103a\u1005\u102f"),  # ပြည်ထောင်စု
    ("security", "\u101c\u102f\u1036\u103b\u1001\u1033\u1036\u1031\u101b\u1038",
     "\u101c\u102f\u1036\u1001\u103c\u102f\u1036\u101b\u1031\u1038"),  # လုံခြုံရေး
    ("security, anusvara typed first",
     "\u101c\u1036\u102f\u103b\u1001\u1036\u1033\u1031\u101b\u1038",
     "\u101c\u102f\u1036\u1001\u103c\u102f\u1036\u101b\u1031\u1038"),
    ("help me (u typed before i)",
     "\u1000\u107d\u103c\u1014\u1039\u1031\u1010\u102c\u1037\u1039\u1000\u102f\u102d "
     "\u1000\u1030\u100a\u102e\u1015\u102b",
     "\u1000\u103b\u103d\u1014\u103a\u1010\u1031\u102c\u1037\u103a\u1000\u102d\u102f "
     "\u1000\u1030\u100a\u102e\u1015\u102b"),  # ကျွန်တော့်ကို ကူညီပါ
    ("world", "\u1000\u1019\u107b\u102c", "\u1000\u1019\u1039\u1018\u102c"),  # ကမ္ဘာ
    ("matter", "\u1000\u102d\u1005\u1065", "\u1000\u102d\u1005\u1039\u1005"),  # ကိစ္စ
    ("affair", "\u1019\u1088", "\u1019\u103e\u102f"),  # မှု
    ("yes (polite, female)", "\u101b\u103d\u1004\u1039", "\u101b\u103e\u1004\u103a"),  # ရှင်
]


@pytest.mark.parametrize(("gloss", "zawgyi", "unicode"), PHRASES, ids=[p[0] for p in PHRASES])
def test_converter_turns_zawgyi_into_unicode(gloss: str, zawgyi: str, unicode: str) -> None:
    assert load_converter().convert(zawgyi) == unicode


@pytest.mark.parametrize(("gloss", "zawgyi", "unicode"), PHRASES, ids=[p[0] for p in PHRASES])
def test_to_unicode_never_damages_unicode(gloss: str, zawgyi: str, unicode: str) -> None:
    assert to_unicode(unicode) == unicode
    assert not is_zawgyi(unicode)


def test_zawgyi_phrases_are_detected_and_converted() -> None:
    distinct = [(z, u) for _, z, u in PHRASES if z != u]
    detected = [(z, u) for z, u in distinct if is_zawgyi(z)]
    # Very short strings can be valid in both encodings (the bare greeting is one): the
    # detector leaves them alone rather than risk damaging Unicode.
    assert len(detected) >= len(distinct) - 1
    for zawgyi, unicode in detected:
        assert to_unicode(zawgyi) == unicode


def test_a_sentence_around_an_ambiguous_word_is_detected() -> None:
    hello, how_are_you = PHRASES[0], PHRASES[8]
    sentence = f"{hello[1]} {how_are_you[1]}"
    assert is_zawgyi(sentence)
    assert to_unicode(sentence) == f"{hello[2]} {how_are_you[2]}"


@pytest.mark.parametrize("text", ["", "hello", "สวัสดี", "12345", "Zawgyi ကူညီပါ"])
def test_other_text_is_left_alone(text: str) -> None:
    assert to_unicode(text) == text


def test_probability_is_zero_without_burmese() -> None:
    assert zawgyi_probability("no Burmese here") == 0.0
    assert 0.0 <= zawgyi_probability(PHRASES[1][1]) <= 1.0


def test_bad_rule_names_file_and_rule(tmp_path: Path) -> None:
    path = tmp_path / "zg.yml"
    path.write_text(
        'characters: {"\\u1039": "\\u103A"}\n'
        "rules:\n  - {name: broken, from: '(unclosed', to: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"zg.yml: rules\[0\] \(broken\): bad pattern"):
        load_converter(str(path))
