"""Start the INSTALLED tui-sms headless on the demo database and show its first screen.

Run by .ci/run with the python of a fresh venv that holds only the built wheel (and its
dependencies), from a directory outside the source tree: a stylesheet, theme, migration or
catalog left out of the package makes this exit non-zero. Usage:

    python installed_app_check.py SOURCE_TREE DATABASE_URL STAFF_LOGIN
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


def fail(sentence: str) -> None:
    print(f"installed app check: {sentence}", file=sys.stderr)
    raise SystemExit(1)


async def show_first_screen(database_url: str, staff: str) -> None:
    from tui_sms.config import Settings
    from tui_sms.services.runtime import open_runtime
    from tui_sms.store import queries
    from tui_sms.store.engine import session_scope
    from tui_sms.ui.app import TuiSmsApp
    from tui_sms.ui.themes import shipped_themes
    from tui_sms.ui.widgets.thread_list import ThreadList

    runtime = open_runtime(Settings(database_url=database_url, staff=staff))
    with session_scope(runtime.engine) as session:
        me = queries.staff_by_login(session, staff)
        if me is None:
            fail(f"the demo database has no staff member {staff!r}")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        for _ in range(400):
            if any(listed.row_count for listed in app.screen.query(ThreadList)):
                break
            await pilot.pause(0.05)
        else:
            fail("the first screen never listed the demo conversations")
        # Render the screen in every shipped theme: a theme or stylesheet that cannot be
        # used stops here.
        for theme in shipped_themes():
            app.theme = theme.name
            await pilot.pause()
            app.export_screenshot()
        shown = app.title
    print(f"installed app check: the first screen of {shown!r} rendered in every shipped theme")


def main() -> None:
    source, database_url, staff = Path(sys.argv[1]).resolve(), sys.argv[2], sys.argv[3]
    import tui_sms

    installed = Path(tui_sms.__file__).resolve()
    if installed.is_relative_to(source):
        fail(f"tui_sms was imported from the source tree ({installed}), not from the wheel")
    asyncio.run(show_first_screen(database_url, staff))


if __name__ == "__main__":
    main()
