"""A moment typed by a clerk ("tomorrow 8:00", "demain 8 h", "friday 14:30", "in 2 hours",
"2026-12-03 9:00") read in the shop's time zone, the few moments a snooze offers, and how a
moment is said back ("tomorrow 8:00", "lundi 8 décembre 8 h").

Pure: the local "now" (an aware datetime in the shop's zone) is a parameter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date

from tui_sms.domain.errors import UserError
from tui_sms.domain.opening_hours import DAY_NAMES, FRENCH_DAY_NAMES, clock

# A day named without an hour ("tomorrow", "lundi") means the start of a working morning.
MORNING = time(8, 0)
# "Later today" is this far ahead, on the hour.
LATER_TODAY = timedelta(hours=3)

_TODAY = ("today", "aujourd'hui", "aujourdhui", "auj")
_TOMORROW = ("tomorrow", "tmrw", "demain")
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:\s*(?::|h)\s*(?P<m>\d{2})?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?"
)
_DATE = re.compile(r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})")
_IN = re.compile(
    r"(?:in|dans)\s+(?P<n>\d{1,3})\s*(?P<unit>minutes?|mins?|min|m|hours?|heures?|hrs?|h|days?|jours?|j|d)"
)


class BadMoment(UserError):
    """What was typed is not a moment this reads."""


def _bad(text: str) -> BadMoment:
    return BadMoment(
        f"'{text}' is not a time: write it like 'tomorrow 8:00', 'friday 14:30' or "
        "'2026-12-03 9:00'."
    )


def _plain(text: str) -> str:
    """Lower case without accents or doubled spaces: 'Demain  8 H' → 'demain 8 h'."""
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def _weekday(word: str) -> int | None:
    if len(word) < 3:
        return None
    for names in (DAY_NAMES, FRENCH_DAY_NAMES):
        for index, name in enumerate(names):
            if name.startswith(word):
                return index
    return None


def _clock(text: str, original: str) -> time:
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise _bad(original)
    hour, minute = int(match["h"]), int(match["m"] or 0)
    ampm = (match["ampm"] or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise _bad(original)
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise _bad(original)
    return time(hour, minute)


def _at(day: date, at: time, now: datetime) -> datetime:
    """`day` at `at` on the shop's wall clock; a time skipped by a DST change moves past it."""
    moment = datetime.combine(day, at, tzinfo=now.tzinfo)
    if now.tzinfo is None:
        return moment
    return moment.astimezone(UTC).astimezone(now.tzinfo)


def parse_moment(text: str, now: datetime) -> datetime:
    """The moment `text` names, on the wall clock of `now`'s zone (never checked against
    `now`: a moment in the past is the caller's sentence to say)."""
    words = _plain(text)
    if not words:
        raise _bad(text)
    ahead = _IN.fullmatch(words)
    if ahead is not None:
        count, unit = int(ahead["n"]), ahead["unit"]
        if unit.startswith(("m",)):
            return now + timedelta(minutes=count)
        if unit.startswith(("d", "j")):
            return now + timedelta(days=count)
        return now + timedelta(hours=count)
    day: date | None = None
    rest = words
    dated = _DATE.match(words)
    first, _, after = words.partition(" ")
    if dated is not None:
        try:
            day = date(int(dated["y"]), int(dated["mo"]), int(dated["d"]))
        except ValueError:
            raise _bad(text) from None
        rest = words[dated.end() :].strip()
    elif words.startswith(_TODAY):
        day, rest = now.date(), _after_word(words, _TODAY)
    elif words.startswith(_TOMORROW):
        day, rest = now.date() + timedelta(days=1), _after_word(words, _TOMORROW)
    elif (weekday := _weekday(first)) is not None:
        days = (weekday - now.weekday()) % 7
        day, rest = now.date() + timedelta(days=days), after
    rest = re.sub(r"^(at|a|vers)\s+", "", rest)
    at = _clock(rest, text) if rest else None
    if day is None:
        if at is None:
            raise _bad(text)
        # An hour alone: today if it is still to come, otherwise tomorrow.
        today = _at(now.date(), at, now)
        return today if today > now else _at(now.date() + timedelta(days=1), at, now)
    moment = _at(day, at or MORNING, now)
    if dated is None and moment <= now and day == now.date() and first not in _TODAY:
        moment = _at(day + timedelta(days=7), at or MORNING, now)  # "friday" said on a Friday
    return moment


def _after_word(words: str, prefixes: tuple[str, ...]) -> str:
    for prefix in sorted(prefixes, key=len, reverse=True):
        if words.startswith(prefix):
            return words[len(prefix) :].strip()
    return words


@dataclass(frozen=True)
class SnoozeChoices:
    later_today: datetime | None  # None in the evening: three hours on is another day
    tomorrow_morning: datetime
    next_week: datetime


def snooze_choices(now: datetime, opens: dict[int, time] | None = None) -> SnoozeChoices:
    """Later today (three hours on, on the hour, unless that is tomorrow), tomorrow morning
    and next Monday morning; a morning is the shop's opening that day when it has hours, else
    8:00."""
    opens = opens or {}
    later = (now + LATER_TODAY).replace(minute=0, second=0, microsecond=0)
    if later < now + LATER_TODAY:
        later += timedelta(hours=1)
    tomorrow = now.date() + timedelta(days=1)
    monday = now.date() + timedelta(days=7 - now.weekday())
    if now.tzinfo is not None:
        later = later.astimezone(UTC).astimezone(now.tzinfo)
    return SnoozeChoices(
        later_today=later if later.date() == now.date() else None,
        tomorrow_morning=_at(tomorrow, opens.get(tomorrow.weekday(), MORNING), now),
        next_week=_at(monday, opens.get(0, MORNING), now),
    )


def moment_words(moment: datetime, now: datetime, language: str) -> str:
    """'today 15:00', 'tomorrow 8:00', 'Monday 8 December 8:00' (French: 'aujourd'hui 15 h',
    'demain 8 h', 'lundi 8 décembre 8 h'); both on the wall clock of `now`'s zone."""
    if now.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    days = (moment.date() - now.date()).days
    at = clock(moment.time(), language)
    if language == "fr":
        near = {0: "aujourd'hui", 1: "demain"}.get(days)
        pattern = "EEEE d MMMM" if moment.year == now.year else "EEEE d MMMM y"
    else:
        near = {0: "today", 1: "tomorrow"}.get(days)
        pattern = "EEEE d MMMM" if moment.year == now.year else "EEEE d MMMM y"
    when = near or format_date(moment.date(), pattern, locale=language)
    return f"{when} {at}"
