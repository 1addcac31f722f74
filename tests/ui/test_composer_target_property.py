"""Property: whatever the clerk presses and whatever colleagues do in between, the list's
highlighted row, the conversation shown (header and bubbles) and the thread the composer
sends to are one and the same thread, or the composer is closed.

Each example starts one app on a copy of a prepared SQLite file and plays a random
sequence of real keys, terminal resizes and colleagues' service calls, checking after
every step once the app has settled. TUI_SMS_PROPERTY_EXAMPLES raises the number of
sequences for a long run (the default keeps the suite quick).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import TRANSACTIONAL, make_customer, make_shop
from tests.ui.conftest import ending_work, until, work_done
from tui_sms.config import Settings
from tui_sms.domain.errors import UserError
from tui_sms.domain.phone import format_national
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import consent, inbox, outbox, status_view, threads
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Shop, utcnow
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.widgets.composer import Composer, ComposerClosed, ComposerInput
from tui_sms.ui.widgets.conversation import Conversation
from tui_sms.ui.widgets.thread_list import ThreadList

EXAMPLES = int(os.environ.get("TUI_SMS_PROPERTY_EXAMPLES", "40"))

CUSTOMERS = [
    ("Émilie Côté", "+15142361201"),
    ("John Smith", "+15142361214"),
    ("Ana Pereira", "+15142361222"),
    ("Paul Roy", "+15142361233"),
    ("Nadia Lévesque", "+15142361244"),
    ("Omar Haddad", "+15142361255"),
]
OPTED_OUT = "+15142361233"  # Paul replied STOP: his composer is disabled
UNKNOWN = ["+15142361266", "+15142361277"]  # strangers who may write during a sequence

# The message center's keys (views, list moves, thread actions, reply, back, search) and a
# few letters that are commands in the list but text in the composer or the search field.
KEYS = [
    *"jk1234cxXonrtw",
    "up",
    "down",
    "enter",
    "escape",
    "escape",
    "slash",
    "a",
    "e",
    "ctrl+t",
    *"zZ6",  # snooze (its dialog: enter picks a choice), bring back, the Snoozed view
]

_SIDS = itertools.count(1)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """One migrated database with a shop, customers and their threads, copied per example."""
    folder = tmp_path_factory.mktemp("prepared")
    runtime = open_runtime(
        Settings(database_url=f"sqlite:///{folder / 'shop.db'}", staff="marie", language="en")
    )
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        start = utcnow() - timedelta(hours=2)
        for minutes, (name, number) in enumerate(CUSTOMERS):
            make_customer(session, shop, name, number)
            outbox.queue_to_number(
                session,
                number,
                f"Hello {name}",
                author_id=None,
                now=start + timedelta(minutes=minutes),
            )
        consent.record_opt_out(session, OPTED_OUT, utcnow(), keyword="STOP", source="keyword")
        queries.staff_by_login(session, "marie").language = "en"
    runtime.engine.dispose()
    return folder / "shop.db"


colleague = st.tuples(
    st.sampled_from(["claim", "resolve", "inbound", "stranger"]),
    st.integers(min_value=0, max_value=len(CUSTOMERS) - 1),
)
# The terminal resized: below 100 columns the message center shows one pane at a time.
resize = st.sampled_from([(80, 24), (120, 30)])
step = st.one_of(st.sampled_from(KEYS), colleague, resize)


def _colleague_does(engine, what: str, index: int) -> None:
    """Luc, in another process, or a customer writing in: straight to the database."""
    _name, number = CUSTOMERS[index]
    with session_scope(engine) as session:
        luc = queries.staff_by_login(session, "luc")
        thread = queries.thread_by_number(session, 1, number)
        try:
            if what == "claim" and thread is not None:
                threads.claim_thread(session, thread.id, luc)
            elif what == "resolve" and thread is not None:
                threads.resolve_thread(session, thread.id, luc)
            elif what in ("inbound", "stranger"):
                sender = UNKNOWN[index % 2] if what == "stranger" else number
                at = utcnow()
                inbox.receive_inbound(
                    session,
                    session.get(Shop, 1),
                    ProviderMessage(
                        sid=f"SMprop{next(_SIDS):028d}",
                        status="received",
                        direction="inbound",
                        from_=sender,
                        to=TRANSACTIONAL[0],
                        body="Any news about my car?",
                        num_segments=1,
                        price=None,
                        price_unit=None,
                        error_code=None,
                        error_message=None,
                        date_created=at,
                        date_updated=at,
                        date_sent=at,
                    ),
                )
        except UserError:
            session.rollback()  # Luc was refused (already claimed...): nothing changed


async def _settle(app, pilot) -> None:
    """Until no worker runs and the message queues are empty, twice in a row."""
    quiet = 0
    for _ in range(400):
        await pilot.pause()
        if ending_work(app):
            quiet = 0
            await work_done(app)
            continue
        quiet += 1
        if quiet >= 2:
            return
    raise AssertionError("the app never settled")


def _check(app, trail: list[object]) -> None:
    screen = app.screen
    if not isinstance(screen, MessageCenter):
        return  # a dialog is up: the message center waits underneath
    table = screen.query_one(ThreadList)
    composer = screen.query_one(Composer)
    shown = screen.current.thread.id if screen.current is not None else None
    where = f"after {trail}"
    if table.row_count == 0:
        assert shown is None and composer.thread_id is None, where
        assert composer.blocked, where
        return
    highlighted = table.selected_thread
    assert screen.open_thread_id == highlighted, where
    assert shown == highlighted, where
    assert screen.query_one(Conversation).thread_id == highlighted, where
    assert composer.thread_id == highlighted, where
    header = str(screen.query_one("#thread-header").render())
    assert format_national(screen.current.thread.number) in header, where
    # Typing goes to a composer that accepts it, or to the notice that swallows it.
    focused = screen.focused
    if isinstance(focused, ComposerInput):
        assert not composer.blocked, where
    if composer.blocked:
        assert not isinstance(focused, ComposerInput), where
    if isinstance(focused, ComposerClosed):
        assert composer.blocked, where
    if screen.narrow:  # one pane at a time
        assert screen.query_one("#left").display != screen.query_one("#right").display, where


async def _seen(app, pilot, engine) -> None:
    """Until the app's watch has seen everything in the change feed and reloaded for it."""
    latest = status_view.shop_facts(engine).latest_change
    seen = lambda: app.last_change_id >= latest and app.reload_due is None  # noqa: E731
    assert await until(pilot, seen), "the app never saw the colleague's change"


async def _play(database: Path, steps: list[object]) -> None:
    runtime = open_runtime(
        Settings(database_url=f"sqlite:///{database}", staff="marie", language="en")
    )
    with session_scope(runtime.engine) as session:
        me = queries.staff_by_login(session, "marie")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    trail: list[object] = []
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await _settle(app, pilot)
            _check(app, trail)
            for action in steps:
                trail.append(action)
                if isinstance(action, tuple) and isinstance(action[0], int):
                    await pilot.resize_terminal(*action)
                elif isinstance(action, tuple):
                    _colleague_does(runtime.engine, *action)
                    await _seen(app, pilot, runtime.engine)
                else:
                    await pilot.press(action)
                await _settle(app, pilot)
                _check(app, trail)
    finally:
        runtime.engine.dispose()


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=40))
def test_highlight_conversation_and_composer_agree(prepared, tmp_path, steps):
    database = tmp_path / f"shop-{next(_SIDS)}.db"
    shutil.copyfile(prepared, database)
    try:
        asyncio.run(_play(database, steps))
    finally:
        database.unlink(missing_ok=True)
