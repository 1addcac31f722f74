"""Quiet hours: the daily window, in the recipient's own zone, when nothing is sent, and
when a message due in it may go (automated ones wait, a staff reply asks once).

Pure: the current time is always a parameter, and a time zone is an IANA name resolved
with the stdlib's zoneinfo.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui_sms.domain.errors import ConfigError, QuietHoursConfirmation


@dataclass(frozen=True)
class QuietHours:
    """A daily window of wall-clock time, in the recipient's zone, when nothing is sent.

    `start` is included and `end` is not; `start > end` wraps past midnight (21:00–08:00),
    `start == end` means no quiet hours at all.
    """

    start: time = time(21, 0)
    end: time = time(8, 0)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("quiet hours are wall-clock times: give them without tzinfo")

    def covers(self, wall: time) -> bool:
        if self.start <= self.end:
            return self.start <= wall < self.end
        return wall >= self.start or wall < self.end


DEFAULT_QUIET_HOURS = QuietHours()

_MINUTE = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
# A quiet window is shorter than a day, and a clock change stretches it by at most a few
# hours, so the way out of (or back before) any quiet period lies within this reach.
_REACH = timedelta(days=3)


def local_time(now_utc: datetime, tz: str) -> datetime:
    """The recipient's wall clock at `now_utc`, for sentences like "It is 22:40 for them"."""
    return _aware(now_utc, "now_utc").astimezone(_zone(tz))


def in_quiet_hours(now_utc: datetime, tz: str, quiet: QuietHours) -> bool:
    return quiet.covers(local_time(now_utc, tz).time())


def next_allowed_send(now_utc: datetime, tz: str, quiet: QuietHours) -> datetime:
    """`now_utc` when sending is allowed, else the first instant quiet hours are over (UTC).

    The answer is where the recipient's clock reads `end`; when a spring-forward jump skips
    that reading (quiet hours ending at 02:30), it is the moment of the jump.
    """
    now_utc = _aware(now_utc, "now_utc").astimezone(UTC)
    if not in_quiet_hours(now_utc, tz, quiet):
        return now_utc
    candidates = _changes(_zone(tz), quiet, now_utc, now_utc + _REACH)
    return next(c for c in candidates if c > now_utc and not in_quiet_hours(c, tz, quiet))


def last_allowed_send_before(deadline_utc: datetime, tz: str, quiet: QuietHours) -> datetime:
    """The latest instant at or before `deadline_utc` outside quiet hours (UTC).

    Used to move a reminder earlier rather than after the appointment: when the deadline
    is quiet, the answer is the last minute before that quiet period began (20:59).
    """
    deadline_utc = _aware(deadline_utc, "deadline_utc").astimezone(UTC)
    if not in_quiet_hours(deadline_utc, tz, quiet):
        return deadline_utc
    candidates = _changes(_zone(tz), quiet, deadline_utc - _REACH, deadline_utc)
    return next(
        c - _MINUTE for c in reversed(candidates) if not in_quiet_hours(c - _MINUTE, tz, quiet)
    )


def _changes(zone: ZoneInfo, quiet: QuietHours, begin: datetime, end: datetime) -> list[datetime]:
    """Every instant in [begin, end] where being quiet can switch, sorted, in UTC.

    The window's edges on each local day (both readings of a clock time repeated in
    the autumn, none of one skipped in the spring) and every change of UTC offset, since
    a jump of the clock can carry the wall time across an edge.
    """
    instants = set(_offset_changes(zone, begin, end))
    first = begin.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    for day in _days(first, last):
        for wall in (quiet.start, quiet.end):
            for fold in (0, 1):
                local = datetime.combine(day, wall, tzinfo=zone).replace(fold=fold)
                instant = local.astimezone(UTC)
                if instant.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
                    instants.add(instant)
    return sorted(i for i in instants if begin <= i <= end)


def _offset_changes(zone: ZoneInfo, begin: datetime, end: datetime) -> Iterator[datetime]:
    # No zone changes its offset twice within an hour, so stepping by hours finds every
    # change, and halving the hour down to the second places it exactly.
    step = begin
    while step <= end:
        after = step + _HOUR
        if step.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            low, high = int(step.timestamp()), int(after.timestamp())
            before = step.astimezone(zone).utcoffset()
            while high - low > 1:
                middle = (low + high) // 2
                if datetime.fromtimestamp(middle, zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            yield datetime.fromtimestamp(high, UTC)
        step = after


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")
    return moment


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"“{tz}” is not a known time zone: choose one such as America/Toronto in Settings."
        ) from None


def quiet_hours_question(local: datetime, *, later: bool = False) -> str:
    """The question a clerk answers before a reply goes out at night for the customer;
    a reply scheduled for later names the customer's time when it will go, not now's."""
    if later:
        return f"It will be {local:%H:%M} for this customer when it goes. Send anyway?"
    return f"It is {local:%H:%M} for this customer. Send anyway?"


def send_time(
    due_utc: datetime,
    tz: str,
    quiet: QuietHours,
    *,
    automated: bool,
    confirmed: bool,
    later: bool = False,
) -> datetime:
    """When a message due at `due_utc` may go out, in UTC.

    Outside quiet hours that is `due_utc`. Inside them an automated message (reminder,
    promotion, confirmation) waits for the next allowed minute; a staff reply goes at once
    only when the clerk confirmed, else `QuietHoursConfirmation` asks them.
    """
    if not in_quiet_hours(due_utc, tz, quiet):
        return due_utc
    if automated:
        return next_allowed_send(due_utc, tz, quiet)
    if confirmed:
        return due_utc
    local = local_time(due_utc, tz)
    raise QuietHoursConfirmation(quiet_hours_question(local, later=later), local)
