"""Alert destinations: which Telegram chat receives alerts for which partner (per deployment).

Never committed: the setting ``ALERT_DESTINATIONS`` holds either an inline list
``"partner_id=chat_id,partner_id2=chat_id2,default=chat_id"`` or the path of a YAML file that
maps partner ids to chat ids. ``default`` is the deployment's own triage operators, who see
every report.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Final

from bot.triage.data import DataError, load_yaml

DEFAULT: Final = "default"
SETTING: Final = "ALERT_DESTINATIONS"
# A numeric chat id (groups are negative) or a public @channel name.
_CHAT = re.compile(r"-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31}")
_PARTNER = re.compile(r"[a-z][a-z0-9_]{1,31}")


@dataclass(frozen=True)
class Destinations:
    """Chat ids by partner id, and the operators' default chat."""

    by_partner: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    default: str | None = None

    def for_partner(self, partner_id: str) -> str | None:
        """The chat that receives this partner's alerts, if the deployment set one."""
        return self.by_partner.get(partner_id)

    def __bool__(self) -> bool:
        return bool(self.by_partner) or self.default is not None


def parse_destinations(value: str | None, known: Collection[str] | None = None) -> Destinations:
    """Parse the setting: inline pairs or a YAML file path; errors name the source and entry."""
    text = (value or "").strip()
    if not text:
        return Destinations()
    if "=" in text:
        pairs = [_split(item, i) for i, item in enumerate(text.split(","), 1) if item.strip()]
        return _build(pairs, SETTING, known)
    if text.endswith((".yml", ".yaml")) or "/" in text:
        return load_destinations(Path(text), known)
    raise DataError(SETTING, "", "expected partner_id=chat_id pairs or a YAML file path")


def load_destinations(path: Path, known: Collection[str] | None = None) -> Destinations:
    """Load a YAML mapping ``partner_id: chat_id`` (plus ``default``) from a file."""
    raw = load_yaml(path)
    if isinstance(raw, dict) and isinstance(raw.get("destinations"), dict):
        raw = raw["destinations"]
    if not isinstance(raw, dict):
        raise DataError(str(path), "", "must map partner ids to chat ids")
    return _build([(str(k), str(v)) for k, v in raw.items()], str(path), known)


def _split(item: str, index: int) -> tuple[str, str]:
    key, sep, chat = item.partition("=")
    if not sep:
        raise DataError(SETTING, f"entry {index}", "expected partner_id=chat_id")
    return key.strip(), chat.strip()


def _build(
    pairs: list[tuple[str, str]], source: str, known: Collection[str] | None
) -> Destinations:
    by_partner: dict[str, str] = {}
    default: str | None = None
    for key, chat in pairs:
        entry = f"entry {key!r}"
        if not _CHAT.fullmatch(chat):
            raise DataError(source, entry, "chat id must be a number or an @channel name")
        if key == DEFAULT:
            if default is not None:
                raise DataError(source, entry, "default is set twice")
            default = chat
            continue
        if not _PARTNER.fullmatch(key):
            raise DataError(source, entry, "partner id must be lower_snake_case")
        if known is not None and key not in known:
            raise DataError(source, entry, "no partner with this id in the directory")
        if key in by_partner:
            raise DataError(source, entry, "set twice")
        by_partner[key] = chat
    return Destinations(MappingProxyType(by_partner), default)
