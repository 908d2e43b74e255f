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
