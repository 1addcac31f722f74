"""Consent as staff actions, through the service and the `tui-sms customer consent` commands."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms import cli
from tui_sms.domain.errors import ComplianceError, ConsentMissing, NotFound
from tui_sms.services import consent, outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Consent, Message

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def test_record_then_withdraw_opens_then_closes_texting(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        customer = make_customer(session, shop, "Zoé", "+15142361206", consent=False)
        with pytest.raises(ConsentMissing):
            outbox.queue_to_number(session, "+15142361206", "Bonjour", author_id=None)
        rows = consent.record_consent(
            session, "(514) 236-1206", "marie", "verbal", "OK pour les textos.", NOW
        )
        assert [(r.number, r.customer_id, r.method) for r in rows] == [
            ("+15142361206", customer.id, "verbal")
        ]
        outbox.queue_to_number(session, "+15142361206", "Bonjour", author_id=None)
        consent.withdraw_consent(session, customer, "luc", NOW)
        with pytest.raises(ConsentMissing, match="withdrew"):
            outbox.queue_to_number(session, "+15142361206", "Encore", author_id=None)
        events = session.exec(select(Message).where(Message.kind == "event")).all()
        assert [e.body for e in events] == ["Consent withdrawn, recorded by luc."]


def test_consent_needs_a_known_method_and_wording(engine):
    with session_scope(engine) as session:
        make_shop(session)
        with pytest.raises(ComplianceError, match="signed_paper, electronic or verbal"):
            consent.record_consent(session, "+15142361206", "marie", "telepathy", "yes")
        with pytest.raises(ComplianceError, match="wording"):
            consent.record_consent(session, "+15142361206", "marie", "verbal", "  ")
        with pytest.raises(NotFound):
            consent.withdraw_consent(session, "+15142361206", "marie")


def test_cli_records_shows_and_withdraws(settings, capsys):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        make_shop(session)
    base = ["--database", settings.database_url, "--as", "luc", "customer", "consent"]
    number = ["--number", "514 236 1206"]
    assert cli.main([*base, "show", *number]) == 0
    assert "No consent on file" in capsys.readouterr().out
    args = [*base, "record", *number, "--method", "signed_paper", "--wording", "I agree."]
    assert cli.main(args) == 0
    assert "Consent recorded for (514) 236-1206." in capsys.readouterr().out
    assert cli.main([*base, "show", *number]) == 0
    shown = capsys.readouterr().out
    assert "Consent: signed paper" in shown and "by luc" in shown and "'I agree.'" in shown
    assert cli.main([*base, "withdraw", *number]) == 0
    assert cli.main([*base, "withdraw", *number]) == 1
    assert "no consent on file" in capsys.readouterr().err
    with session_scope(runtime.engine) as session:
        row = session.exec(select(Consent)).one()
        assert row.withdrawn_by == "luc"
