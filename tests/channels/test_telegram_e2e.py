"""End to end: real python-telegram-bot over HTTP to the emulator, a temp SQLite database.

Scenarios: a distress report reaching an operator who acknowledges it (and a stranger who
cannot), a quick-exit wipe, the webhook's secret token, 429s on replies and on alerts, and
what survives a restart or a crash: follow-ups and the ids quick exit deletes.
"""

import asyncio
import time
from pathlib import Path

import aiohttp

from bot.app import SafePassage, build_app
from bot.channels.telegram import Tuning
from bot.cli.telegram import webhook_options
from bot.core.events import Sender
from bot.i18n import translator
from bot.settings import Settings
from bot.triage.actions import FOLLOW_UP_SECONDS
from tests.channels.test_telegram_harness import (
    fixture_app, flows_dir, report_builder, running, settled, tg_settings, until,
)
from tests.factories import KeywordInterpreter, file_report
from tests.telegram_emulator import EmulatorServer, TgUser, free_port, make_user


THAI_AD = ("รับสมัครพนักงานบริการลูกค้า ทำงานที่กัมพูชา เงินเดือน 50,000 บาท ไม่ต้องมีประสบการณ์ "
           "บินฟรี วีซ่าท่องเที่ยว ติดต่อ Telegram @hr_asia")
#: Answers by step of the real distress flow; other steps are skipped, the pin is sent.
DISTRESS_ANSWERS = {
    "danger": "yes", "held": "yes", "nationality": "ID", "contact_ok": "yes",
    "phone_checked": "no", "consent_ngo": "yes", "consent_embassy": "yes",
    "consent_police": "no",
}


def real_app(settings: Settings) -> SafePassage:
    """The whole app from ``build_app``, with a keyword interpreter (fast, deterministic)."""
    interpreter = KeywordInterpreter({"รับสมัคร": ("job_ad_text", 0.9)})
    return build_app(settings, interpreter=interpreter)


async def answer_until(emu: EmulatorServer, user: TgUser, msg_id: str,
                       answers: dict[str, str], pin: tuple[float, float] | None = None,
                       turns: int = 30) -> str:
    """Answer the bot's questions (buttons from ``answers``, else Skip; a pin when asked)
    until it says ``msg_id``; returns that message's text."""
    wanted = translator(user.language_code).gettext(msg_id).split("{")[0]
    for _ in range(turns):
        await until(lambda: _waiting_or_said(emu, user, wanted))
        await asyncio.sleep(0.05)  # let the turn finish its last message
        said = [m.text for m in emu.sent_messages(user) if (m.text or "").startswith(wanted)]
        if said:
            return str(said[-1])
        seen = len(emu.sent_messages(user))
        last = emu.sent_messages(user)[-1]
        if last.reply_markup and "keyboard" in last.reply_markup and pin:
            emu.push_location(user, *pin)
        else:
            step = next((d.split(":")[2] for d in last.callback_data if d.startswith("f:")), "")
            choice = f"f:distress:{step}:{answers.get(step)}"
            emu.push_callback(user, choice if choice in last.callback_data else "g:skip",
                              last.message_id)
        await until(lambda before=seen: len(emu.sent_messages(user)) > before)  # type: ignore[misc]
    raise AssertionError(f"{msg_id} never came")


def _waiting_or_said(emu: EmulatorServer, user: TgUser, wanted: str) -> bool:
    sent = emu.sent_messages(user)
    if not sent:
        return False
    last = sent[-1]
    keyboard = bool(last.reply_markup and "keyboard" in last.reply_markup)
    return bool(last.callback_data) or keyboard or (last.text or "").startswith(wanted)


def pressing(emu: EmulatorServer, user: TgUser, data: str) -> None:
    """Press the button ``data`` under the latest bot message that offers it."""
    message = next(m for m in reversed(emu.sent_messages(user)) if data in m.callback_data)
    emu.push_callback(user, data, message.message_id)


def alert_messages(emu: EmulatorServer, chat: TgUser) -> list[int]:
    """Ids of the HTML alerts delivered to an operator chat."""
    return [m.message_id for m in emu.sent_messages(chat) if m.parse_mode == "HTML"]


