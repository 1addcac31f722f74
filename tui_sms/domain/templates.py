"""Job-reminder templates: field codes, rendering in the customer's language, and send times.

Template syntax: ``{first_name}`` is a field code; ``{{`` and ``}}`` stand for a literal ``{``
and ``}``, as in Python's ``str.format``. Any other brace is an error, so a typo such as
``{first_name`` is caught in the editor instead of reaching a customer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Literal
from zoneinfo import ZoneInfo

from tui_sms.domain.errors import UserError

Language = Literal["en", "fr"]
TemplateKind = Literal["reminder", "confirmation", "completed"]


class TemplateError(UserError):
    """A template or reminder setting the clerk has to fix before it can be used."""


@dataclass(frozen=True)
class FieldDescription:
    """What a field code inserts, in each language the editor can show."""

    en: str
    fr: str


FIELD_CODES: Mapping[str, FieldDescription] = MappingProxyType(
    {
        "{first_name}": FieldDescription("Customer's first name", "Prénom du client"),
        "{last_name}": FieldDescription("Customer's last name", "Nom de famille du client"),
        "{customer_name}": FieldDescription(
            "Customer's full name or company", "Nom complet du client ou de l'entreprise"
        ),
        "{job_date}": FieldDescription(
            "Job date, e.g. Tuesday, March 10", "Date du travail, ex. mardi 10 mars"
        ),
        "{job_time}": FieldDescription(
            "Job start time, e.g. 2:30 PM", "Heure du début, ex. 14 h 30"
        ),
        "{technician}": FieldDescription("Technician assigned to the job", "Technicien assigné"),
        "{job_type}": FieldDescription(
            "Job type, e.g. Oil change", "Type de travail, ex. Changement d'huile"
        ),
        # Auto-repair customers know their visit by the car, not the job number; shops without
        # vehicles leave it empty and simply do not use the code.
        "{vehicle}": FieldDescription(
            "Customer's vehicle, e.g. 2019 Honda Civic", "Véhicule du client, ex. Honda Civic 2019"
        ),
        "{shop_name}": FieldDescription("Shop name", "Nom de l'entreprise"),
        "{shop_phone}": FieldDescription("Shop phone number", "Téléphone de l'entreprise"),
    }
)


@dataclass(frozen=True)
class JobFields:
    """The values a template can show for one job; dates are formatted at render time."""

    first_name: str
    last_name: str
    customer_name: str
    technician: str
    job_type: str
    shop_name: str
    shop_phone: str
    job_start: datetime
    tz: str
    language: Language
    vehicle: str = ""

    def __post_init__(self) -> None:
        _require_aware(self.job_start, "job_start")
        if self.language not in _DAY_NAMES:
            raise ValueError(f"language must be 'en' or 'fr', not {self.language!r}")
        ZoneInfo(self.tz)


# Names are domain data rather than locale lookups: the worker's process locale is whatever the
# server has, and a French customer must get French dates regardless.
_DAY_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    }
)
_MONTH_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        # "aout" is the 1990 rectified spelling: "août" has a û outside GSM-7, which would turn
        # every August reminder into a UCS-2 message at up to three times the price.
        "fr": (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "aout",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
    }
)


def format_job_date(start: datetime, tz: str, language: Language) -> str:
    """'Tuesday, March 10' or 'mardi 10 mars', as the date reads on the shop's wall calendar."""
    local = start.astimezone(ZoneInfo(tz))
    day = _DAY_NAMES[language][local.weekday()]
    month = _MONTH_NAMES[language][local.month - 1]
    if language == "fr":
        return f"{day} {'1er' if local.day == 1 else local.day} {month}"
    return f"{day}, {month} {local.day}"


def format_job_time(start: datetime, tz: str, language: Language) -> str:
    """'2:30 PM' or, in Quebec style, '14 h 30' and '14 h' on the hour."""
    local = start.astimezone(ZoneInfo(tz))
    if language == "fr":
        # A plain space, not the typographic no-break space, which is outside GSM-7.
        return f"{local.hour} h" if local.minute == 0 else f"{local.hour} h {local.minute:02d}"
    suffix = "AM" if local.hour < 12 else "PM"
    return f"{local.hour % 12 or 12}:{local.minute:02d} {suffix}"


_TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[{}]")
_EXCERPT = 15


def _split(body: str) -> list[str]:
    """Literal text at even indices, field codes (with their braces) at odd indices."""
    if not body.strip():
        raise TemplateError("The template is empty: write the text the customer will receive.")
    pieces: list[str] = []
    literal: list[str] = []
    last = 0
    for match in _TOKEN.finditer(body):
        literal.append(body[last : match.start()])
        token = match.group()
        last = match.end()
        if token in ("{{", "}}"):
            literal.append(token[0])
        elif len(token) == 1:
            raise TemplateError(_unbalanced(body, match.start(), token))
        else:
            pieces += ["".join(literal), token]
            literal = []
    literal.append(body[last:])
    pieces.append("".join(literal))
    return pieces


