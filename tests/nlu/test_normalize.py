"""normalize_input: what every inbound message goes through first."""

from nlu.normalize import normalize_input

ZAWGYI_THANKS = "\u1031\u1000\u103a\u1038\u1007\u1030\u1038\u1010\u1004\u1039\u1015\u102b"
UNICODE_THANKS = "\u1000\u103b\u1031\u1038\u1007\u1030\u1038\u1010\u1004\u103a\u1015\u102b"


def test_zawgyi_becomes_unicode() -> None:
    assert normalize_input(ZAWGYI_THANKS) == UNICODE_THANKS


def test_text_is_composed_nfc() -> None:
    assert normalize_input("Tie\u0302\u0301ng Vie\u0323\u0302t") == "Tiếng Việt"


def test_control_and_invisible_characters_are_removed_but_lines_kept() -> None:
    text = "help\u200b me\u202e\x00\r\nnow\tplease\ufeff"
    assert normalize_input(text) == "help me\nnow\tplease"


def test_emoji_joiners_are_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalize_input(family) == family


def test_plain_text_is_unchanged() -> None:
    for text in ["Is this job real?", "สวัสดีครับ", UNICODE_THANKS, "我的护照"]:
        assert normalize_input(text) == text
