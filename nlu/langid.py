"""Language identification for short chat messages in the launch languages.

Pipeline: script first (Thai, Lao, Khmer, Burmese decide alone; Han is split into Simplified and
Traditional by character sets; scripts of later languages are named, with no language). Latin
text is scored by py3langid's naive Bayes model, normalised over the five Latin launch languages
(what ``set_languages`` would do; the other 135 labels are kept only to notice Spanish or
Swahili and abstain), plus the project's lexicon, which knows what the model lacks (Malay vs
Indonesian vocabulary, Vietnamese without diacritics, Tagalog and Taglish), plus a prior from
what the chat already knows. langdetect (seeded, restricted to its profiles of the candidate
languages) is asked only to break close calls it can judge (not Malay vs Indonesian: it has no
Malay), because it costs more than everything else together.

``confidence`` is the probability of the returned language; when the detector abstains it is
that of the best candidate (below ``threshold``), or 0.0 when there was no candidate at all.
Callers should run :func:`nlu.normalize.normalize_input` first (Zawgyi -> Unicode, NFC).
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from nlu.languages import normalize_language, read_alike
from nlu.lexicon import LATIN_LANGUAGES, load_lexicon, tokenize
from nlu.script import COMMON, HAN, LATIN, load_han_variants, load_script_table

DEFAULT_THRESHOLD: Final = 0.4
#: Confidence for a language decided by its script alone (Thai letters are Thai).
SCRIPT_CONFIDENCE: Final = 0.99

# py3langid's labels for the Latin-script launch languages.
_PY3_LABELS: Final = {"en": "en", "vi": "vi", "id": "id", "ms": "ms", "fil": "tl"}
# langdetect has no Malay profile; its "id" stands for the Malay family when breaking ties.
_LANGDETECT_LABELS: Final = {"en": "en", "vi": "vi", "id": "id", "fil": "tl"}
# Prior (log-odds) from the chat: the client's language, and earlier messages (newest first,
# decaying). Together capped so a clear message in another language still wins.
_CLIENT_WEIGHT: Final = 0.8
_HISTORY_WEIGHT: Final = 1.0
_HISTORY_DECAY: Final = 0.6
_HISTORY_DEPTH: Final = 5
_PRIOR_CAP: Final = 2.5
# A language known only from the chat (e.g. Thai, for a Latin "ok") gets no text evidence;
# this per-letter cost makes longer Latin messages outweigh it.
_UNSEEN_COST_PER_LETTER: Final = 0.25
# Ask langdetect only when the best two Latin languages are this close (log-odds).
_TIE_MARGIN: Final = 0.7
_TIE_WEIGHT: Final = 1.0
_MALAY_PAIR: Final = {"id", "ms"}
# Abstain on Latin text that py3langid places outside the launch languages (Spanish, Swahili,
# ...) by more than the lexicon's best evidence for one of ours. One or two words are too few
# for the model's verdict on 140 languages to mean much (a name, a loanword): not judged.
_FOREIGN_MARGIN: Final = 1.0
_FOREIGN_MIN_WORDS: Final = 3
# Chinese with no variant-specific character: Simplified is the more likely reader in the
# region, but only just.
_HAN_DEFAULT: Final = "zh_Hans"
_HAN_SCALE: Final = 1.5


@dataclass(frozen=True)
class Detection:
    """The language of one message: a launch locale id (None = abstain), confidence, script,
    and ``readable``: the probability that a reader of ``lang`` can read the message (its
    confidence plus that of the languages read alike, see ``nlu.languages.read_alike``)."""

    lang: str | None
    confidence: float
    script: str
    readable: float = 0.0


@dataclass(frozen=True)
class Evidence:
    """What the chat already knows about the person's language."""

    client_lang: str | None = None
    history: tuple[str, ...] = ()


