"""The partner directory (``bot/data/partners.yml``): who can help, where, whom, and how.

Loaded and validated at start-up; every error names the file and the entry. Entries copied
from secondary sources stay ``unverified`` until someone checks them on the agency's own site.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from bot.triage.countries import is_country
from bot.triage.data import DATA_DIR, DataError, load_yaml

PARTNERS_FILE: Final = DATA_DIR / "partners.yml"
ANY: Final = "*"
KINDS: Final = ("national_hotline", "embassy", "ngo", "police")
STATUSES: Final = ("unverified", "verified")
TOPICS: Final = frozenset({
    "trafficking", "consular", "emergency", "children", "women", "migrant_workers",
    "scam_losses", "complaints", "tourists", "job_check",
})
CHANNEL_KINDS: Final = (
    "phone", "sms", "whatsapp", "telegram", "line", "viber", "wechat", "facebook", "x",
    "web", "email", "app",
)
_ID = re.compile(r"[a-z][a-z0-9_]{1,31}")
_CODE = re.compile(r"[a-z][a-z0-9_]{1,40}")
_E164 = re.compile(r"\+[1-9]\d{5,14}")
_LOCAL = re.compile(r"\d{3,12}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}")
_WEB = re.compile(r"https?://[^\s/]+\.[a-z]{2,}\S*")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|~\d{4}|\d{4}-\d{4}|undated")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_DAYS = re.compile(r"(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?")


@dataclass(frozen=True)
class Note:
    """A note or warning: a code (message id suffix) and its English text."""

    code: str
    text: str


@dataclass(frozen=True)
class Channel:
    """A public way to reach a partner: a phone number, a web page, an app...

    ``written`` is the number as the source writes it (e.g. the national form), shown beside
    the E.164 value; ``note`` is shown as ``triage.channel_note.<code>``.
    """

    kind: str
    value: str
    note: Note | None = None
    written: str = ""

    @property
    def e164(self) -> bool:
        """Whether the value is an international (E.164) phone number."""
        return self.kind in ("phone", "sms", "whatsapp") and bool(_E164.fullmatch(self.value))


@dataclass(frozen=True)
class Hours:
    """Opening hours: ``24/7``, ``unknown``, or weekly days with open/close times in ``tz``."""

    schedule: str
    tz: str | None = None
    days: str = ""
    opens: str = ""
    closes: str = ""


@dataclass(frozen=True)
class Source:
    """Where an entry's facts were read, and the date the source gave."""

    name: str
    date: str
    url: str | None = None


@dataclass(frozen=True)
class Partner:
    """One organisation or line that may help."""

    id: str
    name: str
    kind: str
    countries: frozenset[str]
    nationalities: frozenset[str]
    languages: tuple[str, ...]
    topics: frozenset[str]
    hours: Hours
    channels: tuple[Channel, ...]
    sources: tuple[Source, ...]
    status: str = "unverified"
    last_verified: dt.date | None = None
    excludes_nationalities: frozenset[str] = frozenset()
    notes: tuple[Note, ...] = ()
    warnings: tuple[Note, ...] = ()

    def helps_in(self, country: str | None, *, explicitly: bool = False) -> bool:
        """Whether the partner acts where the person is (``*`` counts unless ``explicitly``)."""
        if country is not None and country in self.countries:
            return True
        return not explicitly and ANY in self.countries

    def serves(self, nationality: str | None, *, explicitly: bool = False) -> bool:
        """Whether the partner helps people of this nationality."""
        if nationality is not None and nationality in self.excludes_nationalities:
            return False
        if nationality is not None and nationality in self.nationalities:
            return True
        return not explicitly and ANY in self.nationalities

    @property
    def verified(self) -> bool:
        """Whether someone checked this entry against the agency's own site."""
        return self.status == "verified"


@dataclass(frozen=True)
class Directory:
    """Every partner, in file order."""

    partners: tuple[Partner, ...]
    source: str = ""

    def get(self, partner_id: str) -> Partner:
        """A partner by id (KeyError when unknown)."""
        for partner in self.partners:
            if partner.id == partner_id:
                return partner
        raise KeyError(partner_id)

    @property
    def ids(self) -> frozenset[str]:
        """Every partner id."""
        return frozenset(p.id for p in self.partners)

    def countries(self) -> frozenset[str]:
        """Every location country named by some entry."""
        return frozenset(c for p in self.partners for c in p.countries if c != ANY)

    def nationalities(self) -> frozenset[str]:
        """Every nationality named by some entry."""
        return frozenset(n for p in self.partners for n in p.nationalities if n != ANY)


@lru_cache(maxsize=1)
def default_directory() -> Directory:
    """The shipped directory, loaded and validated once."""
    return load_directory(PARTNERS_FILE)


