"""Interactive terminal chat: buttons are numbered (type the number to press one),
``/lang xx`` changes language, ``/loc LAT,LON`` shares a location, ``/quit`` leaves."""

from collections.abc import Callable
from typing import TextIO

from bot.app import SafePassage
from bot.channels.inputs import text_event
from bot.channels.render import render_reply
from bot.core.events import (
    M_, Action, ButtonPress, DeleteMessages, Event, Msg, Reply, Sender,
)
from bot.i18n import translator
from bot.outbox import deliver_due
from bot.storage.store import PendingAlert

CHANNEL = "console"


class ConsoleChannel:
    """A one-user chat in the terminal."""

    def __init__(self, app: SafePassage, out: TextIO, user: str = "local",
                 lang_code: str | None = None) -> None:
        self.app = app
        self.out = out
        self.sender = Sender(CHANNEL, user, user, lang_code)
        self.buttons: list[str] = []
        self._count = 0

    def run(self, read: Callable[[str], str] = input) -> int:
        """Chat until end of input or ``/quit``."""
        self.out.write(self._text(M_("console.intro")) + "\n")
        self.app.sent.start()
        try:
            self.send(text_event(self.sender, "/start"))
            while True:
                try:
                    line = read("> ")
                except (EOFError, KeyboardInterrupt):
                    self.out.write("\n")
                    return 0
                if line.strip().lower() in ("/quit", "/exit"):
                    return 0
                self.send(self.event_for(line))
        finally:
            self.app.sent.stop()

    def event_for(self, line: str) -> Event:
        """A typed number presses the numbered button; anything else is text or a command."""
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self.buttons):
            return ButtonPress(self.sender, self.buttons[int(choice) - 1])
        return text_event(self.sender, line[:100_000])

    def send(self, event: Event) -> None:
        """Run one turn and print what the bot says."""
        outcome = self.app.handle(event)
        sent: list[str] = []
        for action in outcome.actions:
            sent.extend(self._show(action, outcome.lang))
        self.app.note_sent(self.sender, sent)
        if outcome.filed:
            alerts = _ConsoleAlerts(self.out, self.app.settings.operator_language)
            deliver_due(self.app.store, alerts, self.app.settings.alert_max_attempts)

    def _show(self, action: Action, lang: str) -> list[str]:
        if isinstance(action, DeleteMessages):
            cleared = self._text(M_("console.cleared"), lang)
            self.out.write("\n" * 3 + f"---- {cleared} ----\n")
            self.buttons = []
            return []
        if not isinstance(action, Reply):
            return []
        rendered = render_reply(action, translator(lang))
        for part in rendered.parts:
            self.out.write(f"\nbot: {part}\n")
        if rendered.buttons:
            self.buttons = [payload for _, payload in rendered.buttons]
            for number, (label, _) in enumerate(rendered.buttons, start=1):
                self.out.write(f"  [{number}] {label}\n")
        if rendered.request_location:
            hint = self._text(M_("console.share_location"), lang)
            self.out.write(f"  ({hint})\n")
        self._count += 1
        return [f"c{self._count}"]

    def _text(self, msg_id: str, lang: str | None = None) -> str:
        return translator(lang or self.sender.lang_code).render(Msg(msg_id))


class _ConsoleAlerts:
    """Shows alerts for operators in the terminal (a local deployment has no partner chats)."""

    def __init__(self, out: TextIO, lang: str) -> None:
        self.out = out
        self.lang = lang

    def send(self, alert: PendingAlert) -> str:
        note = Msg(M_("console.alert"), {"priority": alert.priority,
                                         "partner": alert.partner_id, "ref": alert.report_ref})
        self.out.write(f"\n[{translator(self.lang).render(note)}]\n")
        return f"console:{alert.id}"
