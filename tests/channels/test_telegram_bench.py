"""The Telegram benchmark runs end to end on a small load and reports its figures."""

from pathlib import Path

from bot.app import SafePassage
from bot.channels.telegram_bench import run_telegram_benchmark
from bot.settings import Settings
from tests.channels.test_telegram_harness import fixture_app, flows_dir, report_builder


def test_a_small_benchmark_answers_every_update_and_reports_percentiles(tmp_path: Path) -> None:
    def make(settings: Settings) -> SafePassage:
        return fixture_app(settings, flows_dir(tmp_path), report_builder("1"))

    figures = run_telegram_benchmark(updates=40, users=4, make_app=make)
    assert set(figures) == {"store_on_worker_threads", "store_inline", "light_load"}
    for run in figures.values():
        assert run["timeouts"] == 0 and run["updates_per_second"] > 0
        first, whole = run["latency_to_first_send_ms"], run["latency_to_turn_end_ms"]
        assert 0 < first["p50"] <= first["p95"] <= first["p99"]
        assert first["p50"] <= whole["p50"]
