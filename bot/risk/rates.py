"""The static rate table and per-country pay thresholds (``rates.yml``), validated at load."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RATES_FILE = Path(__file__).resolve().parent / "rates.yml"


class RatesError(ValueError):
    """The rates file is malformed (the message names the file and the entry)."""


@dataclass(frozen=True)
class Threshold:
    """Monthly USD pay above which low-skill work is far above the norm for a country."""

    country: str
    typical_usd: float
    threshold_usd: float
    basis: str


@dataclass(frozen=True)
class Rates:
    """Exchange rates (units per USD), their date, and the pay thresholds."""

    as_of: str
    per_usd: Mapping[str, float]
    currency_country: Mapping[str, str]
    lang_country: Mapping[str, str]
    lang_currency: Mapping[str, str]
    thresholds: Mapping[str, Threshold]

    def to_usd(self, amount: float, currency: str) -> float | None:
        """``amount`` of ``currency`` in USD, or None for an unknown currency."""
        rate = self.per_usd.get(currency)
        return amount / rate if rate else None

    def threshold(self, country: str | None) -> Threshold:
        """The threshold for an origin country (the default one when unknown)."""
        return self.thresholds.get(country or "", self.thresholds["default"])


@lru_cache(maxsize=4)
def load_rates(path: Path = RATES_FILE) -> Rates:
    """Load and validate the rate table."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RatesError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise RatesError(f"{path.name}: must be a mapping")
    per_usd, countries = _currencies(raw.get("currencies"), path.name)
    thresholds = _thresholds(raw.get("thresholds"), path.name)
    lang_currency = _str_map(raw.get("lang_currency"), f"{path.name}: lang_currency")
    unknown = set(lang_currency.values()) - set(per_usd)
    if unknown:
        raise RatesError(f"{path.name}: lang_currency names unknown currencies {sorted(unknown)}")
    return Rates(str(raw.get("as_of", "")), per_usd, countries,
                 _str_map(raw.get("lang_country"), f"{path.name}: lang_country"), lang_currency,
                 thresholds)


def _currencies(raw: Any, file: str) -> tuple[dict[str, float], dict[str, str]]:
    if not isinstance(raw, dict) or "USD" not in raw:
        raise RatesError(f"{file}: 'currencies' must be a mapping that includes USD")
    per_usd: dict[str, float] = {}
    countries: dict[str, str] = {}
    for code, entry in raw.items():
        where = f"{file}: currency {code!r}"
        rate = entry.get("per_usd") if isinstance(entry, dict) else None
        if not isinstance(rate, (int, float)) or rate <= 0:
            raise RatesError(f"{where}: 'per_usd' must be a positive number")
        per_usd[str(code)] = float(rate)
        if entry.get("country"):
            countries[str(code)] = str(entry["country"])
    return per_usd, countries


def _thresholds(raw: Any, file: str) -> dict[str, Threshold]:
    if not isinstance(raw, dict) or "default" not in raw:
        raise RatesError(f"{file}: 'thresholds' must be a mapping with a 'default' entry")
    out: dict[str, Threshold] = {}
    for code, entry in raw.items():
        where = f"{file}: threshold {code!r}"
        if not isinstance(entry, dict):
            raise RatesError(f"{where}: must be a mapping")
        typical, limit = entry.get("typical_usd"), entry.get("threshold_usd")
        if not isinstance(typical, (int, float)) or not isinstance(limit, (int, float)):
            raise RatesError(f"{where}: 'typical_usd' and 'threshold_usd' must be numbers")
        if limit <= typical:
            raise RatesError(f"{where}: the threshold must lie above the typical wage")
        if not entry.get("basis"):
            raise RatesError(f"{where}: 'basis' (why this number) is required")
        out[str(code)] = Threshold(str(code), float(typical), float(limit), str(entry["basis"]))
    return out


def _str_map(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise RatesError(f"{where}: must be a mapping")
    return {str(k): str(v) for k, v in raw.items()}
