"""Load and validate the dialogue flows (YAML under ``bot/flows/``).

The format is documented in ``bot/flows/README.md``. Every error names the file and the step,
so a broken flow fails loudly at start-up instead of in a user's conversation.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FLOWS_DIR = Path(__file__).resolve().parent.parent / "flows"
END = "end"
#: Transition back to the flow this one interrupted (the menu when there is none).
RESUME_FLOW = "resume"
_STEP_KEYS = frozenset({
    "say", "do", "options", "free_text", "intents", "slot", "skippable", "skip_when_filled",
    "location", "next", "routes", "back",
})
_FLOW_KEYS = frozenset({
    "id", "start", "protect", "always_open", "resumable", "steps", "description",
})


class FlowError(ValueError):
    """A flow file is malformed."""


@dataclass(frozen=True)
class Option:
    """A button of a step: label message id, answer code, optional transition."""

    label: str
    value: str
    next: str | None = None


@dataclass(frozen=True)
class Step:
    """One question or action of a flow."""

    name: str
    say: tuple[str, ...] = ()
    do: str | None = None
    options: tuple[Option, ...] = ()
    free_text: str | None = None
    intents: Mapping[str, str] | None = None
    slot: str | None = None
    skippable: bool = False
    skip_when_filled: bool = False
    location: bool = False
    next: str | None = None
    routes: Mapping[str, str] | None = None

    def option(self, value: str) -> Option | None:
        """The option with this answer code, if any."""
        return next((o for o in self.options if o.value == value), None)

    def transition(self, answer: str | None) -> str:
        """Where to go after ``answer`` (None when skipped)."""
        opt = self.option(answer) if answer is not None else None
        if opt and opt.next:
            return opt.next
        if answer is not None and self.routes and answer in self.routes:
            return self.routes[answer]
        return self.next or END

    @property
    def waits(self) -> bool:
        """Whether the step waits for the user (else it only runs its action)."""
        return bool(self.options or self.free_text or self.intents or self.location)


@dataclass(frozen=True)
class Flow:
    """A named dialogue: steps and where it starts."""

    id: str
    start: str
    steps: Mapping[str, Step]
    protect: bool = False
    always_open: bool = False
    #: False: a flow that interrupts this one does not offer to come back to it (a question
    #: only worth asking until something else answers it, such as the danger check).
    resumable: bool = True
    source: str = ""

    def step(self, name: str) -> Step:
        """A step by name (KeyError if the flow has no such step)."""
        return self.steps[name]


def load_flows(
    directory: Path = FLOWS_DIR, actions: Iterable[str] = (), validators: Iterable[str] = ()
) -> dict[str, Flow]:
    """Load every flow file; check names, transitions, actions and validators across files."""
    flows: dict[str, Flow] = {}
    for path in sorted(directory.glob("*.yml")):
        flow = load_flow(path)
        if flow.id in flows:
            raise FlowError(f"{path.name}: flow id {flow.id!r} is defined twice")
        flows[flow.id] = flow
    _check_references(flows, frozenset(actions), frozenset(validators))
    return flows


def load_flow(path: Path) -> Flow:
    """Parse and validate one flow file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FlowError(f"{path.name}: not valid YAML: {exc}") from exc
    where = path.name
    if not isinstance(raw, dict):
        raise FlowError(f"{where}: a flow file must be a mapping")
    _no_unknown(raw, _FLOW_KEYS, where)
    flow_id = _req_str(raw, "id", where)
    if flow_id != path.stem:
        raise FlowError(f"{where}: id {flow_id!r} must match the file name {path.stem!r}")
    steps_raw = raw.get("steps")
    if not isinstance(steps_raw, dict) or not steps_raw:
        raise FlowError(f"{where}: 'steps' must be a non-empty mapping")
    steps = {str(n): _parse_step(str(n), s, f"{where}, step {n!r}") for n, s in steps_raw.items()}
    start = _req_str(raw, "start", where)
    if start not in steps:
        raise FlowError(f"{where}: start step {start!r} is not defined")
    return Flow(
        flow_id, start, steps, protect=bool(raw.get("protect", False)),
        always_open=bool(raw.get("always_open", False)),
        resumable=bool(raw.get("resumable", True)), source=where,
    )


