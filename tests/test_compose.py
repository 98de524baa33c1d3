"""docker-compose.yml is checked statically (no Docker engine here): every command, file,
port and variable it names must exist in the project."""

import re
from pathlib import Path
from typing import Any

import yaml

from bot.cli import COMMANDS
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
# Variables read by the images themselves rather than by our settings.
FOREIGN_VARS = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "RASA_HOST", "RASA_PORT"}


def command_text(service: dict[str, Any]) -> str:
    cmd = service.get("command", "")
    return " ".join(cmd) if isinstance(cmd, list) else str(cmd)


def test_services_are_the_bot_the_database_and_optional_rasa() -> None:
    assert set(SERVICES) == {"bot", "db", "rasa"}
    assert SERVICES["rasa"]["profiles"] == ["rasa"]
    assert "webhook" in command_text(SERVICES["bot"])
    assert any("pgdata" in v for v in SERVICES["db"]["volumes"])


def test_every_bot_subcommand_named_exists() -> None:
    text = command_text(SERVICES["bot"]) + "\n" + (ROOT / "Dockerfile").read_text()
    for name in re.findall(r"python -m bot (\w+)", text):
        assert name in COMMANDS or name == "webhook", name


def test_every_file_named_exists() -> None:
    assert (ROOT / SERVICES["bot"]["build"]).is_dir()
    assert (ROOT / "Dockerfile").exists()
    for word in command_text(SERVICES["rasa"]).split():
        if "/" in word:
            assert (ROOT / word).exists(), word
    for source in re.findall(r"^COPY (\S+)", (ROOT / "Dockerfile").read_text(), re.M):
        for part in source.split():
            assert (ROOT / part).exists(), part
    for entry in SERVICES["bot"]["env_file"]:
        assert entry["required"] is False and (ROOT / ".env.example").exists()


def test_ports_match_the_settings() -> None:
    assert SERVICES["bot"]["ports"] == [f"{Settings().webhook_port}:{Settings().webhook_port}"]
    assert SERVICES["bot"]["environment"]["WEBHOOK_PORT"] == str(Settings().webhook_port)
    assert SERVICES["rasa"]["ports"] == ["5005:5005"]
    assert SERVICES["bot"]["environment"]["RASA_URL"].endswith(":5005")


def test_every_variable_is_a_documented_setting() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    documented = (ROOT / ".env.example").read_text() + (ROOT / "README.md").read_text()
    for service in SERVICES.values():
        for name in service.get("environment", {}):
            assert name in fields or name in FOREIGN_VARS, name
            if name in fields:
                assert name in documented, name


def test_every_setting_is_documented_in_readme_and_env_example() -> None:
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    for name in Settings.model_fields:
        assert name.upper() in readme, name
        assert name.upper() in example, name