async def test_a_thai_job_seeker_pastes_an_ad_and_gets_a_rating_in_thai(tmp_path: Path) -> None:
    mai = make_user("Mai", "th")
    async with EmulatorServer() as emu:
        app = real_app(tg_settings(tmp_path, emu))
        async with running(app):
            emu.push_text(mai, THAI_AD)
            result = await answer_until(emu, mai, "job_check.result", {})
        template = translator("th").gettext("job_check.result")
        score = int(result.split(template.split("{score}")[0])[1].split()[0])
        assert result.startswith(template.split("{score}")[0]) and score >= 50
        assert any("\u0e00" <= c <= "\u0e7f" for c in result.split("\n", 2)[-1])  # Thai body
        assert not any(m.protect_content for m in emu.sent_messages(mai))


async def test_an_indonesian_distress_report_reaches_the_operator_who_acknowledges_it(
    tmp_path: Path
) -> None:
    dewi, ops, stranger = make_user("Dewi", "id"), make_user("Ops", "en"), make_user("Eve")
    async with EmulatorServer() as emu:
        emu.register_user(ops)
        settings = tg_settings(tmp_path, emu, operator_ids=f"{ops.id}, 5",
                               alert_destinations=f"default={ops.id}")
        app = real_app(settings)
        async with running(app):
            emu.push_command(dewi, "/help")
            await until(lambda: emu.sent_messages(dewi))
            photo = emu.push_photo(dewi, caption="kontrak kerja")
            await answer_until(emu, dewi, "distress.done", DISTRESS_ANSWERS, pin=(10.61, 103.52))
            await until(lambda: alert_messages(emu, ops) and emu.calls("sendPhoto"))

            alert = next(m for m in emu.sent_messages(ops) if m.parse_mode == "HTML")
            ack, close = alert.callback_data
            assert ack.startswith("op:ack:") and close == ack.replace("ack", "close")
            location = emu.calls("sendLocation")[0].params
            assert (location["chat_id"], location["latitude"]) == (ops.id, 10.61)
            photo_id = photo.payload["message"]["photo"][-1]["file_id"]
            assert emu.calls("sendPhoto")[0].params["photo"] == photo_id
            assert all(m.protect_content for m in emu.sent_messages(dewi))
            id_texts = translator("id")
            assert emu.sent_messages(dewi)[0].text == id_texts.gettext("distress.safe_now")
            assert app.store.follow_ups.waiting(f"telegram:{dewi.id}") == 1

            alert_id = int(ack.split(":")[2])
            emu.push_callback(stranger, ack, alert.message_id)
            refused = await emu.wait_for("answerCallbackQuery")
            assert refused.params.get("show_alert") is True
            emu.push_callback(ops, ack, alert.message_id)
            await emu.wait_for("editMessageReplyMarkup")
        status = app.store.alert_status(alert_id)
        assert status is not None and (status.status, status.acked_by) == ("sent", str(ops.id))
        audit = app.store.audit_entries()
        assert (str(stranger.id), "refused_ack", str(alert_id)) in audit
        assert (str(ops.id), "ack", str(alert_id)) in audit
        (taken,), (close_label,) = emu.sent_messages(ops)[0].buttons
        assert "Ops" in taken and close_label == translator("en").gettext("triage.op.close")
        assert emu.sent_messages(ops)[0].callback_data == [f"op:info:{alert_id}", close]


async def test_an_operator_closes_an_alert_and_the_buttons_say_so(tmp_path: Path) -> None:
    ops = make_user("Ana", "en", username="ana_ngo")
    async with EmulatorServer() as emu:
        emu.register_user(ops)
        settings = tg_settings(tmp_path, emu, operator_ids=str(ops.id))
        app = fixture_app(settings, flows_dir(tmp_path), report_builder(str(ops.id)))
        _file_report(app, "u-close")
        async with running(app):
            await until(lambda: alert_messages(emu, ops))
            alert = emu.sent_messages(ops)[0]
            emu.push_callback(ops, alert.callback_data[1], alert.message_id)
            await emu.wait_for("editMessageReplyMarkup")
            emu.push_callback(ops, "op:close:999999", alert.message_id)
            unknown = await emu.wait_for("answerCallbackQuery")
        closed = emu.sent_messages(ops)[0]
        assert closed.callback_data == [f"op:info:{alert.callback_data[1].split(':')[2]}"]
        assert "ana_ngo" in str(closed.buttons)
        assert unknown.params.get("text") == translator("en").gettext("telegram.op.unknown")


