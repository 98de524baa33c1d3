"""Ports: what the pure core needs from the outside world, as Protocols."""

from collections.abc import Mapping
from typing import NamedTuple, Protocol

from bot.core.state import State
from nlu.types import Parse


class Interpreter(Protocol):
    """Understands free text (embedded model, Rasa server, or direct intents in tests)."""

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """Intent, confidence and entities of one message."""
        ...


class StateStore(Protocol):
    """Keeps conversation state between turns."""

    def load_state(self, user_key: str) -> State | None:
        """The saved state, or None for a new user."""
        ...

    def save_state(self, state: State) -> None:
        """Persist the state (atomically replacing the old one)."""
        ...


class LanguageGuess(NamedTuple):
    """A detector's verdict on one message."""

    lang: str | None  # None: it abstains
    confidence: float
    #: Probability that a reader of ``lang`` can read the message: above ``confidence`` when
    #: the message is clearly in a group of languages read alike (Indonesian and Malay) but
    #: not clearly in one of them.
    readable: float


class Detector(Protocol):
    """Tells which language a message is in."""

    def __call__(self, text: str, client_lang: str | None,
                 history: tuple[str, ...]) -> LanguageGuess:
        """The language of ``text`` given what the chat already says."""
        ...


class Clock(Protocol):
    """Time and randomness, injected so turns are reproducible in tests."""

    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def token(self) -> int:
        """A fresh random integer (case references)."""
        ...


class Places(Protocol):
    """The location registry, as the core needs it."""

    def match_text(self, text: str) -> Mapping[str, str] | None:
        """Best place matching typed text: {"id", "name", "country"}, or None."""
        ...

    def near(self, lat: float, lon: float) -> Mapping[str, str] | None:
        """The known place or country nearest a pin: {"id", "name", "country"}, or None."""
        ...