class LanguageDetector:
    """Detects the launch language of short chat messages."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, seed: int = 0) -> None:
        self._threshold = threshold
        self._seed = seed
        self._scripts = load_script_table()
        self._lexicon = load_lexicon()
        self._han = load_han_variants()

    def warm_up(self) -> None:
        """Load the statistical models now (about a second) rather than on the first message."""
        _py3()
        _langdetect(self._seed)

    def detect(self, text: str, evidence: Evidence = Evidence()) -> Detection:
        """Detect the language of ``text``, using ``evidence`` as a prior."""
        profile = self._scripts.profile(text)
        script = profile.dominant
        if script == COMMON:
            return Detection(None, 0.0, COMMON)
        decided = self._scripts.lang_of(script)
        if decided is not None:
            return self._result(decided, SCRIPT_CONFIDENCE, script)
        prior = _prior(evidence)
        if script == HAN:
            return self._detect_han(text, prior)
        if script == LATIN:
            return self._detect_latin(text, prior, profile.letters)
        return Detection(None, 0.0, script)

    def _detect_han(self, text: str, prior: Mapping[str, float]) -> Detection:
        simp, trad = self._han.scores(text)
        margin = _HAN_SCALE * (trad - simp) + prior.get("zh_Hant", 0.0) - prior.get("zh_Hans", 0.0)
        if margin == 0.0:
            return self._result(_HAN_DEFAULT, 0.5, HAN)
        p_trad = 1.0 / (1.0 + math.exp(-margin))
        lang = "zh_Hant" if p_trad > 0.5 else "zh_Hans"
        return self._result(lang, max(p_trad, 1.0 - p_trad), HAN)

    def _detect_latin(self, text: str, prior: Mapping[str, float], letters: int) -> Detection:
        model_scores = _py3().scores(text)
        lexicon = self._lexicon.score(text)
        if _foreign(model_scores, text, max(lexicon.values())):
            return Detection(None, 0.0, LATIN)
        model = _py3_logprobs(model_scores, text)
        scores = {
            lang: model[lang] + lexicon[lang] + prior.get(lang, 0.0) for lang in LATIN_LANGUAGES
        }
        if _close(scores):
            self._break_tie(text, scores)
        _add_unseen(scores, prior, letters)
        return self._decide(scores, LATIN)

    def _break_tie(self, text: str, scores: dict[str, float]) -> None:
        probs = _langdetect(self._seed).probabilities(text)
        for lang in LATIN_LANGUAGES:
            family = "id" if lang == "ms" else lang
            scores[lang] += _TIE_WEIGHT * probs.get(family, 0.0)

    def _decide(self, scores: Mapping[str, float], script: str) -> Detection:
        top = max(scores.values())
        total = sum(math.exp(s - top) for s in scores.values())
        best = max(scores, key=lambda name: scores[name])
        readable = sum(math.exp(scores[name] - top) for name in read_alike(best)
                       if name in scores) / total
        return self._result(best, 1.0 / total, script, readable)

    def _result(self, lang: str, confidence: float, script: str,
                readable: float | None = None) -> Detection:
        confidence = round(confidence, 4)
        if confidence < self._threshold:
            return Detection(None, confidence, script)
        return Detection(lang, confidence, script,
                         confidence if readable is None else round(readable, 4))


def _prior(evidence: Evidence) -> dict[str, float]:
    prior: dict[str, float] = {}
    client = normalize_language(evidence.client_lang)
    if client is not None:
        prior[client] = _CLIENT_WEIGHT
    recent = reversed(evidence.history[-_HISTORY_DEPTH:])
    for age, tag in enumerate(recent):
        lang = normalize_language(tag)
        if lang is not None:
            prior[lang] = prior.get(lang, 0.0) + _HISTORY_WEIGHT * _HISTORY_DECAY**age
    return {lang: min(weight, _PRIOR_CAP) for lang, weight in prior.items()}


def _temperature(text: str) -> float:
    # py3langid's own calibration: log-likelihoods grow with length, so scale by sqrt(bytes).
    return math.sqrt(max(len(text.encode("utf-8")), 1))


def _py3_logprobs(model_scores: _ModelScores | None, text: str) -> dict[str, float]:
    """Log-probability of each Latin launch language (among those five) under py3langid."""
    if model_scores is None:
        return dict.fromkeys(LATIN_LANGUAGES, 0.0)
    temp = _temperature(text)
    raw = {name: value / temp for name, value in model_scores.ours.items()}
    top = max(raw.values())
    norm = top + math.log(sum(math.exp(v - top) for v in raw.values()))
    return {name: value - norm for name, value in raw.items()}


def _foreign(model_scores: _ModelScores | None, text: str, lexicon_best: float) -> bool:
    if model_scores is None or len(tokenize(text)) < _FOREIGN_MIN_WORDS:
        return False
    lead = (model_scores.best_other - max(model_scores.ours.values())) / _temperature(text)
    return lead - lexicon_best > _FOREIGN_MARGIN


def _close(scores: Mapping[str, float]) -> bool:
    """Whether the best two are close, and langdetect can tell them apart (not id vs ms)."""
    (first, a), (second, b) = sorted(((v, k) for k, v in scores.items()), reverse=True)[:2]
    return first - second < _TIE_MARGIN and {a, b} != _MALAY_PAIR


def _add_unseen(scores: dict[str, float], prior: Mapping[str, float], letters: int) -> None:
    base = sum(scores.values()) / len(scores) - _UNSEEN_COST_PER_LETTER * letters
    for lang, weight in prior.items():
        if lang not in scores:
            scores[lang] = base + weight


@dataclass(frozen=True)
class _ModelScores:
    """py3langid's raw log-likelihoods: ours per launch language, and the best other label."""

    ours: dict[str, float]
    best_other: float


