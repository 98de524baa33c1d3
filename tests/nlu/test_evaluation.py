"""Tests for stratified cross-validation and the report figures."""

import math
from collections import Counter

import pytest

from nlu.evaluation import (
    Prediction,
    cross_validate,
    dialogue_figures,
    distress_figures,
    format_report,
    held_out,
    intent_scores,
    language_figures,
    percentiles,
    stratified_folds,
    summarise,
)
from nlu.interpreter import DirectInterpreter, Interpreter
from nlu.training_data import Example, TrainingData


def examples(per_group: int = 7) -> list[Example]:
    return [Example(f"{lang} {intent} {i}", intent, lang)
            for lang in ("en", "th") for intent in ("greet", "held_captive", "thanks")
            for i in range(per_group)]


def pred(gold: str, predicted: str, lang: str = "en", ms: float = 1.0) -> Prediction:
    return Prediction(lang, gold, predicted, 0.9, ms)


def test_folds_partition_the_examples() -> None:
    rows = examples()
    folds = stratified_folds(rows, 5, seed=1)
    flat = sorted(i for fold in folds for i in fold)
    assert flat == list(range(len(rows)))


def test_folds_spread_every_language_intent_group_evenly() -> None:
    rows = examples()
    for fold in stratified_folds(rows, 3, seed=0):
        counts = Counter((rows[i].lang, rows[i].intent) for i in fold)
        assert set(counts.values()) <= {2, 3}
        assert len(counts) == 6


def test_folds_depend_only_on_the_seed() -> None:
    rows = examples()
    assert stratified_folds(rows, 4, 7) == stratified_folds(rows, 4, 7)
    assert stratified_folds(rows, 4, 7) != stratified_folds(rows, 4, 8)
    with pytest.raises(ValueError):
        stratified_folds(rows, 1)


def test_intent_scores() -> None:
    preds = [pred("greet", "greet"), pred("greet", "thanks"), pred("thanks", "thanks")]
    scores = intent_scores(preds)
    assert (scores["greet"].precision, scores["greet"].recall) == (1.0, 0.5)
    assert scores["thanks"].precision == 0.5
    assert scores["thanks"].f1 == pytest.approx(2 / 3)


def test_distress_counts_any_distress_intent_as_caught() -> None:
    preds = [pred("held_captive", "urgent_danger"), pred("report_for_someone", "greet"),
             pred("greet", "greet"), pred("thanks", "held_captive"), pred("deny", "deny"),
             pred("affirm", "affirm")]
    recall, false, count = distress_figures(preds)
    assert (recall, false, count) == (0.5, 0.25, 2)


def test_language_figures_split_by_language() -> None:
    preds = [pred("held_captive", "held_captive", "en"), pred("held_captive", "greet", "th"),
             pred("greet", "greet", "th")]
    figures = language_figures(preds)
    assert figures["en"].distress_recall == 1.0
    assert figures["th"].distress_recall == 0.0
    assert math.isnan(figures["en"].false_distress)
    assert figures["th"].accuracy == 0.5


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentiles(values)["p50"] == pytest.approx(50.5)
    assert percentiles(values)["p99"] == pytest.approx(99.01)
    assert math.isnan(percentiles([])["p95"])


def test_cross_validate_trains_without_the_held_out_fold() -> None:
    data = TrainingData(examples=tuple(examples(4)))
    seen: list[set[str]] = []

    def trainer(train: TrainingData, fold: int) -> Interpreter:
        texts = {e.text for e in train.examples}
        seen.append(texts)
        return DirectInterpreter({e.text: e.intent for e in train.examples})

    folds = stratified_folds(data.examples, 2)
    predictions = cross_validate(data, folds, trainer)
    assert len(predictions) == len(data.examples)
    # A memorising interpreter knows nothing of held-out texts: all fall to out_of_scope.
    assert {p.predicted for p in predictions} == {"out_of_scope"}
    for fold, texts in zip(folds, seen, strict=True):
        assert not texts & {data.examples[i].text for i in fold}


def test_held_out_trains_once_on_all_the_data_and_scores_only_the_test_set() -> None:
    data = TrainingData(examples=tuple(examples(4)))
    test = TrainingData(examples=(data.examples[0], Example("never seen", "greet", "en")))
    calls: list[int] = []

    def trainer(train: TrainingData, fold: int) -> Interpreter:
        calls.append(len(train.examples))
        return DirectInterpreter({e.text: e.intent for e in train.examples})

    predictions = held_out(data, test, trainer)
    assert calls == [len(data.examples)]
    assert [(p.gold, p.predicted) for p in predictions] == [
        (data.examples[0].intent, data.examples[0].intent), ("greet", "out_of_scope")]
    assert "held-out set" in format_report(summarise(predictions, folds=0))


def test_dialogue_figures_split_help_from_the_danger_check() -> None:
    preds = [Prediction("en", "held_captive", "held_captive", 0.9, 1.0, "help"),
             Prediction("en", "urgent_danger", "held_captive", 0.3, 1.0, "ask"),
             Prediction("en", "report_for_someone", "greet", 0.9, 1.0, "other"),
             Prediction("en", "ask_info", "held_captive", 0.7, 1.0, "help"),
             Prediction("en", "plan_trip", "held_captive", 0.2, 1.0, "ask"),
             Prediction("en", "greet", "greet", 0.9, 1.0, "other"),
             Prediction("en", "thanks", "thanks", 0.9, 1.0, "other")]
    figures = dialogue_figures(preds)
    assert figures is not None
    assert figures.reach_help == pytest.approx(2 / 3)
    assert (figures.straight_to_help, figures.asked) == (0.25, 0.25)
    report = summarise(preds, folds=2)
    assert report.dialogue == figures and report.per_language["en"].dialogue == figures
    assert "in the dialogue" in format_report(report)


def test_no_dialogue_figures_without_outcomes() -> None:
    report = summarise([pred("greet", "greet")], folds=2)
    assert report.dialogue is None
    assert "in the dialogue" not in format_report(report)


def test_report_text_and_json() -> None:
    preds = [pred("held_captive", "held_captive", ms=0.2), pred("greet", "held_captive"),
             pred("greet", "greet", "th")]
    report = summarise(preds, folds=2)
    assert report.confusions == [("greet", "held_captive", 1)]
    text = format_report(report)
    assert "held_captive" in text and "th" in text and "p99" in text
    assert report.to_dict()["per_language"]["en"]["distress_recall"] == 1.0
