"""What every promotion carries: the line telling the customer how to stop them."""

from __future__ import annotations

import re

_STOP = re.compile(r"\bSTOP\b", re.IGNORECASE)

OPT_OUT_LINES = {
    "en": "Reply STOP to opt out.",
    "fr": "Répondez STOP pour vous désabonner.",
}


def with_opt_out_line(body: str, language: str) -> str:
    """The body with the opt-out line of the customer's language, unless it already says STOP."""
    text = body.rstrip()
    if _STOP.search(text):
        return text
    line = OPT_OUT_LINES["fr" if language == "fr" else "en"]
    return f"{text}\n{line}"
