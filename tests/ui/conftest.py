"""Helpers shared by the UI tests."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual.worker import WorkerCancelled


async def until(pilot, check: Callable[[], object], seconds: float = 15.0) -> bool:
    """Wait for something a person would see, not for a fixed time: True once `check()` is."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return True
        await pilot.pause(0.05)
    return bool(check())


def ending_work(app) -> list:
    """The app's running workers that end: all but the change watch, which looks at the
    change feed for as long as the app runs."""
    return [w for w in app.workers if w.is_running and w.group != "change-watch"]


async def work_done(app) -> None:
    """Until the app's workers that end have ended (a load superseded by a newer one is
    cancelled: that is an end too)."""
    workers = ending_work(app)
    if not workers:  # Textual waits for every worker when given none: the watch never ends
        return
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete(workers)
