"""What the interface polls: the change feed several times a second; once a second, whether
the sender can reach the provider (and how much waits meanwhile), and the e-mails that did
not go out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from tui_sms.services.heartbeat import HEARTBEAT_STALE
from tui_sms.store import queries
from tui_sms.store.engine import read_scope, session_scope
from tui_sms.store.queries import MailBacklog

__all__ = ["MailBacklog", "ShopFacts", "Status", "changes_since", "shop_facts", "status"]


@dataclass(frozen=True)
class ShopFacts:
    """What the app needs at start, and reads again when another process changes the shop."""

    name: str
    time_zone: str
    latest_change: int
    language: str = ""  # en | fr; empty: left to the province
    exists: bool = True  # False: no shop yet, the app opens the setup screen


@dataclass(frozen=True)
class Status:
    changes: list[tuple[int, int | None]]  # (change id, thread id or None), oldest first
    provider_down_since: datetime | None
    waiting: int  # messages waiting to go out, counted only while the provider is down
    mail: MailBacklog


def shop_facts(engine: Engine) -> ShopFacts:
    with session_scope(engine) as session:
        shop = queries.get_shop(session)
        latest = queries.latest_change_id(session)
    if shop is None:
        return ShopFacts("tui-sms", "UTC", latest, exists=False)
    return ShopFacts(shop.name, shop.time_zone, latest, shop.language or "")


def changes_since(engine: Engine, after_change: int) -> list[tuple[int, int | None]]:
    """(change id, thread id or None) of every change after `after_change`, oldest first:
    read without a write lock, since every running app looks ten times a second."""
    with read_scope(engine) as session:
        return queries.changes_since(session, after_change)


def status(engine: Engine, after_change: int, now: datetime) -> Status:
    with session_scope(engine) as session:
        changes = queries.changes_since(session, after_change)
        workers = queries.live_workers(session, now - HEARTBEAT_STALE)
        down = [w.provider_down_since for w in workers if w.provider_down_since]
        waiting = queries.count_waiting(session) if down else 0
        mail = queries.mail_backlog(session)
    return Status(changes, min(down) if down else None, waiting, mail)
