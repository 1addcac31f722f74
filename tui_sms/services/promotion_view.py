"""What the Promotion screen reads: the customers a search matches (with why some are left
out), the total before confirming, the past promotions and a promotion's report. Each takes
the engine and returns plain rows; the screen changes things only through services/promotions.py
run by the UI base's `perform`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from tui_sms.services import promotions
from tui_sms.services.promotions import BatchEstimate, Criteria, PromotionReport, Search
from tui_sms.store.engine import session_scope

__all__ = [
    "BatchEstimate",
    "Criteria",
    "PastPromotion",
    "PromotionReport",
    "Search",
    "estimate",
    "past_promotions",
    "report",
    "search",
]


@dataclass(frozen=True)
class PastPromotion:
    name: str
    created_at: datetime
    created_by: str


def search(engine: Engine, criteria: Criteria) -> Search:
    with session_scope(engine) as session:
        return promotions.search(session, criteria)


def estimate(
    engine: Engine, found: Search, selected: set[int], body: str, now: datetime
) -> BatchEstimate:
    with session_scope(engine) as session:
        return promotions.estimate_batch(session, found, selected, body, now=now)


def past_promotions(engine: Engine) -> list[PastPromotion]:
    """Newest first."""
    with session_scope(engine) as session:
        return [
            PastPromotion(p.name, p.created_at, p.created_by)
            for p in promotions.promotions(session)
        ]


def report(engine: Engine, name: str) -> PromotionReport:
    with session_scope(engine) as session:
        return promotions.promotion_report(session, name)
