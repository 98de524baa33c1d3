"""Stratified k-fold cross-validation of an interpreter, with the distress figures that matter.

Folds are stratified by language x intent with a fixed seed, so every backend is measured on
the same splits. A message counts as distress caught when any distress intent is predicted.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from nlu.interpreter import Interpreter
from nlu.training_data import Example, TrainingData
from nlu.types import DISTRESS_INTENTS, Parse

#: Trains an interpreter on one fold's training data (fold number given for logging).
Trainer = Callable[[TrainingData, int], Interpreter]
#: What the dialogue does with a parse: HELP (straight into a distress flow), ASK (the yes/no
#: "are you in danger now?" check) or OTHER.
Outcome = Callable[[Parse], str]
HELP, ASK, OTHER = "help", "ask", "other"


@dataclass(frozen=True)
class Prediction:
    """One held-out example and what the interpreter made of it."""

    lang: str
    gold: str
    predicted: str
    confidence: float
    latency_ms: float
    outcome: str = ""


@dataclass(frozen=True)
class Scores:
    """Precision, recall, F1 and support of one intent."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class DialogueFigures:
    """What the dialogue does: distress messages that reach help or the danger check, other
    messages taken straight into a distress flow, and other messages asked the check."""

    reach_help: float
    straight_to_help: float
    asked: float


@dataclass(frozen=True)
class LanguageFigures:
    """Per-language accuracy and distress figures."""

    examples: int
    accuracy: float
    macro_f1: float
    distress_recall: float
    false_distress: float
    distress_examples: int
    dialogue: DialogueFigures | None = None


