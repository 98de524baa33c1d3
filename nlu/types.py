"""Typed results shared by every NLU backend and the dialogue core (pure values, no I/O)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entity:
    """One entity found in a text: its type, normalised value and character span."""

    entity: str
    value: str
    start: int
    end: int
    text: str = ""
    extractor: str = ""


@dataclass(frozen=True)
class Parse:
    """What an interpreter understood of one message."""

    text: str
    intent: str
    confidence: float
    entities: tuple[Entity, ...] = ()
    ranking: tuple[tuple[str, float], ...] = field(default=())
    lang: str | None = None

    def score(self, intent: str) -> float:
        """Confidence given to ``intent`` (0.0 when it is not ranked)."""
        if intent == self.intent:
            return self.confidence
        return next((conf for name, conf in self.ranking if name == intent), 0.0)

    def values(self, entity: str) -> tuple[str, ...]:
        """Values of every entity of one type, in text order."""
        return tuple(e.value for e in self.entities if e.entity == entity)


#: Intents that mean someone is held or in danger; never let these fall to a fallback.
DISTRESS_INTENTS: frozenset[str] = frozenset(
    {"held_captive", "urgent_danger", "report_for_someone"}
)

INTENTS: tuple[str, ...] = (
    "greet", "goodbye", "thanks", "affirm", "deny", "check_job_offer", "job_ad_text",
    "held_captive", "urgent_danger", "report_for_someone", "ask_hotline", "ask_info",
    "plan_trip", "change_language", "quick_exit", "out_of_scope",
)

ENTITIES: tuple[str, ...] = (
    "country", "place", "nationality", "job_title", "salary", "platform",
    "people_count", "phone_number",
)
