"""Shortcuts managed in the app and inserted while composing, with real keys."""

from __future__ import annotations

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import outbox, shortcuts
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.shortcuts import ShortcutForm, ShortcutManager, ShortcutPicker


def _prepare(settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        outbox.queue_to_number(session, "+15142361201", "Bonjour", author_id=None)
        shortcuts.add_shortcut(session, "Ready", "Your car is ready.", "en")
        shortcuts.add_shortcut(session, "Prête", "Votre auto est prête.", "fr")
        me = queries.staff_by_login(session, "marie")
        me.language = "en"
    return runtime, me


def _titles(runtime) -> list[str]:
    with session_scope(runtime.engine) as session:
        return [s.title for s in queries.all_shortcuts(session)]


async def test_pick_a_shortcut_while_composing_customer_language_first(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("r", *"Hi. ", "ctrl+o")
        assert await until(pilot, lambda: isinstance(app.screen, ShortcutPicker))
        options = app.screen.query_one("#picker-options")
        assert await until(pilot, lambda: options.option_count == 2, 10.0)
        assert "Prête" in str(options.get_option_at_index(0).prompt)  # Émilie writes French
        await pilot.press(*"ready", "enter")
        composer = app.screen.query_one("#composer-input")
        assert await until(pilot, lambda: composer.text == "Hi. Your car is ready.", 10.0)
        assert app.focused is composer  # inserted for editing, not sent


async def test_manage_shortcuts_add_edit_delete(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("S")
        assert await until(pilot, lambda: isinstance(app.screen, ShortcutManager))
        await pilot.press("a")
        assert await until(pilot, lambda: isinstance(app.screen, ShortcutForm))
        await pilot.press(*"Brakes", "tab", "tab", *"Brakes done.", "ctrl+s")
        assert await until(pilot, lambda: "Brakes" in _titles(runtime), 10.0)
        table = app.screen.query_one("#shortcut-table")
        assert await until(pilot, lambda: table.row_count == 3, 10.0)
        await pilot.press("e")  # first row: Brakes (en)
        assert await until(pilot, lambda: isinstance(app.screen, ShortcutForm))
        await pilot.press("end", *" 2", "ctrl+s")
        assert await until(pilot, lambda: "Brakes 2" in _titles(runtime), 10.0)
        await pilot.press("d")
        assert await until(pilot, lambda: _titles(runtime) == ["Ready", "Prête"])
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, ShortcutManager))