def _parse_step(name: str, raw: object, where: str) -> Step:
    if not isinstance(raw, dict):
        raise FlowError(f"{where}: a step must be a mapping")
    _no_unknown(raw, _STEP_KEYS, where)
    say = raw.get("say") or ()
    say_t = (say,) if isinstance(say, str) else tuple(say)
    if not all(isinstance(s, str) and s for s in say_t):
        raise FlowError(f"{where}: 'say' must be a message id or a list of them")
    options = tuple(_parse_option(o, where) for o in raw.get("options") or ())
    values = [o.value for o in options]
    if len(values) != len(set(values)):
        raise FlowError(f"{where}: option values must be unique")
    step = Step(
        name=name, say=say_t, do=_opt_str(raw, "do", where), options=options,
        free_text=_opt_str(raw, "free_text", where),
        intents=_str_map(raw.get("intents"), "intents", where), slot=_opt_str(raw, "slot", where),
        skippable=bool(raw.get("skippable", False)),
        skip_when_filled=bool(raw.get("skip_when_filled", False)),
        location=bool(raw.get("location", False)), next=_opt_str(raw, "next", where),
        routes=_str_map(raw.get("routes"), "routes", where),
    )
    if step.waits and not step.slot:
        raise FlowError(f"{where}: a step that asks must name the 'slot' it fills")
    if not step.waits and not (step.say or step.do):
        raise FlowError(f"{where}: a step must say something, ask something or do something")
    return step


def _parse_option(raw: object, where: str) -> Option:
    if not isinstance(raw, dict) or "label" not in raw or "value" not in raw:
        raise FlowError(f"{where}: each option needs 'label' and 'value'")
    unknown = set(raw) - {"label", "value", "next"}
    if unknown:
        raise FlowError(f"{where}: unknown option keys {sorted(unknown)}")
    nxt = raw.get("next")
    return Option(str(raw["label"]), _scalar(raw["value"]), str(nxt) if nxt is not None else None)


def _check_references(
    flows: Mapping[str, Flow], actions: frozenset[str], validators: frozenset[str]
) -> None:
    for flow in flows.values():
        for step in flow.steps.values():
            where = f"{flow.source}, step {step.name!r}"
            targets = [step.next, *(o.next for o in step.options), *(step.routes or {}).values()]
            for target in filter(None, targets):
                _check_target(target, flow, flows, where)
            if actions and step.do and step.do not in actions:
                raise FlowError(f"{where}: unknown action {step.do!r}")
            if validators and step.free_text and step.free_text not in validators:
                raise FlowError(f"{where}: unknown validator {step.free_text!r}")


def _check_target(target: str, flow: Flow, flows: Mapping[str, Flow], where: str) -> None:
    if target in (END, RESUME_FLOW) or target in flow.steps:
        return
    if target.startswith("flow:") and target[5:] in flows:
        return
    raise FlowError(f"{where}: transition to unknown step or flow {target!r}")


def _no_unknown(raw: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise FlowError(f"{where}: unknown keys {sorted(unknown)}")


def _req_str(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise FlowError(f"{where}: {key!r} is required and must be a string")
    return value


def _opt_str(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise FlowError(f"{where}: {key!r} must be a string")
    return str(value)


def _str_map(raw: object, key: str, where: str) -> Mapping[str, str] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise FlowError(f"{where}: {key!r} must be a mapping")
    return {_scalar(k): _scalar(v) for k, v in raw.items()}


def _scalar(value: object) -> str:
    # YAML 1.1 reads a bare yes/no as a boolean; flows mean the answer codes "yes"/"no".
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
