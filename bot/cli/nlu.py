"""``nlu parse`` (stdin lines -> JSON lines), ``nlu eval`` (stratified cross-validation) and
``nlu train`` (prepare the cached embedded model)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from nlu.evaluation import Outcome

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "nlu" / "data"
DEFAULT_RASA_CONFIG = Path(__file__).resolve().parents[2] / "nlu" / "rasa" / "config.yml"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"


def register(subparsers: Any) -> None:
    """Add the ``nlu`` command with its ``parse`` and ``eval`` subcommands."""
    parser = subparsers.add_parser("nlu", help="parse text or evaluate the NLU models")
    sub = parser.add_subparsers(dest="nlu_command", required=True)
    parse = sub.add_parser("parse", help="stdin lines -> JSON lines of intent and entities")
    _common(parse)
    parse.add_argument("--lang", default=None, help="language of every line (else detected)")
    parse.add_argument("--timeout", type=float, default=2.0, help="Rasa request timeout, s")
    parse.set_defaults(func=run)
    evaluate = sub.add_parser("eval", help="stratified k-fold cross-validation")
    _common(evaluate)
    evaluate.add_argument("--folds", type=int, default=5)
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--rasa-config", type=Path, default=DEFAULT_RASA_CONFIG)
    evaluate.add_argument("--test-dir", type=Path, default=None,
                          help="instead of cross-validation: train on all the data and score "
                               "this held-out set (same YAML layout), e.g. nlu/heldout")
    evaluate.set_defaults(func=run)
    train = sub.add_parser("train", help="train (or load the cached) embedded model")
    train.set_defaults(func=run_train)


def run_train(args: argparse.Namespace) -> int:
    """Prepare the embedded model where the bot will look for it (``make run`` calls this)."""
    import time

    from bot.app import build_interpreter
    from bot.settings import Settings

    settings = Settings().model_copy(update={"nlu_backend": "embedded"})
    start = time.perf_counter()
    build_interpreter(settings).parse("hello")
    print(f"NLU model ready in {time.perf_counter() - start:.1f} s "
          f"({settings.var_dir / 'nlu'})", file=sys.stderr)
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=("embedded", "rasa"), default="embedded")
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", DEFAULT_RASA_URL))
    parser.add_argument("--data-dir", type=Path,
                        default=Path(os.environ.get("NLU_DATA_DIR", DEFAULT_DATA_DIR)))
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get("NLU_CACHE_DIR", "var/nlu")))


def run(args: argparse.Namespace) -> int:
    """Run ``nlu parse`` or ``nlu eval``."""
    if args.nlu_command == "parse":
        return run_parse(args, sys.stdin, sys.stdout)
    return run_eval(args, sys.stdout)


def run_parse(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    """Parse every non-empty input line and write one JSON object per line."""
    from nlu.interpreter import build_interpreter
    from nlu.normalize import normalize_input

    interpreter = build_interpreter(args.backend, args.data_dir, args.cache_dir,
                                    args.rasa_url, args.timeout)
    detect = _language_detector() if args.lang is None else (lambda _text: args.lang)
    for line in stdin:
        text = normalize_input(line.rstrip("\n"))  # as the bot does: Zawgyi, stray controls
        if not text.strip():
            continue
        parse = interpreter.parse(text, detect(text))
        record = {"text": text, "lang": parse.lang, "intent": parse.intent,
                  "confidence": round(parse.confidence, 4),
                  "entities": [{"entity": e.entity, "value": e.value, "start": e.start,
                                "end": e.end} for e in parse.entities]}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def _language_detector() -> Callable[[str], str | None]:
    """The project's language detector if it exists, else one that knows nothing."""
    try:
        from nlu.langid import LanguageDetector  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return lambda _text: None
    detector = LanguageDetector()

    def detect(text: str) -> str | None:
        lang = detector.detect(text).lang
        return str(lang) if lang else None

    return detect


def run_eval(args: argparse.Namespace, stdout: TextIO) -> int:
    """Cross-validate the chosen backend on the training data (or score a held-out set) and
    print the report."""
    from nlu.evaluation import Trainer, cross_validate, format_report, stratified_folds, summarise
    from nlu.evaluation import held_out as score_held_out
    from nlu.training_data import load_training_data

    data = load_training_data(args.data_dir)
    if len(data.examples) < args.folds:
        stdout.write(f"not enough training data in {args.data_dir}\n")
        return 1
    test = load_training_data(args.test_dir) if args.test_dir is not None else None
    if test is not None and not test.examples:
        stdout.write(f"no held-out examples in {args.test_dir}\n")
        return 1
    folds = stratified_folds(data.examples, args.folds, args.seed)
    rasa = None
    if args.backend == "rasa":
        from nlu.rasa_http import RasaFoldTrainer

        rasa = RasaFoldTrainer(args.rasa_url, args.rasa_config.read_text(encoding="utf-8"))
    trainer: Trainer = rasa if rasa is not None else _embedded_trainer(args.data_dir, args.seed)
    try:
        if test is not None:
            predictions = score_held_out(data, test, trainer, dialogue_outcome())
        else:
            predictions = cross_validate(data, folds, trainer, dialogue_outcome())
    finally:
        if rasa is not None:
            rasa.restore()
    report = summarise(predictions, 0 if test is not None else args.folds)
    if args.json:
        stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        stdout.write(format_report(report) + "\n")
    return 0


def dialogue_outcome() -> Outcome:
    """What the bot does with a parse of a free-text message outside any flow, by the rules in
    bot/rules.yml: a rule on distress intents starts help, the uncertain-distress rule asks
    "are you in danger now?", anything else is another path."""
    from bot.core.rules import load_rules
    from nlu.evaluation import ASK, HELP, OTHER
    from nlu.types import DISTRESS_INTENTS, Parse

    rules = load_rules()

    def outcome(parse: Parse) -> str:
        rule = rules.rule_for_free_text(parse)
        if rule is None:
            return OTHER
        if rule is rules.uncertain:
            return ASK
        return HELP if rule.intents & DISTRESS_INTENTS else OTHER

    return outcome


def _embedded_trainer(data_dir: Path, seed: int) -> Any:
    from nlu.cues import load_cues
    from nlu.embedded import EmbeddedConfig, EmbeddedInterpreter
    from nlu.entities import load_number_words
    from nlu.training_data import COMMON_FOLDER, TrainingData

    config = EmbeddedConfig(seed=seed)
    numbers = load_number_words(data_dir / COMMON_FOLDER / "numbers.yml")
    cues = load_cues(data_dir)  # domain knowledge, not examples: the same for every fold

    def train(data: TrainingData, fold: int) -> EmbeddedInterpreter:
        return EmbeddedInterpreter.train(data, config, numbers, cues)

    return train
