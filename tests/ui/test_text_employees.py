"""The "Text employee" action of the message center, with real keys."""

from __future__ import annotations

import httpx
from sqlmodel import select
from textual.widgets import SelectionList, Static

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until as _until
from tui_sms.services import employees, outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import MailOut, Thread, ThreadKind
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.text_employees import TextEmployees
from tui_sms.ui.widgets.thread_list import ThreadList


async def test_text_two_employees_from_the_message_center(sandbox_settings, sandbox):
    runtime = open_runtime(sandbox_settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "John Smith", "+15142361214")
        outbox.queue_to_number(session, "+15142361214", "Ready at 5.", author_id=None)
        employees.save_staff(session, "paul", create=True, name="Paul", sms="514 236-1301")
        employees.save_staff(
            session, "nadia", create=True, name="Nadia [b]R[/b]",
            gateway=employees.gateway_address("bell", "5145551234"),
        )  # fmt: skip
        me = queries.staff_by_login(session, "marie")
    app = TuiSmsApp(runtime, me, run_worker_inside=True)
    async with app.run_test(size=(140, 40)) as pilot:
        threads = app.screen.query_one(ThreadList)
        assert await _until(pilot, lambda: threads.row_count == 1)
        await pilot.press("e")
        assert await _until(pilot, lambda: isinstance(app.screen, TextEmployees))
        picker = app.screen.query_one(SelectionList)
        assert await _until(pilot, lambda: picker.option_count == 2)
        assert "Nadia [b]R[/b]" in str(picker.get_option_at_index(0).prompt)
        await pilot.press("space", "down", "space", "tab", *"Meeting at 7")
        estimate = app.screen.query_one("#employees-estimate", Static)
        assert await _until(
            pilot,
            lambda: (
                # Marie reads French.
                str(estimate.render())
                == "SMS à 1 employé : 1 segment · 1 gratuit (passerelle courriel)"
            ),
        )
        await pilot.press("enter")
        assert await _until(pilot, lambda: not isinstance(app.screen, TextEmployees))

        def texted() -> bool:
            ledger = httpx.get(
                f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
            ).json()["messages"]
            return ("+15142361301", "Meeting at 7") in [(m["to"], m["body"]) for m in ledger]

        assert await _until(pilot, texted)
        await pilot.pause(0.5)
        assert threads.row_count == 1  # employee threads stay out of the customer list
    with session_scope(runtime.engine) as session:
        assert session.exec(select(MailOut)).one().recipients == "5145551234@txt.bell.ca"
        kinds = sorted(t.kind for t in session.exec(select(Thread)).all())
        assert kinds == [ThreadKind.CUSTOMER, ThreadKind.EMPLOYEE, ThreadKind.EMPLOYEE]
