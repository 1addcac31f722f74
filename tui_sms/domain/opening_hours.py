"""When the shop is open, when it opens next, and the after-hours answer's wording.

Pure: the local time is a parameter. Hours are one range per weekday (0 is Monday); a day
missing from the mapping is closed. A range that closes at or before it opens is refused,
so "open all night" cannot be typed by mistake.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from babel.dates import format_date

from tui_sms.domain.errors import UserError

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FRENCH_DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# The answer a shop gets without writing its own; {reopen} is "Monday at 8:00".
DEFAULT_CLOSED_REPLY = {
    "en": "{shop}: we are closed, we reopen {reopen}. We will answer you then.",
    "fr": "{shop} : nous sommes fermés, nous rouvrons {reopen}. Nous vous répondrons alors.",
}

# Wording of the automatic answers other robots send (out-of-office, "do not reply"
# notices, carriers' and apps' auto-responders). Answering them would start a ping-pong.
_AUTOMATED = re.compile(
    r"auto[- ]?(reply|response|responder|matic reply|matic message)"
    r"|automated|do not reply|don'?t reply|no[- ]?reply|out of (the )?office"
    r"|i'?m driving|driving right now|r[ée]ponse automatique|message automatique"
    r"|ne pas r[ée]pondre|ne r[ée]pondez pas|absent(e)? du bureau|je conduis",
    re.IGNORECASE,
)


class BadHours(UserError):
    """Opening hours that cannot be right."""


@dataclass(frozen=True)
class DayHours:
    weekday: int
    opens: time
    closes: time


def day_number(name: str) -> int:
    """'mon', 'Monday', 'lundi' or '0'..'6' (0 is Monday)."""
    word = name.strip().lower()
    if word.isdigit() and int(word) < 7:
        return int(word)
    for names in (DAY_NAMES, FRENCH_DAY_NAMES):
        for index, day in enumerate(names):
            if len(word) >= 2 and day.startswith(word):
                return index
    raise BadHours(f"'{name}' is not a day of the week: use mon, tue, wed, thu, fri, sat or sun.")


def parse_range(text: str) -> tuple[time, time]:
    """'8:00-17:30' (or '8h-17h30') as opening and closing times."""
    match = re.fullmatch(r"\s*(\d{1,2})[:h]?(\d{2})?\s*-\s*(\d{1,2})[:h]?(\d{2})?\s*", text)
    if match is None:
        raise BadHours(f"'{text}' is not a range of hours: write it like 8:00-17:30.")
    h1, m1, h2, m2 = match.groups()
    try:
        opens, closes = time(int(h1), int(m1 or 0)), time(int(h2), int(m2 or 0))
    except ValueError:
        raise BadHours(
            f"'{text}' has an hour that does not exist: write it like 8:00-17:30."
        ) from None
    if closes <= opens:
        raise BadHours(f"In '{text}' the shop closes before it opens: write it like 8:00-17:30.")
    return opens, closes


def is_open(hours: Mapping[int, DayHours], local: datetime) -> bool:
    day = hours.get(local.weekday())
    return day is not None and day.opens <= local.time() < day.closes


def next_opening(hours: Mapping[int, DayHours], local: datetime) -> datetime | None:
    """The next local moment the shop opens after `local` (None when no day has hours)."""
    for ahead in range(8):
        day = (local + timedelta(days=ahead)).date()
        found = hours.get(day.weekday())
        if found is None:
            continue
        opening = datetime.combine(day, found.opens, tzinfo=local.tzinfo)
        if opening > local:
            return opening
    return None


def clock(at: time, language: str) -> str:
    """'8:00' in English, '8 h' or '8 h 30' in French (as Quebec writes hours)."""
    if language == "fr":
        return f"{at.hour} h" if at.minute == 0 else f"{at.hour} h {at.minute:02d}"
    return f"{at.hour}:{at.minute:02d}"


def reopen_words(opening: datetime, local_now: datetime, language: str) -> str:
    """'today at 13:00', 'tomorrow at 8:00', 'Monday at 8:00' (French: 'lundi à 8 h')."""
    days = (opening.date() - local_now.date()).days
    at = clock(opening.time(), language)
    if language == "fr":
        when = {0: "aujourd'hui", 1: "demain"}.get(days) or format_date(
            opening.date(), "EEEE", locale="fr"
        )
        return f"{when} à {at}"
    when = {0: "today", 1: "tomorrow"}.get(days) or format_date(opening.date(), "EEEE", locale="en")
    return f"{when} at {at}"


def closed_reply(language: str, shop_name: str, reopen: str, shop_text: str = "") -> str:
    """The shop's own text when it wrote one ({reopen} is filled in), else the default."""
    template = shop_text.strip() or DEFAULT_CLOSED_REPLY[language]
    return template.replace("{shop}", shop_name).replace("{reopen}", reopen)


def looks_automated(body: str) -> bool:
    """Whether a text reads like another robot's automatic answer."""
    return _AUTOMATED.search(body) is not None
