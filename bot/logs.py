"""Structured logging (one JSON object per line) that never carries personal data.

Log calls pass ids and codes only; as a second line of defence, the formatter drops any
record argument that looks like a phone number and caps message length.
"""

import json
import logging
import re
import sys
from typing import Any

_PHONE = re.compile(r"\+?\d[\d ()-]{6,}\d")


class JsonFormatter(logging.Formatter):
    """Formats records as JSON lines."""

    def format(self, record: logging.LogRecord) -> str:
        """One JSON object for one record."""
        message = _PHONE.sub("<number>", record.getMessage())[:500]
        data: dict[str, Any] = {
            "ts": round(record.created, 3), "level": record.levelname,
            "logger": record.name, "msg": message,
        }
        if record.exc_info and record.exc_info[0] is not None:
            data["error"] = record.exc_info[0].__name__
        return json.dumps(data, ensure_ascii=False)


def setup_logging(level: str = "INFO") -> None:
    """Send JSON logs to stderr (stdout belongs to the channels)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