def load_directory(path: Path) -> Directory:
    """Load and validate a directory file; errors name the file and the entry."""
    raw = load_yaml(path)
    src = str(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("partners"), list):
        raise DataError(src, "", "needs a 'partners' list")
    partners: list[Partner] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw["partners"], 1):
        partner = _parse_partner(entry, src, index)
        if partner.id in seen:
            raise DataError(src, f"partner {index} ({partner.id})", "duplicate id")
        seen.add(partner.id)
        partners.append(partner)
    _check_notes(partners, src)
    return Directory(tuple(partners), src)


def note_groups(partner: Partner) -> tuple[tuple[str, tuple[Note, ...]], ...]:
    """A partner's notes by kind; ``triage.<kind>.<code>`` is each note's message id."""
    channel_notes = tuple(c.note for c in partner.channels if c.note is not None)
    return (("note", partner.notes), ("warning", partner.warnings),
            ("channel_note", channel_notes))


def _check_notes(partners: list[Partner], src: str) -> None:
    # A code is one catalogue message: the same code must always carry the same text.
    texts: dict[str, str] = {}
    for partner in partners:
        for kind, items in note_groups(partner):
            for item in items:
                key = f"{kind}.{item.code}"
                if texts.setdefault(key, item.text) != item.text:
                    raise DataError(src, f"partner {partner.id}",
                                    f"{kind} {item.code!r} has a different text elsewhere")


_FIELDS: Final = frozenset({
    "id", "name", "kind", "countries", "nationalities", "excludes_nationalities", "languages",
    "topics", "hours", "channels", "notes", "warnings", "sources", "last_verified", "status",
})


def _parse_partner(raw: object, src: str, index: int) -> Partner:
    if not isinstance(raw, dict):
        raise DataError(src, f"partner {index}", "must be a mapping")
    pid = raw.get("id")
    if not isinstance(pid, str) or not _ID.fullmatch(pid):
        raise DataError(src, f"partner {index}", f"id must be lower_snake_case, not {pid!r}")
    e = _Entry(src, f"partner {index} ({pid})")
    unknown = set(raw) - _FIELDS
    if unknown:
        e.fail(f"unknown fields {sorted(unknown)}")
    status = e.choice(raw.get("status"), STATUSES, "status")
    verified = e.date(raw.get("last_verified"))
    if status == "verified" and verified is None:
        e.fail("a verified entry needs a last_verified date")
    return Partner(
        id=pid, name=e.text(raw.get("name"), "name"), kind=e.choice(raw.get("kind"), KINDS, "kind"),
        countries=e.codes(raw.get("countries"), "countries", allow_empty=True),
        nationalities=e.codes(raw.get("nationalities"), "nationalities"),
        excludes_nationalities=e.codes(raw.get("excludes_nationalities", []),
                                       "excludes_nationalities", allow_empty=True, allow_any=False),
        languages=e.languages(raw.get("languages")), topics=e.topics(raw.get("topics")),
        hours=e.hours(raw.get("hours")), channels=e.channels(raw.get("channels")),
        notes=e.notes(raw.get("notes"), "notes"), warnings=e.notes(raw.get("warnings"), "warnings"),
        sources=e.sources(raw.get("sources")), status=status, last_verified=verified,
    )