@dataclass(frozen=True)
class Report:
    """Everything ``nlu eval`` prints; ``folds`` is 0 for a held-out set."""

    folds: int
    examples: int
    macro_f1: float
    accuracy: float
    per_intent: dict[str, Scores]
    per_language: dict[str, LanguageFigures]
    confusions: list[tuple[str, str, int]]
    latency_ms: dict[str, float]
    distress_recall: float
    false_distress: float
    dialogue: DialogueFigures | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form."""
        return asdict(self)


def stratified_folds(examples: Sequence[Example], k: int, seed: int = 0) -> list[list[int]]:
    """Test rows of each fold; every language x intent group is spread evenly over the folds."""
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    rng = np.random.default_rng(seed)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, example in enumerate(examples):
        groups.setdefault((example.lang or "", example.intent), []).append(i)
    folds: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for key in sorted(groups):
        members = np.array(groups[key])
        rng.shuffle(members)
        for j, row in enumerate(members.tolist()):
            folds[(offset + j) % k].append(row)
        offset += len(members)  # rotate so small groups do not all land in fold 0
    return [sorted(fold) for fold in folds]


def cross_validate(data: TrainingData, folds: Sequence[Sequence[int]],
                   trainer: Trainer, outcome: Outcome | None = None) -> list[Prediction]:
    """Train on all folds but one, predict the held-out one, for every fold."""
    predictions: list[Prediction] = []
    for number, test_rows in enumerate(folds):
        test = set(test_rows)
        train = data.with_examples(e for i, e in enumerate(data.examples) if i not in test)
        interpreter = trainer(train, number)
        predictions.extend(predict(interpreter, (data.examples[i] for i in test_rows), outcome))
    return predictions


def held_out(data: TrainingData, test: TrainingData, trainer: Trainer,
             outcome: Outcome | None = None) -> list[Prediction]:
    """Train once on all of ``data`` and predict every example of ``test``.

    The honest figure: cross-validation scores messages written with the training data, a
    held-out set was written apart and never trained on."""
    return predict(trainer(data, 0), test.examples, outcome)


def predict(interpreter: Interpreter, examples: Iterable[Example],
            outcome: Outcome | None = None) -> list[Prediction]:
    """Parse each example, timing every call (and, given ``outcome``, what the bot does)."""
    out: list[Prediction] = []
    for example in examples:
        started = time.perf_counter()
        parse = interpreter.parse(example.text, example.lang)
        elapsed = (time.perf_counter() - started) * 1000
        out.append(Prediction(example.lang or "", example.intent, parse.intent,
                              parse.confidence, elapsed, outcome(parse) if outcome else ""))
    return out


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else math.nan


def intent_scores(predictions: Sequence[Prediction]) -> dict[str, Scores]:
    """Per-intent precision, recall and F1."""
    true_pos: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    for p in predictions:
        gold[p.gold] += 1
        predicted[p.predicted] += 1
        true_pos[p.gold] += p.gold == p.predicted
    scores: dict[str, Scores] = {}
    for intent in sorted(gold):
        precision = _ratio(true_pos[intent], predicted[intent]) if predicted[intent] else 0.0
        recall = _ratio(true_pos[intent], gold[intent])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[intent] = Scores(precision, recall, f1, gold[intent])
    return scores


def _macro_f1(predictions: Sequence[Prediction]) -> float:
    scores = intent_scores(predictions)
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else math.nan


def distress_figures(predictions: Sequence[Prediction]) -> tuple[float, float, int]:
    """(share of distress messages caught, share of other messages taken for distress,
    number of distress messages)."""
    distress = [p for p in predictions if p.gold in DISTRESS_INTENTS]
    other = [p for p in predictions if p.gold not in DISTRESS_INTENTS]
    caught = sum(p.predicted in DISTRESS_INTENTS for p in distress)
    false = sum(p.predicted in DISTRESS_INTENTS for p in other)
    return _ratio(caught, len(distress)), _ratio(false, len(other)), len(distress)


def dialogue_figures(predictions: Sequence[Prediction]) -> DialogueFigures | None:
    """What the dialogue did with these messages (None when outcomes were not recorded)."""
    if not predictions or any(not p.outcome for p in predictions):
        return None
    distress = [p for p in predictions if p.gold in DISTRESS_INTENTS]
    other = [p for p in predictions if p.gold not in DISTRESS_INTENTS]
    return DialogueFigures(
        reach_help=_ratio(sum(p.outcome in (HELP, ASK) for p in distress), len(distress)),
        straight_to_help=_ratio(sum(p.outcome == HELP for p in other), len(other)),
        asked=_ratio(sum(p.outcome == ASK for p in other), len(other)))


def language_figures(predictions: Sequence[Prediction]) -> dict[str, LanguageFigures]:
    """Accuracy, macro-F1 and distress figures for each language."""
    by_lang: dict[str, list[Prediction]] = {}
    for p in predictions:
        by_lang.setdefault(p.lang, []).append(p)
    out: dict[str, LanguageFigures] = {}
    for lang in sorted(by_lang):
        preds = by_lang[lang]
        recall, false, n_distress = distress_figures(preds)
        accuracy = _ratio(sum(p.gold == p.predicted for p in preds), len(preds))
        out[lang] = LanguageFigures(len(preds), accuracy, _macro_f1(preds), recall, false,
                                    n_distress, dialogue_figures(preds))
    return out


def percentiles(values: Sequence[float]) -> dict[str, float]:
    """p50, p95 and p99 of ``values`` (NaN when empty)."""
    if not values:
        return {"p50": math.nan, "p95": math.nan, "p99": math.nan}
    array = np.asarray(values)
    return {f"p{q}": float(np.percentile(array, q)) for q in (50, 95, 99)}


def summarise(predictions: Sequence[Prediction], folds: int, top: int = 10) -> Report:
    """Compute every figure of the report."""
    confusions = Counter((p.gold, p.predicted) for p in predictions if p.gold != p.predicted)
    recall, false, _ = distress_figures(predictions)
    accuracy = _ratio(sum(p.gold == p.predicted for p in predictions), len(predictions))
    return Report(
        folds=folds, examples=len(predictions), macro_f1=_macro_f1(predictions),
        accuracy=accuracy, per_intent=intent_scores(predictions),
        per_language=language_figures(predictions),
        confusions=[(g, p, n) for (g, p), n in confusions.most_common(top)],
        latency_ms=percentiles([p.latency_ms for p in predictions]),
        distress_recall=recall, false_distress=false, dialogue=dialogue_figures(predictions),
    )


def format_report(report: Report) -> str:
    """The report as plain-text tables."""
    setting = (f"{report.folds}-fold stratified cross-validation" if report.folds
               else "held-out set, model trained on all the training data")
    lines = [f"{report.examples} examples, {setting}",
             f"macro-F1 {report.macro_f1:.3f}  accuracy {report.accuracy:.3f}  "
             f"distress recall {report.distress_recall:.3f}  "
             f"false distress {report.false_distress:.3f}", "",
             f"{'lang':<8}{'n':>6}{'acc':>7}{'macroF1':>9}{'distR':>8}{'falseD':>8}{'nD':>6}"]
    for lang, f in report.per_language.items():
        lines.append(f"{lang:<8}{f.examples:>6}{f.accuracy:>7.3f}{f.macro_f1:>9.3f}"
                     f"{f.distress_recall:>8.3f}{f.false_distress:>8.3f}"
                     f"{f.distress_examples:>6}")
    lines += _dialogue_lines(report)
    lines += ["", f"{'intent':<20}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for intent, s in report.per_intent.items():
        lines.append(f"{intent:<20}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                     f"{s.support:>6}")
    lines += ["", "most frequent confusions (gold -> predicted):"]
    lines += [f"  {gold} -> {pred}: {n}" for gold, pred, n in report.confusions]
    lat = report.latency_ms
    lines += ["", f"parse latency ms: p50 {lat['p50']:.3f}  p95 {lat['p95']:.3f}  "
                  f"p99 {lat['p99']:.3f}"]
    lines += report.notes
    return "\n".join(lines)


def _dialogue_lines(report: Report) -> list[str]:
    if report.dialogue is None:
        return []
    lines = ["", "in the dialogue (bot/rules.yml): reachD = distress messages that start a "
                 "distress flow or get the 'are you in danger now?' check; straightO = other "
                 "messages that start a distress flow; askedO = other messages asked the check",
             f"{'lang':<8}{'reachD':>8}{'straightO':>11}{'askedO':>8}"]
    rows = [(lang, f.dialogue) for lang, f in report.per_language.items()]
    for lang, d in [*rows, ("all", report.dialogue)]:
        if d is not None:
            lines.append(f"{lang:<8}{d.reach_help:>8.3f}{d.straight_to_help:>11.3f}"
                         f"{d.asked:>8.3f}")
    return lines
