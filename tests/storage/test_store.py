"""Store contract: the same tests over SQLite and the real PostgreSQL."""

from dataclasses import replace

import pytest
from sqlalchemy.exc import IntegrityError

from bot.core.state import Position, State
from bot.storage.crypto import Vault, new_key
from bot.storage.db import downgrade, make_engine, upgrade
from bot.storage.models import Conversation, Report
from bot.storage.store import NewAlert, NewReport, SqlStore


def report(ref: str = "SP-AAAAA", partners: tuple[str, ...] = ("ngo", "embassy")) -> NewReport:
    alerts = tuple(NewAlert(p, f"chat-{p}", {"text": f"alert for {p}"}) for p in partners)
    return NewReport(ref, "P1", ("imminent_danger",), {"place_text": "KK Park"}, alerts)


def test_state_round_trips(store: SqlStore) -> None:
    state = State("test:1", chat_id="1", lang="th", position=Position("distress", "where"),
                  slots={"location": "16.7,98.5"}, resume=(Position("job_check", "q_pay"),),
                  message_ids=("1", "2"))
    store.save_state(state)
    assert store.load_state("test:1") == state
    assert store.load_state("test:2") is None


def test_personal_data_is_encrypted_at_rest(store: SqlStore) -> None:
    store.commit_turn(State("test:1", slots={"place_text": "KK Park"}), [report()])
    with store.session() as s:
        blobs = [row.state_enc for row in s.query(Conversation)]
        blobs += [row.payload_enc for row in s.query(Report)]
    assert blobs and all(b"KK Park" not in blob for blob in blobs)
    assert store.report_payload("SP-AAAAA") == {"place_text": "KK Park"}


def test_a_wrong_key_cannot_read_stored_state(store: SqlStore) -> None:
    store.save_state(State("test:1", slots={"a": "b"}))
    thief = SqlStore(store.engine, Vault(new_key().encode()))
    assert thief.load_state("test:1") is None  # another key means another pseudonym


def test_report_and_alerts_are_committed_with_the_state(store: SqlStore) -> None:
    [report_id] = store.commit_turn(State("test:1"), [report()])
    assert report_id > 0
    assert [a.partner_id for a in store.alerts_for("SP-AAAAA")] == ["ngo", "embassy"]
    assert all(a.status == "pending" for a in store.alerts_for("SP-AAAAA"))


def test_a_failed_commit_stores_neither_state_nor_report(store: SqlStore) -> None:
    store.commit_turn(State("test:1"), [report()])
    with pytest.raises(IntegrityError):
        store.commit_turn(State("test:2", lang="vi"), [report()])  # duplicate ref
    assert store.load_state("test:2") is None


def test_an_alert_is_claimed_once(store: SqlStore) -> None:
    store.commit_turn(State("test:1"), [report(partners=("ngo",))])
    first = store.claim_due_alerts()
    assert [a.partner_id for a in first] == ["ngo"]
    assert first[0].destination == "chat-ngo" and first[0].payload == {"text": "alert for ngo"}
    assert store.claim_due_alerts() == []
    store.mark_sent(first[0].id, "tg:99")
    assert store.alert_status(first[0].id).status == "sent"  # type: ignore[union-attr]
    assert store.claim_due_alerts() == []


def test_a_crashed_send_is_retried_after_the_lease(store: SqlStore) -> None:
    store.commit_turn(State("test:1"), [report(partners=("ngo",))])
    [claimed] = store.claim_due_alerts()
    assert store.claim_due_alerts(stale_after=3600) == []
    assert [a.id for a in store.claim_due_alerts(stale_after=-1)] == [claimed.id]


def test_failed_delivery_is_retried_later_or_given_up(store: SqlStore) -> None:
    store.commit_turn(State("test:1"), [report(partners=("ngo", "embassy"))])
    a, b = store.claim_due_alerts()
    store.mark_failed(a.id, "network", retry_in=-1, give_up=False)
    store.mark_failed(b.id, "blocked", retry_in=0, give_up=True)
    assert [x.id for x in store.claim_due_alerts()] == [a.id]
    assert store.alert_status(b.id).status == "failed"  # type: ignore[union-attr]


def test_operator_actions_are_audited(store: SqlStore) -> None:
    store.commit_turn(State("test:1"), [report(partners=("ngo",))])
    [alert] = store.claim_due_alerts()
    assert store.operator_action(alert.id, "op:42", "ack")
    assert store.operator_action(alert.id, "op:42", "close")
    assert not store.operator_action(alert.id + 999, "op:42", "ack")
    status = store.alert_status(alert.id)
    assert status and status.acked_by == "op:42" and status.status == "closed"
    actions = [a for _, a, _ in store.audit_entries()]
    assert {"ack", "close", "refused_ack", "report_filed"} <= set(actions)


def test_forget_user_erases_state_but_keeps_reports(store: SqlStore) -> None:
    store.commit_turn(State("test:1", slots={"x": "y"}), [report()])
    store.forget_user("test:1")
    assert store.load_state("test:1") is None
    assert store.report_payload("SP-AAAAA") is not None


def test_migrations_go_down_and_up(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    downgrade(engine, "base")
    upgrade(engine)
    store = SqlStore(engine, Vault(new_key().encode()))
    store.save_state(State("test:9"))
    assert store.load_state("test:9") is not None
    engine.dispose()


def test_sent_ids_appended_in_the_background_join_the_next_turns_state(store: SqlStore) -> None:
    store.save_state(State("test:1", message_ids=("1",)))
    store.append_sent({"test:1": ["2", "3"], "test:gone": ["9"]})
    store.append_sent({"test:1": ["3", "4"]})
    loaded = store.load_turn("test:1")
    assert loaded.state is not None and loaded.state.message_ids == ("1", "2", "3", "4")
    assert store.load_state("test:gone") is None  # a forgotten user gets no row back
    with store.session() as s:
        [blob] = [row.sent_enc for row in s.query(Conversation)]
    batches = blob.split(",") if blob else []
    assert len(batches) == 2 and all(b.startswith("gAAAAA") for b in batches)  # Fernet tokens
    assert '"3"' not in str(blob)


def test_a_turn_removes_the_sent_ids_it_took_but_not_ones_appended_after(
    store: SqlStore
) -> None:
    store.save_state(State("test:1"))
    store.append_sent({"test:1": ["2"]})
    loaded = store.load_turn("test:1")
    assert loaded.state is not None
    store.append_sent({"test:1": ["5"]})  # a flush lands while the turn is deciding
    store.commit_turn(loaded.state, [], loaded.state, merged_sent=loaded.sent_enc)
    after = store.load_turn("test:1")
    assert after.state is not None and after.state.message_ids == ("2", "5")
    store.commit_turn(replace(after.state, message_ids=()), [], merged_sent=after.sent_enc)
    cleared = store.load_turn("test:1")
    assert cleared.sent_enc is None and cleared.state is not None
    assert cleared.state.message_ids == ()
