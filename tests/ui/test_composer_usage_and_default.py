"""Where a clerk sends: the month's usage under the estimate, and the shop's default message
prefilled when a new conversation starts, in the customer's language."""

from __future__ import annotations

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until as _until
from tui_sms.services import default_message
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Shortcut
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.new_conversation import NewConversation


async def test_usage_line_and_default_message_in_french(settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361202", language="fr")
        bonjour = Shortcut(title="Bonjour", body="Bonjour du garage.", language="fr")
        hello = Shortcut(title="Hello", body="Hello from the shop.", language="en")
        session.add_all([bonjour, hello])
        session.flush()
        default_message.set_default(session, bonjour.id, "fr")
        default_message.set_default(session, hello.id, "en")
        me = queries.staff_by_login(session, "marie")  # works in French
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(80, 24)) as pilot:
        usage = app.screen.query_one("#composer-usage")
        assert await _until(pilot, lambda: "SMS utilisés ce mois-ci : 0" in str(usage.render()))
        await pilot.press("w")
        assert await _until(pilot, lambda: isinstance(app.screen, NewConversation))
        await pilot.press(*"5142361202", "enter")
        body = app.screen.query_one("#new-body")
        assert await _until(pilot, lambda: body.value == "Bonjour du garage.")
