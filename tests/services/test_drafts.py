"""Reply drafts on SQLite and PostgreSQL: one per staff member and thread, replaced as the
clerk types, gone once blank or discarded, and never another person's."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from tests.factories import make_shop
from tui_sms.services import draft_view, drafts
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Thread


def _shop(engine) -> tuple[int, int, int, int]:
    with session_scope(engine) as session:
        shop = make_shop(session)
        threads = [Thread(shop_id=shop.id or 0, number=f"+1514236120{i}") for i in (1, 2)]
        session.add_all(threads)
        session.flush()
        marie = queries.staff_by_login(session, "marie")
        luc = queries.staff_by_login(session, "luc")
        return marie.id, luc.id, threads[0].id, threads[1].id


def _keep(engine, staff: int, thread: int, body: str) -> None:
    with session_scope(engine) as session:
        drafts.keep_draft(session, staff, thread, body)


def test_a_draft_is_per_person_and_thread_and_the_latest_text_wins(engine):
    marie, luc, first, second = _shop(engine)
    _keep(engine, marie, first, "Bonjour, votre")
    _keep(engine, marie, first, "Bonjour, votre auto\nest prête")
    _keep(engine, luc, first, "Luc's words")
    assert draft_view.draft_for(engine, marie, first) == "Bonjour, votre auto\nest prête"
    assert draft_view.draft_for(engine, luc, first) == "Luc's words"
    assert draft_view.draft_for(engine, marie, second) == ""
    assert draft_view.threads_with_drafts(engine, marie) == {first}


def test_a_blank_composer_or_a_sent_reply_leaves_no_draft(engine):
    marie, luc, first, second = _shop(engine)
    _keep(engine, marie, first, "Something")
    _keep(engine, marie, first, "  \n ")
    assert draft_view.draft_for(engine, marie, first) == ""
    _keep(engine, marie, second, "Sent soon")
    _keep(engine, luc, second, "Luc keeps his")
    with session_scope(engine) as session:
        drafts.discard_draft(session, marie, second)
    assert draft_view.threads_with_drafts(engine, marie) == frozenset()
    assert draft_view.draft_for(engine, luc, second) == "Luc keeps his"


def test_the_migration_makes_the_table_the_model_describes(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    about_drafts = [d for d in differences if "replydraft" in repr(d)]
    assert about_drafts == []
