"""How fast the message center is on a large database (make one with bench/seed_large.py).

    python bench/inbox.py [PATH]

Prints, next to the start-up of an empty Textual app on the same machine: time to the first
frame with the thread list filled, switching view (All → Resolved → Mine), opening the
10,000-message thread, and loading one older page of it. Headless (App.run_test), so the
figures are the app's own work, not the terminal's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
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


class EmptyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


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


async def inbox(path: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    began = time.perf_counter()
    runtime = open_runtime(Settings(database_url=f"sqlite:///{path}", staff="marie"))
    app = TuiSmsApp(runtime, runtime.staff(), run_worker_inside=False)
    async with app.run_test(size=SIZE) as pilot:
        threads = lambda: app.screen.query_one(ThreadList)  # noqa: E731
        await _until(pilot, lambda: threads().row_count > 0)
        figures["first frame with the thread list"] = time.perf_counter() - began
        await pilot.pause()
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
            figures[f"switch to {name}: rows listed"] = time.perf_counter() - began
            await pilot.pause()  # its first conversation opens and everything is drawn
            figures[f"switch to {name}: screen settled"] = time.perf_counter() - began
        began = time.perf_counter()
        app.screen.open_thread(1)
        conversation = app.screen.query_one(Conversation)
        await _until(
            pilot,
            lambda: conversation.thread_id == 1 and len(conversation.bubbles) > 0,
        )
        figures["open the 10,000-message thread"] = time.perf_counter() - began
        await pilot.pause()
        figures["open the 10,000-message thread: settled"] = time.perf_counter() - began
        await _until(pilot, lambda: conversation.scroll_y > 0)
        began = time.perf_counter()
        shown = len(conversation.bubbles)
        conversation.scroll_home(animate=False)
        await _until(pilot, lambda: len(conversation.bubbles) > shown)
        figures["load one older page (scrolled to top)"] = time.perf_counter() - began
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