@dataclass(frozen=True)
class _Entry:
    """Validators for the fields of one entry; each failure names the file and the entry."""

    src: str
    entry: str

    def fail(self, problem: str) -> NoReturn:
        raise DataError(self.src, self.entry, problem)

    def text(self, raw: object, name: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            self.fail(f"'{name}' must be a non-empty string")
        return str(raw).strip()

    def choice(self, raw: object, allowed: Iterable[str], name: str) -> str:
        if raw not in tuple(allowed):
            self.fail(f"'{name}' must be one of {list(allowed)}, not {raw!r}")
        return str(raw)

    def codes(self, raw: object, name: str, *, allow_empty: bool = False,
              allow_any: bool = True) -> frozenset[str]:
        items = self._list(raw, name, allow_empty)
        for code in items:
            if not ((allow_any and code == ANY) or is_country(code)):
                self.fail(f"'{name}': {code!r} is not an ISO 3166 alpha-2 code or '*'")
        return frozenset(items)

    def languages(self, raw: object) -> tuple[str, ...]:
        items = self._list(raw, "languages", allow_empty=True)
        for lang in items:
            try:
                Locale.parse(lang)
            except (ValueError, UnknownLocaleError):
                self.fail(f"'languages': {lang!r} is not a locale id")
        return tuple(items)

    def topics(self, raw: object) -> frozenset[str]:
        items = self._list(raw, "topics", allow_empty=False)
        for topic in items:
            if topic not in TOPICS:
                self.fail(f"'topics': unknown topic {topic!r} (known: {sorted(TOPICS)})")
        return frozenset(items)

    def hours(self, raw: object) -> Hours:
        if not isinstance(raw, dict) or "schedule" not in raw:
            self.fail("'hours' needs a 'schedule' (24/7, unknown or weekly)")
        schedule = self.choice(raw["schedule"], ("24/7", "unknown", "weekly"), "hours.schedule")
        tz = raw.get("tz")
        if tz is not None or schedule != "unknown":
            self._zone(tz)
        if schedule != "weekly":
            return Hours(schedule, tz)
        days, opens, closes = (str(raw.get(k, "")) for k in ("days", "opens", "closes"))
        if not _DAYS.fullmatch(days) or not (_TIME.fullmatch(opens) and _TIME.fullmatch(closes)):
            self.fail("weekly 'hours' need days (e.g. mon-fri) and opens/closes as HH:MM")
        return Hours(schedule, tz, days, opens, closes)

    def channels(self, raw: object) -> tuple[Channel, ...]:
        items = raw if raw is not None else []
        if not isinstance(items, list):
            self.fail("'channels' must be a list")
        return tuple(self._channel(c, i) for i, c in enumerate(items))

    def notes(self, raw: object, name: str) -> tuple[Note, ...]:
        items = raw if raw is not None else []
        if not isinstance(items, list):
            self.fail(f"'{name}' must be a list")
        return tuple(self.note(item, name) for item in items)

    def note(self, raw: object, name: str) -> Note:
        if not isinstance(raw, dict) or not _CODE.fullmatch(str(raw.get("code", ""))):
            self.fail(f"each of '{name}' needs a lower_snake_case 'code' and a 'text'")
        return Note(str(raw["code"]), self.text(raw.get("text"), f"{name}.text"))

    def sources(self, raw: object) -> tuple[Source, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail("'sources' must be a non-empty list")
        out = []
        for item in raw:
            if not isinstance(item, dict):
                self.fail("each source needs 'name' and 'date'")
            date = str(item.get("date", ""))
            if not _DATE.fullmatch(date):
                self.fail(f"source date {date!r} must be YYYY[-MM[-DD]], ~YYYY, or 'undated'")
            url = item.get("url")
            if url is not None and not _WEB.fullmatch(str(url)):
                self.fail(f"source url {url!r} is not an http(s) URL")
            out.append(Source(self.text(item.get("name"), "source name"), date,
                              str(url) if url else None))
        return tuple(out)

    def date(self, raw: object) -> dt.date | None:
        if raw is None:
            return None
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            self.fail(f"'last_verified' must be a date (YYYY-MM-DD), not {raw!r}")

    def _channel(self, raw: object, index: int) -> Channel:
        if not isinstance(raw, dict) or set(raw) - {"kind", "value", "note", "written"}:
            self.fail(f"channel {index} needs 'kind', 'value' and optional 'note', 'written'")
        kind = self.choice(raw.get("kind"), CHANNEL_KINDS, f"channel {index} kind")
        value = self.text(raw.get("value"), f"channel {index} value")
        if not _CHANNEL_CHECKS.get(kind, _free)(value):
            self.fail(f"channel {index}: {value!r} is not a valid {kind}")
        note = raw.get("note")
        written = str(raw.get("written") or "")
        if written and not _same_number(value, written):
            self.fail(f"channel {index}: 'written' {written!r} is not the number {value!r}")
        return Channel(kind, value, self.note(note, f"channel {index} note") if note else None,
                       written)

    def _zone(self, tz: object) -> None:
        try:
            ZoneInfo(str(tz))
        except (ZoneInfoNotFoundError, ValueError):
            self.fail(f"'hours.tz' must be an IANA time zone, not {tz!r}")

    def _list(self, raw: object, name: str, allow_empty: bool) -> list[str]:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            self.fail(f"'{name}' must be a list of strings")
        if not raw and not allow_empty:
            self.fail(f"'{name}' must not be empty")
        return [str(x) for x in raw]


def _same_number(value: str, written: str) -> bool:
    # The written form drops the country code and adds a trunk 0, spaces or dashes.
    digits = re.sub(r"[\s().-]", "", written)
    national = digits.lstrip("0")
    return digits.isdigit() and bool(national) and value.endswith(national)


def _phone(value: str) -> bool:
    return bool(_E164.fullmatch(value) or _LOCAL.fullmatch(value))


def _email(value: str) -> bool:
    return bool(_EMAIL.fullmatch(value))


def _web(value: str) -> bool:
    return bool(_WEB.fullmatch(value))


def _free(_value: str) -> bool:
    return True


_CHANNEL_CHECKS: Final[Mapping[str, Callable[[str], bool]]] = {
    "phone": _phone, "sms": _phone, "whatsapp": _phone, "email": _email, "web": _web,
}
