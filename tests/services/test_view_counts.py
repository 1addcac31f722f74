"""The views line's counts while colleagues work, on SQLite and PostgreSQL: claims racing for
the same threads, resolves, transfers and customers writing back, with a screen reading the
counts all along. Every reading is one snapshot (nothing is counted twice or lost between two
counts), and once the work stops every count is exactly what the threads say."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms.domain.errors import UserError
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import inbox, inbox_view, mentions, staff_action, threads
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.inbox_models import Mention
from tui_sms.store.models import Message, Staff, Thread, ThreadKind, ThreadState

CUSTOMERS = 18
SHOP_NUMBER = "+14386013562"
# The views the views line counts (the message center asks for these).
COUNTED = ["all", "mine", "unassigned", "resolved", "snoozed"]


def _number(index: int) -> str:
    return f"+1514236{1300 + index:04d}"


def _seed(engine) -> tuple[list[int], list[Staff]]:
    with session_scope(engine) as session:
        shop = make_shop(session)
        session.add(Staff(login="sam", display_name="Sam Tremblay"))
        session.flush()
        staff = list(session.exec(select(Staff).order_by(Staff.id)).all())
        ids = []
        for index in range(CUSTOMERS):
            customer = make_customer(session, shop, f"Client {index}", _number(index))
            thread = Thread(shop_id=shop.id, customer_id=customer.id, number=_number(index))
            if index % 4 == 0:
                thread.state = ThreadState.RESOLVED
            if index % 5 == 1:
                thread.assignee_id = staff[index % len(staff)].id
            if index == 2:
                thread.snoozed_until = datetime(2030, 1, 1, tzinfo=UTC)
            session.add(thread)
            session.flush()
            ids.append(thread.id or 0)
        # A conversation with an employee is in no customer view.
        session.add(Thread(shop_id=shop.id, number="staff:1", kind=ThreadKind.EMPLOYEE))
        # Marie is named in a note on a thread Luc resolved: in her Mine until she opens it.
        note = Message(thread_id=ids[16], direction="note", kind="note", body="@marie", status="")
        session.add(note)
        session.flush()
        session.add(Mention(thread_id=ids[16], staff_id=staff[0].id, message_id=note.id or 0))
        staff = [session.merge(member) for member in staff]
        session.expunge_all()
    return ids, staff


def _expected(engine, staff_id: int) -> dict[str, int]:
    """Each view's count from its definition, thread by thread."""
    with session_scope(engine) as session:
        rows = session.exec(select(Thread).where(Thread.kind == ThreadKind.CUSTOMER)).all()
        named = mentions.mentioned_thread_ids(session, staff_id)
    awake = [t for t in rows if t.snoozed_until is None]
    open_ = [t for t in awake if t.state == ThreadState.OPEN]
    return {
        "all": len(open_),
        "mine": sum(
            1 for t in awake if (t in open_ and t.assignee_id == staff_id) or t.id in named
        ),
        "unassigned": sum(1 for t in open_ if t.assignee_id is None),
        "resolved": sum(1 for t in awake if t.state == ThreadState.RESOLVED),
        "snoozed": sum(1 for t in rows if t.snoozed_until is not None),
    }


def _counts(engine, staff_id: int) -> dict[str, int]:
    page = inbox_view.thread_page(engine, "all", staff_id, limit=1, count_views=COUNTED)
    assert page.counts is not None
    return page.counts.views


def _inbound(engine, number: str, serial: str) -> None:
    at = datetime.now(UTC) - timedelta(seconds=1)
    message = ProviderMessage(
        sid=f"SM{serial:0>32}",
        status="received",
        direction="inbound",
        from_=number,
        to=SHOP_NUMBER,
        body="Is my car ready?",
        num_segments=1,
        price=Decimal("-0.0075"),
        price_unit="USD",
        error_code=None,
        error_message=None,
        date_created=at,
        date_updated=at,
        date_sent=at,
    )
    staff_action.perform(engine, lambda s: inbox.receive_inbound(s, queries.get_shop(s), message))


def _colleague(engine, member: Staff, staff: list[Staff], ids: list[int], seed: int) -> None:
    rng = random.Random(seed)
    for step in range(20):
        thread_id = rng.choice(ids)
        move = rng.choice(("claim", "claim", "resolve", "transfer", "inbound"))
        try:
            if move == "claim":
                staff_action.perform(
                    engine, lambda s, t=thread_id: threads.claim_thread(s, t, member)
                )
            elif move == "resolve":
                staff_action.perform(
                    engine, lambda s, t=thread_id: threads.resolve_thread(s, t, member)
                )
            elif move == "transfer":
                to = rng.choice([other for other in staff if other.id != member.id])
                staff_action.perform(
                    engine, lambda s, t=thread_id, o=to: threads.transfer_thread(s, t, member, o)
                )
            else:
                number = _number(ids.index(thread_id))
                _inbound(engine, number, f"{seed}{step}")
        except UserError:
            pass  # a colleague was quicker: refused with a sentence, as the clerk sees it


def test_the_counts_stay_exact_while_colleagues_work(engine):
    ids, staff = _seed(engine)
    me = staff[0]
    assert _counts(engine, me.id) == _expected(engine, me.id)
    stop = threading.Event()
    readings: list[dict[str, int]] = []

    def read_all_along() -> None:
        while not stop.is_set():
            readings.append(_counts(engine, me.id))

    reader = threading.Thread(target=read_all_along)
    workers = [
        threading.Thread(target=_colleague, args=(engine, member, staff, ids, seed))
        for seed, member in enumerate(staff)
    ]
    reader.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    stop.set()
    reader.join()

    # No thread was created or removed: in any one snapshot each customer thread is open,
    # resolved or snoozed, whatever moved between the views.
    assert readings
    for seen in readings:
        assert seen["all"] + seen["resolved"] + seen["snoozed"] == CUSTOMERS
        assert seen["unassigned"] <= seen["all"]
    for member in staff:
        assert _counts(engine, member.id) == _expected(engine, member.id)

    # A customer nobody knew writes: a new open, unassigned thread in every count.
    before = _counts(engine, me.id)
    _inbound(engine, "+15142369999", "new")
    after = _counts(engine, me.id)
    assert after == _expected(engine, me.id)
    assert after["all"] == before["all"] + 1
    assert after["unassigned"] == before["unassigned"] + 1


def test_mine_holds_my_open_threads_and_the_notes_naming_me(engine):
    ids, staff = _seed(engine)
    marie, luc = staff[0], staff[1]
    with session_scope(engine) as session:
        mine = queries.threads_for_inbox(session, "mine", marie.id, limit=50)
        held = session.exec(
            select(Thread.id).where(
                Thread.assignee_id == marie.id,
                Thread.state == ThreadState.OPEN,
                Thread.kind == ThreadKind.CUSTOMER,
            )
        ).all()
    # Her own open threads and the one of Luc's where a note names her, once each.
    assert {row.id for row in mine} == {*held, ids[16]}
    assert len(mine) == len({row.id for row in mine})
    assert _counts(engine, marie.id)["mine"] == len(mine)
    staff_action.perform(engine, lambda s: mentions.mark_seen(s, ids[16], marie.id or 0))
    assert _counts(engine, marie.id)["mine"] == len(mine) - 1
    assert _counts(engine, luc.id) == _expected(engine, luc.id)
