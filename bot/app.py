"""Composition root: build the bot from settings, with overridable parts for tests.

Data flows one way: channel -> event -> engine -> actions -> channel / store / alerts.
"""

import logging
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.actions import ACTIONS, Services
from bot.core.actions import Action as NamedAction
from bot.core.engine import Engine
from bot.core.events import (
    M_, Action, Button, CancelFollowUps, Event, FileReport, ForgetUser, Msg, Reply,
    ScheduleFollowUp, Sender,
)
from bot.core.flows import load_flows
from bot.core.ports import Detector, Interpreter, LanguageGuess, Places
from bot.core.rules import load_rules
from bot.core.state import user_key
from bot.unsure import load_unsure
from bot.core.validators import VALIDATORS, Validator
from bot.sent import SentIds
from bot.settings import Settings
from bot.storage.crypto import Vault, load_key
from bot.storage.db import make_engine, upgrade
from bot.storage.followups import NewFollowUp
from bot.storage.store import NewReport, SqlStore

log = logging.getLogger(__name__)

ReportBuilder = Callable[[Mapping[str, Any]], NewReport]
#: Channels that deliver stored follow-ups themselves (Telegram, from its outbox tick). For
#: the others the follow-up actions reach the channel: jsonl reports them, console ignores them.
FOLLOW_UP_CHANNELS = frozenset({"telegram"})


@dataclass(frozen=True)
class Outcome:
    """What a turn produced for the channel: actions, their language, reports filed."""

    actions: list[Action]
    lang: str
    filed: int = 0


@dataclass
class SafePassage:
    """The running application: one engine, one store, and how reports become alerts."""

    engine: Engine
    store: SqlStore
    build_report: ReportBuilder
    settings: Settings = field(default_factory=Settings)
    clock: Callable[[], float] = time.time
    follow_up_channels: frozenset[str] = FOLLOW_UP_CHANNELS
    #: Ids of messages the channel sent, on their way to the database (see :mod:`bot.sent`).
    sent: SentIds = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.sent = SentIds(lambda batch: self.store.append_sent(batch))

    def handle(self, event: Event) -> Outcome:
        """Run one turn: load state, decide, commit state, reports and follow-ups at once."""
        key = user_key(event.sender)
        sent = self.sent.take(key)
        try:
            loaded = self.store.load_turn(key)
            before = loaded.state
            state = before.with_message_ids(sent) if before is not None and sent else before
            now = self.clock()
            decision = self.engine.decide(state, event, now, secrets.randbits(40))
            filed = [a.report for a in decision.actions if isinstance(a, FileReport)]
            reports = [self.build_report(report) for report in filed]
            owned = event.sender.channel in self.follow_up_channels
            self.store.commit_turn(
                decision.state, reports, before, merged_sent=loaded.sent_enc,
                follow_ups=_follow_ups(event.sender, decision.actions, now) if owned else (),
                cancel_follow_ups=owned and any(
                    isinstance(a, CancelFollowUps) for a in decision.actions))
            if any(isinstance(a, ForgetUser) for a in decision.actions):
                self.store.forget_user(key)
        except Exception as exc:  # one bad turn must never corrupt state or stop the bot
            log.exception("turn failed (%s); state left unchanged", type(exc).__name__)
            self.sent.put_back(key, sent)
            reply = Reply(Msg(M_("error.generic")), (Button(Msg(M_("nav.help")), "g:help"),))
            return Outcome([reply], self.settings.default_language)
        done = (FileReport, ForgetUser, *((ScheduleFollowUp, CancelFollowUps) if owned else ()))
        actions = [a for a in decision.actions if not isinstance(a, done)]
        lang = decision.state.lang or self.settings.default_language
        return Outcome(actions, lang, len(reports))

    def process(self, event: Event) -> list[Action]:
        """The actions of one turn (see :meth:`handle`)."""
        return self.handle(event).actions

    def note_sent(self, sender: Sender, message_ids: Sequence[str]) -> None:
        """Remember ids of messages the channel sent, so quick exit can delete them.

        In memory only (no database call): they reach the database with the background flush
        (:meth:`SentIds.start`) or the user's next turn, whichever comes first.
        """
        self.sent.note(user_key(sender), list(message_ids))

    def language_of(self, sender: Sender) -> str:
        """The language the user's conversation is in."""
        state = self.store.load_state(user_key(sender))
        return (state.lang if state else None) or self.settings.default_language


