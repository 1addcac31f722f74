"""`@login` in an internal note names a colleague: the logins mentioned in a text."""

from __future__ import annotations

import re

# An e-mail address ("luc@garage.ca") is not a mention: the @ must start a word.
_MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9_][A-Za-z0-9_.-]*)")


def mentioned_logins(body: str) -> list[str]:
    """The logins after an @, lower-cased, each once, in the order written."""
    found: list[str] = []
    for match in _MENTION.finditer(body):
        login = match.group(1).rstrip(".-").lower()
        if login and login not in found:
            found.append(login)
    return found
