"""JSON-lines channel for integrations and evaluation.

In: one JSON object per line, ``{"user": "u1", "text": "..."}``, ``{"user": "u1", "button":
"<payload>"}`` or ``{"user": "u1", "location": [lat, lon]}``, optionally ``"lang_code"``,
``"message_id"`` and ``"chat"``. Out: one JSON object per action, ``{"user", "type": "message",
"text", "buttons": [{"label", "payload"}], "lang"}``, ``{"type": "delete", ...}``,
``{"type": "alert", ...}``, ``{"type": "follow_up", ...}`` and ``{"type": "cancel_follow_ups"}``
(the bot does not write first here: the integrator schedules and withdraws check-ins); bad
lines get ``{"type": "error", "line", "error"}`` and the run goes on. These field names are a
contract: evaluation tooling depends on them.
"""

import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from bot.app import SafePassage
from bot.channels.inputs import parse_latlon, text_event
from bot.channels.render import render_reply
from bot.core.events import (
    Action, ButtonPress, CancelFollowUps, DeleteMessages, Event, LocationShared, Reply,
    ScheduleFollowUp, Sender,
)
from bot.i18n import translator
from bot.outbox import deliver_due
from bot.storage.store import PendingAlert

CHANNEL = "jsonl"
KNOWN = frozenset({"user", "text", "button", "location", "lang_code", "message_id", "chat"})
MAX_LINE = 2_000_000


class BadLine(ValueError):
    """An input line the channel cannot use; the message is shown to the integrator."""


def parse_line(line: str) -> tuple[Event, list[str]]:
    """The event of one input line, and the names of any unknown fields it carried."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(data, dict):
        raise BadLine("each line must be a JSON object")
    user = data.get("user")
    if not isinstance(user, (str, int)) or not str(user).strip() or len(str(user)) > 64:
        raise BadLine("'user' must be a non-empty string of at most 64 characters")
    lang = data.get("lang_code")
    sender = Sender(CHANNEL, str(user), str(data.get("chat") or user),
                    str(lang) if isinstance(lang, str) else None)
    msg_id = str(data["message_id"]) if "message_id" in data else None
    unknown = sorted(set(data) - KNOWN)
    return _event(sender, data, msg_id), unknown


def _event(sender: Sender, data: Mapping[str, Any], msg_id: str | None) -> Event:
    kinds = [k for k in ("text", "button", "location") if k in data]
    if len(kinds) != 1:
        raise BadLine("a line needs exactly one of 'text', 'button', 'location'")
    value = data[kinds[0]]
    if kinds[0] == "text":
        if not isinstance(value, str):
            raise BadLine("'text' must be a string")
        return text_event(sender, value, msg_id)
    if kinds[0] == "button":
        if not isinstance(value, str) or len(value.encode()) > 64:
            raise BadLine("'button' must be a payload string of at most 64 bytes")
        return ButtonPress(sender, value, msg_id)
    point = parse_latlon(",".join(map(str, value))) if isinstance(value, list) else None
    if point is None or len(value) != 2:
        raise BadLine("'location' must be [lat, lon] within range")
    return LocationShared(sender, point[0], point[1], message_id=msg_id)


class JsonlChannel:
    """Reads events from a stream and writes actions, one JSON object per line."""

    def __init__(self, app: SafePassage, out: TextIO,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex[:12]) -> None:
        self.app = app
        self.out = out
        self.new_id = new_id

    def run(self, lines: TextIO) -> int:
        """Process every input line; returns 0 (bad lines are reported, not fatal)."""
        self.deliver()  # alerts a crashed earlier run stored but did not send
        self.app.sent.start()
        try:
            for number, line in enumerate(lines, start=1):
                self.handle_line(line, number)
            self.deliver()
        finally:
            self.app.sent.stop()
        return 0

    def handle_line(self, line: str, number: int = 0) -> None:
        """Process one line of input."""
        if not line.strip():
            self._emit({"type": "error", "line": number, "error": "empty line"})
            return
        if len(line) > MAX_LINE:
            self._emit({"type": "error", "line": number, "error": "line too long"})
            return
        try:
            event, unknown = parse_line(line)
        except BadLine as exc:
            self._emit({"type": "error", "line": number, "error": str(exc)})
            return
        if unknown:
            self._emit({"type": "error", "line": number,
                        "error": f"unknown fields ignored: {', '.join(unknown)}"})
        self._turn(event)

    def _turn(self, event: Event) -> None:
        outcome = self.app.handle(event)
        sent = [mid for a in outcome.actions for mid in self._write(event.sender, a, outcome.lang)]
        self.app.note_sent(event.sender, sent)
        if outcome.filed:
            self.deliver()

    def deliver(self) -> int:
        """Emit every due alert (after a report, and at the start and end of a run)."""
        return deliver_due(self.app.store, _JsonlAlerts(self), self.app.settings.alert_max_attempts)

    def _write(self, sender: Sender, action: Action, lang: str) -> list[str]:
        if isinstance(action, Reply):
            rendered = render_reply(action, translator(lang))
            ids = []
            for i, part in enumerate(rendered.parts):
                last = i == len(rendered.parts) - 1
                ids.append(self.new_id())
                self._emit({
                    "user": sender.user_id, "type": "message", "text": part,
                    "buttons": [{"label": lbl, "payload": p} for lbl, p in rendered.buttons]
                    if last else [],
                    "lang": lang, "protect": rendered.protect, "message_id": ids[-1],
                    **({"request_location": True} if rendered.request_location and last else {}),
                })
            return ids
        if isinstance(action, DeleteMessages):
            self._emit({"user": sender.user_id, "type": "delete",
                        "message_ids": list(action.message_ids)})
        elif isinstance(action, ScheduleFollowUp):
            self._emit({"user": sender.user_id, "type": "follow_up",
                        "after_seconds": action.after_seconds, "message": action.text.id})
        elif isinstance(action, CancelFollowUps):
            self._emit({"user": sender.user_id, "type": "cancel_follow_ups"})
        return []

    def _emit(self, obj: Mapping[str, Any]) -> None:
        self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.out.flush()


class _JsonlAlerts:
    """Delivers alerts as ``{"type": "alert", ...}`` lines on the channel's output."""

    def __init__(self, channel: JsonlChannel) -> None:
        self.channel = channel

    def send(self, alert: PendingAlert) -> str:
        payload = dict(alert.payload)
        self.channel._emit({
            "type": "alert", "alert_id": alert.id, "partner": alert.partner_id,
            "priority": alert.priority, "reasons": payload.get("reasons", []),
            "ref": alert.report_ref, **{k: v for k, v in payload.items() if k != "reasons"},
        })
        return f"jsonl:{alert.id}"
