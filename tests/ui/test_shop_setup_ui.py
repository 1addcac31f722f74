"""The first start on an empty database: the setup screen, then the message center."""

from __future__ import annotations

from sqlmodel import select
from textual import events

from tests.factories import make_shop
from tests.ui.first_day_helpers import choose, empty_runtime, until
from tui_sms.services.shop_setup import ShopChanges, save_shop
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Role, Shop, Staff
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.screens.shop_settings import ShopSettings
from tui_sms.ui.widgets.thread_list import ThreadList


def _drawn(threads: ThreadList) -> str:
    """The list's lines as the terminal gets them (its sentence may wrap over several)."""
    return " ".join(threads.render_line(y).text.strip() for y in range(threads.size.height))


async def _setup_screen(app, pilot) -> ShopSettings:
    """The setup screen a first start opens, once its form is filled in."""
    assert await until(pilot, lambda: isinstance(app.screen, ShopSettings))
    screen = app.screen
    assert await until(pilot, lambda: screen.form is not None)
    return screen


async def test_setup_on_an_empty_database_reaches_the_message_center(settings):
    runtime, me = empty_runtime(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _setup_screen(app, pilot)
        await pilot.press("ctrl+s")
        assert await until(
            pilot, lambda: "needs a name" in str(screen.query_one("#settings-error").render())
        )
        screen.query_one("#shop-name").focus()
        await pilot.press(*"Garage Lavoie")
        await choose(pilot, "#shop-province", "QC")
        assert screen.query_one("#shop-time-zone").value == "America/Toronto"
        assert "Garage Lavoie" in str(screen.query_one("#segments-fr").render())
        assert "segment" in str(screen.query_one("#segments-en").render())
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        assert app.title == "Garage Lavoie"
        # Day one's list is empty: it says so, and how the first conversation starts.
        threads = app.screen.query_one(ThreadList)
        assert await until(pilot, lambda: "No conversation yet" in _drawn(threads))
        assert "Press w to text a customer" in _drawn(threads)
        await pilot.press("2")
        assert await until(pilot, lambda: "assigned to you" in _drawn(threads))
        assert "No conversation yet" not in _drawn(threads)
    with session_scope(runtime.engine) as session:
        shop = session.exec(select(Shop)).one()
        assert (shop.country, shop.province, shop.time_zone) == ("CA", "QC", "America/Toronto")
        marie = session.exec(select(Staff).where(Staff.login == "marie")).one()
        assert marie.role == Role.ADMIN


async def test_fields_typed_in_one_burst_with_tab_each_land_in_their_own(settings):
    """Over SSH a clerk's keys come in bursts: the name, Tab and the phone read by the app in
    one go. The phone must not end up after the name, nor the name lose its end."""
    runtime, me = empty_runtime(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _setup_screen(app, pilot)
        screen.query_one("#shop-name").focus()
        await pilot.pause()
        for character in "Garage Lavoie\t514 555 0100\t\t":
            key = {"\t": "tab", " ": "space"}.get(character, character)
            app.post_message(events.Key(key, character))
        phone = screen.query_one("#shop-phone")
        assert await until(pilot, lambda: phone.value == "514 555 0100")
        assert screen.query_one("#shop-name").value == "Garage Lavoie"
        # Shift+Tab goes back the same way, at once too: the letter after it goes to the
        # phone (whose text a field entered by Tab has selected, as in a browser).
        for key, character in [("shift+tab", None), ("shift+tab", None), ("5", "5")]:
            app.post_message(events.Key(key, character))
        assert await until(pilot, lambda: phone.value == "5")
        assert screen.query_one("#shop-name").value == "Garage Lavoie"


async def test_a_shop_renamed_elsewhere_shows_its_new_name_and_zone_in_a_running_app(settings):
    """The administrator renames the shop from another app or with `tui-sms shop set`: the
    apps already open follow, without a restart (their title, and the clock they tell
    times on)."""
    runtime, _nobody = empty_runtime(settings)
    with session_scope(runtime.engine) as session:
        make_shop(session)
        marie = session.exec(select(Staff).where(Staff.login == "marie")).one()
        marie.role = Role.ADMIN
        session.add(marie)
    with session_scope(runtime.engine) as session:
        me = session.exec(select(Staff).where(Staff.login == "marie")).one()
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        assert app.title == "Garage Test"
        with session_scope(runtime.engine) as session:
            changes = ShopChanges(name="Garage Roy", time_zone="America/Vancouver")
            save_shop(session, "marie", changes)
        assert await until(pilot, lambda: app.title == "Garage Roy")
        assert app.shop_time_zone == "America/Vancouver"
