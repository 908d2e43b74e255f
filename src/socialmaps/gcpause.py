"""Pausing the cycle collector while a large layout builds objects that hold no cycles.

The collector is process-wide state, so two threads rendering at once (the live server's
worker beside a notebook, say) must not each save and restore it: the second to leave would put
back what the first had set.  A count under a lock pauses it at the first entry and resumes it at
the last exit, and only if it was running when the first entered.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
