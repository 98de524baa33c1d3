"""The facts of one distress report, as triage, routing and alerts read them (pure values)."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Final

#: Slots a report reads, in the order alerts list them (answer codes or short texts).
ANSWER_SLOTS: Final[tuple[str, ...]] = (
    "danger", "held", "injured", "medical", "children", "people_count", "nationality",
    "place_text", "place_id", "place_ok", "landmarks", "location_country", "safe_now",
    "contact_ok", "safe_time", "phone_checked", "consent_ngo", "consent_embassy",
    "consent_police", "reporter_contact",
)

#: Answer codes the flows use; anything else in a slot is the person's own text.
ANSWER_CODES: Final[frozenset[str]] = frozenset({
    "yes", "no", "unknown", "moving", "escaped", "other", "this_chat",
    "any_time", "morning", "afternoon", "evening", "night",
})

_ISO2 = re.compile(r"[A-Z]{2}")
_MAX_PEOPLE = 100_000


@dataclass(frozen=True)
class ReportFacts:
    """Everything one report says: slots, case ref, language, own words, NLU intents seen."""

    ref: str
    lang: str
    for_someone: bool = False
    safe_now: str | None = None
    danger: str | None = None
    held: str | None = None
    injured: str | None = None
    medical: str | None = None
    location: tuple[float, float] | None = None
    place_id: str | None = None
    place_text: str | None = None
    place_ok: str | None = None
    landmarks: str | None = None
    location_country: str | None = None
    nationality: str | None = None
    people_count: int | None = None
    children: str | None = None
    contact_ok: str | None = None
    safe_time: str | None = None
    phone_checked: str | None = None
    consent_ngo: str | None = None
    consent_embassy: str | None = None
    consent_police: str | None = None
    reporter_contact: str | None = None
    own_words: tuple[str, ...] = ()
    intents: frozenset[str] = frozenset()

    def value(self, name: str) -> object:
        """A fact by name, for the rule engine (AttributeError for unknown names)."""
        if name not in FACT_NAMES:
            raise AttributeError(name)
        return getattr(self, name)

    def said_yes(self, slot: str) -> bool:
        """Whether a yes/no slot holds the answer ``yes``."""
        return self.value(slot) == "yes"

    @classmethod
    def from_slots(
        cls, slots: Mapping[str, str], *, ref: str, lang: str, for_someone: bool = False,
        intents: Iterable[str] = (),
    ) -> "ReportFacts":
        """Build facts from a conversation's string slots (unknown slots are ignored)."""
        def text(name: str) -> str | None:
            return _clean(slots.get(name))

        place_ok = text("place_ok")
        return cls(
            ref=ref, lang=lang, for_someone=for_someone, safe_now=text("safe_now"),
            danger=text("danger"), held=text("held"), injured=text("injured"),
            medical=text("medical"), location=parse_latlon(slots.get("location")),
            # The person said the matched place is wrong: keep only what they typed.
            place_id=None if place_ok == "no" else text("place_id"),
            place_text=text("place_text"), place_ok=place_ok, landmarks=text("landmarks"),
            location_country=_iso(slots.get("location_country")),
            nationality=_iso(slots.get("nationality")),
            people_count=_count(slots.get("people_count")), children=text("children"),
            contact_ok=text("contact_ok"), safe_time=text("safe_time"),
            phone_checked=text("phone_checked"), consent_ngo=text("consent_ngo"),
            consent_embassy=text("consent_embassy"), consent_police=text("consent_police"),
            reporter_contact=text("reporter_contact"), own_words=_words(slots.get("own_words")),
            intents=frozenset(intents),
        )


FACT_NAMES: Final[frozenset[str]] = frozenset(f.name for f in fields(ReportFacts))


def parse_latlon(raw: str | None) -> tuple[float, float] | None:
    """Parse the engine's ``"lat,lon"`` pin slot; None when absent or out of range."""
    if not raw or "," not in raw:
        return None
    try:
        lat, lon = (float(p) for p in raw.split(",", 1))
    except ValueError:
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return (lat, lon)


def _clean(raw: str | None) -> str | None:
    value = (raw or "").strip()
    return value or None


def _iso(raw: str | None) -> str | None:
    value = (raw or "").strip().upper()
    return value if _ISO2.fullmatch(value) else None


def _count(raw: str | None) -> int | None:
    value = (raw or "").strip()
    if not value.isdigit():
        return None
    return min(int(value), _MAX_PEOPLE)


def _words(raw: str | None) -> tuple[str, ...]:
    return tuple(line for line in (raw or "").splitlines() if line.strip())
