"""Consent rules: opt-out keywords and the texts that answer them (quiet hours are in
quiet_hours.py; their names stay importable from here).

Pure: the current time is always a parameter, and a time zone is an IANA name resolved
with the stdlib's zoneinfo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from tui_sms.domain.quiet_hours import (
    DEFAULT_QUIET_HOURS,
    QuietHours,
    in_quiet_hours,
    last_allowed_send_before,
    local_time,
    next_allowed_send,
    quiet_hours_question,
    send_time,
)

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
