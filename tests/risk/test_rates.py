"""The rate table loads and refuses nonsense."""

from pathlib import Path

import pytest
import yaml

from bot.risk.rates import RATES_FILE, RatesError, load_rates


def _broken(tmp_path: Path, edit: object) -> Path:
    data = yaml.safe_load(RATES_FILE.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    path = tmp_path / "rates.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_table_has_a_date_and_thresholds_above_typical_wages() -> None:
    rates = load_rates()
    assert rates.as_of
    for threshold in rates.thresholds.values():
        assert threshold.threshold_usd > threshold.typical_usd
        assert threshold.basis
    assert rates.threshold("ZZ") == rates.thresholds["default"]


def test_every_language_has_a_default_currency_with_a_rate() -> None:
    rates = load_rates()
    assert set(rates.lang_currency.values()) <= set(rates.per_usd)
    assert rates.to_usd(33.0, "THB") == pytest.approx(33.0 / rates.per_usd["THB"])
    assert rates.to_usd(1.0, "XXX") is None


def test_a_negative_rate_names_the_currency(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["currencies"]["THB"].update(per_usd=-1))
    with pytest.raises(RatesError, match="rates.yml: currency 'THB'"):
        load_rates(path)


def test_a_threshold_below_the_typical_wage_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["thresholds"]["VN"].update(threshold_usd=100))
    with pytest.raises(RatesError, match="threshold 'VN'"):
        load_rates(path)
