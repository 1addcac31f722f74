"""Consent rules: opt-out keywords, the texts that answer them, and quiet hours.

Pure: the current time is always a parameter, and a time zone is an IANA name resolved
with the stdlib's zoneinfo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui_sms.domain.errors import ConfigError, QuietHoursConfirmation

__all__ = [
    "DEFAULT_DISCLAIMERS",
    "DEFAULT_QUIET_HOURS",
    "DEFAULT_REPLIES",
    "Keyword",
    "QuietHours",
    "classify_keyword",
    "disclaimer_text",
    "in_quiet_hours",
    "keyword_reply",
    "language_for",
    "last_allowed_send_before",
    "local_time",
    "next_allowed_send",
    "quiet_hours_question",
    "resembles_opt_out",
    "send_time",
]


class Keyword(StrEnum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"


# Twilio's advanced opt-out keyword lists, plus French. Extra opt-out words only make us
# stricter than Twilio, which is safe; extra opt-in words would lift a block Twilio keeps
# (sends then fail with 21610) and re-subscribe people who never asked, so opt-in stays
# exactly Twilio's.
# - ARRET: Canadian short codes must honour it (Twilio support article 223181928).
# - ARRETE, ARRETT: Twilio Proxy's opt-out list has both (docs/proxy/opt-out-keywords);
#   "arrête" is the natural one-word French "stop", ARRETT a frequent typo of ARRET.
# - OUI is not opt-in: it is the usual answer to "Can we confirm your appointment?", so a
#   customer who once sent ARRET would be silently re-subscribed by a polite reply.
# - AIDE: the French HELP Canadian short codes must answer.
# CANCEL and END stay opt-out although a customer may mean "cancel my appointment": Twilio
# blocks the number on them anyway, and the clerk has to know.
_KEYWORDS: dict[str, Keyword] = {
    **dict.fromkeys(
        (
            "stop",
            "stopall",
            "unsubscribe",
            "cancel",
            "end",
            "quit",
            "revoke",
            "optout",
            "arret",
            "arrete",
            "arrett",
        ),
        Keyword.OPT_OUT,
    ),
    **dict.fromkeys(("start", "yes", "unstop"), Keyword.OPT_IN),
    **dict.fromkeys(("help", "info", "aide"), Keyword.HELP),
}

# One word, or two joined by a space, hyphen or underscore ("opt-out", "stop all").
_ONE_WORD = re.compile(r"[a-z]+(?:[\s_-]+[a-z]+)?")
_JOINERS = re.compile(r"[\s_-]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})

# Informal ways to ask for the texts to stop, on text already folded by `_fold` (lower case,
# no accents). Each is specific enough that ordinary replies about the car do not hit it:
# "stop" alone must end a sentence or take a follower about texting, because "Stop by at 3?"
# and "it squeals when I stop" are everyday messages at a garage.
_STOP_WISHES = re.compile(
    "|".join(
        (
            # English
            r"^stop\s*[.!,;:)-]",
            r"^stop\s+(?:it|now|stop|please|pls|plz|thanks?|thank you|all|everything"
            r"|immediately|asap|texting|messaging|sending|contacting|this|these|the (?:texts?"
            r"|messages?|sms))\b",
            r"\b(?:please|pls|plz|just|ok|okay|now|seriously)[\s,!.]+stop\b"
            r"(?!\s+(?:by|in|at|over|on|for|to|and see)\b)",
            r"\b(?:stop|quit|cease|end|cancel)\s+(?:texting|messaging|sending|contacting"
            r"|(?:the|these|your|all|my)\s+(?:texts?|messages?|sms|notifications|subscription))",
            r"\bunsub(?:scribe)?\b",
            r"\bopt(?:ing)?[\s-]?out\b",
            r"\b(?:don'?t|do not|never)\s+(?:text|message|sms|msg|contact|send)",
            r"\b(?:don'?t|do not) want\s+(?:any\s+|these\s+|your\s+)?(?:more\s+)?"
            r"(?:texts?|messages?|sms)",
            r"\bno more\s+(?:texts?|messages?|sms|msgs?)",
            r"\bremove\s+(?:me|my\s+(?:number|name|phone|cell))\b",
            r"\btake me off\b",
            r"\bdelete my\s+(?:number|phone|cell)",
            r"\bleave me alone\b",
            r"\bwrong (?:number|person|#)",
            # French
            r"^(?:svp,?\s+|s'il vous plait,?\s+|veuillez\s+|merci de\s+)?arret(?:ez|er)\b",
            r"^arret(?:e|t)?\s*(?:[.!,;:)-]|$|svp\b|s'il\b|merci\b|tout\b|ca\b)",
            r"\b(?:arret\w*|cess\w*|stop\w*)\s+(?:de\s+|d')?(?:m'|me\s+|nous\s+)?"
            r"(?:(?:les|vos|ces|tes|des)\s+)?(?:ecrire|envoyer|texter|textos?|contacter"
            r"|messages?|sms|textes?|relancer|harceler)",
            r"\bne (?:plus|pas) recevoir\b",
            r"\bne (?:veux|veut|souhaite|desire|voulons|souhaitons) plus\b",
            r"\bplus de (?:textos?|messages?|sms|textes?)\b",
            r"\bdesabonn\w*|\bdesinscri\w*",
            r"\bne (?:m'|me\s+|nous\s+)(?:ecri\w*|envo\w*|text\w*|contact\w*|relanc\w*)\s+plus\b",
            r"\b(?:laisse[rz]?|fiche[rz]?|foutez)[\s-]moi (?:tranquille|la paix)\b",
            r"\b(?:mauvais|faux) (?:numero|no|#)",
            r"\b(?:retire[rz]?|enleve[rz]?|supprime[rz]?|efface[rz]?)[\s-]"
            r"(?:moi\b|mon (?:numero|nom|cell))",
        )
    )
)


def classify_keyword(body: str) -> Keyword | None:
    """The keyword the whole message is, if it is one.

    Case, accents, surrounding spaces, punctuation and emoji do not matter ("  arrêt! ");
    anything more than the keyword does ("Stop. Thank you" is not one; see
    `resembles_opt_out`), because carriers and Twilio only act on a lone keyword.
    """
    core = _strip_edges(_fold(body))
    if not _ONE_WORD.fullmatch(core):
        return None
    return _KEYWORDS.get(_JOINERS.sub("", core))


def resembles_opt_out(body: str) -> bool:
    """True when a message that is not a keyword still reads like "stop texting me".

    It only flags the thread for a person to read, so it leans towards catching too much.
    """
    if classify_keyword(body) is not None:
        return False
    return _STOP_WISHES.search(_strip_edges(_fold(body))) is not None


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


def _fold(text: str) -> str:
    """Lower case without accents, ligatures or typographic apostrophes: "ARRÊT’" -> "arret'"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _strip_edges(text: str) -> str:
    """Drop punctuation, symbols (emoji) and invisible characters around the words."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


# Twilio's default keyword answers, and a French version that stays in GSM-7 (no ê,
# ç, â, curly apostrophes or non-breaking spaces, which would make every part cost more) and
# so avoids the punctuation French typography wants a non-breaking space before.
DEFAULT_REPLIES: Mapping[tuple[Keyword, str], str] = MappingProxyType(
    {
        (Keyword.OPT_OUT, "en"): (
            "You have successfully been unsubscribed. You will not receive any more messages "
            "from this number. Reply START to resubscribe."
        ),
        (Keyword.OPT_OUT, "fr"): (
            "Votre désabonnement est confirmé. Vous ne recevrez plus de messages de ce numéro. "
            "Répondez START pour vous réabonner."
        ),
        (Keyword.OPT_IN, "en"): (
            "You have successfully been re-subscribed to messages from this number. "
            "Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply."
        ),
        (Keyword.OPT_IN, "fr"): (
            "Votre réabonnement aux messages de ce numéro est confirmé. "
            "Répondez AIDE pour obtenir de l'aide. Répondez ARRET pour vous désabonner. "
            "Des frais de messagerie et de données peuvent s'appliquer."
        ),
        (Keyword.HELP, "en"): "Reply STOP to unsubscribe. Msg&Data Rates May Apply.",
        (Keyword.HELP, "fr"): (
            "Répondez ARRET pour vous désabonner. "
            "Des frais de messagerie et de données peuvent s'appliquer."
        ),
    }
)

# Sent ahead of the first message to a number; `{shop_name}` is filled with str.format.
DEFAULT_DISCLAIMERS: Mapping[str, str] = MappingProxyType(
    {
        "en": (
            "{shop_name} will send you text messages about your vehicle and appointments. "
            "Reply STOP to unsubscribe, HELP for help. Msg&data rates may apply."
        ),
        "fr": (
            "{shop_name} vous enverra des textos au sujet de votre véhicule et de vos "
            "rendez-vous. Répondez ARRET pour vous désabonner, AIDE pour obtenir de l'aide. "
            "Des frais de messagerie et de données peuvent s'appliquer."
        ),
    }
)


def language_for(customer_language: str | None, province: str | None) -> str:
    """The language a number is answered in: its customer's, else French for a Québec shop."""
    if customer_language in ("en", "fr"):
        return customer_language
    return "fr" if (province or "").strip().upper() == "QC" else "en"


def disclaimer_text(language: str, shop_name: str, shop_text: str = "") -> str:
    """The first-message disclaimer: the shop's own text when it has one, else the default.

    `{shop_name}` is replaced literally (not with str.format), so a brace a clerk typed in
    the settings never breaks a send.
    """
    template = shop_text.strip() or DEFAULT_DISCLAIMERS[language if language == "fr" else "en"]
    return template.replace("{shop_name}", shop_name)


def keyword_reply(keyword: Keyword, language: str, shop_name: str, shop_text: str = "") -> str:
    """The answer to STOP, START or HELP. HELP names the shop, as carriers require."""
    lang = language if language == "fr" else "en"
    text = shop_text.strip() or DEFAULT_REPLIES[(keyword, lang)]
    if keyword == Keyword.HELP and shop_name and shop_name not in text:
        return f"{shop_name}: {text}"
    return text


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
