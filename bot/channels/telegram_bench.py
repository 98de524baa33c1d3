"""Benchmark: updates per second and latency through python-telegram-bot and the emulator.

One process, one event loop: the local Bot API emulator (``tests.telegram_emulator``, so run
this from the repository), the real app on a temp SQLite database, PTB long polling. Many
users each send a scripted mix of texts and button presses, one update at a time (a user
waits for the bot's answer before the next update, as a person would). Latency is measured
from the push to the bot's first sendMessage for that update, and to the end of the turn.
A dev tool that prints figures; tests assert behaviour, not timings.
"""

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.app import SafePassage
from bot.channels.telegram import Tuning, build_application
from bot.core.events import Event
from bot.settings import Settings
from bot.storage.crypto import new_key

AppFactory = Callable[[Settings], SafePassage]
#: One user's updates: ("text", body) or ("button", payload).
SCRIPT: tuple[tuple[str, str], ...] = (
    ("text", "/start"), ("button", "g:lang:en"), ("button", "g:menu"),
    ("text", "how does this scam work"), ("button", "f:menu:main:info"),
    ("text", "hello"), ("button", "g:menu"), ("text", "thank you"),
    ("text", "/menu"), ("button", "g:help"),
)
TURN_TIMEOUT = 30.0
WARM_UP_USERS = 4
#: A light-load run shows per-update latency without queueing behind other users.
LIGHT_USERS = 4
LIGHT_UPDATES = 400


@dataclass
class _Run:
    """What the driver records while the benchmark runs."""

    pushes: list[tuple[int, float, int]] = field(default_factory=list)  # chat, time, call index
    turn_ms: list[float] = field(default_factory=list)
    timeouts: int = 0
    done: dict[str, asyncio.Event] = field(default_factory=dict)

    def turn_done(self, event: Event) -> None:
        """The channel's turn listener: wake the user waiting for this turn."""
        waiting = self.done.get(event.sender.user_id)
        if waiting is not None:
            waiting.set()


def run_telegram_benchmark(updates: int = 2000, users: int = 50,
                           make_app: AppFactory | None = None) -> dict[str, Any]:
    """Push ``updates`` updates from ``users`` users through the bot; figures as a dict.

    Three runs on the same app: the production setting (store calls on worker threads),
    the store called inline on the event loop (an option for a local SQLite file), and a
    light load (a few users) for latency without queueing.
    """
    return asyncio.run(_benchmark(max(1, updates), max(1, users), make_app or _real_app))


async def _benchmark(updates: int, users: int, make_app: AppFactory) -> dict[str, Any]:
    from tests.telegram_emulator import EmulatorServer

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        async with EmulatorServer() as emu:
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None, var_dir=Path(tmp), data_key=SecretStr(new_key()),
                telegram_bot_token=SecretStr(emu.token), telegram_api_base_url=emu.base_url,
                telegram_file_base_url=emu.base_file_url)
            app = make_app(settings)
            runs = (("store_on_worker_threads", False, updates, users),
                    ("store_inline", True, updates, users),
                    ("light_load", False, min(updates, LIGHT_UPDATES), LIGHT_USERS))
            for name, inline, count, people in runs:
                tuning = Tuning(outbox_interval=5.0, overall_max_rate=0, max_retries=3,
                                store_inline=inline)
                results[name] = {"users": people, "updates": count,
                                 **await _measure(emu, app, tuning, count, people)}
            app.store.engine.dispose()
    return results


async def _measure(emu: Any, app: SafePassage, tuning: Tuning, updates: int,
                   users: int) -> dict[str, Any]:
    from tests.telegram_emulator import make_user

    run = _Run()
    application = build_application(app, tuning, on_turn=run.turn_done)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=1, poll_interval=0.0)
        warm_up = [make_user(f"W{n}", "en") for n in range(WARM_UP_USERS)]
        await _drive(emu, warm_up, 2 * WARM_UP_USERS, _Run(done=run.done))
        people = [make_user(f"U{n}", "en") for n in range(users)]
        started = time.perf_counter()
        await _drive(emu, people, updates, run)
        elapsed = time.perf_counter() - started
        await application.updater.stop()
        await application.stop()
    if application.post_shutdown is not None:  # as run_polling does: the last ids are written
        await application.post_shutdown(application)
    return _report(updates, elapsed, _first_send_ms(emu, run.pushes), run)


async def _drive(emu: Any, people: Sequence[Any], updates: int, run: _Run) -> None:
    share, extra = divmod(updates, len(people))
    await asyncio.gather(*(
        _user(emu, person, share + (1 if n < extra else 0), run)
        for n, person in enumerate(people)))


async def _user(emu: Any, person: Any, count: int, run: _Run) -> None:
    done = run.done.setdefault(str(person.id), asyncio.Event())
    for number in range(count):
        kind, body = SCRIPT[number % len(SCRIPT)]
        done.clear()
        mark, pushed = emu.mark(), time.time()
        if kind == "text":
            emu.push_text(person, body)
        else:
            emu.push_callback(person, body, 1)
        run.pushes.append((person.id, pushed, mark))
        try:
            await asyncio.wait_for(done.wait(), TURN_TIMEOUT)
        except TimeoutError:
            run.timeouts += 1
        run.turn_ms.append((time.time() - pushed) * 1000)


def _first_send_ms(emu: Any, pushes: Sequence[tuple[int, float, int]]) -> list[float]:
    sends: dict[int, list[tuple[int, float]]] = {}
    for call in emu.calls("sendMessage"):
        sends.setdefault(int(call.params.get("chat_id", 0)), []).append((call.index, call.time))
    found = []
    for chat, pushed, mark in pushes:
        later = [t for index, t in sends.get(chat, []) if index >= mark]
        if later:
            found.append((later[0] - pushed) * 1000)
    return found


def _report(updates: int, elapsed: float, first_send: list[float], run: _Run) -> dict[str, Any]:
    return {
        "seconds": round(elapsed, 2),
        "updates_per_second": round(updates / elapsed, 1),
        "latency_to_first_send_ms": _percentiles(first_send),
        "latency_to_turn_end_ms": _percentiles(run.turn_ms),
        "timeouts": run.timeouts,
    }


def _percentiles(ms: Sequence[float]) -> dict[str, float]:
    if not ms:
        return {}
    ordered = sorted(ms)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2)

    return {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
            "mean": round(statistics.fmean(ordered), 2)}


def _real_app(settings: Settings) -> SafePassage:
    from bot.app import build_app, build_interpreter

    # The NLU model cache lives in the default var dir; the database in the temp one.
    nlu_settings = settings.model_copy(update={"var_dir": Settings().var_dir})
    return build_app(settings, interpreter=build_interpreter(nlu_settings))
