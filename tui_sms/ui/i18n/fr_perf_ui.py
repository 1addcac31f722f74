"""French lines for the conversation list's own keys (keyed by the English text, see
i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "Page down": "Page suivante",
    "Page up": "Page précédente",
    "First": "Première",
    "Last": "Dernière",
    "Open": "Ouvrir",
}

PATTERNS: list[tuple[str, str]] = []
