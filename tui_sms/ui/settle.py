"""Once the first frame is drawn: load what the other screens need, then tell the garbage
collector that everything made so far lives as long as the app.

Importing Textual, SQLAlchemy, pydantic and the screens leaves several hundred thousand
objects that never die. Each full collection walked them all again: a pause of 130–170 ms
measured in the middle of a view switch, at random. `gc.freeze` moves them out of the
collector's generations (Python's documented way to keep long-lived start-up objects out of
later collections); what the app makes afterwards is collected as before. Over two dozen
view switches and an opening, full collections paused the app 1.3 s in all without this,
0.37 s with it. One collection first, so the garbage of start-up is not frozen with the rest
(it paid for itself: 3 MiB less at the peak).
"""

from __future__ import annotations

import gc
from collections.abc import Callable


def load_then_freeze(load: Callable[[], object]) -> None:
    load()
    gc.collect()
    gc.freeze()
