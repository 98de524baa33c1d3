"""Decoding of Bot API parameters as python-telegram-bot sends them, and typed accessors.

PTB posts ``application/x-www-form-urlencoded`` (or multipart when uploading) where string
values are sent raw and every other value (ints, bools, nested objects) as JSON text; see
``telegram.request.RequestData.json_parameters``. Other clients may post a JSON body.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.telegram_emulator.errors import bad_request

JSONDict = dict[str, Any]

# Parameters whose value is a plain string: never JSON-decode them, or a text "123" or
# "true" would turn into a number or a bool.
STRING_PARAMS = frozenset(
    {
        "action", "address", "business_connection_id", "caption", "callback_query_id",
        "custom_emoji_id", "description", "document", "emoji", "file_id", "first_name",
        "inline_message_id", "ip_address", "language_code", "last_name", "message_effect_id",
        "name", "parse_mode", "phone_number", "photo", "question", "secret_token",
        "short_description", "sticker", "text", "title", "url", "vcard", "video", "voice",
        "animation", "audio", "video_note", "thumbnail", "query_id",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Upload:
    """A file uploaded in a multipart request."""

    filename: str
    content_type: str
    content: bytes


def decode_form_value(name: str, value: str) -> Any:
    """Decode one form field: JSON for structured values, raw text for string params."""
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def decode_form(fields: Iterable[tuple[str, Any]]) -> JSONDict:
    """Decode all form fields; uploads stay :class:`Upload` values."""
    return {
        name: value if isinstance(value, Upload) else decode_form_value(name, str(value))
        for name, value in fields
    }


def require(params: JSONDict, name: str, empty: str | None = None) -> Any:
    """Return a required parameter or raise Telegram's ``... is empty`` error."""
    value = params.get(name)
    if value is None or value == "":
        raise bad_request(empty or f"{name} is empty")
    return value


def int_param(params: JSONDict, name: str, default: int | None = None) -> int | None:
    """Return an integer parameter (JSON number or numeric text) or ``default``."""
    value = params.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        raise bad_request(f"wrong parameter {name} in request")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"wrong parameter {name} in request") from None


def required_int(params: JSONDict, name: str, empty: str | None = None) -> int:
    """Return a required integer parameter."""
    require(params, name, empty)
    value = int_param(params, name)
    assert value is not None  # require() rejected None already
    return value


def float_param(params: JSONDict, name: str, default: float | None = None) -> float:
    """Return a number parameter (latitude, ...); required unless ``default`` is given."""
    if default is not None and params.get(name) is None:
        return default
    value = require(params, name)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise bad_request(f"wrong parameter {name} in request") from None


def str_param(params: JSONDict, name: str) -> str | None:
    """Return a string parameter (numbers are turned back into text), or None."""
    value = params.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def bool_param(params: JSONDict, name: str) -> bool:
    """Return a boolean flag; absent means False."""
    value = params.get(name)
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def object_param(params: JSONDict, name: str) -> Any:
    """Return a JSON-object or JSON-array parameter, decoding it if sent as text."""
    value = params.get(name)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None
    return value
