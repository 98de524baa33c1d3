"""Bot-level Bot API methods (identity, webhook, commands, close/logOut) and the registry."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.telegram_emulator import methods_media as media
from tests.telegram_emulator import methods_messages as msgs
from tests.telegram_emulator.errors import bad_request
from tests.telegram_emulator.factories import JSONDict
from tests.telegram_emulator.params import bool_param, int_param, object_param, str_param
from tests.telegram_emulator.state import EmulatorState, WebhookConfig

Handler = Callable[[EmulatorState, JSONDict], Any]

_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")  # setMyCommands: "A two-letter ISO 639-1 language code"
SCOPE_FIELDS: dict[str, tuple[str, ...]] = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}


def get_me(state: EmulatorState, params: JSONDict) -> JSONDict:
    """getMe: the bot's own User with its capabilities."""
    me = state.identity.user_dict()
    me.update(
        can_join_groups=True,
        can_read_all_group_messages=False,
        supports_inline_queries=False,
        can_connect_to_business=False,
        has_main_web_app=False,
    )
    return me


def set_webhook(state: EmulatorState, params: JSONDict) -> bool:
    """setWebhook: record the URL and secret; an empty URL removes the webhook."""
    url = str_param(params, "url") or ""
    secret = str_param(params, "secret_token")
    if url and not url.startswith(("https://", "http://")):
        # Telegram demands HTTPS; plain http is accepted so tests can use 127.0.0.1.
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if secret is not None and not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = int_param(params, "max_connections", 40) or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    _apply_update_options(state, params)
    with state.lock:
        state.webhook = (
            WebhookConfig(url, secret, max_connections, str_param(params, "ip_address"))
            if url
            else None
        )
    state.changed()
    return True


def delete_webhook(state: EmulatorState, params: JSONDict) -> bool:
    """deleteWebhook: back to getUpdates, optionally dropping pending updates."""
    _apply_update_options(state, params)
    with state.lock:
        state.webhook = None
    state.changed()
    return True


def get_webhook_info(state: EmulatorState, params: JSONDict) -> JSONDict:
    """getWebhookInfo: the URL, pending count and last delivery error."""
    with state.lock:
        hook = state.webhook
    info: JSONDict = {
        "url": hook.url if hook else "",
        "has_custom_certificate": False,
        "pending_update_count": state.updates.pending_count(),
    }
    if hook is None:
        return info
    info["max_connections"] = hook.max_connections
    if hook.ip_address:
        info["ip_address"] = hook.ip_address
    if state.updates.allowed_updates:
        info["allowed_updates"] = list(state.updates.allowed_updates)
    if hook.last_error_date is not None:
        info["last_error_date"] = hook.last_error_date
        info["last_error_message"] = hook.last_error_message
    return info


def set_my_commands(state: EmulatorState, params: JSONDict) -> bool:
    """setMyCommands: one list per (scope, language_code); an empty list clears it."""
    commands = object_param(params, "commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be a list of at most 100 BotCommand objects")
    for command in commands:
        _check_command(command)
    key = _command_key(state, params)
    with state.lock:
        if commands:
            state.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            state.commands.pop(key, None)
    return True


def get_my_commands(state: EmulatorState, params: JSONDict) -> list[JSONDict]:
    """getMyCommands: the list stored for exactly this scope and language."""
    with state.lock:
        return [dict(c) for c in state.commands.get(_command_key(state, params), [])]


def delete_my_commands(state: EmulatorState, params: JSONDict) -> bool:
    """deleteMyCommands: forget the list of this scope and language."""
    with state.lock:
        state.commands.pop(_command_key(state, params), None)
    return True


def close(state: EmulatorState, params: JSONDict) -> bool:
    """close: accepted and remembered (Telegram would also refuse it early after launch)."""
    state.closed = True
    return True


def log_out(state: EmulatorState, params: JSONDict) -> bool:
    """logOut: accepted and remembered."""
    state.logged_out = True
    return True


def _apply_update_options(state: EmulatorState, params: JSONDict) -> None:
    allowed = object_param(params, "allowed_updates")
    if isinstance(allowed, list):
        state.updates.allowed_updates = [str(kind) for kind in allowed]
    if bool_param(params, "drop_pending_updates"):
        state.updates.drop_all()


def _check_command(command: Any) -> None:
    if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command", ""))):
        raise bad_request("BOT_COMMAND_INVALID")
    if not 1 <= len(str(command.get("description") or "")) <= 256:
        raise bad_request("command description is empty or too long")


def _command_key(state: EmulatorState, params: JSONDict) -> tuple[str, str]:
    scope = object_param(params, "scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in SCOPE_FIELDS:
        raise bad_request("can't parse BotCommandScope JSON object")
    missing = [f for f in SCOPE_FIELDS[scope["type"]] if f not in scope]
    if missing:
        raise bad_request(f"{missing[0]} is empty")
    language = str_param(params, "language_code") or ""
    if language and not _LANGUAGE.match(language):
        raise bad_request("invalid language code specified")
    return state.command_key(scope, language)


METHODS: dict[str, Handler] = {
    "getMe": get_me,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "close": close,
    "logOut": log_out,
    "sendMessage": msgs.send_message,
    "editMessageText": msgs.edit_message_text,
    "editMessageReplyMarkup": msgs.edit_message_reply_markup,
    "deleteMessage": msgs.delete_message,
    "deleteMessages": msgs.delete_messages,
    "sendLocation": msgs.send_location,
    "sendChatAction": msgs.send_chat_action,
    "sendPhoto": media.send_photo,
    "sendDocument": media.send_document,
    "getFile": media.get_file,
    "copyMessage": media.copy_message,
    "forwardMessage": media.forward_message,
    "answerCallbackQuery": media.answer_callback_query,
}
"""Every emulated method except getUpdates, which the server handles (it waits)."""

CANONICAL_NAMES = {name.lower(): name for name in [*METHODS, "getUpdates"]}
"""Bot API method names are case-insensitive; calls are recorded under these names."""
