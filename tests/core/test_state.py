"""Conversation state: tracked message ids are kept once each, newest last, and capped."""

from bot.core.state import MAX_TRACKED_MESSAGES, State


def test_tracked_ids_are_kept_once_in_order() -> None:
    state = State("test:1", message_ids=("1", "2")).with_message_ids(["2", "3", "1", "4"])
    assert state.message_ids == ("1", "2", "3", "4")


def test_only_the_newest_ids_are_kept() -> None:
    many = [str(n) for n in range(MAX_TRACKED_MESSAGES + 20)]
    state = State("test:1").with_message_ids(many)
    assert state.message_ids == tuple(many[-MAX_TRACKED_MESSAGES:])


def test_tracked_ids_survive_the_json_round_trip() -> None:
    state = State("test:1").with_message_ids(["7", "8"])
    assert State.from_json(state.to_json()) == state
