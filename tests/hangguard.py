"""A guard that fails a test instead of letting it hang the suite (never a speed assertion: bench/
measures speed, and the guards leave minutes of slack)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hang_guard(seconds: int, what: str = "still running") -> Iterator[None]:
    """Raise TimeoutError("<what> after <seconds> s") when the block runs past `seconds`; no guard
    where the system has no SIGALRM."""
    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"{what} after {seconds} s")

    if not hasattr(signal, "SIGALRM"):
        yield
        return
    before = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
