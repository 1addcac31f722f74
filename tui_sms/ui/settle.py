"""Once the first frame is drawn: load what the other screens need, then tell the garbage
collector that everything made so far lives as long as the app.

Importing Textual, SQLAlchemy, pydantic and the screens leaves several hundred thousand
objects that never die. Each full collection walked them all again: a pause of 130–170 ms
measured in the middle of a view switch, at random. `gc.freeze` moves them out of the
collector's generations (Python's documented way to keep long-lived start-up objects out of
later collections); what the app makes afterwards is collected as before. Over two dozen
view switches and an opening, full collections paused the app 1.3 s in all without this,
0.37 s with it.

No collection first: it found 3,400–6,000 dead objects among 180,000 but held the UI thread
160–460 ms (Python's collector keeps the interpreter lock throughout), a second or two after
start, just as a clerk presses the first key. Without it the peak memory after opening and
scrolling the 10,000-message thread stayed 104–105 MiB.
"""

from __future__ import annotations

import gc
from collections.abc import Callable


def load_then_freeze(load: Callable[[], object]) -> None:
    load()
    gc.freeze()
