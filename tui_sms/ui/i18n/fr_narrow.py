"""French lines for narrow terminals (one pane at a time, short titles), the keys named in
footers and dialogs, and the template editor's questions (keyed by the English text, see
i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "Unassig.": "Non assig.",
    "Resolv.": "Régl.",
    "Open": "Ouvrir",
    "Discard your changes?": "Abandonner vos modifications ?",
    "Discard (y)": "Abandonner (y)",
    "Keep editing (n)": "Continuer à modifier (n)",
}

PATTERNS: list[tuple[str, str]] = []
