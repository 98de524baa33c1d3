"""Tests for the cue lexicons: matching rules, loading, and their use as model features."""

import logging
from pathlib import Path

import pytest

from nlu.cues import FEATURE_PREFIX, CueLexicon, load_cues
from nlu.embedded import EmbeddedConfig, features

LEXICON = CueLexicon.from_entries({
    "help": ["help", "tolong", "cứu", "saklolo", "ช่วยด้วย", "救命"],
    "harm": ["beat", "dipukul", "broken leg", "tortur"],
    "confined": ["can't leave", "stuck in"],
    "idiom": ["killing me", "nghiên cứu", "stuck in traffic", "救命稻草"],
})


@pytest.mark.parametrize(("text", "expected"), [
    ("HELP!!", {"help"}),
    ("helpful", set()),  # a short cue must end at a word end
    ("tolongg", {"help"}),  # a long one is a stem: typos and suffixes still match
    ("they beat us", {"harm"}),
    ("beaten", set()),
    ("he was tortured", {"harm"}),  # a cue of five letters or more is a stem
    ("my broken   leg", {"harm"}),  # spaces collapse
    ("cuu em voi", {"help"}),  # diacritics fold both ways
    ("Cứu em", {"help"}),
    ("ช่วยด้วยครับ", {"help"}),  # no word boundaries in Thai
    ("救命啊", {"help"}),
    ("ช่วย ด้วย", {"help"}),  # spaces or none, the same in these scripts
    ("this deadline is killing me, help", {"help", "idiom"}),
    ("i can\u2019t leave", {"confined"}),  # the apostrophe phones type
    ("I CAN'T LEAVE", {"confined"}),
    ("nothing to see", set()),
    # An idiom hides its words from the other categories, and only those words.
    ("em đang làm nghiên cứu", {"idiom"}),
    ("nghien cuu xong roi, cuu em", {"idiom", "help"}),
    ("stuck in traffic", {"idiom"}),
    ("stuck in traffic, now stuck in a compound", {"idiom", "confined"}),
    ("这是我最后的救命稻草", {"idiom"}),
    ("救命稻草没了 救命", {"idiom", "help"}),
    ("", set()),
])
def test_matching(text: str, expected: set[str]) -> None:
    assert LEXICON.match(text) == expected


def test_features_are_prefixed_category_names() -> None:
    assert LEXICON.features("saklolo po") == {FEATURE_PREFIX + "help"}


def test_the_lexicon_round_trips_through_its_dict_form() -> None:
    again = CueLexicon.from_entries(LEXICON.to_dict())
    assert again.to_dict() == LEXICON.to_dict()
    assert again.match("dipukul bos") == {"harm"}


def test_load_merges_languages_and_skips_bad_files(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    for lang, body in {"en": "cues:\n  help: [help]\n", "fil": "cues:\n  help: [saklolo]\n",
                       "th": "nlu: []\n", "vi": "cues:\n  help: cuu\n"}.items():
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "cues.yml").write_text(body, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        lexicon = load_cues(tmp_path)
    assert lexicon.to_dict() == {"help": ["help", "saklolo"]}
    assert "th" in caplog.text and "vi" in caplog.text


def test_no_cue_files_means_an_empty_lexicon(tmp_path: Path) -> None:
    assert load_cues(tmp_path).match("help") == set()


def test_cue_categories_join_the_model_features() -> None:
    with_cues = features("saklolo", EmbeddedConfig(), LEXICON)
    assert with_cues - features("saklolo", EmbeddedConfig()) == {FEATURE_PREFIX + "help"}


def test_the_shipped_cue_lexicons_load_and_cover_every_category() -> None:
    root = Path(__file__).resolve().parents[2] / "nlu" / "data"
    files = sorted(root.glob("*/cues.yml"))
    lexicon = load_cues(root)
    assert len(files) == 11
    assert set(lexicon.to_dict()) == {"help", "harm", "confined", "documents", "forced",
                                      "moved_sold", "relative", "missing", "idiom"}


def test_no_shipped_idiom_hides_a_whole_cue_of_another_category() -> None:
    # An idiom blanks the words it covers; one inside a distress cue would silence that cue.
    lexicon = load_cues(Path(__file__).resolve().parents[2] / "nlu" / "data")
    silenced = [(category, cue) for category, cues in lexicon.to_dict().items()
                if category != "idiom" for cue in cues if category not in lexicon.match(cue)]
    assert silenced == []
