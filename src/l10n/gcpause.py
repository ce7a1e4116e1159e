"""Pausing Python's cyclic garbage collector while building big catalogs.

Reading or merging a 100,000-entry catalog creates a few hundred thousand lists and
objects; each burst of allocations triggers the cyclic collector, which then scans every
object alive, again and again, and more than doubles the run time. Catalog objects hold no
reference cycles (reference counting frees them), so the collector is paused for the
duration and resumed afterwards.

On resuming, the objects created meanwhile would all be young, and the first collection
after it would scan them all (a third of a second for a big catalog). They are moved to
the oldest generation instead (``gc.freeze`` then ``gc.unfreeze``: two list splices, no
scan), where only the rare full collections look at them, as they would at any
long-lived data. Objects frozen on purpose by the program (a count above zero) are left
alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
