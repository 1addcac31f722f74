"""What the sandbox remembers and decides: messages, opt-outs, outages and rate limits.

Statuses are not driven by timers: each outbound message gets its milestones (sending,
sent, final) when it is created, and its status is read from the clock. Customer
auto-replies work the same way: they wait in a queue until their time has come and are
filed on the next request. No background task can fall behind or outlive the server.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, NoReturn

from tui_sms.domain.segments import MAX_CHARACTERS
from tui_sms.provider.sandbox.numbers import SandboxAccount

_E164 = re.compile(r"\+[1-9][0-9]{5,14}")
OPT_OUT_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "ARRET"}
)
OPT_IN_WORDS = frozenset({"START", "YES", "UNSTOP"})

# Twilio's magic "To" numbers for test credentials: each one always fails the same way.
MAGIC_TO_ERRORS = {
    "+15005550001": 21211,
    "+15005550002": 21612,
    "+15005550004": 21610,
    "+15005550009": 21614,
}

ERROR_MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource {resource} was not found",
    20429: "Too Many Requests",
    20503: "Service Unavailable",
    21211: "The 'To' number {to} is not a valid phone number.",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21612: "The 'To' phone number: {to}, is not currently reachable using the 'From' phone "
    "number: {from_} via SMS.",
    21614: "'To' number {to} is not a valid mobile number",
    21617: "The concatenated message body exceeds the 1600 character limit.",
    30003: "Unreachable destination handset",
    30409: "This message cannot be canceled",
}

HTTP_STATUS = {20003: 401, 20404: 404, 20429: 429, 20503: 503}


class SandboxError(Exception):
    """A request the sandbox refuses the way Twilio would: HTTP status plus error code."""

    def __init__(self, code: int, retry_after: float | None = None, **fields: str) -> None:
        self.code = code
        self.status = HTTP_STATUS.get(code, 400)
        self.message = ERROR_MESSAGES[code].format(**fields)
        self.retry_after = retry_after
        super().__init__(self.message)


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _characters(body: str) -> int:
    # The limit is counted the way our estimate counts it (Twilio weighs wide characters).
    from tui_sms.domain.segments import estimate

    return estimate(body).characters


def _count_segments(body: str, smart_encoding: bool) -> tuple[int, str]:
    # Deferred so the domain module only loads when a message is actually made.
    from tui_sms.domain.segments import estimate

    result = estimate(body, smart_encoding=smart_encoding)
    return max(result.segments, 1), result.encoding


@dataclass
class SandboxMessage:
    sid: str
    seq: int
    direction: str
    from_: str
    to: str
    body: str
    num_segments: int
    encoding: str
    date_created: datetime
    final_status: str
    sent_body: str = ""
    # When the message enters sending, sent and its final status; inbound has none.
    milestones: tuple[datetime, datetime, datetime] | None = None
    error_code: int | None = None
    error_message: str | None = None
    status_callback: str | None = None
    validity_period: int | None = None
    redacted_at: datetime | None = None
    deleted: bool = False

    @property
    def is_inbound(self) -> bool:
        return self.direction == "inbound"

    def snapshot(self, now: datetime) -> tuple[str, datetime, datetime | None]:
        """(status, date_updated, date_sent) as they stand at `now`."""
        if self.milestones is None:
            return self.final_status, self.redacted_at or self.date_created, self.date_created
        sending_at, sent_at, final_at = self.milestones
        if now < sending_at:
            status, updated = "queued", self.date_created
        elif now < sent_at:
            status, updated = "sending", sending_at
        elif now < final_at:
            status, updated = "sent", sent_at
        else:
            status, updated = self.final_status, final_at
        if self.redacted_at is not None:
            updated = max(updated, self.redacted_at)
        return status, updated, sent_at if now >= sent_at else None


@dataclass
class _PendingReply:
    due: datetime
    from_: str
    to: str
    body: str


@dataclass
class SandboxState:
    """One simulated Twilio account and the customers on the other end.

    Knobs may be changed at any time; status delays apply to messages created afterwards.
    """

    account_sid: str = field(default_factory=lambda: new_sid("AC"))
    auth_token: str = field(default_factory=lambda: secrets.token_hex(16))
    account: SandboxAccount = field(default_factory=SandboxAccount)
    # Seconds spent queued, sending and sent before the final status.
    status_delays: tuple[float, float, float] = (0.3, 0.4, 0.6)
    # Called with (customer number, body we sent); returns the customer's answer or None.
    auto_reply: Callable[[str, str], str | None] | None = None
    auto_reply_delay: float = 2.0
    undeliverable: set[str] = field(default_factory=set)
    # Segments per second allowed per sender number (None: unlimited); overrides by number.
    rate_limit: float | None = None
    rate_limits: dict[str, float] = field(default_factory=dict)
    rate_limit_burst: float = 1.0
    price_per_segment: Decimal = Decimal("0.0079")
    price_unit: str = "USD"
    clock: Callable[[], datetime] = _utc_now
    # Seconds of network each way on the Twilio routes (a real provider is ~50-150 ms away).
    latency: float = 0.0
    # time.monotonic() deadlines: answer 503 / drop connections until then.
    outage_until: float | None = None
    drop_until: float | None = None
    # In drop mode, handle the request first (the message is sent) and lose only the answer.
    drop_after_accept: bool = False
    rate_violations: int = 0
    outage_responses: int = 0
    dropped_requests: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._messages: dict[str, SandboxMessage] = {}
        self._seq = 0
        self._pending: list[_PendingReply] = []
        self._opted_out: set[tuple[str, str]] = set()
        self._theoretical_arrival: dict[str, float] = {}

    def reset(self, **knobs: Any) -> None:
        """Forget every message, opt-out and counter; knobs go back to their defaults
        (or to `knobs`). The account and its token stay, so clients keep working."""
        knobs.setdefault("account", self.account)
        fresh = SandboxState(account_sid=self.account_sid, auth_token=self.auth_token, **knobs)
        with self._lock:
            self.__dict__.update({k: v for k, v in vars(fresh).items() if k != "_lock"})

    # -- outages -----------------------------------------------------------------------

    def start_outage(self, seconds: float) -> None:
        self.outage_until = time.monotonic() + seconds if seconds > 0 else None

    def start_drop(self, seconds: float) -> None:
        self.drop_until = time.monotonic() + seconds if seconds > 0 else None

    def outage_remaining(self) -> float:
        return _remaining(self.outage_until)

    def drop_remaining(self) -> float:
        return _remaining(self.drop_until)

    # -- messages ----------------------------------------------------------------------

    def create_outbound(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status_callback: str | None = None,
        validity_period: int | None = None,
        smart_encoding: bool = False,
    ) -> SandboxMessage:
        """Accept a message for sending, or raise the SandboxError Twilio would answer."""
        if not to:
            raise SandboxError(21604)
        if to in MAGIC_TO_ERRORS:
            raise SandboxError(MAGIC_TO_ERRORS[to], to=to, from_=from_)
        if not _is_e164(to):
            raise SandboxError(21211, to=to)
        if not from_:
            raise SandboxError(21603)
        if not body:
            raise SandboxError(21602)
        if _characters(body) > MAX_CHARACTERS:
            raise SandboxError(21617)
        segments, encoding = _count_segments(body, smart_encoding)
        with self._lock:
            now = self._settle()
            if (to, from_) in self._opted_out:
                raise SandboxError(21610)
            self._take_rate(from_, segments)
            queued, sending, sent = (max(d, 0.0) for d in self.status_delays)
            sending_at = now + timedelta(seconds=queued)
            sent_at = sending_at + timedelta(seconds=sending)
            final_at = sent_at + timedelta(seconds=sent)
            failed = to in self.undeliverable
            # Asked before storing: if the callback fails, the send fails as a whole and a
            # retry cannot leave a duplicate behind.
            reply = None if failed or self.auto_reply is None else self.auto_reply(to, body)
            message = self._store(
                direction="outbound-api",
                from_=from_,
                to=to,
                body=body,
                num_segments=segments,
                encoding=encoding,
                date_created=now,
                final_status="undelivered" if failed else "delivered",
                milestones=(sending_at, sent_at, final_at),
                error_code=30003 if failed else None,
                error_message=ERROR_MESSAGES[30003] if failed else None,
                status_callback=status_callback,
                validity_period=validity_period,
            )
            if reply is not None:
                due = final_at + timedelta(seconds=max(self.auto_reply_delay, 0.0))
                self._pending.append(_PendingReply(due, to, from_, reply))
                self._pending.sort(key=lambda p: p.due)
            return message

    def receive_inbound(self, *, from_: str, to: str, body: str) -> SandboxMessage:
        """A customer texts one of our numbers now."""
        with self._lock:
            return self._file_inbound(from_, to, body, self._settle())

    def get(self, sid: str) -> SandboxMessage | None:
        with self._lock:
            self._settle()
            message = self._messages.get(sid)
            return None if message is None or message.deleted else message

    def newest_first(self) -> list[SandboxMessage]:
        with self._lock:
            self._settle()
            live = (m for m in self._messages.values() if not m.deleted)
            return sorted(live, key=lambda m: m.seq, reverse=True)

    def ledger(self) -> list[SandboxMessage]:
        """Every outbound message accepted, oldest first, deleted ones included."""
        with self._lock:
            self._settle()
            return [m for m in self._messages.values() if not m.is_inbound]

    def redact(self, sid: str) -> SandboxMessage:
        with self._lock:
            message = self._require(sid)
            message.body = ""
            message.redacted_at = self.clock()
            return message

    def cancel(self, sid: str) -> NoReturn:
        # Twilio cancels only scheduled messages, and the sandbox never schedules one.
        self._require(sid)
        raise SandboxError(30409)

    def delete(self, sid: str) -> None:
        with self._lock:
            self._require(sid).deleted = True

    def now(self) -> datetime:
        return self.clock()

    def is_opted_out(self, customer: str, our_number: str) -> bool:
        with self._lock:
            self._settle()
            return (customer, our_number) in self._opted_out

    def stats(self) -> dict[str, int]:
        with self._lock:
            self._settle()
            messages = list(self._messages.values())
            return {
                "messages": sum(not m.deleted for m in messages),
                "outbound_accepted": sum(not m.is_inbound for m in messages),
                "inbound": sum(m.is_inbound for m in messages),
                "pending_replies": len(self._pending),
                "opted_out_pairs": len(self._opted_out),
                "rate_violations": self.rate_violations,
                "outage_responses": self.outage_responses,
                "dropped_requests": self.dropped_requests,
            }

    def price_of(self, message: SandboxMessage, status: str) -> Decimal | None:
        # Twilio prices an outbound message once it has left; inbound is left unpriced here.
        if message.is_inbound or status in ("queued", "sending"):
            return None
        return -(self.price_per_segment * message.num_segments)

    # -- internals ---------------------------------------------------------------------

    def _require(self, sid: str) -> SandboxMessage:
        message = self.get(sid)
        if message is None:
            raise SandboxError(20404, resource=sid)
        return message

    def _settle(self) -> datetime:
        """File the auto-replies whose time has come; return the current time."""
        now = self.clock()
        while self._pending and self._pending[0].due <= now:
            reply = self._pending.pop(0)
            self._file_inbound(reply.from_, reply.to, reply.body, reply.due)
        return now

    def _file_inbound(self, from_: str, to: str, body: str, at: datetime) -> SandboxMessage:
        keyword = body.strip().upper()
        if keyword in OPT_OUT_WORDS:
            self._opted_out.add((from_, to))
        elif keyword in OPT_IN_WORDS:
            self._opted_out.discard((from_, to))
        segments, encoding = _count_segments(body, False)
        return self._store(
            direction="inbound",
            from_=from_,
            to=to,
            body=body,
            num_segments=segments,
            encoding=encoding,
            date_created=at,
            final_status="received",
        )

    def _store(self, **fields: object) -> SandboxMessage:
        self._seq += 1
        sid = new_sid("SM")
        message = SandboxMessage(sid=sid, seq=self._seq, **fields)  # type: ignore[arg-type]
        message.sent_body = message.body
        self._messages[sid] = message
        return message

    def _take_rate(self, sender: str, segments: int) -> None:
        # Generic cell rate algorithm: each segment books 1/rate seconds of the sender's
        # line; a burst of `rate_limit_burst` segments may be booked ahead of the clock.
        rate = self.rate_limits.get(sender, self.rate_limit)
        if rate is None or rate <= 0:
            return
        now = time.monotonic()
        tolerance = max(self.rate_limit_burst - 1, 0) / rate
        arrival = max(self._theoretical_arrival.get(sender, now), now)
        ahead = arrival - now - tolerance
        if ahead > 1e-9:
            self.rate_violations += 1
            raise SandboxError(20429, retry_after=ahead)
        self._theoretical_arrival[sender] = arrival + segments / rate


def _remaining(deadline: float | None) -> float:
    return 0.0 if deadline is None else max(deadline - time.monotonic(), 0.0)


def _is_e164(number: str) -> bool:
    return _E164.fullmatch(number) is not None
