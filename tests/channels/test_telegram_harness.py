"""Harness for the Telegram channel tests (no tests here): settings, apps and a running bot.

The bot is the real python-telegram-bot Application from ``build_application``, polling the
local emulator over HTTP, with a temporary SQLite database.
"""

import asyncio
import datetime as dtm
import shutil
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.app import SafePassage, build_engine, open_store
from bot.channels.telegram import TelegramApp, Tuning, build_application
from bot.core.flows import FLOWS_DIR
from bot.core.ports import Detector
from bot.settings import Settings
from bot.storage.crypto import new_key
from bot.storage.store import NewAlert, NewReport
from tests.factories import KeywordInterpreter
from tests.telegram_emulator import EmulatorServer

FIXTURE_FLOWS = Path(__file__).parent.parent / "core" / "fixtures" / "flows"
CORE_FLOWS = ("welcome", "menu", "language", "info", "forget", "danger_check")
FAST = Tuning(outbox_interval=0.1, max_retries=1, overall_max_rate=0, sent_flush_interval=0.05)
SHORT_POLL = dtm.timedelta(seconds=0.2)
ALERT_HTML = "<b>P1</b> case {ref}: held, needs help &amp; water"
#: A small distress flow that files a report (the fixture flow stops before filing).
REPORT_FLOW = """
id: distress
start: where
protect: true
steps:
  where:
    say: t.where
    location: true
    free_text: place
    slot: where
    skippable: true
    next: consent
  consent:
    say: t.consent
    options:
      - {label: common.yes, value: "yes"}
      - {label: common.no, value: "no"}
    slot: consent_ngo
    next: contact
  contact:
    say: t.contact
    options:
      - {label: common.yes, value: "yes"}
      - {label: common.no, value: "no"}
    slot: contact_ok
    next: file
  file:
    do: file_report
    next: done
  done:
    say: t.done
    next: end
"""


async def until(condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Wait until ``condition()`` is true, failing after ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def settled(count: Callable[[], int], quiet: float = 0.5, timeout: float = 10.0) -> int:
    """Wait until ``count()`` is above zero and has not changed for ``quiet`` seconds (a
    reply of several messages has been sent whole); return it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last, since = count(), loop.time()
    while not last or loop.time() - since < quiet:
        assert loop.time() < deadline, "the count never settled"
        await asyncio.sleep(0.02)
        now = count()
        if now != last:
            last, since = now, loop.time()
    return last


def tg_settings(tmp_path: Path, emu: EmulatorServer, **overrides: Any) -> Settings:
    """Settings for a bot talking to ``emu`` with a temp SQLite database."""
    values: dict[str, Any] = {
        "var_dir": tmp_path / "var", "data_key": new_key(), "telegram_bot_token": emu.token,
        "telegram_api_base_url": emu.base_url, "telegram_file_base_url": emu.base_file_url,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def flows_dir(tmp_path: Path, report_flow: bool = True) -> Path:
    """The core flows with the fixture flows (and the report-filing distress flow)."""
    target = tmp_path / "flows"
    target.mkdir(exist_ok=True)
    for name in CORE_FLOWS:
        shutil.copy(FLOWS_DIR / f"{name}.yml", target)
    for path in FIXTURE_FLOWS.glob("*.yml"):
        shutil.copy(path, target)
    if report_flow:
        (target / "distress.yml").write_text(REPORT_FLOW, encoding="utf-8")
    return target


def report_builder(destination: str, **extra: Any) -> Callable[[Mapping[str, Any]], NewReport]:
    """A report builder sending one HTML alert to ``destination`` (a chat id)."""
    def build(report: Mapping[str, Any]) -> NewReport:
        ref = str(report.get("ref", "SP-TEST"))
        payload = {"text": ALERT_HTML.format(ref=ref), "reasons": ["held"], **extra}
        slots = report.get("slots", {})
        if isinstance(slots, Mapping) and slots.get("evidence"):
            payload["evidence"] = str(slots["evidence"]).split()
        if isinstance(slots, Mapping) and slots.get("location"):
            payload["lat"], payload["lon"] = map(float, str(slots["location"]).split(","))
        return NewReport(ref, "P1", ("held",), {"ref": ref, "slots": dict(slots)},
                         (NewAlert("ngo", destination, payload),))
    return build


def fixture_app(settings: Settings, flows: Path, build_report: Callable[..., NewReport],
                keywords: Mapping[str, tuple[str, float]] | None = None,
                detector: Detector | None = None) -> SafePassage:
    """An app on fixture flows, a keyword interpreter and the settings' SQLite store."""
    interpreter = KeywordInterpreter(keywords or {"passport": ("held_captive", 0.95)})
    engine = build_engine(settings, interpreter, detector, None, flows_dir=flows)
    return SafePassage(engine, open_store(settings), build_report, settings)


@asynccontextmanager
async def running(app: SafePassage, tuning: Tuning = FAST,
                  webhook: Mapping[str, Any] | None = None,
                  crash: bool = False) -> AsyncIterator[TelegramApp]:
    """The bot polling the emulator (or serving ``webhook`` options), with the same hooks
    ``run_polling`` / ``run_webhook`` call; ``crash`` ends it as a killed process would:
    no shutdown hook, nothing left in memory written."""
    application = build_application(app, tuning)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        if webhook is not None:
            await application.updater.start_webhook(**webhook)
        else:
            await application.updater.start_polling(timeout=SHORT_POLL)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
    if crash:
        app.sent.stop(flush=False)
    elif application.post_shutdown is not None:
        await application.post_shutdown(application)
