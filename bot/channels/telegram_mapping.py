"""Telegram updates -> core events (pure: reads PTB objects, does no I/O).

Only private chats are conversations: the helpline never talks in groups, so a message in
the operators' room is never mistaken for a person asking for help. Operator buttons
(``op:...``) are not events at all; :mod:`bot.channels.telegram_operators` handles them.
"""

import re
from dataclasses import dataclass

from telegram import CallbackQuery, Chat, Message, Update

from bot.core.events import (
    ButtonPress, Command, ContactShared, Event, LocationShared, MediaShared, Sender, Text,
    Unsupported,
)

CHANNEL = "telegram"
OPERATOR_PREFIX = "op:"
#: Callback data is at most 64 bytes on Telegram; anything longer is junk, kept short here.
MAX_PAYLOAD = 256

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@(\w+))?(?:\s+(.*))?$", re.S)
_MEDIA_KINDS = ("photo", "document", "voice", "video", "video_note", "audio")
_IGNORED_UPDATES = ("my_chat_member", "chat_member", "chat_join_request")


@dataclass(frozen=True)
class OperatorPress:
    """An operator button: ``op:<action>:<alert id>`` (the id is None when malformed)."""

    action: str
    alert_id: int | None


def sender_of(update: Update) -> Sender | None:
    """The sender of an update from a private chat, or None."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != Chat.PRIVATE:
        return None
    return Sender(CHANNEL, str(user.id), str(chat.id), user.language_code)


def to_event(update: Update, bot_username: str | None = None) -> Event | None:
    """The core event for one update, or None when there is nobody to answer."""
    if any(getattr(update, name, None) is not None for name in _IGNORED_UPDATES):
        return None
    sender = sender_of(update)
    if sender is None:
        return None
    if update.callback_query is not None:
        return _button(sender, update.callback_query)
    if update.message is not None:
        return _message(sender, update.message, bot_username)
    if update.edited_message is not None:
        return _edited(sender, update.edited_message)
    return Unsupported(sender, "update")


def operator_press(query: CallbackQuery) -> OperatorPress | None:
    """The operator action of a button press, or None when it is not an operator button."""
    data = query.data or ""
    if not data.startswith(OPERATOR_PREFIX):
        return None
    parts = data.split(":")
    action = parts[1][:16] if len(parts) > 1 else ""
    alert_id = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else None
    return OperatorPress(action, alert_id if alert_id is not None and alert_id < 2**62 else None)


def _button(sender: Sender, query: CallbackQuery) -> Event:
    if query.data is None:  # a game button: nothing this bot offers
        return Unsupported(sender, "callback")
    # The message carrying the button is the bot's own and already tracked: no message_id.
    return ButtonPress(sender, query.data[:MAX_PAYLOAD])


def _message(sender: Sender, message: Message, bot_username: str | None) -> Event:
    mid = str(message.message_id)
    if message.text is not None:
        return _text(sender, message.text, mid, bot_username)
    if message.location is not None:
        # to_dict, not .live_period: that property warns until PTB settles its type.
        live = message.location.to_dict().get("live_period") is not None
        return LocationShared(sender, message.location.latitude, message.location.longitude,
                              live=live, message_id=mid)
    if message.contact is not None:
        name = " ".join(filter(None, (message.contact.first_name, message.contact.last_name)))
        return ContactShared(sender, message.contact.phone_number, name, mid)
    media = _media(sender, message, mid)
    if media is not None:
        return media
    return Unsupported(sender, "sticker" if message.sticker is not None else "message", mid)


def _text(sender: Sender, text: str, mid: str, bot_username: str | None) -> Event:
    found = _COMMAND.match(text.strip())
    if found is None:
        return Text(sender, text, mid)
    name, addressed, arg = found.group(1).lower(), found.group(2), found.group(3) or ""
    if addressed and bot_username and addressed.lower() != bot_username.lower():
        return Text(sender, text, mid)  # "/help@otherbot" is not for us
    return Command(sender, name, arg.strip(), mid)


def _media(sender: Sender, message: Message, mid: str) -> MediaShared | None:
    caption = message.caption or ""
    if message.photo:
        return MediaShared(sender, "photo", message.photo[-1].file_id, caption, mid)
    for kind in _MEDIA_KINDS[1:]:
        item = getattr(message, kind, None)
        if item is not None:
            return MediaShared(sender, kind, str(item.file_id), caption, mid)
    return None


def _edited(sender: Sender, message: Message) -> Event:
    # An edit refers to a message that is already tracked: no message_id, so no duplicate.
    if message.location is not None:  # live location updates arrive as edits
        return LocationShared(sender, message.location.latitude, message.location.longitude,
                              live=True)
    if message.text is not None:
        return Text(sender, message.text, edited=True)
    return Unsupported(sender, "edited")
