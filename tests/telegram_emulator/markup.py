"""Checks on message text, formatting and keyboards that Telegram enforces.

Limits from https://core.telegram.org/bots/api (read 2025): text 1-4096 characters after
entity parsing, captions 0-1024, callback_data 1-64 bytes. Parse errors reproduce the
most common real failures (unsupported HTML tag, unclosed tag, unescaped MarkdownV2
reserved character) rather than Telegram's full parser.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tests.telegram_emulator.errors import bad_request

JSONDict = dict[str, Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
PARSE_MODES = {"html": "HTML", "markdown": "Markdown", "markdownv2": "MarkdownV2"}
HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
     "code", "pre", "blockquote", "tg-emoji"}
)  # fmt: skip
_TAG = re.compile(r"<(/?)([^\s>/]*)[^>]*>")
# Reserved MarkdownV2 characters that never open or close an entity in running text.
_MD2_ALWAYS_ESCAPED = frozenset(".!#+-={}")
_MD2_MARKERS = re.compile(r"\\(.)|[*_~|`]|\|\||\[|\]\([^)]*\)|^>", re.MULTILINE | re.DOTALL)


def check_parse_mode(parse_mode: str | None) -> str | None:
    """Return the canonical parse mode or raise ``unsupported parse_mode``."""
    if parse_mode is None or parse_mode == "":
        return None
    canonical = PARSE_MODES.get(parse_mode.lower())
    if canonical is None:
        raise bad_request("unsupported parse_mode")
    return canonical


def visible_text(text: str, parse_mode: str | None) -> str:
    """Return the text a user sees after Telegram parsed ``parse_mode`` (and check it)."""
    if parse_mode == "HTML":
        _check_html(text)
        return html.unescape(_TAG.sub("", text))
    if parse_mode == "MarkdownV2":
        _check_markdown_v2(text)
        return _MD2_MARKERS.sub(lambda m: m.group(1) or "", text)
    return text


def check_text(text: str, parse_mode: str | None) -> str:
    """Validate a message text; return what the user would see."""
    shown = visible_text(text, parse_mode)
    if not shown.strip():
        raise bad_request("message text is empty")
    if len(shown) > MAX_TEXT:
        raise bad_request("message is too long")
    return shown


def check_caption(caption: str | None, parse_mode: str | None) -> str | None:
    """Validate a media caption; return what the user would see."""
    if caption is None:
        return None
    shown = visible_text(caption, parse_mode)
    if len(shown) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return shown


def check_reply_markup(markup: Any, inline_only: bool = False) -> JSONDict | None:
    """Validate ``reply_markup``; return it, or None when absent."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif inline_only:
        raise bad_request("inline keyboard expected")
    elif "keyboard" in markup:
        _check_rows(markup["keyboard"], "keyboard")
    elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def shown_markup(markup: JSONDict | None) -> JSONDict | None:
    """Return the markup a Message carries: only inline keyboards are echoed back."""
    if markup and "inline_keyboard" in markup:
        return markup
    return None


def _check_inline_keyboard(rows: Any) -> None:
    _check_rows(rows, "inline keyboard")
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_rows(rows: Any, what: str) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f"can't parse {what} JSON object")


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = set(button) - {"text", "style", "icon_custom_emoji_id"}
    if not actions:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    data = button.get("callback_data")
    if data is not None:
        size = len(str(data).encode("utf-8"))
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not re.match(r"^(https?|tg)://\S+$", str(url)):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _check_html(text: str) -> None:
    open_tags: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        _check_no_stray_bracket(text[position : match.start()], text, position)
        closing, name = match.group(1), match.group(2).lower()
        if name not in HTML_TAGS:
            offset = len(text[: match.start()].encode("utf-8"))
            raise bad_request(
                f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}'
            )
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            raise bad_request(f'can\'t parse entities: Unmatched end tag "{name}"')
        position = match.end()
    _check_no_stray_bracket(text[position:], text, position)
    if open_tags:
        raise bad_request(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{open_tags[-1]}"'
        )


def _check_no_stray_bracket(chunk: str, text: str, start: int) -> None:
    index = chunk.find("<")
    if index >= 0:
        offset = len(text[: start + index].encode("utf-8"))
        raise bad_request(
            f'can\'t parse entities: Unsupported start tag "" at byte offset {offset}'
        )


def _check_markdown_v2(text: str) -> None:
    index, in_code = 0, False
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            in_code = not in_code
        elif not in_code and char == "]" and text[index + 1 : index + 2] == "(":
            index = _skip_link_target(text, index + 2)
            continue
        elif not in_code and _is_stray_reserved(text, index):
            raise bad_request(
                f"can't parse entities: Character '{char}' is reserved and must be "
                "escaped with the preceding '\\'"
            )
        index += 1


def _is_stray_reserved(text: str, index: int) -> bool:
    char = text[index]
    opens_custom_emoji = char == "!" and text[index + 1 : index + 2] == "["
    return char in _MD2_ALWAYS_ESCAPED and not opens_custom_emoji


def _skip_link_target(text: str, index: int) -> int:
    while index < len(text) and text[index] != ")":
        index += 2 if text[index] == "\\" else 1
    return index + 1
