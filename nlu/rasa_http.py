"""Client of a Rasa 3.6 server (``rasa run --enable-api``): parse, and train/load for evaluation.

Parsing falls back to another interpreter (the embedded one) when the server fails; the log
names the kind of failure, never the text.
"""

from __future__ import annotations

import json
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

import yaml

from nlu.entities import resolve_overlaps
from nlu.interpreter import Interpreter, SafetyBias
from nlu.rasa_yaml import to_rasa_yaml
from nlu.training_data import TrainingData
from nlu.types import ENTITIES, INTENTS, Entity, Parse

log = logging.getLogger(__name__)

#: DIET's confidences are sharp; a distress intent wins once the group holds this much.
RASA_BIAS = SafetyBias(distress_prior=0.0, threshold=0.3)


class RasaError(RuntimeError):
    """The Rasa server could not answer; ``kind`` says why (timeout, connection, http-500...)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _request(url: str, timeout: float, body: bytes | None = None, method: str = "POST",
             content_type: str = "application/json") -> tuple[bytes, Mapping[str, str]]:
    """One HTTP call; every failure becomes a RasaError naming its kind."""
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), dict(response.headers.items())
    except urllib.error.HTTPError as exc:
        raise RasaError(f"http-{exc.code}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        kind = "timeout" if isinstance(reason, (TimeoutError, socket.timeout)) else "connection"
        raise RasaError(kind) from None
    except TimeoutError:
        raise RasaError("timeout") from None
    except (OSError, ValueError):
        raise RasaError("connection") from None


class RasaHttpInterpreter:
    """Parses with ``POST /model/parse``; on failure uses ``fallback`` for a while.

    Rasa never sees the chat's language, so texts whose intent depends on it
    (``by_language``, see :meth:`TrainingData.read_by_language`) go to ``fallback``, which
    reads them with the language when one is known."""

    def __init__(self, url: str, timeout: float, fallback: Interpreter,
                 bias: SafetyBias | None = RASA_BIAS, retry_after: float = 30.0,
                 by_language: frozenset[str] = frozenset()) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.fallback = fallback
        self.bias = bias
        self.retry_after = retry_after
        self.by_language = by_language
        self._down_until = 0.0

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """Rasa's parse of ``text`` (safety-biased), or the fallback's when Rasa fails or
        cannot tell the text's meaning without the language."""
        if time.monotonic() < self._down_until or (
                lang and text.strip().lower() in self.by_language):
            return self.fallback.parse(text, lang)
        try:
            parse = self.parse_remote(text, lang)
        except RasaError as exc:
            # Don't wait out a timeout on every message while the server is down.
            self._down_until = time.monotonic() + self.retry_after
            log.warning("rasa parse failed (%s); using the fallback interpreter", exc.kind)
            return self.fallback.parse(text, lang)
        return self.bias.apply(parse) if self.bias else parse

    def parse_remote(self, text: str, lang: str | None = None) -> Parse:
        """Ask the server, without fallback or bias; raises RasaError."""
        body = json.dumps({"text": text}).encode()
        raw, _ = _request(f"{self.url}/model/parse", self.timeout, body)
        try:
            return parse_from_rasa(json.loads(raw), text, lang)
        except (ValueError, KeyError, TypeError):
            raise RasaError("bad-response") from None


def parse_from_rasa(result: Mapping[str, Any], text: str, lang: str | None) -> Parse:
    """Convert Rasa's /model/parse JSON into a Parse.

    Rasa's extractors repeat and overlap (the regex extractor runs without word boundaries so
    that lookups match in Thai or Chinese), so the entities get the embedded extractor's rule:
    no match inside a Latin word, longest first, no overlaps."""
    intent = result.get("intent") or {}
    name = str(intent.get("name") or "out_of_scope")
    confidence = float(intent.get("confidence") or 0.0)
    ranking = tuple((str(r["name"]), float(r["confidence"]))
                    for r in result.get("intent_ranking") or [] if r.get("name"))
    entities = resolve_overlaps(text, (
        Entity(entity=str(e["entity"]), value=str(e.get("value", "")), start=int(e["start"]),
               end=int(e["end"]), text=text[int(e["start"]):int(e["end"])],
               extractor=str(e.get("extractor", "")))
        for e in result.get("entities") or []))
    return Parse(text=text, intent=name, confidence=confidence, entities=entities,
                 ranking=ranking or ((name, confidence),), lang=lang)


class RasaAdmin:
    """Trains and loads models on a Rasa server (used by cross-validation)."""

    def __init__(self, url: str, timeout: float = 3600.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def train(self, payload_yaml: str) -> str:
        """POST /model/train with config + NLU data; returns the saved model's file name."""
        raw, headers = _request(f"{self.url}/model/train?force_training=true", self.timeout,
                                payload_yaml.encode(), content_type="application/yaml")
        del raw  # the model archive itself; the server also saved it under models/
        name = {k.lower(): v for k, v in headers.items()}.get("filename")
        if not name:
            raise RasaError("no-model-filename")
        return name

    def load(self, model_file: str) -> None:
        """PUT /model so the server serves ``model_file`` (a path the server can read)."""
        body = json.dumps({"model_file": model_file}).encode()
        _request(f"{self.url}/model", self.timeout, body, method="PUT")

    def status(self) -> dict[str, Any]:
        """GET /status: the loaded model and the number of trainings running."""
        raw, _ = _request(f"{self.url}/status", 10.0, None, method="GET")
        result: dict[str, Any] = json.loads(raw)
        return result


class _NoFallback:
    """Makes a failing server an error: evaluation must not silently score another model."""

    def parse(self, text: str, lang: str | None = None) -> Parse:
        raise RasaError("unavailable")


def training_payload(config_yaml: str, data: TrainingData) -> str:
    """One YAML document with the pipeline config, an NLU-only domain and the NLU data."""
    payload: dict[str, Any] = dict(yaml.safe_load(config_yaml) or {})
    payload["intents"] = list(INTENTS)
    payload["entities"] = list(ENTITIES)
    payload.update(yaml.safe_load(to_rasa_yaml(data)))
    return yaml.safe_dump(payload, allow_unicode=True, sort_keys=False, width=10_000)


class RasaFoldTrainer:
    """Cross-validation trainer: trains the server on a fold, loads the model, parses with it."""

    def __init__(self, url: str, config_yaml: str, timeout: float = 30.0,
                 bias: SafetyBias | None = RASA_BIAS) -> None:
        self.admin = RasaAdmin(url)
        self.url = url
        self.config_yaml = config_yaml
        self.timeout = timeout
        self.bias = bias
        self.original_model: str | None = None

    def __call__(self, data: TrainingData, fold: int) -> Interpreter:
        """Train and load a model for this fold's training data."""
        if self.original_model is None:
            self.original_model = self._loaded_model()
        started = time.monotonic()
        name = self.admin.train(training_payload(self.config_yaml, data))
        self.admin.load(f"models/{name}")  # the server saves models under its ./models
        log.info("rasa fold %d trained in %.0fs", fold, time.monotonic() - started)
        return RasaHttpInterpreter(self.url, self.timeout, _NoFallback(), self.bias,
                                   retry_after=0.0)

    def _loaded_model(self) -> str:
        """The server's model file, or "" when it has none (Rasa answers 409 then)."""
        try:
            return str(self.admin.status().get("model_file") or "")
        except RasaError as exc:
            if exc.kind != "http-409":
                raise
            return ""

    def restore(self) -> None:
        """Load again the model the server had before cross-validation."""
        if self.original_model:
            self.admin.load(f"models/{self.original_model}")
