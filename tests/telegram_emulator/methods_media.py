"""Bot API methods for files, copies, forwards and callback answers."""

from __future__ import annotations

import copy

from tests.telegram_emulator.errors import bad_request
from tests.telegram_emulator.factories import (
    JSONDict,
    document_dict,
    new_file_ids,
    photo_size,
)
from tests.telegram_emulator.markup import check_caption, check_parse_mode
from tests.telegram_emulator.methods_messages import new_bot_message, target_chat
from tests.telegram_emulator.params import Upload, require, required_int, str_param
from tests.telegram_emulator.records import FileRecord
from tests.telegram_emulator.state import EmulatorState

MAX_CALLBACK_ANSWER = 200  # answerCallbackQuery text: 0-200 characters
# Fields a copy does not carry over from the original message.
_NOT_COPIED = frozenset(
    {"message_id", "from", "chat", "date", "edit_date", "reply_to_message", "reply_markup",
     "has_protected_content", "forward_origin", "forward_from", "forward_date"}
)  # fmt: skip
_FOLDER_NAMES = {"photos": "Photo", "documents": "Document", "voice": "Voice"}


def send_photo(state: EmulatorState, params: JSONDict) -> JSONDict:
    """sendPhoto by file_id, HTTP URL or upload; the Message carries one PhotoSize."""
    chat = target_chat(state, params)
    record = _input_file(state, params, "photo", "photos")
    size = len(record.content)
    content: JSONDict = {
        "photo": [photo_size(record.file_id, record.file_unique_id, 1280, 960, size)]
    }
    _add_caption(content, params)
    return new_bot_message(state, chat, content, "sendPhoto", params)


def send_document(state: EmulatorState, params: JSONDict) -> JSONDict:
    """sendDocument by file_id, HTTP URL or upload."""
    chat = target_chat(state, params)
    record = _input_file(state, params, "document", "documents")
    name = record.file_name or record.file_path.rsplit("/")[-1]
    mime = record.mime_type or "application/octet-stream"
    content: JSONDict = {
        "document": document_dict(
            record.file_id, record.file_unique_id, name, mime, len(record.content)
        )
    }
    _add_caption(content, params)
    return new_bot_message(state, chat, content, "sendDocument", params)


def get_file(state: EmulatorState, params: JSONDict) -> JSONDict:
    """getFile: the path to download a known file from the file URL."""
    file_id = str(require(params, "file_id", "file_id is empty"))
    with state.lock:
        record = state.files.get(file_id)
    if record is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_size": len(record.content),
        "file_path": record.file_path,
    }


def copy_message(state: EmulatorState, params: JSONDict) -> JSONDict:
    """copyMessage: same content without a link to the original; returns a MessageId."""
    original = _source(state, params, "message to copy not found")
    chat = target_chat(state, params)
    content = {k: copy.deepcopy(v) for k, v in original.items() if k not in _NOT_COPIED}
    if "caption" in params:
        content.pop("caption_entities", None)
        _add_caption(content, params)
    message = new_bot_message(state, chat, content, "copyMessage", params)
    return {"message_id": message["message_id"]}


def forward_message(state: EmulatorState, params: JSONDict) -> JSONDict:
    """forwardMessage: the content plus ``forward_origin`` naming the original sender."""
    original = _source(state, params, "message to forward not found")
    chat = target_chat(state, params)
    content = {k: copy.deepcopy(v) for k, v in original.items() if k not in _NOT_COPIED}
    sender = original.get("from") or state.identity.user_dict()
    content["forward_origin"] = {"type": "user", "sender_user": sender, "date": original["date"]}
    return new_bot_message(state, chat, content, "forwardMessage", params)


def answer_callback_query(state: EmulatorState, params: JSONDict) -> bool:
    """answerCallbackQuery: each pushed query can be answered once."""
    query_id = str(require(params, "callback_query_id", "callback_query_id is empty"))
    text = str_param(params, "text") or ""
    with state.lock:
        query = state.callbacks.get(query_id)
        if query is None or query.answer is not None:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(text) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = dict(params)
    return True


def _source(state: EmulatorState, params: JSONDict, missing: str) -> JSONDict:
    from_chat = state.chat(require(params, "from_chat_id", "from_chat_id is empty"))
    message_id = required_int(params, "message_id", "message identifier is not specified")
    stored = state.message(from_chat["id"], message_id)
    if stored is None:
        raise bad_request(missing)
    if stored.payload.get("has_protected_content"):
        raise bad_request("message has protected content and can't be forwarded")
    return stored.payload


def _input_file(state: EmulatorState, params: JSONDict, name: str, folder: str) -> FileRecord:
    value = require(params, name, f"there is no {name} in the request")
    if isinstance(value, Upload):
        meta = {"file_name": value.filename, "mime_type": value.content_type}
        return _new_file(state, name, value.content, folder, **meta)
    text = str(value)
    if text.startswith(("http://", "https://")):
        return _new_file(state, name, b"downloaded:" + text.encode("utf-8"), folder)
    with state.lock:
        record = state.files.get(text)
    if record is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if record.kind != folder:
        wanted, got = _FOLDER_NAMES.get(folder, folder), _FOLDER_NAMES.get(record.kind, "File")
        raise bad_request(f"can't use file of type {got} as {wanted}")
    return record


def _new_file(
    state: EmulatorState, kind: str, content: bytes, folder: str, **meta: str
) -> FileRecord:
    file_id, unique_id = new_file_ids(kind)
    return state.add_file(file_id, unique_id, content, folder, **meta)


def _add_caption(content: JSONDict, params: JSONDict) -> None:
    parse_mode = check_parse_mode(str_param(params, "parse_mode"))
    caption = check_caption(str_param(params, "caption"), parse_mode)
    if caption:
        content["caption"] = caption
    else:
        content.pop("caption", None)
