"""Flow files are validated at load time; every error names the file and the step."""

from pathlib import Path

import pytest

from bot.app import flow_registry
from bot.core.actions import ACTIONS
from bot.core.flows import FLOWS_DIR, END, FlowError, load_flow, load_flows
from bot.core.rules import load_rules
from bot.core.validators import VALIDATORS

GOOD_STEP = """
id: demo
start: ask
steps:
  ask:
    say: demo.ask
    options:
      - {label: common.yes, value: "yes"}
    slot: answer
    next: end
"""


def write(tmp_path: Path, body: str, name: str = "demo.yml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_every_shipped_flow_loads_and_cross_checks() -> None:
    actions, validators = flow_registry()
    flows = load_flows(actions=actions, validators=validators)
    assert {"welcome", "menu", "language"} <= set(flows)
    assert load_rules().targets() <= set(flows)


def test_a_good_flow_parses(tmp_path: Path) -> None:
    flow = load_flow(write(tmp_path, GOOD_STEP))
    step = flow.step("ask")
    assert step.say == ("demo.ask",)
    assert step.transition("yes") == END


def test_bare_yes_no_in_yaml_mean_the_answer_codes(tmp_path: Path) -> None:
    body = GOOD_STEP.replace('value: "yes"', "value: yes")
    assert load_flow(write(tmp_path, body)).step("ask").options[0].value == "yes"


@pytest.mark.parametrize("broken, message", [
    (GOOD_STEP.replace("slot: answer", "slott: answer"), "step 'ask'"),
    (GOOD_STEP.replace("    slot: answer\n", ""), "step 'ask'"),
    (GOOD_STEP.replace("start: ask", "start: nowhere"), "start step 'nowhere'"),
    (GOOD_STEP.replace("id: demo", "id: other"), "must match the file name"),
    (GOOD_STEP.replace("say: demo.ask", "say: [1, 2]"), "step 'ask'"),
    (GOOD_STEP + "  bad: 3\n", "step 'bad'"),
    ("id: demo\nstart: a\nsteps: {a: {say: [x.y], options: [{label: a}]}}", "'label' and 'value'"),
    ("id: demo\nsteps: [", "not valid YAML"),
])
def test_broken_flows_fail_with_file_and_step(tmp_path: Path, broken: str, message: str) -> None:
    with pytest.raises(FlowError) as err:
        load_flow(write(tmp_path, broken))
    assert "demo.yml" in str(err.value)
    assert message in str(err.value)


def test_dangling_transition_is_caught_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD_STEP.replace("next: end", 'next: "flow:missing"'))
    with pytest.raises(FlowError, match=r"demo.yml, step 'ask'.*flow:missing"):
        load_flows(tmp_path)


def test_unknown_action_and_validator_are_caught(tmp_path: Path) -> None:
    write(tmp_path, GOOD_STEP.replace("slot: answer", "slot: answer\n    do: fly"))
    with pytest.raises(FlowError, match="unknown action 'fly'"):
        load_flows(tmp_path, actions=ACTIONS, validators=VALIDATORS)
    write(tmp_path, GOOD_STEP.replace("slot: answer", "slot: answer\n    free_text: dream"))
    with pytest.raises(FlowError, match="unknown validator 'dream'"):
        load_flows(tmp_path, actions=ACTIONS, validators=VALIDATORS)


def test_shipped_flows_directory_is_the_package_one() -> None:
    assert (FLOWS_DIR / "menu.yml").exists()
