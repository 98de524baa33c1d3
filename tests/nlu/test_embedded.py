"""Tests for the embedded interpreter: features, training, cache, speed, safety bias."""

import time
from pathlib import Path

import numpy as np
import pytest

from nlu.embedded import (
    LANG_PREFIX,
    EmbeddedConfig,
    EmbeddedInterpreter,
    _with_distress_share,
    features,
    normalise,
)
from nlu.interpreter import SafetyBias
from nlu.training_data import TrainingData, TrainingDataError, load_training_data
from nlu.types import DISTRESS_INTENTS
from tests.nlu.fixtures import make_data_dir, write_yaml

FAST = EmbeddedConfig(max_iter=60)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_data_dir(tmp_path_factory.mktemp("embedded"))


@pytest.fixture(scope="module")
def interpreter(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedInterpreter:
    return EmbeddedInterpreter.load_or_train(data_dir, tmp_path_factory.mktemp("cache"),
                                             config=FAST)


def test_normalise_folds_case_digits_diacritics_and_spaces() -> None:
    assert normalise("  Cứu  EM 0812345678 ๓ ") == "cuu em 0000000000 0"


def test_features_have_char_ngrams_for_text_without_spaces() -> None:
    feats = features("ช่วยด้วย", EmbeddedConfig())
    assert {"ช่", "ช่ว", "ด้วย"} <= feats


def test_features_have_word_ngrams_for_latin_text() -> None:
    feats = features("they took my passport", EmbeddedConfig())
    assert {"\tpassport", "\tmy passport"} <= feats


def test_training_examples_are_recognised(interpreter: EmbeddedInterpreter,
                                          data_dir: Path) -> None:
    data = load_training_data(data_dir)
    right = sum(interpreter.parse(e.text, e.lang).intent == e.intent for e in data.examples)
    assert right / len(data.examples) > 0.9


@pytest.mark.parametrize("text, intent", [
    ("they took my passport", "held_captive"),
    ("ยึดพาสปอร์ตผม", "held_captive"),
    ("cuu em voi ho danh em", "urgent_danger"),
    ("my sister is stuck in cambodia", "report_for_someone"),
    ("hello there", "greet"),
])
def test_unseen_variants(interpreter: EmbeddedInterpreter, text: str, intent: str) -> None:
    assert interpreter.parse(text).intent == intent


def test_parse_result_is_complete(interpreter: EmbeddedInterpreter) -> None:
    parse = interpreter.parse("my son is in Myawadi, salary $1200", "en")
    assert parse.lang == "en"
    assert 0.0 < parse.confidence <= 1.0
    assert {name for name, _ in parse.ranking} == set(interpreter.intents)
    assert abs(sum(p for _, p in parse.ranking) - 1.0) < 1e-6
    assert ("place", "Myawaddy") in [(e.entity, e.value) for e in parse.entities]
    assert ("salary", "$1200") in [(e.entity, e.value) for e in parse.entities]


def test_distress_is_never_left_to_out_of_scope(interpreter: EmbeddedInterpreter) -> None:
    # Mixed message: mostly small talk, but a held signal is in it.
    text = "the weather is nice but they took my passport"
    probs = dict(zip(interpreter.intents, interpreter.probabilities(text), strict=True))
    assert sum(probs[i] for i in DISTRESS_INTENTS) >= interpreter.config.bias.threshold
    assert interpreter.parse(text).intent in DISTRESS_INTENTS


def test_training_is_deterministic(data_dir: Path) -> None:
    data = load_training_data(data_dir)
    first = EmbeddedInterpreter.train(data, FAST)
    second = EmbeddedInterpreter.train(data, FAST)
    assert np.array_equal(first.model.weights, second.model.weights)
    assert first.temperature == second.temperature


def test_cache_is_reused_and_rebuilt_when_data_changes(data_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = EmbeddedInterpreter.load_or_train(data_dir, cache, config=FAST)
    (model_file,) = cache.glob("embedded-*.npz")
    stamp = model_file.stat().st_mtime_ns
    again = EmbeddedInterpreter.load_or_train(data_dir, cache, config=FAST)
    assert model_file.stat().st_mtime_ns == stamp
    assert again.parse("they took my passport") == first.parse("they took my passport")
    changed = tmp_path / "changed"
    changed.mkdir()
    for path in data_dir.rglob("*.yml"):
        target = changed / path.relative_to(data_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    with (changed / "en" / "nlu.yml").open("a", encoding="utf-8") as handle:
        handle.write("- intent: thanks\n  examples: |\n    - thank you\n    - thanks a lot\n")
    rebuilt = EmbeddedInterpreter.load_or_train(changed, cache, config=FAST)
    assert "thanks" in rebuilt.intents
    assert [p.name for p in cache.glob("embedded-*.npz")] != [model_file.name]


def test_distress_head_is_saved_and_loaded(interpreter: EmbeddedInterpreter,
                                           tmp_path: Path) -> None:
    assert interpreter.head is not None
    interpreter.save(tmp_path / "model.npz")
    loaded = EmbeddedInterpreter.load(tmp_path / "model.npz")
    assert loaded.head is not None
    assert np.array_equal(loaded.head.weights, interpreter.head.weights)
    text = "the boss keeps our passports"
    assert loaded.parse(text, "en") == interpreter.parse(text, "en")


def test_distress_head_moves_the_distress_share(data_dir: Path) -> None:
    data = load_training_data(data_dir)
    with_head = EmbeddedInterpreter.train(data, FAST)
    without = EmbeddedInterpreter.train(data, EmbeddedConfig(max_iter=60, distress_head=False))
    assert without.head is None
    distress = np.array([name in DISTRESS_INTENTS for name in with_head.intents])
    text = "they took my passport"
    assert not np.allclose(with_head.probabilities(text)[distress].sum(),
                           without.probabilities(text)[distress].sum())


def test_distress_share_is_the_mean_of_both_log_odds_and_keeps_each_groups_order() -> None:
    probs = np.array([0.5, 0.2, 0.2, 0.1])  # the first two are distress intents
    distress = np.array([True, True, False, False])
    out = _with_distress_share(probs, distress, head_log_odds=-2.0)
    # intent model: 0.7 distress, log-odds 0.847; mean with -2.0 is -0.576; sigmoid 0.360
    assert out[distress].sum() == pytest.approx(0.3598, abs=1e-4)
    assert out.sum() == pytest.approx(1.0)
    assert out[0] / out[1] == pytest.approx(2.5) and out[2] / out[3] == pytest.approx(2.0)


def test_unreadable_cache_is_retrained(data_dir: Path, tmp_path: Path) -> None:
    EmbeddedInterpreter.load_or_train(data_dir, tmp_path, config=FAST)
    (model_file,) = tmp_path.glob("embedded-*.npz")
    model_file.write_bytes(b"not a model")
    assert EmbeddedInterpreter.load_or_train(data_dir, tmp_path, config=FAST).intents


def test_parse_is_fast(interpreter: EmbeddedInterpreter) -> None:
    texts = ["they took my passport i cant go out", "ผมถูกขังอยู่ที่กัมพูชา ช่วยด้วย",
             "cứu em với họ đánh em", "is this job real? salary $1200 in Myawaddy"]
    batches = []
    for _ in range(5):  # best of 5 batches: other processes share the 2 cores
        started = time.perf_counter()
        for _ in range(20):
            for text in texts:
                interpreter.parse(text)
        batches.append((time.perf_counter() - started) * 1000 / 80)
    assert min(batches) < 1.0


def test_safety_bias_is_part_of_the_config() -> None:
    config = EmbeddedConfig(bias=SafetyBias(1.0, 0.2))
    assert config.key() != EmbeddedConfig().key()


def test_no_examples_is_a_clear_error() -> None:
    with pytest.raises(TrainingDataError, match="no training examples"):
        EmbeddedInterpreter.train(TrainingData())


def test_features_keep_vietnamese_tone_marks_as_a_second_view() -> None:
    config = EmbeddedConfig()
    assert "\tdung" in features("đúng", config) and "\tđúng" in features("đúng", config)
    assert "\tđúng" not in features("dừng", config)
    assert features("dung", config) < features("đúng", config)


def test_short_replies_also_have_words_keyed_by_the_chats_language() -> None:
    config = EmbeddedConfig()
    assert LANG_PREFIX + "vi\tk" in features("k", config, lang="vi")
    assert LANG_PREFIX + "vi\tko" in features("ko sao", config, lang="vi")
    assert not any(f.startswith(LANG_PREFIX) for f in features("ko sao dau em", config, lang="vi"))
    assert features("k", config) == features("k", config, lang=None)


SHORT_REPLIES = """version: "3.1"
nlu:
- intent: affirm
  examples: |
{affirm}
- intent: deny
  examples: |
{deny}
"""


def test_the_same_short_reply_is_read_by_the_chats_language(tmp_path: Path) -> None:
    # "k" is "no" in Vietnamese chat and "ok" in English: only the language tells them apart.
    def lines(words: str) -> str:
        return "\n".join(f"    - {w}" for w in words.split(","))
    write_yaml(tmp_path, "en/nlu.yml", SHORT_REPLIES.format(
        affirm=lines("k,ok,okay,yes,yeah,yep,sure,fine,alright,yes please"),
        deny=lines("no,nope,nah,not really,no thanks,never,no way,don't,not now,no pls")))
    write_yaml(tmp_path, "vi/nlu.yml", SHORT_REPLIES.format(
        affirm=lines("có,co,ừ,u,vâng,vang,đúng,dung,ok,được"),
        deny=lines("k,ko,không,khong,hk,sai,không phải,ko phai,không đúng,chưa")))
    model = EmbeddedInterpreter.train(load_training_data(tmp_path), FAST)
    assert model.parse("k", "vi").intent == "deny"
    assert model.parse("k", "en").intent == "affirm"
