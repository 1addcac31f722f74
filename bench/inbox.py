"""How fast the message center is on a large database (make one with bench/seed_large.py).

    python bench/inbox.py [PATH]

Prints, next to the start-up of an empty Textual app on the same machine: time to the first
frame with the thread list filled, switching view (All → Resolved → Mine, three rounds),
opening the 10,000-message thread (three times), and loading one older page of it. Headless
(App.run_test), so the figures are the app's own work, not the terminal's.

"Settled" is the time of the last frame drawn for the change: the screen a clerk sees stops
changing there. The app is known to be done when it has then been idle for a while (Textual's
`pilot.pause`: 20 ms without work); that wait is the observer's, printed as "idle" beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from tui_sms.config import Settings
from tui_sms.services.runtime import open_runtime
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.widgets.conversation import Conversation
from tui_sms.ui.widgets.thread_list import ThreadList

SIZE = (160, 45)
ROUNDS = 3  # each switch and the opening are timed this many times: their medians


class EmptyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


class Frames:
    """When the app last drew a frame. Textual has no public hook after a frame: this wraps
    the app's `_display`, where every screen update goes out (headless: where it would)."""

    def __init__(self, app: TuiSmsApp) -> None:
        self.last = 0.0
        display = app._display

        def timed(screen, renderable) -> None:
            if renderable is not None:
                self.last = time.perf_counter()
            display(screen, renderable)

        app._display = timed  # type: ignore[method-assign]


async def _until(pilot, check: Callable[[], bool], limit: float = 60.0) -> None:
    """Poll without waiting for the app to go idle, so the figure is when it got there."""
    deadline = time.perf_counter() + limit
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there")
        await asyncio.sleep(0.001)


async def empty_startup() -> float:
    began = time.perf_counter()
    async with EmptyApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - began


async def _settle(pilot, frames: Frames, began: float) -> tuple[float, float]:
    """The last frame drawn since `began` and when the app went idle, both from `began`."""
    await pilot.pause()
    idle = time.perf_counter() - began
    if frames.last < began:
        raise RuntimeError("the change drew no frame")
    return frames.last - began, idle


async def inbox(path: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    timings: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        timings.setdefault(name, []).append(seconds)

    began = time.perf_counter()
    runtime = open_runtime(Settings(database_url=f"sqlite:///{path}", staff="marie"))
    app = TuiSmsApp(runtime, runtime.staff(), run_worker_inside=False)
    frames = Frames(app)
    async with app.run_test(size=SIZE) as pilot:
        threads = lambda: app.screen.query_one(ThreadList)  # noqa: E731
        await _until(pilot, lambda: threads().row_count > 0)
        figures["first frame with the thread list"] = time.perf_counter() - began
        await pilot.pause()
        for _round in range(ROUNDS):
            for key, name in (("4", "Resolved"), ("2", "Mine"), ("1", "All")):
                began = time.perf_counter()
                app.simulate_key(key)
                view = name.lower()
                # The old list stays until the new one replaces it: wait for the new one.
                await _until(
                    pilot,
                    lambda v=view: (
                        app.screen.view == v
                        and not getattr(app.screen, "switching", False)
                        and threads().row_count > 0
                    ),
                )
                note(f"switch to {name}: rows listed", time.perf_counter() - began)
                settled, idle = await _settle(pilot, frames, began)  # its conversation is drawn
                note(f"switch to {name}: screen settled", settled)
                note(f"switch to {name}: idle", idle)
        conversation = app.screen.query_one(Conversation)
        other = next(row.id for row in threads().shown if row.id != 1)
        for _round in range(ROUNDS):
            began = time.perf_counter()
            app.screen.open_thread(1)
            await _until(
                pilot,
                lambda: conversation.thread_id == 1 and len(conversation.bubbles) > 0,
            )
            note("open the 10,000-message thread", time.perf_counter() - began)
            settled, idle = await _settle(pilot, frames, began)
            note("open the 10,000-message thread: settled", settled)
            note("open the 10,000-message thread: idle", idle)
            if _round < ROUNDS - 1:  # another thread between, so each opening is a new one
                app.screen.open_thread(other)
                await _until(pilot, lambda: conversation.thread_id != 1)
                await pilot.pause()
        await _until(pilot, lambda: conversation.scroll_y > 0)
        began = time.perf_counter()
        shown = len(conversation.bubbles)
        conversation.scroll_home(animate=False)
        await _until(pilot, lambda: len(conversation.bubbles) > shown)
        figures["load one older page (scrolled to top)"] = time.perf_counter() - began
    for name, seconds in timings.items():
        figures[name] = statistics.median(seconds)
    return figures


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def run(path: Path, as_json: bool = False) -> None:
    if as_json:  # for bench/__main__.py: the message center alone in this process
        figures = await inbox(path)
        figures["peak KiB after opening and scrolling"] = peak_kib()
        print(json.dumps(figures))
        return
    empty = await empty_startup()
    print(f"{'empty Textual app start-up':45} {empty * 1000:8.0f} ms")
    for name, seconds in (await inbox(path)).items():
        print(f"{name:45} {seconds * 1000:8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default="/tmp/tui-sms-large.db", type=Path)
    parser.add_argument("--json", action="store_true", help="one JSON line of the figures")
    args = parser.parse_args()
    asyncio.run(run(args.path, args.json))


if __name__ == "__main__":
    main()
