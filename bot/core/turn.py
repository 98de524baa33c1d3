"""One turn in progress: the state being built and the actions collected so far.

Actions and validators receive a Turn; it is the only mutable object in the core and lives
for a single call of :meth:`bot.core.engine.Engine.decide`.
"""

from dataclasses import replace
from typing import Any

from bot.core.events import Action, Button, Event, Msg, Reply
from bot.core.state import Position, State
from nlu.types import Parse


class Turn:
    """Mutable accumulator for one turn."""

    def __init__(self, state: State, event: Event, now: float = 0.0, token: int = 0) -> None:
        self.state = state
        self.event = event
        self.actions: list[Action] = []
        self.parse: Parse | None = None
        self.now = now
        self.token = token
        self.protect = False
        self.redirect: str | None = None
        self.memo: dict[str, object] = {}

    @property
    def lang(self) -> str:
        """The language replies are rendered in."""
        return self.state.lang or "en"

    def say(self, msg_id: str, buttons: tuple[Button, ...] = (), **params: Any) -> None:
        """Queue a reply."""
        self.reply(Reply(Msg(msg_id, params), buttons, protect=self.protect))

    def reply(self, reply: Reply) -> None:
        """Queue a prepared reply (protect_content forced on inside protected flows)."""
        if self.protect and not reply.protect:
            reply = replace(reply, protect=True)
        self.actions.append(reply)

    def act(self, action: Action) -> None:
        """Queue a non-reply action."""
        self.actions.append(action)

    def set_slots(self, **updates: str | None) -> None:
        """Set (or with None, clear) slots."""
        self.state = self.state.with_slots(**updates)

    def slot(self, name: str) -> str | None:
        """A slot's value."""
        return self.state.slots.get(name)

    def goto(self, target: str) -> None:
        """Ask the engine to continue at ``target`` instead of the step's own transition."""
        self.redirect = target

    def move(self, position: Position | None) -> None:
        """Set where the conversation waits."""
        self.state = replace(self.state, position=position)

    def track(self, message_id: str | None) -> None:
        """Remember a chat message id so quick exit can delete it."""
        if message_id:
            self.state = self.state.with_message_ids((message_id,))