def _unbalanced(body: str, at: int, brace: str) -> str:
    excerpt = body[max(0, at - _EXCERPT) : at + _EXCERPT + 1].replace("\n", " ")
    other = "}" if brace == "{" else "{"
    return (
        f'The "{brace}" in "{excerpt}" has no matching "{other}": field codes look like '
        f"{{first_name}}; type {brace}{brace} for a literal {brace}."
    )


@functools.lru_cache(maxsize=256)
def _checked(body: str) -> tuple[str, ...]:
    """The body split and checked, once per distinct body: a round renders one template for
    thousands of customers. A body in error raises every time (errors are not cached)."""
    pieces = _split(body)
    unknown = list(dict.fromkeys(code for code in pieces[1::2] if code not in FIELD_CODES))
    if unknown:
        label = "code" if len(unknown) == 1 else "codes"
        raise TemplateError(
            f"Unknown field {label} {', '.join(unknown)}: use one of {', '.join(FIELD_CODES)}."
        )
    return tuple(pieces)


def validate_template(body: str) -> None:
    """Raise TemplateError, with a sentence for the clerk, if the body cannot be rendered."""
    _checked(body)


def render(body: str, fields: JobFields) -> str:
    """The text one customer receives; values go in verbatim and are never expanded again."""
    pieces = _checked(body)
    values = {
        "{first_name}": fields.first_name,
        "{last_name}": fields.last_name,
        "{customer_name}": fields.customer_name,
        "{job_date}": format_job_date(fields.job_start, fields.tz, fields.language),
        "{job_time}": format_job_time(fields.job_start, fields.tz, fields.language),
        "{technician}": fields.technician,
        "{job_type}": fields.job_type,
        "{vehicle}": fields.vehicle,
        "{shop_name}": fields.shop_name,
        "{shop_phone}": fields.shop_phone,
    }
    return "".join(piece if i % 2 == 0 else values[piece] for i, piece in enumerate(pieces))


# Defaults stay within GSM-7 (no ê, ç, â, û or curly quotes): one character outside it turns
# the whole message into UCS-2, 70 characters a segment instead of 160, which can triple what
# every reminder costs. They also fit one segment with names of ordinary length.
DEFAULT_TEMPLATES: Mapping[TemplateKind, Mapping[Language, str]] = MappingProxyType(
    {
        "reminder": MappingProxyType(
            {
                "en": "Hi {first_name}, this is a reminder of your appointment at {shop_name} "
                "on {job_date} at {job_time}. To reschedule, call {shop_phone}.",
                "fr": "Bonjour {first_name}, rappel de votre rendez-vous chez {shop_name} "
                "le {job_date} à {job_time}. Pour le modifier : {shop_phone}.",
            }
        ),
        "confirmation": MappingProxyType(
            {
                "en": "Hi {first_name}, your appointment at {shop_name} is confirmed for "
                "{job_date} at {job_time}. To change it, call {shop_phone}.",
                "fr": "Bonjour {first_name}, votre rendez-vous chez {shop_name} est confirmé "
                "pour le {job_date} à {job_time}. Pour le modifier : {shop_phone}.",
            }
        ),
        "completed": MappingProxyType(
            {
                "en": "Hi {first_name}, {shop_name} here: the work is done ({job_type}). "
                "Questions? Call us at {shop_phone}.",
                "fr": "Bonjour {first_name}, ici {shop_name} : les travaux sont terminés "
                "({job_type}). Des questions? Appelez-nous au {shop_phone}.",
            }
        ),
    }
)

# A reminder pushed out of quiet hours is planned this long before they begin, so a batch of
# them draining at the sender's rate limit is done before the first quiet minute.
QUIET_HOURS_MARGIN = timedelta(minutes=30)


