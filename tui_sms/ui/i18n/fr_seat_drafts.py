"""French lines for the sender banner and reply drafts (keyed by the English text, see
i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "Start `tui-sms worker` or keep one tui-sms open; see docs/deployment.md.": (
        "Démarrez `tui-sms worker` ou gardez un tui-sms ouvert ; voir docs/deployment.md."
    ),
    "No sender has run yet: {waiting} texts wait to go out.": (
        "Aucun expéditeur n'a encore tourné : {waiting} textos attendent d'être envoyés."
    ),
    "No sender has run since {since}: {waiting} texts wait to go out.": (
        "Aucun expéditeur n'a tourné depuis {since} : {waiting} textos attendent d'être envoyés."
    ),
    "Your draft could not be saved: {error}.": (
        "Votre brouillon n'a pas pu être enregistré : {error}."
    ),
}

PATTERNS: list[tuple[str, str]] = []
