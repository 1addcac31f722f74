"""The words of the e-mails tui-sms sends: reply forwards, in the shop's language.

Pure: names, numbers and times arrive already looked up and formatted. Everything placed in
a subject is flattened to one clean line, so a customer name holding CR/LF cannot start a
header of its own (the mailer's EmailMessage refuses such values too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address

from tui_sms.domain.compliance import language_for
from tui_sms.domain.errors import UserError
from tui_sms.domain.text import clean, one_line

DO_NOT_REPLY = {
    "en": "Do not reply to this e-mail: the customer will not receive it. Answer from tui-sms.",
    "fr": "Ne répondez pas à ce courriel : le client ne le recevra pas. "
    "Répondez à partir de tui-sms.",
}

_WORDS = {
    "en": {
        "subject": "Text from {name} ({number})",
        "subject_employee": "Text from employee {name} ({number})",
        "unknown": "Unknown sender",
        "received": "Received {when} from {name}, {number}:",
        "earlier": "Earlier in this conversation:",
        "shop": "Shop",
        "customer": "Customer",
        "note": "Note",
    },
    "fr": {
        "subject": "Texto de {name} ({number})",
        "subject_employee": "Texto de l'employé {name} ({number})",
        "unknown": "Expéditeur inconnu",
        "received": "Reçu {when} de {name}, {number} :",
        "earlier": "Plus tôt dans cette conversation :",
        "shop": "Atelier",
        "customer": "Client",
        "note": "Note",
    },
}

SUBJECT_MAX = 120
_SEPARATORS = re.compile(r"[,;\s]+")


class InvalidAddress(UserError):
    """An e-mail address that cannot be used."""


@dataclass(frozen=True)
class ContextLine:
    """One earlier message of the thread, as the forward quotes it."""

    when: str  # already in the shop's zone, e.g. "2026-11-23 09:14"
    direction: str  # inbound | outbound | note
    body: str


def language_of(language: str | None, province: str | None) -> str:
    """The shop's language: its own setting, else French in Quebec, else English."""
    return language_for(language, province)


def forward_subject(language: str, name: str | None, number: str, *, employee: bool = False) -> str:
    words = _WORDS[language_of(language, None)]
    shown = one_line(name or "", 60) or words["unknown"]
    template = words["subject_employee" if employee else "subject"]
    return one_line(template.format(name=shown, number=one_line(number, 40)), SUBJECT_MAX)


def forward_body(
    language: str,
    *,
    name: str | None,
    number: str,
    when: str,
    body: str,
    earlier: Sequence[ContextLine] = (),
) -> str:
    """The plain-text forward: the message, a few earlier ones for context, the warning."""
    words = _WORDS[language_of(language, None)]
    shown = one_line(name or "", 80) or words["unknown"]
    lines = [words["received"].format(when=when, name=shown, number=number), ""]
    lines += _quoted(body)
    if earlier:
        lines += ["", words["earlier"]]
        for line in earlier:
            who = {"inbound": words["customer"], "note": words["note"]}.get(
                line.direction, words["shop"]
            )
            lines.append(f"[{line.when}] {who}: {one_line(line.body, 300)}")
    lines += ["", "-- ", DO_NOT_REPLY[language_of(language, None)]]
    return "\n".join(lines) + "\n"


def _quoted(body: str) -> list[str]:
    return ["> " + line if line else ">" for line in clean(body).split("\n")]


def parse_addresses(raw: str) -> list[str]:
    """Addresses separated by commas, semicolons or spaces; InvalidAddress for a bad one."""
    found: list[str] = []
    for item in _SEPARATORS.split(raw.strip()):
        if not item:
            continue
        found.append(check_address(item))
    return found


def check_address(raw: str) -> str:
    """One bare address (name@domain), checked; InvalidAddress with a sentence otherwise."""
    text = raw.strip()
    shown = one_line(text, 60)
    if not text or any(ord(char) < 32 or char in '<>,;"' for char in text):
        raise InvalidAddress(f"“{shown}” is not an e-mail address: write it as name@example.com.")
    try:
        address = Address(addr_spec=text)
    except (HeaderParseError, ValueError, IndexError):
        raise InvalidAddress(
            f"“{shown}” is not an e-mail address: write it as name@example.com."
        ) from None
    if not address.username or "." not in address.domain:
        raise InvalidAddress(f"“{shown}” is not an e-mail address: write it as name@example.com.")
    return address.addr_spec