class _Py3Model:
    """py3langid's naive Bayes model, every language kept so foreign text can be recognised.

    Scores the model's byte n-gram features directly (the same arithmetic as its ``rank``)
    so one pass gives our five languages and the best other one without sorting 140 labels.
    """

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        model = LanguageIdentifier.from_model_file(MODEL_FILE)
        self._model = model
        self._rowbase = [row << 8 for row in model.tk_row]
        labels = list(model.nb_classes)
        self._ours = {name: labels.index(label) for name, label in _PY3_LABELS.items()}
        self._others = [i for i in range(len(labels)) if i not in self._ours.values()]

    def scores(self, text: str) -> _ModelScores | None:
        """Raw scores for ``text``, or None when it has no feature the model knows."""
        import numpy as np
        from py3langid.langid import visit_counts

        model = self._model
        # As py3langid's own encoding: only all-caps text is lower-cased (it was trained so).
        data = unicodedata.normalize("NFC", text.lower() if text.isupper() else text)
        visits = visit_counts(
            model.tk_nextmove, self._rowbase, model.tk_output, data.encode("utf-8")
        )
        if not visits:
            return None
        index = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
        counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
        raw = np.log1p(counts) @ model.nb_ptc[index] + model.nb_pc
        ours = {name: float(raw[i]) for name, i in self._ours.items()}
        return _ModelScores(ours, float(raw[self._others].max()))


class _LangdetectModel:
    """langdetect restricted to the profiles of the Latin launch languages, seeded."""

    def __init__(self, seed: int) -> None:
        import langdetect
        from langdetect.detector_factory import DetectorFactory

        profiles = Path(langdetect.__file__).with_name("profiles")
        self._factory = DetectorFactory()
        self._factory.load_json_profile(
            [json.dumps(json.loads((profiles / code).read_text(encoding="utf-8")))
             for code in _LANGDETECT_LABELS.values()]
        )
        self._factory.set_seed(seed)
        self._names = {label: name for name, label in _LANGDETECT_LABELS.items()}

    def probabilities(self, text: str) -> dict[str, float]:
        """Probability per launch language (langdetect's 'id' stands for id and ms)."""
        from langdetect.lang_detect_exception import LangDetectException

        detector = self._factory.create()
        detector.append(text)
        try:
            ranked = detector.get_probabilities()
        except LangDetectException:
            return {}
        return {self._names[item.lang]: float(item.prob) for item in ranked}


@cache
def _py3() -> _Py3Model:
    return _Py3Model()


@cache
def _langdetect(seed: int) -> _LangdetectModel:
    return _LangdetectModel(seed)