async def test_quick_exit_deletes_every_tracked_message_and_leaves_one_line(
    tmp_path: Path
) -> None:
    sok = make_user("Sok", "km")
    async with EmulatorServer() as emu:
        app = fixture_app(tg_settings(tmp_path, emu), flows_dir(tmp_path), report_builder("1"))
        async with running(app):
            emu.push_command(sok, "/start")
            await until(lambda: len(emu.sent_messages(sok)) >= 2)
            old = emu.push_text(sok, "hello from two days ago")
            assert old.message_id is not None
            emu.age_message(sok, old.message_id, 49 * 3600)
            await until(lambda: emu.sent_messages(sok)[-1].message_id > (old.message_id or 0))
            emu.push_command(sok, "/x")
            wipe = await emu.wait_for("deleteMessages")
            await until(lambda: len(emu.sent_messages(sok)) == 1)
            emu.push_text(sok, "hi again")
            await until(lambda: len(emu.sent_messages(sok)) >= 2)
        last_id = emu.last_sent(sok).message_id
        neutral = emu.sent_messages(sok)[0]
        assert wipe.params["message_ids"] == list(range(1, neutral.message_id))
        deleted = {d.message_id for d in emu.deletions(sok)}
        assert deleted == set(range(1, neutral.message_id)) - {old.message_id}
        lang = app.language_of(Sender("telegram", str(sok.id), str(sok.id)))
        assert neutral.text == translator(lang).gettext("quick_exit.neutral")
        assert neutral.reply_markup == {"remove_keyboard": True}
        assert last_id > neutral.message_id  # the bot keeps working after the wipe


async def test_a_follow_up_filed_before_a_restart_is_delivered_once_after_it(
    tmp_path: Path
) -> None:
    nam = make_user("Nam", "vi")
    async with EmulatorServer() as emu:
        settings = tg_settings(tmp_path, emu)
        first = fixture_app(settings, flows_dir(tmp_path), report_builder("1"))
        first.clock = lambda: time.time() - FOLLOW_UP_SECONDS  # filed a day ago: due now
        async with running(first, Tuning(outbox_interval=3600, overall_max_rate=0), crash=True):
            emu.push_command(nam, "/help")
            await until(lambda: emu.sent_messages(nam))
            emu.push_location(nam, 16.69, 98.51)
            for step in ("consent", "contact"):
                await until(lambda s=step: _offers(emu, nam, f"f:distress:{s}:yes"))  # type: ignore[misc]
                pressing(emu, nam, f"f:distress:{step}:yes")
            await until(lambda: first.store.follow_ups.waiting(f"telegram:{nam.id}") == 1)
        before = len(emu.sent_messages(nam))  # the process is gone; the follow-up is stored
        again = fixture_app(settings, flows_dir(tmp_path), report_builder("1"))
        async with running(again):
            await until(lambda: len(emu.sent_messages(nam)) > before)
            await _settle()
        state = again.store.load_state(f"telegram:{nam.id}")
        assert state is not None
        check_in = translator("vi").gettext("followup.report").format(ref=state.slots["ref"])
        assert [m.text for m in emu.sent_messages(nam)[before:]] == [check_in]
        assert again.store.follow_ups.waiting() == 0


async def test_sent_ids_survive_a_crash_and_quick_exit_still_deletes_them(
    tmp_path: Path
) -> None:
    sok = make_user("Sok", "km")
    key = f"telegram:{sok.id}"
    async with EmulatorServer() as emu:
        settings = tg_settings(tmp_path, emu)
        first = fixture_app(settings, flows_dir(tmp_path), report_builder("1"))
        async with running(first, crash=True):
            emu.push_command(sok, "/start")
            await until(lambda: len(emu.sent_messages(sok)) >= 2)
            emu.push_command(sok, "/menu")  # the last turn: its replies live only in memory...
            await until(lambda: len(emu.sent_messages(sok)) >= 3)
            newest = str(emu.last_sent(sok).message_id)
            await until(lambda: newest in _tracked(first, key))  # ...until the background flush
        bot_ids = {m.message_id for m in emu.sent_messages(sok)}
        again = fixture_app(settings, flows_dir(tmp_path), report_builder("1"))
        async with running(again):
            emu.push_command(sok, "/x")
            wipe = await emu.wait_for("deleteMessages")
        assert bot_ids <= set(wipe.params["message_ids"])
        assert bot_ids <= {d.message_id for d in emu.deletions(sok)}