def reminder_due(job_start_utc: datetime, days_ahead: int, tz: str) -> datetime:
    """When a reminder set N days ahead is due: the job's wall-clock time N days earlier.

    "1 day" means the same local time the day before in the shop's zone, because that is what a
    clerk reading "24 hours before" pictures; across a DST change that is 23 or 25 real hours.
    A wall time that does not exist or happens twice is read as RFC 5545 reads it: skipped
    times move forward by the gap, repeated times take their first occurrence.
    """
    _require_aware(job_start_utc, "job_start_utc")
    if days_ahead < 1:
        raise TemplateError(
            f"A reminder has to go out at least 1 day before the job, not {days_ahead}."
        )
    zone = ZoneInfo(tz)
    wall = job_start_utc.astimezone(zone).replace(tzinfo=None) - timedelta(days=days_ahead)
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def reminder_send_at(
    job_start_utc: datetime,
    days_ahead: int,
    tz_recipient: str,
    quiet_start: time,
    quiet_end: time,
    now_utc: datetime,
    *,
    tz_shop: str | None = None,
) -> datetime | None:
    """When to send a job reminder, or None when it is too late to send one.

    Quiet hours run from quiet_start up to (not including) quiet_end in the recipient's zone and
    may wrap past midnight; equal times mean no quiet hours. A due time inside them moves
    EARLIER, never toward the job. When that time has passed (a job booked at short notice, a
    worker that was down), the reminder goes at the first allowed moment from now: now, or the
    end of the current quiet hours, as long as that is still before the job; otherwise it is
    dropped. The due time is reckoned in the shop's zone, which defaults to the recipient's.
    """
    _require_aware(now_utc, "now_utc")
    due = reminder_due(job_start_utc, days_ahead, tz_shop or tz_recipient)
    zone = ZoneInfo(tz_recipient)
    planned = _latest_allowed(due, zone, quiet_start, quiet_end)
    if planned >= now_utc:
        return planned
    return reminder_send_now(job_start_utc, tz_recipient, quiet_start, quiet_end, now_utc)


def reminder_send_now(
    job_start_utc: datetime,
    tz_recipient: str,
    quiet_start: time,
    quiet_end: time,
    now_utc: datetime,
) -> datetime | None:
    """The first allowed moment from now for a reminder (now, or the end of the recipient's
    current quiet hours), or None when that is not before the job any more."""
    _require_aware(now_utc, "now_utc")
    _require_aware(job_start_utc, "job_start_utc")
    zone = ZoneInfo(tz_recipient)
    soonest = _earliest_allowed(now_utc.astimezone(UTC), zone, quiet_start, quiet_end)
    return soonest if soonest < job_start_utc else None


def occurrence_key(job_id: str, start_utc: datetime, kind: TemplateKind = "reminder") -> str:
    """One key per job occurrence, so a reminder is queued once however often the scheduler runs.

    The key leaves out days_ahead and the template: editing them must not send a second
    reminder; moving the job to another time is a new occurrence and gets a new one (the
    scheduler moves a reminder that has not gone out yet instead). `kind` keeps a job's
    confirmation and work-completed messages apart from its reminder.
    """
    if not job_id:
        raise ValueError("job_id must not be empty")
    _require_aware(start_utc, "start_utc")
    return f"{kind}:{job_id}:{start_utc.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _require_aware(moment: datetime, name: str) -> None:
    if moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment!r}")


def _is_quiet(moment: datetime, zone: ZoneInfo, start: time, end: time) -> bool:
    if start == end:
        return False
    local = moment.astimezone(zone).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def _latest_allowed(due: datetime, zone: ZoneInfo, start: time, end: time) -> datetime:
    """The due time, or the end of the last sending window before it, less the margin."""
    if not _is_quiet(due, zone, start, end):
        return due
    # Each sending window runs from a quiet_end to the next quiet_start. Its ends are taken
    # conservatively across DST changes (see _earliest/_latest) so it holds no quiet minute;
    # one made empty by a DST change is skipped. Quiet hours last under a day, so the window
    # sought ends on the due date or the day before; three days back is margin enough.
    day = due.astimezone(zone).date()
    for back in range(4):
        opens, closes = _sending_window(day - timedelta(days=back), zone, start, end)
        if opens < closes <= due:
            return max(opens, closes - QUIET_HOURS_MARGIN)
    raise AssertionError(f"no sending window found before {due.isoformat()}")


# A round times thousands of reminders due on the same few days, in the same few zones.
@functools.lru_cache(maxsize=512)
def _sending_window(day: date, zone: ZoneInfo, start: time, end: time) -> tuple[datetime, datetime]:
    """The sending window that closes (at quiet_start) on `day`: when it opens and closes."""
    opens_day = day if start > end else day - timedelta(days=1)
    return _latest(opens_day, end, zone), _earliest(day, start, zone)


@functools.lru_cache(maxsize=64)  # a round asks it for every late reminder with the same now
def _earliest_allowed(now: datetime, zone: ZoneInfo, start: time, end: time) -> datetime:
    """Now, or the first instant at or after now that is outside quiet hours."""
    if not _is_quiet(now, zone, start, end):
        return now
    # Quiet hours last under a day, so they end today or tomorrow (local); yesterday's end is
    # looked at too for a clock that runs behind across a DST change.
    day = now.astimezone(zone).date()
    ends = (_latest(day + timedelta(days=offset), end, zone) for offset in (-1, 0, 1, 2))
    return min(
        moment for moment in ends if moment > now and not _is_quiet(moment, zone, start, end)
    )


def _earliest(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The first instant the clock reads `wall`; for a time the clock skips, before the skip."""
    naive = datetime.combine(day, wall)
    return min(naive.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1))


def _latest(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The last instant the clock reads `wall`; for a time the clock skips, after the skip."""
    naive = datetime.combine(day, wall)
    return max(naive.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1))
