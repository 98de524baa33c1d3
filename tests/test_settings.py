"""Settings: defaults that run locally, secrets that never show in reprs."""

from pathlib import Path

from pydantic import SecretStr

from bot.settings import Settings


def test_defaults_run_a_local_bot(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    assert settings.db_url == f"sqlite:///{tmp_path / 'safepassage.db'}"
    assert settings.nlu_backend == "embedded" and settings.telegram_bot_token is None
    assert settings.police_without_consent_on_p1 is False


def test_secrets_never_appear_in_reprs_or_dumps() -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token=SecretStr("123:SECRET-TOKEN"),
        data_key=SecretStr("KEY-MATERIAL"), webhook_secret=SecretStr("HOOK"),
        alert_destinations=SecretStr("default=-100987"),
    )
    for text in (repr(settings), str(settings), str(settings.model_dump())):
        for secret in ("SECRET-TOKEN", "KEY-MATERIAL", "HOOK", "-100987"):
            assert secret not in text


def test_lists_are_parsed_from_comma_separated_values() -> None:
    settings = Settings(_env_file=None, code_words=" Sunflower, mango ,,", operator_ids="1, 2")  # type: ignore[call-arg]
    assert settings.code_word_set == frozenset({"sunflower", "mango"})
    assert settings.operator_id_set == frozenset({"1", "2"})
