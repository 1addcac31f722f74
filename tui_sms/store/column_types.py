"""Column types every table uses: time kept as naive UTC and read back aware, money exact."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in Python, naive UTC in the database (SQLite has no time zones)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)

    def bind_processor(self, dialect: sa.Dialect) -> Callable[[datetime | None], Any]:
        convert = super().bind_processor(dialect)
        assert convert is not None
        # A batch binds one instant (its "now") in thousands of rows: the last value bound
        # is kept with what it became, in one tuple, so that threads sharing this processor
        # never pair one instant with another's conversion. Held, it cannot be freed and its
        # identity given to another datetime.
        last: list[tuple[datetime | None, Any]] = [(None, None)]

        def process(value: datetime | None) -> Any:
            seen, converted = last[0]
            if value is seen:
                return converted
            converted = convert(value)
            last[0] = (value, converted)
            return converted

        return process


MONEY_SCALE = 100_000


class Money(TypeDecorator[Decimal]):
    """Decimal money kept exact as an integer count of 1/100,000 of the currency unit."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: sa.Dialect) -> int | None:
        return None if value is None else int((Decimal(value) * MONEY_SCALE).to_integral_value())

    def process_result_value(self, value: int | None, dialect: sa.Dialect) -> Decimal | None:
        return None if value is None else Decimal(value) / MONEY_SCALE
