"""Keys and pseudonyms: a fresh install makes a private key file once; data round-trips."""

import logging
import stat
from pathlib import Path

import pytest

from bot.storage.crypto import Vault, load_key, new_key


def test_a_fresh_install_creates_a_private_key_once(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    key_file = tmp_path / "var" / "data.key"
    with caplog.at_level(logging.WARNING):
        first = load_key(None, key_file)
        second = load_key(None, key_file)
    assert first == second
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sum("created a new data key" in r.message for r in caplog.records) == 1


def test_a_configured_key_wins_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    key = new_key()
    assert load_key(key, tmp_path / "unused.key") == key.encode()
    assert not (tmp_path / "unused.key").exists()
    with pytest.raises(ValueError):
        load_key("not-a-fernet-key", tmp_path / "k")


def test_sealed_values_round_trip_and_reveal_nothing() -> None:
    vault = Vault(new_key().encode())
    blob = vault.seal({"place": "KK Park", "phone": "+66 81 234 5678"})
    assert b"KK Park" not in blob and b"+66" not in blob
    assert vault.open(blob) == {"place": "KK Park", "phone": "+66 81 234 5678"}
    with pytest.raises(ValueError):
        Vault(new_key().encode()).open(blob)
    assert "hidden" in repr(vault)


def test_pseudonyms_are_stable_per_key_and_hide_the_channel_id() -> None:
    key = new_key().encode()
    one, two = Vault(key).pseudonym("telegram:12345"), Vault(key).pseudonym("telegram:12345")
    assert one == two and "12345" not in one
    assert Vault(new_key().encode()).pseudonym("telegram:12345") != one
