"""Sent message ids: flushed in the background, batched across users, taken by the next turn
when it comes first, and still there for quick exit after a crash."""

import time
from collections.abc import Callable, Mapping, Sequence

import pytest

from bot.app import SafePassage
from bot.core.events import Command, DeleteMessages, Sender
from bot.sent import SentIds

Batch = Mapping[str, Sequence[str]]


class Disk:
    """A writer that records each flush (one call per transaction), or fails as told."""

    def __init__(self) -> None:
        self.batches: list[dict[str, list[str]]] = []
        self.down = False
        self.during: Callable[[], None] | None = None

    def write(self, batch: Batch) -> None:
        if self.down:
            raise OSError("database away")
        if self.during is not None:
            self.during()
        self.batches.append({k: list(v) for k, v in batch.items()})


def wait_for(condition: Callable[[], object], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_one_flush_writes_every_users_ids_in_one_batch() -> None:
    disk = Disk()
    ids = SentIds(disk.write)
    ids.note("t:1", ["1", "2"])
    ids.note("t:2", ["7"])
    ids.note("t:1", ["3"])
    assert ids.flush() == 4 and ids.flush() == 0
    assert disk.batches == [{"t:1": ["1", "2", "3"], "t:2": ["7"]}]
    assert ids.pending() == 0


def test_a_turn_during_a_flush_keeps_what_it_took_and_later_ids_stay_pending() -> None:
    disk = Disk()
    ids = SentIds(disk.write)
    ids.note("t:1", ["1"])
    taken: list[str] = []

    def turn_meanwhile() -> None:
        taken.extend(ids.take("t:1"))
        ids.note("t:1", ["2"])

    disk.during = turn_meanwhile
    ids.flush()
    assert taken == ["1"] and ids.take("t:1") == ["2"]  # nothing lost, nothing dropped


def test_ids_wait_while_the_database_is_away() -> None:
    disk = Disk()
    ids = SentIds(disk.write)
    ids.note("t:1", ["1"])
    disk.down = True
    with pytest.raises(OSError):
        ids.flush()
    ids.stop()  # a failed final flush is logged, not raised
    disk.down = False
    assert ids.flush() == 1 and disk.batches == [{"t:1": ["1"]}]


def test_a_failed_turn_puts_its_ids_back_in_front() -> None:
    ids = SentIds(Disk().write)
    ids.note("t:1", ["3"])
    ids.put_back("t:1", ["1", "2"])
    assert ids.take("t:1") == ["1", "2", "3"]


def test_the_background_flush_writes_within_its_interval_and_a_crash_writes_nothing() -> None:
    disk = Disk()
    ids = SentIds(disk.write)
    ids.start(0.02)
    ids.start(0.02)  # a second start (another channel run) changes nothing
    ids.note("t:1", ["1"])
    wait_for(lambda: disk.batches)
    ids.stop(flush=False)
    ids.note("t:1", ["2"])
    time.sleep(0.05)
    assert disk.batches == [{"t:1": ["1"]}] and ids.pending() == 1


def test_sent_ids_survive_a_crash_and_quick_exit_deletes_them(
    restartable: Callable[[], SafePassage]
) -> None:
    lek = Sender("telegram", "55", "55", "th")
    first = restartable()
    first.process(Command(lek, "menu"))
    first.note_sent(lek, ["101", "102"])
    first.sent.start(0.02)
    wait_for(lambda: first.sent.pending() == 0)
    first.sent.stop(flush=False)  # killed: no shutdown, no flush
    actions = restartable().process(Command(lek, "x"))
    [wipe] = [a for a in actions if isinstance(a, DeleteMessages)]
    assert {"101", "102"} <= set(wipe.message_ids)
