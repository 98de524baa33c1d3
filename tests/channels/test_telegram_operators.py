"""Alert delivery to operator chats and the Acknowledge / Close buttons' state."""

import asyncio
from typing import Any

import pytest
from babel.support import NullTranslations
from telegram import Bot

from bot.channels.telegram_operators import OperatorDesk, TelegramAlertSender
from bot.i18n import Translator
from bot.outbox import DeliveryError
from bot.storage.store import AlertStatus, PendingAlert
from tests.telegram_emulator import EmulatorServer, TgUser, make_user

TR = Translator("en", NullTranslations())


def pending(destination: int | str, **payload: Any) -> PendingAlert:
    """A claimed alert for ``destination`` with an HTML text and ``payload`` extras."""
    body = {"text": "<b>P1</b> held &amp; hurt", **payload}
    return PendingAlert(41, "SP-7K3Q9", "ngo", str(destination), "P1", body, 1)


@pytest.fixture
def ops(emu: EmulatorServer) -> TgUser:
    operator = make_user("Ops")
    emu.register_user(operator)
    return operator


async def send(bot: Bot, alert: PendingAlert) -> str:
    """Run the synchronous sender on a worker thread, as the outbox does."""
    sender = TelegramAlertSender(bot, asyncio.get_running_loop(), TR, timeout=5)
    return await asyncio.to_thread(sender.send, alert)


async def test_an_alert_arrives_as_html_with_buttons_pin_and_evidence(
    emu: EmulatorServer, bot: Bot, ops: TgUser
) -> None:
    victim = make_user("Dewi", "id")
    photo = emu.push_photo(victim).payload["message"]["photo"][-1]["file_id"]
    document = emu.push_document(victim, file_name="contract.pdf").payload["message"]
    ref = await send(bot, pending(ops.id, lat=16.69, lon=98.51,
                                  evidence=[photo, document["document"]["file_id"]]))
    alert = emu.sent_messages(ops)[0]
    assert ref == f"telegram:{ops.id}:{alert.message_id}"
    assert (alert.parse_mode, alert.text) == ("HTML", "<b>P1</b> held &amp; hurt")
    assert alert.callback_data == ["op:ack:41", "op:close:41"]
    assert alert.buttons == [["triage.op.ack", "triage.op.close"]]
    assert [m.method for m in emu.sent_messages(ops)] == [
        "sendMessage", "sendLocation", "sendPhoto", "sendDocument"]


async def test_invalid_html_is_sent_as_plain_text_rather_than_lost(
    emu: EmulatorServer, bot: Bot, ops: TgUser
) -> None:
    await send(bot, pending(ops.id, text="<b>P1 <i>broken</b> &amp; more"))
    alert = emu.sent_messages(ops)[0]
    assert (alert.parse_mode, alert.text) == (None, "P1 broken & more")


@pytest.mark.parametrize(("fault", "kind", "permanent", "retry_after"), [
    ({"error_code": 429, "retry_after": 7}, "rate_limited", False, 7.0),
    ({"error_code": 403, "description": "Forbidden: bot was blocked by the user"},
     "forbidden", True, None),
    ({"error_code": 400, "description": "Bad Request: chat not found"},
     "chat_not_found", True, None),
    ({"error_code": 400, "description": "Bad Request: something odd"}, "bad_request", False, None),
    ({"error_code": 502, "description": "Bad Gateway"}, "networkerror", False, None),
])
async def test_telegram_errors_become_delivery_errors(
    emu: EmulatorServer, bot: Bot, ops: TgUser, fault: dict[str, Any], kind: str,
    permanent: bool, retry_after: float | None
) -> None:
    emu.fail_next("sendMessage", **fault)
    with pytest.raises(DeliveryError) as caught:
        await send(bot, pending(ops.id))
    assert (caught.value.kind, caught.value.permanent) == (kind, permanent)
    assert caught.value.retry_after == retry_after


async def test_a_dropped_connection_is_retried_later_and_an_unknown_chat_is_permanent(
    emu: EmulatorServer, bot: Bot
) -> None:
    emu.disconnect_next("sendMessage")
    with pytest.raises(DeliveryError) as dropped:
        await send(bot, pending(123456))
    with pytest.raises(DeliveryError) as unknown:
        await send(bot, pending("-100999"))
    assert not dropped.value.permanent and unknown.value.permanent


async def test_a_failed_pin_or_evidence_does_not_fail_the_delivered_alert(
    emu: EmulatorServer, bot: Bot, ops: TgUser
) -> None:
    emu.fail_next("sendLocation", error_code=500, description="Internal Server Error")
    ref = await send(bot, pending(ops.id, lat=1.0, lon=2.0, evidence="no-such-file"))
    assert ref.startswith("telegram:") and len(emu.sent_messages(ops)) == 1


@pytest.mark.parametrize(("status", "rows"), [
    (AlertStatus(5, "ngo", "sent", 1), [["op:ack:5", "op:close:5"]]),
    (AlertStatus(5, "ngo", "sent", 1, acked_by="11"), [["op:info:5"], ["op:close:5"]]),
    (AlertStatus(5, "ngo", "closed", 1, acked_by="11", closed_by="12"),
     [["op:info:5"], ["op:info:5"]]),
    (AlertStatus(5, "ngo", "closed", 1, closed_by="12"), [["op:info:5"]]),
])
def test_the_buttons_show_what_is_left_to_do(status: AlertStatus, rows: list[list[str]]) -> None:
    desk = OperatorDesk(None, frozenset({"11"}), TR)  # type: ignore[arg-type]
    shown = desk.status_rows(status, {"11": "@ana"})
    assert [[b.callback_data for b in row] for row in shown] == rows
    labels = " ".join(str(b.text) for row in shown for b in row)
    assert ("@ana" in labels) == (status.acked_by == "11")
    assert ("#12" in labels) == (status.closed_by == "12")
