"""Typed inbound events (channel -> engine) and outbound actions (engine -> channel).

Everything here is a frozen value. Replies carry message ids and parameters, never literal
text: channels render them with the user's catalogue.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeAlias

_EMPTY: Mapping[str, str] = MappingProxyType({})


def M_(msg_id: str) -> str:
    """Mark a message id in code so ``pybabel extract`` finds it (like gettext_noop)."""
    return msg_id


@dataclass(frozen=True)
class Sender:
    """Who wrote: the channel's user and chat ids and the client's language code."""

    channel: str
    user_id: str
    chat_id: str
    lang_code: str | None = None


@dataclass(frozen=True)
class Text:
    """A typed message."""

    sender: Sender
    text: str
    message_id: str | None = None
    edited: bool = False


@dataclass(frozen=True)
class ButtonPress:
    """A button pressed; the payload is untrusted input."""

    sender: Sender
    payload: str
    message_id: str | None = None


@dataclass(frozen=True)
class LocationShared:
    """A location pin (or a live location update)."""

    sender: Sender
    lat: float
    lon: float
    live: bool = False
    message_id: str | None = None


@dataclass(frozen=True)
class ContactShared:
    """A phone contact card."""

    sender: Sender
    phone: str
    name: str = ""
    message_id: str | None = None


@dataclass(frozen=True)
class MediaShared:
    """A photo, document or voice note, kept as a reference for evidence."""

    sender: Sender
    kind: str
    ref: str
    caption: str = ""
    message_id: str | None = None


@dataclass(frozen=True)
class Command:
    """A slash command such as ``/start ref`` (name without the slash, lower case)."""

    sender: Sender
    name: str
    arg: str = ""
    message_id: str | None = None


@dataclass(frozen=True)
class Unsupported:
    """Anything the channel cannot map (stickers, polls, unknown update types)."""

    sender: Sender
    kind: str
    message_id: str | None = None


Event: TypeAlias = (
    Text | ButtonPress | LocationShared | ContactShared | MediaShared | Command | Unsupported
)


@dataclass(frozen=True)
class Template:
    """A parameter rendered from the catalogue by a function (lists, contact cards).

    The function receives the user's ``gettext`` and language code (for locale formats such as
    day names and times) and returns text; it must be pure.
    """

    render: Callable[[Callable[[str], str], str], str]


@dataclass(frozen=True)
class Msg:
    """A catalogue message id with its parameters (strings, nested messages or templates)."""

    id: str
    params: Mapping[str, "str | Msg | Template | tuple[Msg | str, ...]"] = field(
        default_factory=lambda: _EMPTY
    )


@dataclass(frozen=True)
class Button:
    """An inline button: a label to render and the payload it sends back."""

    label: Msg
    payload: str


@dataclass(frozen=True)
class Reply:
    """Send one message to the user."""

    text: Msg
    buttons: tuple[Button, ...] = ()
    protect: bool = False
    request_location: bool = False
    remove_keyboard: bool = False


@dataclass(frozen=True)
class DeleteMessages:
    """Delete earlier messages of this chat (channel message ids)."""

    message_ids: tuple[str, ...]


@dataclass(frozen=True)
class FileReport:
    """Store a distress report and queue its alerts (the app layer does the I/O)."""

    report: Mapping[str, object]


@dataclass(frozen=True)
class ScheduleFollowUp:
    """Send ``text`` later, only to a user who opted in to be contacted."""

    after_seconds: int
    text: Msg


@dataclass(frozen=True)
class CancelFollowUps:
    """Withdraw every follow-up still waiting for this user (stop, quick exit, /forget)."""


@dataclass(frozen=True)
class ForgetUser:
    """Erase everything stored about this user."""


Action: TypeAlias = (
    Reply | DeleteMessages | FileReport | ScheduleFollowUp | CancelFollowUps | ForgetUser
)
