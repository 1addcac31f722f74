"""Texting employees: SMS through the sandbox, or their carrier's e-mail gateway,
in their own threads, never in customer views."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import select

from tests.factories import BOOK_AHEAD, make_customer, make_shop
from tests.services.test_forwards import _inbound
from tests.smtp import mail_settings, smtp_server
from tui_sms.cli import main
from tui_sms.domain.compliance import disclaimer_text
from tui_sms.domain.errors import ComplianceError, EmptyMessage
from tui_sms.services import employees, inbox, outbox
from tui_sms.services.mailer import send_due_mail
from tui_sms.services.sender import send_due_messages
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import (
    MailOut,
    Message,
    OptOut,
    SenderNumber,
    Staff,
    Thread,
    ThreadKind,
    utcnow,
)


def _crew(session):
    shop = make_shop(session)
    shop.return_email = "atelier@garage.example"
    session.add(shop)
    paul = employees.save_staff(
        session, "paul", create=True, name="Paul Tremblay", sms="514 236-1301"
    )
    nadia = employees.save_staff(
        session, "nadia", create=True, name="Nadia Roy", sms="514 555-1234", carrier="bell"
    )
    nadia.sms_number = None  # gateway only: she has no number the texting module uses
    gil = employees.save_staff(session, "gil", create=True, name="Gil Noël")
    session.flush()
    return shop, paul, nadia, gil


async def test_sms_and_gateway_texts_go_out_in_employee_threads(engine, sandbox, provider):
    with session_scope(engine) as session:
        _shop, paul, nadia, _gil = _crew(session)
        make_customer(session, _shop, "John Smith", "+15142361214")
        outbox.queue_to_number(session, "+15142361214", "Ready at 5.", author_id=None)
        me = queries.staff_by_login(session, "marie")
        assert nadia.gateway_address == "5145551234@txt.bell.ca"
        plan = employees.plan_employee_text(session, [paul.id, nadia.id], "Réunion à 7 h")
        assert plan.summary() == "SMS to 1 employee: 1 segment · 1 free (e-mail gateway)"
        done = employees.text_employees(
            session, [paul.id, nadia.id], "Réunion à 7 h", me.id, utcnow()
        )
        ids = {route.staff_id: route.message_id for route in done.routes}
        paul_id, nadia_id = paul.id, nadia.id

    report = await send_due_messages(engine, provider, "test", policy=BOOK_AHEAD)
    assert report.sent == 3
    ledger = httpx.get(
        f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
    ).json()["messages"]
    # The customer's first text comes after the disclaimer; the employee gets none.
    assert sorted((m["to"], m["body"]) for m in ledger) == [
        ("+15142361214", disclaimer_text("en", "Garage Test")),
        ("+15142361214", "Ready at 5."),
        ("+15142361301", "Réunion à 7 h"),
    ]
    with smtp_server() as (server, port):
        assert (await send_due_mail(engine, mail_settings(port))).sent == 1
    [got] = server.received
    assert got.recipients == ["5145551234@txt.bell.ca"]
    assert got.message.get_content().strip() == "Réunion à 7 h"

    with session_scope(engine) as session:
        by_sms = session.get(Message, ids[paul_id])
        by_mail = session.get(Message, ids[nadia_id])
        assert by_mail.status == "sent" and by_sms.status in ("sent", "sending", "queued")
        threads = [session.get(Thread, m.thread_id) for m in (by_sms, by_mail)]
        assert {t.kind for t in threads} == {ThreadKind.EMPLOYEE}
        assert {t.number for t in threads} == {f"staff:{paul_id}", f"staff:{nadia_id}"}
        # Customer views show only the customer.
        for view in ("all", "unassigned"):
            rows = queries.threads_for_inbox(session, view, None)
            assert [r.number for r in rows] == ["+15142361214"]
            assert queries.count_threads(session, view, None) == 1


def test_stop_is_honoured_and_nobody_reachable_is_refused(engine):
    with session_scope(engine) as session:
        _shop, paul, _nadia, gil = _crew(session)
        session.add(OptOut(number=paul.sms_number, keyword="STOP", source="keyword"))
        session.flush()
        with pytest.raises(ComplianceError, match="Paul Tremblay: replied STOP"):
            employees.text_employees(session, [paul.id, gil.id], "Hi", None, utcnow())
        with pytest.raises(EmptyMessage):
            employees.text_employees(session, [paul.id], "  ", None, utcnow())
        assert session.exec(select(Message)).all() == []


def test_no_texting_number_or_credit_falls_back_to_the_gateway(engine):
    with session_scope(engine) as session:
        _shop, paul, _nadia, _gil = _crew(session)
        paul.gateway_address = employees.gateway_address("telus", paul.sms_number)
        plan = employees.plan_employee_text(session, [paul.id], "Hi", sms_credit=0)
        assert [r.channel for r in plan.routes] == ["email"]
        assert plan.summary() == "1 free (e-mail gateway)"
        for sender in session.exec(select(SenderNumber)).all():
            sender.active = False
        session.flush()
        employees.text_employees(session, [paul.id], "Hi", None, utcnow())
        [mail] = session.exec(select(MailOut)).all()
        assert mail.recipients == "5142361301@msg.telus.com"


def test_employee_reply_lands_in_their_thread_and_is_forwarded_as_theirs(engine):
    with session_scope(engine) as session:
        shop, paul, _nadia, _gil = _crew(session)
        shop.language = "en"
        stored = inbox.receive_inbound(session, shop, _inbound("On my way", paul.sms_number))
        thread = session.get(Thread, stored.thread_id)
        assert thread.kind == ThreadKind.EMPLOYEE and thread.number == f"staff:{paul.id}"
        [mail] = session.exec(select(MailOut)).all()
        assert mail.subject == "Text from employee Paul Tremblay ((514) 236-1301)"
        assert queries.threads_for_inbox(session, "all", None) == []


def test_replies_can_also_be_texted_to_a_chosen_staff_cell(engine):
    with session_scope(engine) as session:
        shop, paul, _nadia, _gil = _crew(session)
        make_customer(session, shop, "John Smith", "+15142361214")
        shop.forward_sms_staff_id = paul.id
        inbox.receive_inbound(session, shop, _inbound("Is it ready?", "+15142361214"))
        copy = session.exec(select(Message).where(Message.kind == "employee")).one()
        assert copy.to_number == paul.sms_number and copy.status == "queued"
        assert copy.body == "John Smith (514) 236-1214: Is it ready?"
        assert session.get(Thread, copy.thread_id).kind == ThreadKind.EMPLOYEE


def test_staff_and_forward_commands(settings, capsys, tmp_path):
    database = ["--database", settings.database_url]
    from tui_sms.services.runtime import open_runtime

    with session_scope(open_runtime(settings).engine) as session:
        make_shop(session)
    assert main(["staff", "add", "rene", "--name", "René", "--sms", "5142361301",
                 "--carrier", "koodo", *database]) == 0  # fmt: skip
    assert "5142361301@msg.koodomobile.com" in capsys.readouterr().out
    assert main(["mail", "forward", "--to", "a@garage.example,b@garage.example",
                 "--sms-to", "rene", "--keywords", "yes", *database]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "a@garage.example, b@garage.example" in out and "René" in out
    assert main(["mail", "forward", "--to", "nope", *database]) == 1
    assert "not an e-mail address" in capsys.readouterr().err
    assert main(["text-employees", "--to", "rene", "Salut", *database]) == 0
    assert "SMS to 1 employee" in capsys.readouterr().out
    assert main(["staff", "carriers"]) == 0
    assert "txt.bell.ca" in capsys.readouterr().out
    with session_scope(open_runtime(settings).engine) as session:
        assert session.exec(select(Staff).where(Staff.login == "rene")).one().display_name
