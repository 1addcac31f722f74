"""Twilio's 2010-04-01 JSON shapes: Message resources, error bodies and list filters."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.utils import format_datetime
from typing import Any

from starlette.responses import JSONResponse

from tui_sms.provider.sandbox.state import SandboxMessage, SandboxState

API_VERSION = "2010-04-01"
_PRICE_PLACES = Decimal("0.00001")


class InvalidParameter(ValueError):
    """A query parameter the sandbox cannot read."""

    def __init__(self, name: str, value: str) -> None:
        super().__init__(f"Invalid value for parameter {name}: {value}")
        self.name = name


def rfc2822(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0))


def account_path(account_sid: str) -> str:
    return f"/{API_VERSION}/Accounts/{account_sid}"


def error_body(status: int, code: int | None, message: str) -> dict[str, Any]:
    # Never add "type" and "title": with "status" and "code" present, twilio-python would
    # read the body as an RFC 9457 problem and raise a different exception.
    more_info = f"https://www.twilio.com/docs/errors/{code}" if code else ""
    return {"code": code, "message": message, "more_info": more_info, "status": status}


def error_response(
    status: int, code: int | None, message: str, retry_after: float | None = None
) -> JSONResponse:
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = str(max(math.ceil(retry_after), 1))
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


def message_json(state: SandboxState, message: SandboxMessage) -> dict[str, Any]:
    status, date_updated, date_sent = message.snapshot(state.now())
    price = state.price_of(message, status)
    uri = f"{account_path(state.account_sid)}/Messages/{message.sid}"
    return {
        "account_sid": state.account_sid,
        "api_version": API_VERSION,
        "body": message.body,
        "date_created": rfc2822(message.date_created),
        "date_sent": rfc2822(date_sent),
        "date_updated": rfc2822(date_updated),
        "direction": message.direction,
        "error_code": message.error_code if status == message.final_status else None,
        "error_message": message.error_message if status == message.final_status else None,
        "from": message.from_,
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": str(message.num_segments),
        "price": None if price is None else str(price.quantize(_PRICE_PLACES)),
        "price_unit": state.price_unit,
        "sid": message.sid,
        "status": status,
        "subresource_uris": {
            "media": f"{uri}/Media.json",
            "feedback": f"{uri}/Feedback.json",
        },
        "to": message.to,
        "uri": f"{uri}.json",
    }


def ledger_json(state: SandboxState, message: SandboxMessage) -> dict[str, Any]:
    status, _, _ = message.snapshot(state.now())
    return {
        "sid": message.sid,
        "from": message.from_,
        "to": message.to,
        "body": message.sent_body,
        "date_created": rfc2822(message.date_created),
        "status": status,
        "num_segments": message.num_segments,
        "encoding": message.encoding,
        "error_code": message.error_code if status == message.final_status else None,
        "status_callback": message.status_callback,
        "validity_period": message.validity_period,
        "deleted": message.deleted,
    }


class DateSentFilter:
    """Twilio's `DateSent`, `DateSent<` and `DateSent>` filters (bounds included).

    Twilio documents GMT dates (`2023-08-24`); twilio-python sends every date as a
    datetime (`2023-08-24T00:00:00Z`). A date covers its whole day, and so does any value
    of the exact `DateSent` ("sent on this date"); the bounds keep a datetime's second.
    """

    def __init__(self, params: dict[str, str]) -> None:
        self.lower: datetime | None = None
        self.upper_excl: datetime | None = None
        for name, value in params.items():
            if name not in ("DateSent", "DateSent<", "DateSent>") or value == "":
                continue
            start, end = _parse_moment(name, value)
            if name == "DateSent":
                start = start.replace(hour=0, minute=0, second=0)
                end = start + timedelta(days=1)
            if name in ("DateSent", "DateSent>"):
                self.lower = start if self.lower is None else max(self.lower, start)
            if name in ("DateSent", "DateSent<"):
                self.upper_excl = end if self.upper_excl is None else min(self.upper_excl, end)

    @property
    def active(self) -> bool:
        return self.lower is not None or self.upper_excl is not None

    def matches(self, sent: datetime | None) -> bool:
        if not self.active:
            return True
        if sent is None:
            return False
        sent = sent.astimezone(UTC).replace(microsecond=0)
        if self.lower is not None and sent < self.lower:
            return False
        return self.upper_excl is None or sent < self.upper_excl


def _parse_moment(name: str, value: str) -> tuple[datetime, datetime]:
    """The [start, end) span a filter value names."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start, start + timedelta(days=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidParameter(name, value) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC).replace(microsecond=0)
    return moment, moment + timedelta(seconds=1)
