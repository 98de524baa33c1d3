"""``python -m bot telegram`` / ``webhook``: options, refusals, and the commands' wiring."""

import argparse
from pathlib import Path

import pytest

from bot.__main__ import build_parser
from bot.cli.telegram import has_token, webhook_options
from bot.settings import Settings


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, var_dir=tmp_path, **values)  # type: ignore[call-arg, arg-type]


def test_both_commands_are_registered() -> None:
    parser = build_parser()
    assert parser.parse_args(["telegram"]).func.__name__ == "run_polling"
    hook = parser.parse_args(["webhook", "--port", "9000", "--path", "x"])
    assert (hook.func.__name__, hook.port, hook.path) == ("run_webhook", 9000, "x")


def test_webhook_options_come_from_settings_and_flags(tmp_path: Path) -> None:
    base = settings(tmp_path, telegram_bot_token="1:abc", webhook_url="https://bot.example.org/",
                    webhook_secret="s3cret-token_1", webhook_path="/tg/")
    options = webhook_options(base)
    assert options == {"listen": "0.0.0.0", "port": 8443, "url_path": "tg",
                       "webhook_url": "https://bot.example.org/tg",
                       "secret_token": "s3cret-token_1"}
    flags = argparse.Namespace(listen="127.0.0.1", port=9000, path="hook", url=None)
    custom = webhook_options(base, flags)
    assert (custom["listen"], custom["port"], custom["webhook_url"]) == (
        "127.0.0.1", 9000, "https://bot.example.org/hook")


@pytest.mark.parametrize(("values", "problem"), [
    ({"webhook_url": "https://x", "webhook_secret": "s"}, "TELEGRAM_BOT_TOKEN"),
    ({"telegram_bot_token": "1:a", "webhook_secret": "s"}, "WEBHOOK_URL"),
    ({"telegram_bot_token": "1:a", "webhook_url": "https://x"}, "WEBHOOK_SECRET"),
    ({"telegram_bot_token": "1:a", "webhook_url": "https://x", "webhook_secret": "bad secret!"},
     "WEBHOOK_SECRET"),
])
def test_webhook_mode_refuses_to_start_unprotected(tmp_path: Path, values: dict[str, str],
                                                   problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        webhook_options(settings(tmp_path, **values))


def test_an_empty_token_counts_as_missing(tmp_path: Path) -> None:
    assert not has_token(settings(tmp_path, telegram_bot_token="  "))
    assert has_token(settings(tmp_path, telegram_bot_token="1:abc"))


def test_without_a_token_the_commands_exit_with_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    monkeypatch.chdir(Path(__file__).parent)  # no .env here
    parser = build_parser()
    for argv in (["telegram"], ["webhook"]):
        args = parser.parse_args(argv)
        assert args.func(args) == 2
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err
