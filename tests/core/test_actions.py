"""The core's named actions: stop, quick exit and /forget withdraw pending follow-ups."""

from typing import Any

import pytest

from bot.core.actions import forget, quick_exit, stop
from bot.core.events import CancelFollowUps, DeleteMessages, ForgetUser
from bot.core.state import Position, State
from bot.core.turn import Turn
from tests.factories import command

NO_ENGINE: Any = None  # these actions never reach the engine


def turn_in_a_report() -> Turn:
    state = State("test:u1", position=Position("distress", "where"),
                  slots={"ref": "SP-7K3Q9", "contact_ok": "yes"}, message_ids=("1", "2"))
    return Turn(state, command("x"))


@pytest.mark.parametrize("action", [stop, quick_exit, forget])
def test_leaving_withdraws_follow_ups(action: Any) -> None:
    turn = turn_in_a_report()
    action(turn, NO_ENGINE)
    assert [a for a in turn.actions if isinstance(a, CancelFollowUps)] == [CancelFollowUps()]
    assert turn.state.position is None


def test_quick_exit_and_forget_also_wipe_the_chat_but_stop_keeps_it() -> None:
    wiped = {}
    for action in (stop, quick_exit, forget):
        turn = turn_in_a_report()
        action(turn, NO_ENGINE)
        wiped[action.__name__] = [a.message_ids for a in turn.actions
                                  if isinstance(a, DeleteMessages)]
        assert any(isinstance(a, ForgetUser) for a in turn.actions) is (action is forget)
    assert wiped == {"stop": [], "quick_exit": [("1", "2")], "forget": [("1", "2")]}

