"""Settings from environment variables and an optional ``.env`` file (pydantic-settings).

Every setting is documented in README.md and .env.example. Secrets are ``SecretStr``: they never
appear in logs, reprs or error messages.
"""

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All configuration of one deployment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    var_dir: Path = Field(default=PROJECT_ROOT / "var", description="DB, keys, model cache")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL (else SQLite)")
    data_key: SecretStr | None = Field(default=None, description="Fernet key for data at rest")
    default_language: str = "en"
    code_words: str = Field(default="", description="Comma-separated words that open the help flow")

    nlu_backend: Literal["embedded", "rasa"] = "embedded"
    rasa_url: str | None = None
    rasa_timeout: float = 2.0
    nlu_data_dir: Path = PROJECT_ROOT / "nlu" / "data"

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_path: str = "telegram"

    alert_destinations: SecretStr | None = Field(
        default=None, description="partner_id=chat_id,... or a YAML file path; never committed"
    )
    operator_ids: str = Field(default="", description="Telegram user ids allowed to act on alerts")
    operator_language: str = "en"
    police_without_consent_on_p1: bool = False
    alert_max_attempts: int = 8

    log_level: str = "INFO"

    @property
    def db_url(self) -> str:
        """The database URL in use (SQLite file under var/ by default)."""
        return self.database_url or f"sqlite:///{self.var_dir / 'safepassage.db'}"

    @property
    def code_word_set(self) -> frozenset[str]:
        """Configured code words, case-folded."""
        return frozenset(w.strip().casefold() for w in self.code_words.split(",") if w.strip())

    @property
    def operator_id_set(self) -> frozenset[str]:
        """Telegram user ids of operators."""
        return frozenset(i.strip() for i in self.operator_ids.split(",") if i.strip())
