"""The collector pause nests and survives threads: it is running again after the last render."""

from __future__ import annotations

import gc
import threading

from socialmaps.gcpause import collector_paused


def test_nested_and_overlapping_pauses_restore_the_collector() -> None:
    assert gc.isenabled()
    entered = threading.Event()
    release = threading.Event()

    def other() -> None:
        with collector_paused():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    with collector_paused():
        thread.start()
        entered.wait(10)
        assert not gc.isenabled()
    # the other thread is still inside: the collector stays paused until it leaves
    assert not gc.isenabled()
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_objects_made_during_a_pause_stay_collectable_and_are_not_scanned_at_once() -> None:
    import weakref

    class Node:
        other: object = None

    with collector_paused():
        kept = [[i] for i in range(50_000)]  # alive: the young generation's count grows past its threshold
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the collector can free it
        watch = weakref.ref(a)
        del a, b
    # none frozen for good, and the young count restarted: no collection of all 50,000 is due
    assert gc.get_freeze_count() == 0
    assert gc.get_count()[0] < gc.get_threshold()[0]
    assert watch() is not None
    gc.collect()
    assert watch() is None
    del kept
