"""The administrator's screens: the Provider screen against a sandbox in twilio mode with
fixed credentials, the Staff screen, and a staff member refused both."""

from __future__ import annotations

from sqlmodel import select

from tests.ui.first_day_helpers import until
from tui_sms.config import Settings
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.services import shop_setup, staff_admin
from tui_sms.services.runtime import open_runtime
from tui_sms.services.shop_setup import ShopChanges
from tui_sms.store.engine import session_scope
from tui_sms.store.models import SenderNumber, Staff
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.first_day_commands import open_provider, open_staff
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.screens.provider import ProviderScreen
from tui_sms.ui.screens.staff import StaffDialog, StaffScreen

SID = "AC" + "5" * 32
TOKEN = "fixed-token-for-rehearsals"


def _shop(settings: Settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        changes = ShopChanges(name="Garage Lavoie", country="CA", province="QC")
        shop_setup.save_shop(session, "marie", changes)
        staff_admin.add_staff(session, "marie", "paul", name="Paul Roy", language="fr")
    return runtime


def _twilio_settings(tmp_path, server: SandboxServer, token: str) -> Settings:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'shop.db'}", staff="marie")
    settings.provider.kind = "twilio"
    settings.provider.base_url = server.base_url
    settings.provider.account_sid = SID
    settings.provider.auth_token = token
    return settings


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_provider_screen_puts_the_accounts_numbers_in_pools(tmp_path):
    with SandboxServer(SandboxState(account_sid=SID, auth_token=TOKEN)) as server:
        runtime = _shop(_twilio_settings(tmp_path, server, TOKEN))
        me = runtime.staff()
        app = TuiSmsApp(runtime, me, run_worker_inside=False)
        async with app.run_test(size=(120, 40)) as pilot:
            assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
            open_provider(app)
            assert await until(pilot, lambda: isinstance(app.screen, ProviderScreen))
            screen = app.screen
            assert await until(pilot, lambda: len(screen.offered) == 8)
            assert "is active: 8 numbers that can text" in _text(app, "#provider-summary")
            first, second = screen.offered[0], screen.offered[1]
            await pilot.press("t")
            assert await until(pilot, lambda: screen.offered[0].pool == "transactional")
            await pilot.press("down")
            screen.query_one("#provider-rate").value = "2"
            screen.query_one("#provider-numbers").focus()
            await pilot.press("p")
            assert await until(pilot, lambda: screen.offered[1].pool == "promotional")
    with session_scope(runtime.engine) as session:
        pools = {
            row.number: (row.queue, row.rate_limit) for row in session.exec(select(SenderNumber))
        }
    assert pools == {first.number: ("transactional", 1.0), second.number: ("promotional", 2.0)}


async def test_a_wrong_token_is_one_sentence_on_the_provider_screen(tmp_path):
    with SandboxServer(SandboxState(account_sid=SID, auth_token=TOKEN)) as server:
        runtime = _shop(_twilio_settings(tmp_path, server, "not-the-token"))
        app = TuiSmsApp(runtime, runtime.staff(), run_worker_inside=False)
        async with app.run_test(size=(80, 24)) as pilot:
            assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
            open_provider(app)
            assert await until(pilot, lambda: isinstance(app.screen, ProviderScreen))
            assert await until(pilot, lambda: "refused" in _text(app, "#provider-error"))
            assert _text(app, "#provider-error").strip() == (
                "Twilio refused the account SID and auth token: copy both again from the "
                "Twilio console."
            )
            assert app.screen.offered == []


async def test_the_staff_screen_adds_a_member(settings):
    runtime = _shop(settings)
    app = TuiSmsApp(runtime, runtime.staff(), run_worker_inside=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        open_staff(app)
        assert await until(pilot, lambda: isinstance(app.screen, StaffScreen))
        assert await until(pilot, lambda: len(app.screen.rows) == 2)
        await pilot.press("a")
        assert await until(pilot, lambda: isinstance(app.screen, StaffDialog))
        await pilot.press(*"gil", "tab", *"Gil Roy", "tab", *"514 555 0199", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, StaffScreen))
        assert await until(pilot, lambda: len(app.screen.rows) == 3)
    with session_scope(runtime.engine) as session:
        gil = session.exec(select(Staff).where(Staff.login == "gil")).one()
    assert (gil.display_name, gil.sms_number, gil.role) == ("Gil Roy", "+15145550199", "staff")


async def test_a_staff_member_is_refused_the_admin_screens_in_french(tmp_path, settings):
    runtime = _shop(settings)
    paul = Settings(database_url=settings.database_url, staff="paul")
    runtime = open_runtime(paul)
    app = TuiSmsApp(runtime, runtime.staff(), run_worker_inside=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert i18n.language() == "fr"
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        for opener in (open_staff, open_provider):
            opener(app)
            assert await until(
                pilot,
                lambda: any(
                    n.message.startswith("Seul un administrateur peut") for n in app._notifications
                ),
            )
            app.clear_notifications()
            await pilot.pause(0.2)
            assert isinstance(app.screen, MessageCenter)
    i18n.set_language("en")
