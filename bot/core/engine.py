"""The dialogue engine: ``decide(state, event) -> (state, actions)``, pure and deterministic.

Order on every turn, rules before NLU: (1) global safety rules (distress, quick exit, language,
stop), which may interrupt any flow and offer to resume it after; (2) the current flow step
consumes the input; (3) NLU routes free text to a flow; (4) a fallback that says it did not
understand and shows the way to the menu.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from bot.core import language
from bot.core.actions import ACTIONS, Action as NamedAction, Services
from bot.core.events import (
    M_,
    Action, Button, ButtonPress, Command, ContactShared, Event, LocationShared, MediaShared,
    Msg, Reply, Text, Unsupported,
)
from bot.core.flows import END, RESUME_FLOW, Flow, Step
from bot.core.ports import Detector, Interpreter
from bot.core.rules import Rule, RuleBook
from bot.core.state import Position, State, user_key
from bot.core.turn import Turn
from bot.core.validators import (
    NAME_VALIDATORS, NON_LINGUISTIC, VALIDATORS, Validation, Validator,
)
from nlu.types import DISTRESS_INTENTS, Parse

log = logging.getLogger(__name__)

MAX_TEXT = 10_000
MAX_HOPS = 40
SKIP = "g:skip"
#: The answer code of an "I don't know" option.
UNKNOWN = "unknown"
#: Only a message this short is read as "I don't know": "I don't know the name, near a
#: casino by the river" is a place to keep, "I don't know what to do, they beat us" a cry.
UNSURE_MAX_CHARS = 30
RESUME = "g:resume"
#: Intents a report's triage reads later ("intents seen in the conversation").
REMEMBERED_INTENTS = frozenset({"held_captive", "urgent_danger", "report_for_someone", "plan_trip"})
NAV_BUTTONS = (Button(Msg(M_("nav.help")), "g:help"), Button(Msg(M_("nav.menu")), "g:menu"))


@dataclass(frozen=True)
class Decision:
    """The outcome of one turn."""

    state: State
    actions: tuple[Action, ...]


class Engine:
    """Runs flows and rules over events; owns no I/O (state comes in and goes out)."""

    def __init__(
        self, flows: Mapping[str, Flow], rules: RuleBook, interpreter: Interpreter,
        detector: Detector | None = None, services: Services | None = None,
        normalize: Callable[[str], str] = lambda s: s,
        actions: Mapping[str, NamedAction] = ACTIONS,
        validators: Mapping[str, Validator] = VALIDATORS,
    ) -> None:
        self.flows = flows
        self.rules = rules
        self.interpreter = interpreter
        self.detector = detector
        self.services = services or Services()
        self.normalize = normalize
        self.actions = actions
        self.validators = validators

    def decide(
        self, state: State | None, event: Event, now: float = 0.0, token: int = 0
    ) -> Decision:
        """Compute the next state and the actions for one inbound event."""
        state = state or State(user_key=user_key(event.sender), chat_id=event.sender.chat_id)
        event = self._clean(event)
        turn = Turn(replace(state, turns=state.turns + 1), event, now, token)
        turn.track(event.message_id)
        self._understand(turn)
        if not self._apply_rules(turn):
            if not self._consume(turn):
                self._route_or_fallback(turn)
        return Decision(turn.state, tuple(turn.actions))

    # -- input ---------------------------------------------------------------------------
    def _clean(self, event: Event) -> Event:
        if isinstance(event, Text):
            text = self.normalize(event.text[:MAX_TEXT])
            return replace(event, text="".join(c for c in text if c.isprintable() or c in "\n\t"))
        return event

    def _understand(self, turn: Turn) -> None:
        event = turn.event
        if not isinstance(event, Text) or not event.text.strip():
            language.settle(turn, None, self.services.default_lang)
            return
        guess = None
        if self.detector:
            guess = self.detector(event.text, event.sender.lang_code, turn.state.detected)
        language.settle(turn, guess, self.services.default_lang, self._expects_name(turn))
        turn.parse = self.interpreter.parse(event.text, turn.state.lang)
        if turn.parse.intent in REMEMBERED_INTENTS and turn.parse.confidence >= 0.5:
            turn.state = turn.state.with_flag(f"intent:{turn.parse.intent}")

    def _expects_name(self, turn: Turn) -> bool:
        pos = turn.state.position
        flow = self.flows.get(pos.flow) if pos else None
        step = flow.steps.get(pos.step) if flow and pos else None
        return step is not None and step.free_text in NON_LINGUISTIC

    # -- stage 1: global rules -----------------------------------------------------------
    def _apply_rules(self, turn: Turn) -> bool:
        event = turn.event
        if isinstance(event, ButtonPress) and event.payload.startswith("g:lang:"):
            return language.choose(turn, event.payload[7:], self)
        if isinstance(event, Command) and event.arg:
            if event.name in ("lang", "language"):
                return language.choose(turn, event.arg, self)
            if event.name == "start":  # deep link: t.me/bot?start=th
                language.choose(turn, event.arg, self, quiet=True)
        if isinstance(event, ButtonPress) and event.payload == RESUME:
            return self._resume(turn)
        current = turn.state.position.flow if turn.state.position else None
        answering = current not in (None, "menu")
        for rule in self.rules.global_rules:
            if not rule.applies_in(current):
                continue
            if rule.matches(event, turn.parse, self.services.code_words, answering):
                self._fire(turn, rule)
                return True
        return False

    def _fill_from_entities(self, turn: Turn, rule: Rule) -> None:
        """Slots the message already answers, through the validator its question would use;
        a slot already filled is kept."""
        entities = turn.parse.entities if turn.parse and isinstance(turn.event, Text) else ()
        for fill in rule.prefill_entities:
            found = next((e for e in entities if e.entity == fill.entity), None)
            if found is None or turn.slot(fill.slot) is not None:
                continue
            result = self.validators[fill.validator](found.value, self.services.places)
            if result.ok and result.value:
                turn.set_slots(**{**result.slots, fill.slot: result.value})

    def _fire(self, turn: Turn, rule: Rule) -> None:
        """Apply a rule; a flow it starts interrupts the current one (offered back later)."""
        if rule.prefill and isinstance(turn.event, Text):
            text = turn.event.text
            turn.set_slots(**{k: text if v == "$text" else v for k, v in rule.prefill.items()})
        self._fill_from_entities(turn, rule)
        if rule.say:
            turn.say(rule.say)
            self.reprompt(turn)
        elif rule.flow:
            self.start_flow(turn, rule.flow, interrupt=True)
        elif rule.do:
            self._run_action(turn, rule.do)
            if turn.redirect:
                target, turn.redirect = turn.redirect, None
                self._go(turn, None, target)

    # -- stage 2: the current step -------------------------------------------------------
    def _consume(self, turn: Turn) -> bool:
        pos = turn.state.position
        event = turn.event
        if isinstance(event, ButtonPress):
            return self._consume_button(turn, event.payload)
        if pos is None:
            return False
        step = self.flows[pos.flow].step(pos.step)
        turn.protect = self.flows[pos.flow].protect
        if isinstance(event, Text):
            return self._consume_text(turn, step, event.text)
        if isinstance(event, LocationShared):
            return self._consume_location(turn, step, event)
        if isinstance(event, ContactShared) and step.free_text in ("phone", "any"):
            self._answer(turn, step, event.phone, None)
            return True
        if isinstance(event, MediaShared):
            turn.set_slots(evidence=" ".join(filter(None, (turn.slot("evidence"), event.ref))))
            turn.say(M_("media.saved_as_evidence") if turn.protect else M_("media.cannot_read"))
            self.reprompt(turn)
            return True
        return False

    def _consume_button(self, turn: Turn, payload: str) -> bool:
        pos = turn.state.position
        if payload == SKIP and pos is not None:
            step = self.flows[pos.flow].step(pos.step)
            turn.protect = self.flows[pos.flow].protect
            if step.skippable:
                self._answer(turn, step, None, None)
                return True
        parts = payload.split(":")
        if len(parts) == 4 and parts[0] == "f" and parts[1] in self.flows:
            flow = self.flows[parts[1]]
            current = pos == Position(parts[1], parts[2])
            if (current or flow.always_open) and parts[2] in flow.steps:
                step = flow.step(parts[2])
                if step.option(parts[3]) is not None:
                    turn.protect = flow.protect
                    turn.move(Position(flow.id, step.name))
                    self._answer(turn, step, parts[3], None)
                    return True
        turn.say(M_("button.stale"))
        self.reprompt(turn)
        return True

    def _consume_text(self, turn: Turn, step: Step, text: str) -> bool:
        if self._is_distress_flow(turn):
            own = "\n".join(filter(None, (turn.slot("own_words"), text)))
            turn.set_slots(own_words=own[-4000:])
        if self._unsure(turn, step, text):
            return True
        parse = turn.parse
        result = (self.validators[step.free_text](text, self.services.places)
                  if step.free_text else None)
        if (parse and parse.intent in DISTRESS_INTENTS and not self._is_distress_flow(turn)
                and not self._names_the_answer(parse, step, result)):
            return False  # a possible cry for help is never taken as an answer to a question
        if step.intents and parse is not None and parse.intent in step.intents:
            if parse.confidence >= 0.5:
                self._answer(turn, step, step.intents[parse.intent], None)
                return True
        if result is not None:
            if result.ok:
                turn.set_slots(**result.slots)
                self._answer(turn, step, result.value, result.code)
                return True
            # In a report, a cry for help is kept as the person's words, not corrected.
            cry = parse is not None and parse.intent in DISTRESS_INTENTS
            turn.say(M_("report.words_saved") if cry and self._is_distress_flow(turn)
                     else result.error)
            self.reprompt(turn)
            return True
        return False

    def _names_the_answer(self, parse: Parse, step: Step, result: Validation | None) -> bool:
        """A message the NLU only half takes for distress that names a known place, country
        or nationality, typed where one was asked ("Shwe Kokko" for "where is the job?",
        "อยู่กัมพูชา" for "which country are you in?"), answers the question. A clear cry for
        help never does."""
        return (step.free_text in NAME_VALIDATORS and result is not None and result.ok
                and result.code != "unmatched"
                and self.rules.route_for(parse) is self.rules.uncertain)

    def _consume_location(self, turn: Turn, step: Step, event: LocationShared) -> bool:
        near = self.services.places.near(event.lat, event.lon) if self.services.places else None
        extra = {"place_id": near["id"], "place_name": near["name"],
                 "location_country": near["country"]} if near else {}
        turn.set_slots(location=f"{event.lat:.5f},{event.lon:.5f}", **extra)
        if step.location:
            self._answer(turn, step, f"{event.lat:.5f},{event.lon:.5f}", "pin")
        else:
            turn.say(M_("location.saved"))
            self.reprompt(turn)
        return True

    def _unsure(self, turn: Turn, step: Step, text: str) -> bool:
        """Take a short "I don't know" as the question's "I don't know" option, or as a skip;
        the model reads most of them as "no" (a report would keep that as a fact) or, as
        "មិនដឹង", as weak distress. Not when the model is sure it is a cry for help ("I don't
        know, help me")."""
        parse = turn.parse
        if (len(text) > UNSURE_MAX_CHARS or not self.services.says_unsure(text)
                or (parse and parse.intent in DISTRESS_INTENTS and parse.confidence >= 0.5)):
            return False
        if step.option(UNKNOWN) is not None:
            self._answer(turn, step, UNKNOWN, None)
        elif step.skippable:
            self._answer(turn, step, None, None)
        else:
            return False
        return True

    def _answer(self, turn: Turn, step: Step, value: str | None, code: str | None) -> None:
        """Fill the step's slot with the answer and follow the transition."""
        if step.slot:
            turn.set_slots(**{step.slot: value})
        answer = code if code is not None else value
        pos = turn.state.position
        self._go(turn, pos.flow if pos else None, step.transition(answer))

    # -- stage 3 and 4: NLU routing, then fallback ----------------------------------------
    def _route_or_fallback(self, turn: Turn) -> None:
        parse = turn.parse
        if isinstance(turn.event, Text) and parse is not None:
            pos = turn.state.position
            rule = self.rules.route_for(parse, pos.flow if pos else None)
            if rule is not None and rule is not self.rules.uncertain:
                self._fire(turn, rule)
                return
            if rule is not None and rule.flow and not self._is_distress_flow(turn):
                self.start_flow(turn, rule.flow, interrupt=True)
                return
        self._fallback(turn)

    def _fallback(self, turn: Turn) -> None:
        event = turn.event
        if isinstance(event, Text) and not event.text.strip():
            turn.say(M_("fallback.empty"))
        elif isinstance(event, (Unsupported, MediaShared, ContactShared, LocationShared)):
            turn.say(M_("fallback.unsupported"))
        elif isinstance(event, Text) and self._is_distress_flow(turn):
            # Kept in the report as the person's own words (see _consume_text): in a crisis,
            # "I didn't understand" would be wrong and would push them away.
            turn.say(M_("report.words_saved"))
        else:
            turn.say(M_("fallback.not_understood"))
        if turn.state.position is None:
            self.start_flow(turn, "menu", interrupt=False)
        else:
            self.reprompt(turn)

    # -- moving through flows ------------------------------------------------------------
    def start_flow(self, turn: Turn, flow_id: str, interrupt: bool) -> None:
        """Start a flow; when interrupting another, remember where to resume."""
        pos = turn.state.position
        interrupted = self.flows.get(pos.flow) if pos is not None else None
        if (interrupt and pos is not None and interrupted is not None and interrupted.resumable
                and pos.flow not in (flow_id, "menu")):
            turn.state = replace(turn.state, resume=(*turn.state.resume, pos)[-3:])
        flow = self.flows[flow_id]
        self._enter(turn, flow, flow.start)

    def _go(self, turn: Turn, flow_id: str | None, target: str) -> None:
        if target.startswith("flow:"):
            self.start_flow(turn, target[5:], interrupt=False)
        elif target == RESUME_FLOW:
            self._resume(turn)
        elif target == END or flow_id is None:
            self._finish(turn)
        else:
            self._enter(turn, self.flows[flow_id], target)

    def _enter(self, turn: Turn, flow: Flow, step_name: str) -> None:
        for _ in range(MAX_HOPS):
            step = flow.step(step_name)
            turn.protect = flow.protect
            turn.move(Position(flow.id, step.name))
            known = self._known_answer(turn, step)
            if known is not None:
                target = step.transition(known)
            else:
                if not step.waits:
                    self._say_all(turn, step)
                if step.do:
                    self._run_action(turn, step.do)
                if turn.redirect:
                    target, turn.redirect = turn.redirect, None
                elif step.waits:
                    self._prompt(turn, flow, step)
                    return
                else:
                    target = step.transition(None)
            if target.startswith("flow:") or target in (END, RESUME_FLOW):
                self._go(turn, flow.id, target)
                return
            step_name = target
        raise RuntimeError(f"flow {flow.id!r} loops without waiting for the user")

    @staticmethod
    def _known_answer(turn: Turn, step: Step) -> str | None:
        """The answer a ``skip_when_filled`` step already has: its slot, or for a location
        step a pin shared earlier (answer code ``pin``)."""
        if not step.skip_when_filled:
            return None
        if step.location:
            # Only the pin counts: the step's own slot may hold another flow's answer (the job
            # check's destination is also `where`), which says nothing about where one is now.
            return "pin" if turn.slot("location") is not None else None
        return turn.slot(step.slot) if step.slot else None

    def _finish(self, turn: Turn) -> None:
        turn.move(None)
        if turn.state.resume:
            resume = Button(Msg(M_("resume.continue")), RESUME)
            turn.say(M_("resume.offer"), (resume, NAV_BUTTONS[1]))

    def _resume(self, turn: Turn) -> bool:
        if not turn.state.resume:
            self.start_flow(turn, "menu", interrupt=False)
            return True
        *rest, pos = turn.state.resume
        turn.state = replace(turn.state, resume=tuple(rest))
        flow = self.flows.get(pos.flow)
        if flow is None or pos.step not in flow.steps:
            self.start_flow(turn, "menu", interrupt=False)
        else:
            self._enter(turn, flow, pos.step)
        return True

    def _prompt(self, turn: Turn, flow: Flow, step: Step) -> None:
        buttons = tuple(
            Button(Msg(o.label), f"f:{flow.id}:{step.name}:{o.value}") for o in step.options
        )
        if step.skippable:
            buttons += (Button(Msg(M_("nav.skip")), SKIP),)
        say = step.say or (M_("prompt.continue"),)
        for msg_id in say[:-1]:
            turn.reply(Reply(Msg(msg_id, self._params(turn))))
        turn.reply(Reply(Msg(say[-1], self._params(turn)), buttons, protect=flow.protect,
                         request_location=step.location))

    def _say_all(self, turn: Turn, step: Step) -> None:
        for msg_id in step.say:
            turn.reply(Reply(Msg(msg_id, self._params(turn))))

    def reprompt(self, turn: Turn) -> None:
        """Ask the current question again (or point to the menu when there is none)."""
        pos = turn.state.position
        if pos is None:
            turn.say(M_("prompt.menu_hint"), NAV_BUTTONS)
            return
        flow = self.flows[pos.flow]
        self._prompt(turn, flow, flow.step(pos.step))

    def _params(self, turn: Turn) -> dict[str, str]:
        return dict(turn.state.slots)

    def _run_action(self, turn: Turn, name: str) -> None:
        self.actions[name](turn, self)

    def _is_distress_flow(self, turn: Turn) -> bool:
        pos = turn.state.position
        return pos is not None and self.flows[pos.flow].protect
