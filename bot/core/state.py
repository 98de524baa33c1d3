"""Conversation state: where the user is in which flow, what they answered, and what to resume.

State is a frozen value; the engine returns a new one each turn and the store persists it as
JSON (encrypted at rest: slots may hold personal data).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from bot.core.events import Sender

#: Chat message ids kept for quick exit (the newest; Telegram deletes only 48 hours back).
MAX_TRACKED_MESSAGES = 500


@dataclass(frozen=True)
class Position:
    """A step in a flow."""

    flow: str
    step: str


@dataclass(frozen=True)
class State:
    """Everything the engine remembers about one conversation."""

    user_key: str
    chat_id: str = ""
    lang: str | None = None
    lang_explicit: bool = False
    position: Position | None = None
    slots: dict[str, str] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    resume: tuple[Position, ...] = ()
    detected: tuple[str, ...] = ()
    message_ids: tuple[str, ...] = ()
    turns: int = 0

    def with_slots(self, **updates: str | None) -> "State":
        """A copy with slots set (None removes a slot)."""
        slots = dict(self.slots)
        for key, value in updates.items():
            if value is None:
                slots.pop(key, None)
            else:
                slots[key] = value
        return replace(self, slots=slots)

    def with_flag(self, flag: str, on: bool = True) -> "State":
        """A copy with a flag set or cleared."""
        flags = self.flags | {flag} if on else self.flags - {flag}
        return replace(self, flags=frozenset(flags))

    def with_message_ids(self, ids: Iterable[str]) -> "State":
        """A copy that also tracks ``ids`` for quick exit (each id once, the newest kept)."""
        merged = dict.fromkeys((*self.message_ids, *ids))
        return replace(self, message_ids=tuple(merged)[-MAX_TRACKED_MESSAGES:])

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the store's serialised form)."""
        return {
            "user_key": self.user_key,
            "chat_id": self.chat_id,
            "lang": self.lang,
            "lang_explicit": self.lang_explicit,
            "position": _pos_json(self.position),
            "slots": dict(self.slots),
            "flags": sorted(self.flags),
            "resume": [_pos_json(p) for p in self.resume],
            "detected": list(self.detected),
            "message_ids": list(self.message_ids),
            "turns": self.turns,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "State":
        """Rebuild a state saved by :meth:`to_json`; unknown keys are ignored."""
        return cls(
            user_key=str(data["user_key"]),
            chat_id=str(data.get("chat_id", "")),
            lang=data.get("lang"),
            lang_explicit=bool(data.get("lang_explicit", False)),
            position=_pos_from(data.get("position")),
            slots={str(k): str(v) for k, v in (data.get("slots") or {}).items()},
            flags=frozenset(data.get("flags") or ()),
            resume=tuple(p for p in map(_pos_from, data.get("resume") or ()) if p),
            detected=tuple(data.get("detected") or ()),
            message_ids=tuple(str(m) for m in data.get("message_ids") or ()),
            turns=int(data.get("turns", 0)),
        )


def user_key(sender: Sender) -> str:
    """The key a conversation is stored under (the store pseudonymises it further)."""
    return f"{sender.channel}:{sender.user_id}"


def _pos_json(pos: Position | None) -> list[str] | None:
    return [pos.flow, pos.step] if pos else None


def _pos_from(raw: object) -> Position | None:
    if isinstance(raw, (list, tuple)) and len(raw) == 2:
        return Position(str(raw[0]), str(raw[1]))
    return None
