"""Render core actions into text and buttons in the user's language (shared by channels)."""

from dataclasses import dataclass

from bot.core.events import Reply
from bot.i18n import Translator

#: Telegram's limit on one message; longer texts are split at line breaks.
MAX_MESSAGE_CHARS = 4096


@dataclass(frozen=True)
class Rendered:
    """A reply ready for a channel: text parts and (label, payload) buttons."""

    parts: tuple[str, ...]
    buttons: tuple[tuple[str, str], ...]
    protect: bool
    request_location: bool


def render_reply(reply: Reply, tr: Translator) -> Rendered:
    """Text (split to fit the channel's limit) and labelled buttons of one reply."""
    text = tr.render(reply.text)
    buttons = tuple((tr.label(b), b.payload) for b in reply.buttons)
    return Rendered(split_text(text), buttons, reply.protect, reply.request_location)


def split_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> tuple[str, ...]:
    """Split a long text into parts under ``limit``, at line breaks where possible."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return (*parts, text) if text or not parts else tuple(parts)