def _offers(emu: EmulatorServer, user: TgUser, data: str) -> bool:
    return any(data in m.callback_data for m in emu.sent_messages(user))


def _tracked(app: SafePassage, key: str) -> tuple[str, ...]:
    state = app.store.load_state(key)
    return state.message_ids if state else ()


async def test_webhook_mode_refuses_a_wrong_or_missing_secret(tmp_path: Path) -> None:
    lan = make_user("Lan", "vi")
    port = free_port()
    async with EmulatorServer() as emu:
        settings = tg_settings(
            tmp_path, emu, webhook_url=f"http://127.0.0.1:{port}", webhook_secret="s3cret_1",
            webhook_listen="127.0.0.1", webhook_port=port, webhook_path="/tg-hook")
        options = webhook_options(settings)
        assert options["webhook_url"] == f"http://127.0.0.1:{port}/tg-hook"
        app = fixture_app(settings, flows_dir(tmp_path), report_builder("1"))
        async with running(app, webhook=options):
            emu.push_text(lan, "xin chào")
            answered = await settled(lambda: len(emu.sent_messages(lan)))
            emu.set_webhook_secret_override("wrong")
            emu.push_text(lan, "are you there")
            await until(lambda: any(d.status == 403 for d in emu.webhook_deliveries()))
            assert len(emu.sent_messages(lan)) == answered
            async with aiohttp.ClientSession() as http:
                bare = await http.post(options["webhook_url"], json={"update_id": 999})
                assert bare.status == 403
            emu.set_webhook_secret_override(None)  # the refused update is retried, not lost
            await until(lambda: len(emu.sent_messages(lan)) > answered)
        statuses = [d.status for d in emu.webhook_deliveries()]
        assert statuses[0] == 200 and 403 in statuses and statuses[-1] == 200


async def test_a_429_on_a_reply_is_waited_out_and_the_reply_arrives(tmp_path: Path) -> None:
    mai = make_user("Mai", "th")
    async with EmulatorServer() as emu:
        app = fixture_app(tg_settings(tmp_path, emu), flows_dir(tmp_path), report_builder("1"))
        async with running(app):
            emu.fail_next("sendMessage", error_code=429, retry_after=1)
            emu.push_command(mai, "/menu")
            await until(lambda: emu.sent_messages(mai), timeout=5)
        attempts = [c for c in emu.calls("sendMessage") if c.params["chat_id"] == mai.id]
        assert attempts[0].status == 429 and attempts[1].ok
        assert attempts[1].time - attempts[0].time >= 1.0
        assert emu.sent_messages(mai)[0].text == translator("th").gettext("menu.prompt")


async def test_a_429_on_an_alert_leaves_it_pending_then_delivers_it_once(tmp_path: Path) -> None:
    ops = make_user("Ops", "en")
    async with EmulatorServer() as emu:
        emu.register_user(ops)
        settings = tg_settings(tmp_path, emu, operator_ids=str(ops.id))
        app = fixture_app(settings, flows_dir(tmp_path), report_builder(str(ops.id)))
        ref = _file_report(app, "u-429")
        (alert,) = app.store.alerts_for(ref)
        emu.fail_next("sendMessage", error_code=429, retry_after=1)
        async with running(app, Tuning(outbox_interval=0.1, max_retries=0, overall_max_rate=0)):
            await until(lambda: emu.calls("sendMessage"))
            # The failure is recorded just after the 429 reaches the bot; the retry waits 1 s.
            await until(lambda: _attempts(app, alert.id) == 1)
            pending = app.store.alert_status(alert.id)
            assert pending is not None and pending.status == "pending" and pending.attempts == 1
            await until(lambda: alert_messages(emu, ops), timeout=5)
            await until(lambda: len(emu.calls("sendMessage")) >= 2)
            await _settle()
        assert len(alert_messages(emu, ops)) == 1
        delivered = app.store.alert_status(alert.id)
        assert delivered is not None and (delivered.status, delivered.attempts) == ("sent", 2)


def _file_report(app: SafePassage, user: str) -> str:
    """File a report straight through the app (no Telegram), as a worker crash would leave it."""
    return file_report(app, Sender("telegram", user, user, "id"))


def _attempts(app: SafePassage, alert_id: int) -> int:
    status = app.store.alert_status(alert_id)
    return status.attempts if status is not None else 0


async def _settle(seconds: float = 0.4) -> None:
    await asyncio.sleep(seconds)
