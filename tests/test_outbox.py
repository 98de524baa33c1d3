"""The outbox: stored alerts are delivered exactly once, across crashes and failures."""

from collections.abc import Iterator

import pytest

from bot.core.state import State
from bot.outbox import DeliveryError, backoff, deliver_due
from bot.storage.crypto import Vault, new_key
from bot.storage.db import make_engine, upgrade
from bot.storage.store import NewAlert, NewReport, PendingAlert, SqlStore


class Recorder:
    """An AlertSender that records sends and can fail on demand."""

    def __init__(self, fail: DeliveryError | None = None) -> None:
        self.sent: list[str] = []
        self.fail = fail

    def send(self, alert: PendingAlert) -> str:
        if self.fail:
            raise self.fail
        self.sent.append(f"{alert.report_ref}/{alert.partner_id}")
        return f"msg-{len(self.sent)}"


@pytest.fixture
def key() -> bytes:
    return new_key().encode()


@pytest.fixture
def url(db_url: str) -> Iterator[str]:
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    yield db_url


def file_report(store: SqlStore, ref: str = "SP-22222") -> None:
    alerts = (NewAlert("default", "-1001", {"text": "a"}), NewAlert("ngo", "-1002", {"text": "b"}))
    store.commit_turn(State("t:1"), [NewReport(ref, "P1", ("injured",), {}, alerts)])


def test_a_crash_between_storing_and_sending_loses_nothing_and_sends_once(
    url: str, key: bytes
) -> None:
    file_report(SqlStore(make_engine(url), Vault(key)))  # the process "dies" here
    restarted = SqlStore(make_engine(url), Vault(key))
    sender = Recorder()
    assert deliver_due(restarted, sender) == 2
    assert deliver_due(SqlStore(make_engine(url), Vault(key)), sender) == 0
    assert sorted(sender.sent) == ["SP-22222/default", "SP-22222/ngo"]


def test_a_failed_send_stays_pending_and_is_retried(url: str, key: bytes) -> None:
    store = SqlStore(make_engine(url), Vault(key))
    file_report(store)
    assert deliver_due(store, Recorder(DeliveryError("network", retry_after=0))) == 0
    assert {a.status for a in store.alerts_for("SP-22222")} == {"pending"}
    sender = Recorder()
    assert deliver_due(store, sender) == 2 and len(sender.sent) == 2


def test_a_permanent_failure_is_given_up_and_recorded(url: str, key: bytes) -> None:
    store = SqlStore(make_engine(url), Vault(key))
    file_report(store)
    deliver_due(store, Recorder(DeliveryError("blocked", permanent=True)))
    assert {a.status for a in store.alerts_for("SP-22222")} == {"failed"}
    assert deliver_due(store, Recorder()) == 0


def test_an_unexpected_exception_is_retried_never_dropped(url: str, key: bytes) -> None:
    store = SqlStore(make_engine(url), Vault(key))
    file_report(store)

    class Broken:
        def send(self, alert: PendingAlert) -> str:
            raise RuntimeError("bug")

    assert deliver_due(store, Broken()) == 0
    assert {a.status for a in store.alerts_for("SP-22222")} == {"pending"}


def test_backoff_grows_and_is_capped() -> None:
    assert backoff(1) == 5.0 and backoff(2) == 10.0 and backoff(30) == 3600.0
