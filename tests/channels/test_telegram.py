"""The channel itself: per-user ordering, garbage updates, errors, follow-ups, start-up."""

import asyncio
import logging
import random
import time
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.channels.telegram import PerUserProcessor, TelegramChannel, build_application
from bot.cli.telegram import poll
from bot.core.events import Sender
from bot.triage.actions import FOLLOW_UP_SECONDS
from tests.channels.test_telegram_harness import (
    FAST, fixture_app, flows_dir, report_builder, running, tg_settings, until,
)
from tests.factories import english_texts, file_report
from tests.telegram_emulator import EmulatorServer, make_user
from tests.telegram_emulator import factories as f


def text_update(update_id: int, user_id: int, text: str = "hi") -> Update:
    user = make_user("U", user_id=user_id)
    message = f.message_dict(update_id, f.private_chat_dict(user), 0, user.to_dict(),
                             f.text_content(text))
    parsed = Update.de_json({"update_id": update_id, "message": message}, None)
    assert parsed is not None
    return parsed


async def test_updates_of_one_user_run_in_order_and_users_run_side_by_side() -> None:
    processor = PerUserProcessor(3)  # fewer slots than updates: some wait for a slot
    log: list[tuple[int, int]] = []
    running_now: list[int] = []
    peak = 0
    rng = random.Random(7)

    async def handle(user: int, number: int) -> None:
        nonlocal peak
        running_now.append(user)
        peak = max(peak, len(running_now))
        await asyncio.sleep(rng.random() / 200)
        log.append((user, number))
        running_now.remove(user)

    tasks = [asyncio.create_task(processor.process_update(
        text_update(n, user), handle(user, n))) for n in range(60) for user in (n % 4,)]
    await asyncio.gather(*tasks)
    for user in range(4):
        numbers = [n for u, n in log if u == user]
        assert numbers == sorted(numbers) and len(numbers) == 15
    assert peak > 1 and not processor._tails  # concurrency across users; no leftovers


async def test_garbage_updates_are_answered_politely_and_never_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    nok = make_user("Nok", "lo")
    async with EmulatorServer() as emu:
        app = fixture_app(tg_settings(tmp_path, emu), flows_dir(tmp_path), report_builder("1"))
        async with running(app):
            emu.push_raw({"future_kind": {"x": 1}})
            emu.push_raw({"update_id": 10_000, "message": {"no": "fields"}})
            first = emu.push_text(nok, "")
            emu.push_sticker(nok)
            assert first.message_id is not None
            emu.push_edited_text(nok, first.message_id, "edited")
            junk = emu.push_callback(nok, "\x00" + "z" * 199, 999)
            emu.push_voice(nok)
            emu.push_contact(nok, "+85620555123")
            await until(lambda: len(emu.sent_messages(nok)) >= 6)
            await until(lambda: emu.callback_answer(junk.callback_query_id or "") is not None)
            emu.push_command(nok, "/menu")
            await until(lambda: any(m.callback_data for m in emu.sent_messages(nok)[6:]))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert all(m.text for m in emu.sent_messages(nok))


async def test_the_error_handler_logs_the_error_type_but_no_personal_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "my name is Siti, +62 812 3456 7890"
    async with EmulatorServer() as emu:
        app = fixture_app(tg_settings(tmp_path, emu), flows_dir(tmp_path), report_builder("1"))
        application = build_application(app, FAST)
        channel: TelegramChannel = application.bot_data["channel"]
        try:
            raise ValueError(secret)
        except ValueError as exc:
            context: Any = type("Ctx", (), {"error": exc})()
        with caplog.at_level(logging.INFO):
            await channel.on_error(text_update(1, 5, secret), context)
    logged = "\n".join(r.getMessage() + str(r.exc_info) + str(r.exc_text)
                       for r in caplog.records)
    assert "ValueError at test_telegram.py:" in logged and "message" in logged
    assert "Siti" not in logged and "3456" not in logged and "7890" not in logged


async def test_a_failing_turn_gets_a_polite_error_reply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tuan = make_user("Tuan", "vi")
    async with EmulatorServer() as emu:
        app = fixture_app(tg_settings(tmp_path, emu), flows_dir(tmp_path), report_builder("1"))
        async with running(app):
            monkeypatch.setattr(app.store, "load_turn", _broken)
            emu.push_text(tuan, "hello")
            await until(lambda: emu.sent_messages(tuan))
    assert len(emu.sent_messages(tuan)) == 1


def _broken(_key: str) -> None:
    raise OSError("disk gone")


async def test_due_follow_ups_reach_only_users_who_still_agree(tmp_path: Path) -> None:
    kept, changed, hidden = (make_user(name, "en") for name in ("Kept", "Changed", "Hide"))
    async with EmulatorServer() as emu:
        app = fixture_app(tg_settings(tmp_path, emu), flows_dir(tmp_path), report_builder("1"))
        app.clock = lambda: time.time() - FOLLOW_UP_SECONDS + 1.5  # filed a day ago, less 1.5 s
        refs = {}
        for user in (kept, changed, hidden):
            emu.register_user(user)
            refs[user.id] = file_report(app, Sender("telegram", str(user.id), str(user.id)))
        state = app.store.load_state(f"telegram:{changed.id}")
        assert state is not None  # later they answered "no" to being contacted
        app.store.save_state(state.with_slots(contact_ok="no"))
        async with running(app):
            emu.push_command(hidden, "/x")
            await until(lambda: emu.sent_messages(hidden))
            await until(lambda: emu.sent_messages(kept), timeout=5)
            await until(lambda: app.store.follow_ups.waiting() == 0)
            emu.push_command(kept, "/x")
            await until(lambda: emu.deletions(kept))
        # The check-in is neutral: it names no report, so find it by its catalogue text.
        neutral = english_texts()["followup.report"]
        (check_in,) = [m for m in emu.sent_messages(kept, include_deleted=True)
                       if m.text == neutral]
        assert all(ref not in neutral for ref in refs.values())
        assert check_in.protect_content and check_in.deleted  # tracked: /x removes it too
        assert not emu.sent_messages(changed)
        assert len(emu.sent_messages(hidden)) == 1  # only the neutral line
        assert [a for _, a, _ in app.store.audit_entries()].count("follow_up_sent") == 1


def test_the_bot_starts_while_telegram_is_unreachable_and_keeps_retrying(tmp_path: Path) -> None:
    lek = make_user("Lek", "th")
    with EmulatorServer().in_thread() as emu:
        app = fixture_app(tg_settings(tmp_path, emu), flows_dir(tmp_path), report_builder("1"))
        emu.disconnect_next("getMe")
        emu.push_text(lek, "hello")
        application = build_application(app, FAST, on_turn=lambda _e: application.stop_running())
        poll(application)
        get_me = emu.calls("getMe")
        assert get_me[0].fault == "disconnect" and get_me[-1].ok
        assert emu.sent_messages(lek)
