"""The garbage collector's pause for bulk jobs, counted across threads."""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["gc_paused"]

_lock: Final = threading.Lock()
_state = {"pauses": 0, "was_enabled": False}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk job, and restore it after.

    Reading, writing and counting build or walk millions of objects that hold
    no cycles; the collector would scan them again and again for nothing (next
    to a large loaded framework, one full collection costs more than counting
    it).  The pause is counted under a lock: however many threads run such
    jobs at once, the collector is enabled again when the last one is done, if
    it was enabled when the first one began.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    with _lock:
        if _state["pauses"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["pauses"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["pauses"] -= 1
            if _state["pauses"] == 0 and _state["was_enabled"]:
                gc.enable()
