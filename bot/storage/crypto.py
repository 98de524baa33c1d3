"""Encryption of personal data at rest and pseudonymous user ids.

The key comes from ``DATA_KEY``; a fresh install without one creates ``var/data.key`` with
mode 0600 and says so once. Losing the key makes stored reports unreadable: back it up.
"""

import base64
import hashlib
import hmac
import json
import logging
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

log = logging.getLogger(__name__)


class Vault:
    """Encrypts JSON values and derives pseudonyms from one secret key."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)
        self._pepper = hashlib.sha256(b"safepassage-pseudonym:" + key).digest()

    def __repr__(self) -> str:
        return "Vault(<hidden>)"

    def seal(self, value: Any) -> bytes:
        """Encrypt a JSON-serialisable value."""
        return self._fernet.encrypt(json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def open(self, token: bytes) -> Any:
        """Decrypt a value sealed by :meth:`seal` (raises ValueError if tampered with)."""
        try:
            return json.loads(self._fernet.decrypt(token).decode("utf-8"))
        except InvalidToken as exc:
            raise ValueError("stored data cannot be decrypted with this key") from exc

    def pseudonym(self, user_key: str) -> str:
        """A stable id for a user that does not reveal their channel id."""
        return hmac.new(self._pepper, user_key.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def load_key(configured: str | None, key_file: Path) -> bytes:
    """The configured key, else the key file, else a new key file (mode 0600)."""
    if configured:
        key = configured.encode("ascii")
        Fernet(key)
        return key
    if key_file.exists():
        return key_file.read_bytes().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    log.warning("created a new data key at %s; back it up, stored data needs it", key_file)
    return key


def new_key() -> str:
    """A fresh key, for .env files and tests."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")
