"""Job texts from the app with real keys: from the reminders screen and from the customer's
thread, edited before sending, asked once, refused the second time; a confirmed job says so."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from tests.factories import make_customer, make_job, make_shop
from tests.ui.conftest import until as _until
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Job, Message, Thread, utcnow
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.job_texts import JobTexts
from tui_sms.ui.screens.reminders import ReminderReview
from tui_sms.ui.widgets.fitting_footer import FittingFooter

NUMBER = "+15142361201"


def _prepare(settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        jane = make_customer(session, shop, "Jane Doe", NUMBER)
        make_job(session, jane, utcnow() + timedelta(days=3), external_id="J-1", auto_send=False)
        session.add(Thread(shop_id=shop.id, number=NUMBER, customer_id=jane.id))
        me = queries.staff_by_login(session, "marie")
    me.language = "en"
    return runtime, me


def _texts(engine, kind: str) -> list[Message]:
    with session_scope(engine) as session:
        return list(session.exec(select(Message).where(Message.kind == kind)).all())


async def test_confirm_from_the_reminders_screen_once_then_confirmed(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        assert await _until(pilot, lambda: isinstance(app.screen, ReminderReview))
        table = app.screen.query_one("#review-jobs")
        assert await _until(pilot, lambda: table.row_count == 1)
        await pilot.press("J")
        assert await _until(pilot, lambda: isinstance(app.screen, JobTexts))
        dialog = app.screen
        body = dialog.query_one("#job-text-body")
        assert await _until(pilot, lambda: "Reply C to confirm" in body.text)
        body.load_text("See you Thursday at 9. Reply C to confirm.")
        await pilot.press("ctrl+s")
        assert await _until(pilot, lambda: app.screen is not dialog)
        await pilot.press("y")
        assert await _until(pilot, lambda: len(_texts(runtime.engine, "confirmation")) == 1)
        said = dialog.query_one("#job-text-said")
        assert await _until(pilot, lambda: "Already sent" in str(said.render()))
        await pilot.press("ctrl+s")  # nothing happens: it goes once per job and kind
        await pilot.pause(0.2)
        assert app.screen is dialog
        await pilot.press("escape")
        with session_scope(runtime.engine) as session:
            job = session.exec(select(Job)).one()
            job.confirmed_at = utcnow()  # as an answer C does (tested in the services)
        app.screen.load_rows()
        assert await _until(pilot, lambda: "confirmed" in str(table.get_cell_at((0, 2))))
    assert [m.body for m in _texts(runtime.engine, "confirmation")] == [
        "See you Thursday at 9. Reply C to confirm."
    ]


async def test_work_completed_from_the_thread(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.5)
        await pilot.press("J")
        assert await _until(pilot, lambda: isinstance(app.screen, JobTexts))
        dialog = app.screen
        await pilot.press("down")  # Work completed
        body = dialog.query_one("#job-text-body")
        assert await _until(pilot, lambda: "Reply C" not in body.text and body.text != "")
        await pilot.press("ctrl+s", "y")
        assert await _until(pilot, lambda: len(_texts(runtime.engine, "completed")) == 1)


async def test_the_keys_of_the_screen_below_are_not_asked_of_one_being_opened(settings):
    """The message center's footer may reread its keys just as the reminders screen opens
    over it (the signal came in that moment, once in CI). Some keys' states are asked of the
    app's current screen, then the new one, not composed yet: that crashed the app."""
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(80, 24)) as pilot:
        center = app.screen
        await pilot.pause()
        app.push_screen(ReminderReview())
        assert isinstance(app.screen, ReminderReview) and not app.screen.query("#review-jobs")
        center.query_one(FittingFooter).bindings_changed(center)
        opened = lambda: app.screen.query("#review-jobs")  # noqa: E731
        assert await _until(pilot, opened)
        table = app.screen.query_one("#review-jobs")
        assert await _until(pilot, lambda: table.row_count == 1)
