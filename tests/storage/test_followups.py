"""Follow-ups in the store, on SQLite and the real PostgreSQL: queued with the turn, claimed
once, taken again after a dead worker's lease, withdrawn, encrypted."""

from datetime import timedelta

import pytest

from bot.core.events import Msg, Sender, Template
from bot.core.state import State
from bot.storage.followups import NewFollowUp
from bot.storage.models import FollowUp
from bot.storage.store import SqlStore, utcnow

NAM = Sender("telegram", "4242", "4242", "vi")


def later(minutes: float = 0, who: Sender = NAM, ref: str = "SP-7K3Q9") -> NewFollowUp:
    text = Msg("followup.report", {"ref": ref, "hint": Msg("nav.help")})
    return NewFollowUp(who, text, utcnow() + timedelta(minutes=minutes))


def queue(store: SqlStore, *items: NewFollowUp, who: Sender = NAM) -> None:
    store.commit_turn(State(f"{who.channel}:{who.user_id}", slots={"contact_ok": "yes"}), [],
                      follow_ups=items)


def test_a_due_follow_up_is_claimed_once_with_its_sender_and_message(store: SqlStore) -> None:
    queue(store, later(-1), later(60, ref="SP-LATER"))
    [claimed] = store.follow_ups.claim_due("telegram")
    assert (claimed.sender, claimed.text, claimed.attempts) == (NAM, later().text, 1)
    assert store.follow_ups.claim_due("telegram") == []
    assert store.follow_ups.claim_due("jsonl", now=utcnow() + timedelta(hours=2)) == []
    store.follow_ups.finish(claimed.id, "sent")
    assert store.follow_ups.waiting() == 1  # the one due in an hour
    assert ("bot", "follow_up_sent", str(claimed.id)) in store.audit_entries()


def test_a_claim_left_by_a_crashed_worker_is_taken_again_after_the_lease(
    store: SqlStore
) -> None:
    queue(store, later(-1))
    [claimed] = store.follow_ups.claim_due("telegram")  # the worker dies here, before sending
    assert store.follow_ups.claim_due("telegram", stale_after=3600) == []
    [again] = store.follow_ups.claim_due("telegram", stale_after=-1)
    assert (again.id, again.attempts) == (claimed.id, 2)


def test_a_retried_follow_up_waits_until_it_is_due_again(store: SqlStore) -> None:
    queue(store, later(-1))
    [claimed] = store.follow_ups.claim_due("telegram")
    store.follow_ups.retry(claimed.id, "network", retry_in=120)
    assert store.follow_ups.claim_due("telegram") == []
    [again] = store.follow_ups.claim_due("telegram", now=utcnow() + timedelta(minutes=3))
    assert again.id == claimed.id


def test_a_follow_up_is_stored_in_the_same_transaction_as_its_turn(store: SqlStore) -> None:
    state = State("telegram:4242", lang="vi")
    with pytest.raises(TypeError):  # a template cannot wait in the database: nothing is stored
        store.commit_turn(state, [], follow_ups=[
            NewFollowUp(NAM, Msg("x", {"list": Template(lambda _: "")}), utcnow())])
    assert store.load_state("telegram:4242") is None
    assert store.follow_ups.waiting() == 0


def test_withdrawing_and_forgetting_remove_only_that_users_follow_ups(store: SqlStore) -> None:
    other = Sender("telegram", "77", "77")
    queue(store, later(60), later(90))
    queue(store, later(60), who=other)
    store.commit_turn(State("telegram:4242"), [], cancel_follow_ups=True)
    assert (store.follow_ups.waiting("telegram:4242"), store.follow_ups.waiting()) == (0, 1)
    queue(store, later(60))
    store.forget_user("telegram:4242")
    assert store.follow_ups.waiting("telegram:4242") == 0
    assert store.follow_ups.waiting("telegram:77") == 1


def test_who_and_what_are_encrypted_at_rest(store: SqlStore) -> None:
    queue(store, later(60))
    with store.session() as s:
        [row] = s.query(FollowUp).all()
        blob, user_id = row.payload_enc, row.user_id
    assert b"4242" not in blob and b"SP-7K3Q9" not in blob and "4242" not in user_id
