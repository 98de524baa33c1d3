"""Telegram's text, formatting and keyboard rules, checked without HTTP."""

from __future__ import annotations

import pytest

from tests.telegram_emulator.errors import ApiError
from tests.telegram_emulator.markup import (
    check_caption,
    check_reply_markup,
    check_text,
    visible_text,
)


def error_of(call: object, *args: object) -> str:
    with pytest.raises(ApiError) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.error_code == 400
    return caught.value.description


def test_html_is_stripped_and_unescaped_for_length() -> None:
    assert visible_text('<a href="https://x.org">A &amp; B</a>', "HTML") == "A & B"
    assert check_text("<b>" + "ก" * 4096 + "</b>", "HTML") == "ก" * 4096


def test_html_errors_name_the_tag() -> None:
    assert 'Unsupported start tag "div"' in error_of(check_text, "<div>x</div>", "HTML")
    assert 'start tag "b"' in error_of(check_text, "<b>open", "HTML")
    assert "Unsupported start tag" in error_of(check_text, "1 < 2", "HTML")


def test_markdown_v2_reserved_characters_need_escaping() -> None:
    assert "Character '.' is reserved" in error_of(check_text, "Call 1300.", "MarkdownV2")
    assert visible_text("*Call* 1300\\.", "MarkdownV2") == "Call 1300."
    assert visible_text("[site](https://x.org/a-b.c)", "MarkdownV2") == "site"
    assert visible_text("`a.b`", "MarkdownV2") == "a.b"


def test_plain_text_limits() -> None:
    assert error_of(check_text, "x" * 4097, None) == "Bad Request: message is too long"
    assert error_of(check_text, "   ", None) == "Bad Request: message text is empty"
    assert error_of(check_caption, "x" * 1025, None).endswith("caption is too long")


def test_keyboard_rules() -> None:
    only_text = {"inline_keyboard": [[{"text": "a"}]]}
    assert "text buttons are unallowed" in error_of(check_reply_markup, only_text)
    bad_url = {"inline_keyboard": [[{"text": "a", "url": "javascript:x"}]]}
    assert "Wrong HTTP URL" in error_of(check_reply_markup, bad_url)
    reply = {"keyboard": [["Help"]]}
    assert check_reply_markup(reply) == reply
    assert "inline keyboard expected" in error_of(check_reply_markup, reply, True)
