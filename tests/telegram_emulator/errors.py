"""Bot API error replies and the fault plan that tests use to inject them."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal

# Descriptions used when a test injects a bare status code (wording as Telegram sends it).
DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request: message can't be deleted",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

POLL = "getupdates"  # "*" faults skip long polling, which would otherwise swallow them

FaultMode = Literal["error", "disconnect", "delay"]


class ApiError(Exception):
    """A Bot API failure reply: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """Return the JSON body Telegram would send for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(what: str) -> ApiError:
    """Return a 400 error whose description is ``Bad Request: <what>``."""
    return ApiError(400, f"Bad Request: {what}")


def forbidden(what: str) -> ApiError:
    """Return a 403 error whose description is ``Forbidden: <what>``."""
    return ApiError(403, f"Forbidden: {what}")


def too_many_requests(retry_after: int) -> ApiError:
    """Return the 429 flood-control error with ``parameters.retry_after``."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def error_for(error_code: int, description: str | None, retry_after: int) -> ApiError:
    """Build the error a test asked for, filling Telegram's usual description."""
    if error_code == 429:
        error = too_many_requests(retry_after)
        if description:
            error.description = description
        return error
    text = description or DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
    return ApiError(error_code, text)


@dataclass(frozen=True)
class Fault:
    """One injected failure: an error reply, a dropped connection or a slow reply."""

    method: str
    mode: FaultMode
    error: ApiError | None = None
    delay: float = 0.0


class FaultPlan:
    """Queued faults per method (case-insensitive; ``"*"`` matches any but getUpdates)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queued: list[Fault] = []

    def add(self, fault: Fault, times: int) -> None:
        """Queue ``fault`` for the next ``times`` matching calls."""
        with self._lock:
            self._queued.extend([fault] * times)

    def take(self, method: str) -> Fault | None:
        """Pop the first fault queued for ``method``, if any."""
        wanted = method.lower()
        with self._lock:
            for index, fault in enumerate(self._queued):
                if fault.method.lower() == wanted or (fault.method == "*" and wanted != POLL):
                    return self._queued.pop(index)
        return None

    def clear(self) -> None:
        """Forget every queued fault."""
        with self._lock:
            self._queued.clear()

    def pending(self) -> int:
        """Return how many faults are still queued."""
        with self._lock:
            return len(self._queued)