def _follow_ups(sender: Sender, actions: Sequence[Action], now: float) -> list[NewFollowUp]:
    return [NewFollowUp(sender, a.text, datetime.fromtimestamp(now + a.after_seconds, UTC))
            for a in actions if isinstance(a, ScheduleFollowUp)]


def open_store(settings: Settings, migrate: bool = True) -> SqlStore:
    """The SQL store for the configured database, migrated to the latest schema."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    key = load_key(
        settings.data_key.get_secret_value() if settings.data_key else None,
        settings.var_dir / "data.key",
    )
    engine = make_engine(settings.db_url)
    if migrate:
        upgrade(engine)
    return SqlStore(engine, Vault(key))


def build_interpreter(settings: Settings) -> Interpreter:
    """The configured NLU backend (embedded by default, Rasa with a logged fallback)."""
    from nlu.interpreter import build_interpreter as build

    return build(
        backend=settings.nlu_backend, data_dir=settings.nlu_data_dir,
        cache_dir=settings.var_dir / "nlu", rasa_url=settings.rasa_url,
        timeout=settings.rasa_timeout,
    )


def build_detector() -> Detector:
    """The language detector, adapted to the core's port."""
    from nlu.langid import Evidence, LanguageDetector

    detector = LanguageDetector()

    def detect(text: str, client_lang: str | None, history: tuple[str, ...]) -> LanguageGuess:
        found = detector.detect(text, Evidence(client_lang=client_lang, history=history))
        return LanguageGuess(found.lang, found.confidence, found.readable)

    return detect


def flow_registry() -> tuple[dict[str, NamedAction], dict[str, Validator]]:
    """Every action and validator flows may name: the core's plus each capability's."""
    from bot.risk.actions import RISK_ACTIONS
    from bot.triage.actions import TRIAGE_ACTIONS
    from bot.triage.validators import TRIAGE_VALIDATORS

    return {**ACTIONS, **TRIAGE_ACTIONS, **RISK_ACTIONS}, {**VALIDATORS, **TRIAGE_VALIDATORS}


def build_engine(
    settings: Settings, interpreter: Interpreter, detector: Detector | None = None,
    places: Places | None = None, flows_dir: Path | None = None,
) -> Engine:
    """The dialogue engine with flows and rules loaded and cross-checked."""
    from nlu.normalize import normalize_input

    actions, validators = flow_registry()
    rules = load_rules()
    flows = load_flows(flows_dir, actions, validators) if flows_dir else load_flows(
        actions=actions, validators=validators)
    missing = rules.targets() - set(flows)
    if missing:
        raise ValueError(f"rules.yml starts flows that do not exist: {sorted(missing)}")
    unknown = rules.validators() - set(validators)
    if unknown:
        raise ValueError(f"rules.yml reads entities with unknown validators: {sorted(unknown)}")
    services = Services(places=places, code_words=settings.code_word_set,
                        default_lang=settings.default_language, says_unsure=load_unsure())
    return Engine(flows, rules, interpreter, detector, services, normalize=normalize_input,
                  actions=actions, validators=validators)


def build_app(
    settings: Settings | None = None, *, interpreter: Interpreter | None = None,
    detector: Detector | None = None, store: SqlStore | None = None,
) -> SafePassage:
    """Build the whole application from settings; tests pass their own parts."""
    settings = settings or Settings()
    from bot.locations import LocationRegistry
    from bot.reports import ReportDesk

    places = LocationRegistry.load()
    engine = build_engine(
        settings, interpreter or build_interpreter(settings),
        detector if detector is not None else build_detector(), places,
    )
    desk = ReportDesk.from_settings(settings)
    warm_up(engine)
    return SafePassage(engine, store or open_store(settings), desk.build, settings)


def warm_up(engine: Engine) -> None:
    """Load models and compile patterns now, so no user waits for them on a first message."""
    from bot.risk.scorer import assess

    assess("customer service job in Cambodia, free flight", "en")
    engine.interpreter.parse("hello", "en")
    if engine.detector is not None:
        engine.detector("hello", None, ())
