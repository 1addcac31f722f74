"""The template editor opens on the text, and never throws typed edits away unasked."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Button

from tests.ui.conftest import until
from tests.ui.test_reminders_screen import _prepare
from tui_sms.store.engine import session_scope
from tui_sms.store.models import ReminderTemplate, Staff
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp, translated_classes
from tui_sms.ui.screens.consent import ConfirmScreen
from tui_sms.ui.screens.reminders import ReminderReview
from tui_sms.ui.screens.template_editor import TemplateEditor


def _prepare_in(settings, language: str):
    """The reminders' test data, with Marie working in `language`."""
    runtime, me = _prepare(settings)
    with session_scope(runtime.engine) as session:
        session.get(Staff, me.id).language = language
    me.language = language
    return runtime, me


def _prepare_in_english(settings):
    return _prepare_in(settings, "en")


async def _editor(pilot) -> TemplateEditor:
    app = pilot.app
    await pilot.press("ctrl+p")
    await pilot.press(*"Reminder templates")
    await pilot.press("enter")
    assert await until(pilot, lambda: isinstance(app.screen, TemplateEditor))
    editor = app.screen
    preview = editor.query_one("#editor-preview")
    assert await until(pilot, lambda: "Preview for" in str(preview.render()))
    return editor


def _question(app) -> str:
    return str(app.screen.query_one("#confirm-question").render())


async def test_it_opens_on_the_text_and_what_is_typed_goes_there(settings):
    runtime, me = _prepare_in_english(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(120, 30)) as pilot:
        editor = await _editor(pilot)
        body = editor.query_one("#editor-body")
        assert editor.focused is body
        before = body.text
        await pilot.press(*" Merci")
        assert body.text == before + " Merci"


async def test_esc_with_edits_asks_and_n_keeps_them(settings):
    runtime, me = _prepare_in_english(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(120, 30)) as pilot:
        editor = await _editor(pilot)
        body = editor.query_one("#editor-body")
        await pilot.press(*" See you")
        edited = body.text
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert _question(app) == "Discard your changes?"
        await pilot.press("n")
        assert await until(pilot, lambda: app.screen is editor)
        assert body.text == edited and editor.focused is body

        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        assert await until(
            pilot, lambda: not isinstance(app.screen, TemplateEditor | ConfirmScreen)
        )
    with session_scope(runtime.engine) as session:
        bodies = [t.body for t in session.exec(select(ReminderTemplate)).all()]
        assert bodies and not any("See you" in body for body in bodies)  # discarded, as answered


async def test_esc_without_edits_or_after_saving_closes_at_once(settings):
    runtime, me = _prepare_in_english(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(120, 30)) as pilot:
        editor = await _editor(pilot)
        await pilot.press(*" Bye")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: editor.saved)
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, TemplateEditor))
        assert not isinstance(app.screen, ConfirmScreen)

        editor = await _editor(pilot)
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, TemplateEditor))
        assert not isinstance(app.screen, ConfirmScreen)


async def test_switching_to_another_template_with_edits_asks_first(settings):
    runtime, me = _prepare_in_english(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(120, 30)) as pilot:
        editor = await _editor(pilot)
        body = editor.query_one("#editor-body")
        await pilot.press(*" Typed")
        edited = body.text
        editor.query_one("#editor-kind").value = "confirmation"
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        assert await until(pilot, lambda: app.screen is editor)
        await pilot.pause(0.2)
        assert editor.kind == "reminder" and editor.query_one("#editor-kind").value == "reminder"
        assert body.text == edited


async def test_the_question_is_asked_in_french_to_marie(settings):
    runtime, me = _prepare_in(settings, "fr")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("ctrl+r")
            assert await until(pilot, lambda: isinstance(app.screen, ReminderReview))
            table = app.screen.query_one("#review-jobs")
            assert await until(pilot, lambda: table.row_count > 0, 10.0)
            table.focus()
            await pilot.press("e")
            assert await until(pilot, lambda: isinstance(app.screen, TemplateEditor))
            editor = app.screen
            body = editor.query_one("#editor-body")
            assert await until(pilot, lambda: editor.kept is not None)
            assert editor.focused is body
            await pilot.press(*" Merci")
            await pilot.press("escape")
            assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            assert _question(app) == "Abandonner vos modifications ?"
            buttons = [str(b.label) for b in app.screen.query(Button)]
            assert buttons == ["Abandonner (y)", "Continuer à modifier (n)"]
    finally:
        i18n.set_language("en")
        i18n.translate_bindings(*translated_classes())
