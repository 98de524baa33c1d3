"""Turn typed lines (console, jsonl) into core events; shared by the text channels."""

import re

from bot.core.events import Command, Event, LocationShared, Sender, Text

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.S)
_LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


def text_event(sender: Sender, text: str, message_id: str | None = None) -> Event:
    """A command for ``/name arg`` (``/loc LAT,LON`` is a location), else a text event."""
    found = _COMMAND.match(text.strip())
    if not found:
        return Text(sender, text, message_id)
    name, arg = found.group(1).lower(), (found.group(2) or "").strip()
    if name == "loc":
        point = parse_latlon(arg)
        if point:
            return LocationShared(sender, point[0], point[1], message_id=message_id)
    return Command(sender, name, arg, message_id)


def parse_latlon(text: str) -> tuple[float, float] | None:
    """Latitude and longitude from ``LAT,LON`` when both are in range."""
    found = _LATLON.match(text)
    if not found:
        return None
    lat, lon = float(found.group(1)), float(found.group(2))
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None
