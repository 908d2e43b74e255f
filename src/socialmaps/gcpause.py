"""Pausing the cycle collector while a large layout builds objects that hold no cycles.

The collector is process-wide state, so two threads rendering at once (the live server's
worker beside a notebook, say) must not each save and restore it: the second to leave would put
back what the first had set.  A count under a lock pauses it at the first entry and resumes it at
the last exit, and only if it was running when the first entered.

At that last exit the objects made during the pause are moved to the oldest generation
(`gc.freeze` then `gc.unfreeze`) instead of being left in the youngest: resumed as they were,
the very next allocation scanned all of them at once (0.55 s CPU after drawing a genogram of
30,000 people) although they are alive and about to be freed by their counts.  They stay
collectable: the next full collection still sees every one of them.
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
                # freeze: everything to the permanent generation, the young count reset;
                # unfreeze: all of it back into the oldest generation, collectable as before
                gc.freeze()
                gc.unfreeze()
                gc.enable()
