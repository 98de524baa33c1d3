"""Benchmark: turns per second and per-turn latency through the engine and the jsonl channel.

A scripted mix of conversations (a job seeker, a distress report, questions, chatter in several
languages, a quick exit) runs against SQLite and, when reachable, PostgreSQL. It prints figures;
tests assert behaviour, not timings.
"""

import io
import json
import statistics
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import create_engine, text

from bot.app import SafePassage, build_app
from bot.channels.jsonl import JsonlChannel
from bot.settings import Settings
from bot.storage.crypto import Vault, new_key
from bot.storage.db import make_engine, upgrade
from bot.storage.store import SqlStore

AD = ("URGENT hiring customer service in Sihanoukville Cambodia, salary $1500, free flight "
      "and visa, no experience needed, contact @hr_asia on Telegram")
SCRIPTS: tuple[tuple[dict[str, Any], ...], ...] = (
    ({"text": "/start"}, {"button": "g:lang:en"}, {"button": "f:menu:main:job"}, {"text": AD},
     *({"button": "g:skip"},) * 10, {"button": "g:menu"}),
    ({"text": "they took my passport and i cannot leave"}, {"text": "yes"}, {"text": "no"},
     {"text": "KK Park"}, {"text": "yes"}, *({"button": "g:skip"},) * 12, {"text": "/x"}),
    ({"text": "hello", "lang_code": "th"}, {"button": "f:menu:main:info"},
     {"button": "f:info:topics:how"}, {"text": "thank you"}),
    ({"text": "tolong saya, paspor saya diambil"}, {"text": "ya"}, {"button": "g:skip"},
     {"text": "/menu"}),
    ({"text": "ငါ့ကိုကူညီပါ"}, {"text": "มีงานที่กัมพูชา เงินเดือนดี"}, {"text": "cứu em với"},
     {"text": "招聘客服 高薪 包机票 西港"}, {"text": "🙂"}, {"text": "/language"},
     {"button": "g:lang:vi"}),
)


def run_benchmark(turns: int = 2000, postgres_url: str | None = None) -> dict[str, Any]:
    """Figures for every available database, as one JSON-ready dict."""
    results: dict[str, Any] = {"turns": turns}
    with _sqlite_app() as app:
        results["sqlite"] = _measure(app, turns)
    if postgres_url:
        try:
            with _postgres_app(postgres_url) as app:
                results["postgresql"] = _measure(app, turns)
        except Exception as exc:  # an unreachable server is reported, not fatal
            results["postgresql"] = {"skipped": type(exc).__name__}
    return results


def _measure(app: SafePassage, turns: int) -> dict[str, Any]:
    engine_ms = _timed_turns(turns, lambda line, user: app.process(_event(line, user)))
    channel = JsonlChannel(app, io.StringIO())
    channel_ms = _timed_turns(
        turns, lambda line, user: channel.handle_line(json.dumps({"user": user, **line}))
    )
    return {"engine": _summary(engine_ms), "jsonl_channel": _summary(channel_ms)}


def _timed_turns(turns: int, run: Callable[[dict[str, Any], str], object]) -> list[float]:
    times: list[float] = []
    for line, user in _mix(turns):
        start = time.perf_counter()
        run(line, user)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _mix(turns: int) -> Iterator[tuple[dict[str, Any], str]]:
    count, conversation = 0, 0
    while True:
        script = SCRIPTS[conversation % len(SCRIPTS)]
        user = f"bench-{uuid.uuid4().hex[:8]}"
        for line in script:
            if count >= turns:
                return
            yield line, user
            count += 1
        conversation += 1


def _event(line: dict[str, Any], user: str) -> Any:
    from bot.channels.jsonl import parse_line

    return parse_line(json.dumps({"user": user, **line}))[0]


def _summary(ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(ms)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 3)

    return {
        "turns_per_second": round(len(ms) / (sum(ms) / 1000), 1),
        "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(ms), 3),
    }


@contextmanager
def _sqlite_app() -> Iterator[SafePassage]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(var_dir=Path(tmp), data_key=SecretStr(new_key()), _env_file=None)  # type: ignore[call-arg]
        yield _app(settings)


@contextmanager
def _postgres_app(url: str) -> Iterator[SafePassage]:
    import tempfile

    schema = f"sp_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sep = "&" if "?" in url else "?"
            settings = Settings(var_dir=Path(tmp), data_key=SecretStr(new_key()), _env_file=None,  # type: ignore[call-arg]
                                database_url=f"{url}{sep}options=-csearch_path%3D{schema}")
            yield _app(settings)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _app(settings: Settings) -> SafePassage:
    engine = make_engine(settings.db_url)
    upgrade(engine)
    key = settings.data_key.get_secret_value().encode() if settings.data_key else new_key().encode()
    store = SqlStore(engine, Vault(key))
    nlu_settings = settings.model_copy(update={"var_dir": Settings().var_dir})
    from bot.app import build_interpreter

    return build_app(settings, interpreter=build_interpreter(nlu_settings), store=store)
