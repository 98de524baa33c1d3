"""The Latin-script lexicon: scoring rules and data validation."""

from pathlib import Path

import pytest

from nlu.lexicon import DataFileError, load_lexicon, tokenize, vietnamese_evidence


def _top(text: str) -> str:
    scores = load_lexicon().score(text)
    return max(scores, key=lambda lang: scores[lang])


def test_tokenize_keeps_inner_hyphens_and_apostrophes() -> None:
    assert tokenize("Nag-apply po ako, I’m OK!") == ["nag-apply", "po", "ako", "i'm", "ok"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("saya nak balik", "ms"),
        ("aku mau pulang", "id"),
        ("kinuha po yung passport", "fil"),
        ("khong biet", "vi"),
        ("where is my passport", "en"),
    ],
)
def test_distinctive_words_point_to_their_language(text: str, lang: str) -> None:
    assert _top(text) == lang


def test_words_shared_by_malay_and_indonesian_count_for_both() -> None:
    scores = load_lexicon().score("saya tidak tahu")
    assert scores["ms"] == scores["id"] > 0
    assert scores["en"] == scores["fil"] == 0


def test_clitics_are_stripped_before_lookup() -> None:
    plain, glued = load_lexicon().score("mau"), load_lexicon().score("maukah")
    assert glued["id"] == plain["id"] > 0


def test_phrases_weigh_more_than_their_words() -> None:
    lexicon = load_lexicon()
    assert lexicon.score("apa khabar")["ms"] > lexicon.score("khabar apa")["ms"]


def test_suffixes_and_taglish_prefixes() -> None:
    lexicon = load_lexicon()
    assert lexicon.score("integriti")["ms"] > 0 < lexicon.score("integritas")["id"]
    assert lexicon.score("nag-apply")["fil"] > 0
    assert lexicon.score("nag-apply")["en"] == 0


def test_repeated_words_are_capped() -> None:
    lexicon = load_lexicon()
    assert lexicon.score("nak nak nak nak nak")["ms"] == lexicon.score("nak nak")["ms"]


def test_vietnamese_evidence_from_letters_and_syllable_shape() -> None:
    assert vietnamese_evidence("đi", ["đi"]) > 0
    words = "anh muon lam gi".split()
    assert vietnamese_evidence(" ".join(words), words) > 0
    words = "saya mau pulang".split()
    assert vietnamese_evidence(" ".join(words), words) == 0


def _write(tmp_path: Path, languages: str) -> str:
    path = tmp_path / "lexicon.yml"
    path.write_text(
        "weights: {strong: 2, medium: 1, weak: 0.5}\n"
        f"languages:\n{languages}"
        "suffixes:\n  ms: {medium: iti}\n",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ("  de:\n    strong: ja nein\n", "languages.de: not a Latin-script launch language"),
        ("  ms:\n    huge: nak\n", "languages.ms.huge: unknown tier"),
        ("  ms:\n    strong: Nak\n", "bad entry 'Nak'"),
        ("  ms:\n    strong: nak\n    weak: nak\n", "'nak' listed twice"),
        ("  ms:\n    strong: ''\n", "languages.ms.strong: must be a non-empty"),
    ],
)
def test_bad_lexicon_entries_name_file_and_entry(
    tmp_path: Path, languages: str, message: str
) -> None:
    name = _write(tmp_path, languages)
    with pytest.raises(DataFileError, match=message) as caught:
        load_lexicon(name)
    assert "lexicon.yml" in str(caught.value)


def test_unreadable_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("weights: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="broken.yml"):
        load_lexicon(str(path))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("adakah beliau berjaya", "ms"),
        ("kajian saintis tempatan", "ms"),
        ("para ilmuwan berhasil", "id"),
        ("kebijakan pemerintah setempat", "id"),
    ],
)
def test_formal_malay_and_indonesian_vocabulary(text: str, lang: str) -> None:
    scores = load_lexicon().score(text)
    other = "id" if lang == "ms" else "ms"
    assert scores[lang] > scores[other]


def test_malay_and_indonesian_loanword_endings() -> None:
    lexicon = load_lexicon()
    assert lexicon.score("automatik")["ms"] > lexicon.score("automatik")["id"]
    assert lexicon.score("dramatis")["id"] > lexicon.score("dramatis")["ms"]
