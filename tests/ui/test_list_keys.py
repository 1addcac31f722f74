"""j and k move every list and table, as they move the thread list."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ui.conftest import until
from tests.ui.test_reminders_screen import _prepare
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.job_texts import JobTexts
from tui_sms.ui.screens.reminders import ReminderReview

UI = Path(__file__).parents[2] / "tui_sms" / "ui"


def test_every_table_and_pick_list_in_the_screens_is_one_j_and_k_move():
    plain = re.compile(r"yield (DataTable|OptionList)\b")
    found = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if plain.search(line)
    ]
    assert found == [], "use KeyedTable / KeyedOptions (ui/widgets/keyed_lists.py)"


async def test_j_and_k_move_the_reminders_table_and_shift_j_opens_job_texts(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(170, 45)) as pilot:
        await pilot.press("ctrl+r")
        assert await until(pilot, lambda: isinstance(app.screen, ReminderReview))
        table = app.screen.query_one("#review-jobs")
        assert await until(pilot, lambda: table.row_count == 5, 10.0)
        table.focus()
        assert table.cursor_row == 0
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("J")
        assert await until(pilot, lambda: isinstance(app.screen, JobTexts))
        options = app.screen.query_one("#kind-list")
        options.focus()
        assert options.option_count >= 2
        options.highlighted = 0
        await pilot.press("j")
        assert options.highlighted == 1
        await pilot.press("k")
        assert options.highlighted == 0
