"""One whole process to its first frame: an empty Textual app, or the message center with rows.

    python bench/first_frame.py empty
    python bench/first_frame.py app PATH

Runs headless at a fixed size and exits as soon as the first frame is drawn (for the
message center: with the thread list filled). Prints one line, `frame SECONDS MAXRSS_KIB`:
seconds from the interpreter's start and the process's peak memory at that moment. The
parent (bench/__main__.py) also times the whole process from outside.

The empty app is the reference: a header, a 40-row list and a footer, the same furniture
the message center shows at its first frame.
"""

from __future__ import annotations

import resource
import sys
import time

STARTED = time.perf_counter()
SIZE = (160, 45)


def _report() -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"frame {time.perf_counter() - STARTED:.4f} {peak}", flush=True)


def empty() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, OptionList

    class EmptyApp(App[None]):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList(*(f"Row {i}" for i in range(40)))
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            _report()
            self.exit()

    EmptyApp().run(headless=True, size=SIZE)


def app(path: str) -> None:
    import asyncio

    from tui_sms.config import Settings
    from tui_sms.services.runtime import open_runtime
    from tui_sms.ui.app import TuiSmsApp
    from tui_sms.ui.widgets.thread_list import ThreadList

    runtime = open_runtime(Settings(database_url=f"sqlite:///{path}", staff="marie"))
    tui = TuiSmsApp(runtime, runtime.staff(), run_worker_inside=False)

    async def until_rows(pilot) -> None:  # type: ignore[no-untyped-def]
        while True:
            try:
                if tui.screen.query_one(ThreadList).row_count > 0:
                    break
            except Exception:  # the screen is not mounted yet
                pass
            await asyncio.sleep(0.002)
        tui.call_after_refresh(lambda: (_report(), tui.exit()))

    tui.run(headless=True, size=SIZE, auto_pilot=until_rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["empty"]:
        empty()
    elif sys.argv[1:2] == ["app"] and len(sys.argv) == 3:
        app(sys.argv[2])
    else:
        sys.exit(__doc__)
