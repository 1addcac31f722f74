"""French lines for narrow terminals (one pane at a time, short titles), the keys named in
footers and dialogs, and the template editor's questions (keyed by the English text, see
i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "Unassig.": "Non assig.",
    "Resolv.": "Régl.",
    "Open": "Ouvrir",
    # On a narrow terminal the list is not on the left: it is the other pane.
    "Pick a conversation in the list.": "Choisissez une conversation dans la liste.",
    "Discard your changes?": "Abandonner vos modifications ?",
    "Discard (y)": "Abandonner (y)",
    "Keep editing (n)": "Continuer à modifier (n)",
}

PATTERNS: list[tuple[str, str]] = []
