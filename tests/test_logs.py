"""Logs are JSON lines and mask anything that looks like a phone number."""

import json
import logging

from bot.logs import JsonFormatter


def record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("bot.test", logging.WARNING, __file__, 1, msg, args, None)


def test_a_record_becomes_one_json_object() -> None:
    data = json.loads(JsonFormatter().format(record("alert %s not delivered", 7)))
    assert data["level"] == "WARNING" and data["msg"] == "alert 7 not delivered"


def test_phone_numbers_are_masked_even_if_a_caller_slips() -> None:
    line = JsonFormatter().format(record("call %s", "+62 812 9007 0027"))
    assert "9007" not in line and "<number>" in line


def test_exceptions_are_named_not_dumped() -> None:
    try:
        raise ValueError("user typed: my passport number is A1234567")
    except ValueError:
        import sys

        rec = logging.LogRecord("x", logging.ERROR, __file__, 1, "turn failed", (), sys.exc_info())
    line = JsonFormatter().format(rec)
    assert json.loads(line)["error"] == "ValueError" and "A1234567" not in line
