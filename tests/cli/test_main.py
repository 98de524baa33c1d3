"""Every command module under bot/cli is reachable from ``python -m bot``."""

from pathlib import Path

import pytest

import bot.cli
from bot.__main__ import build_parser, main
from bot.cli import COMMANDS


def test_every_command_module_is_registered() -> None:
    modules = {p.stem for p in Path(bot.cli.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert modules == set(COMMANDS)


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)
    assert build_parser().prog == "safepassage"
