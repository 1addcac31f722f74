"""French lines for the import's progress on stderr (keyed by the English text, see
i18n/__init__.py)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "Importing {name}": "Importation de {name}",
    "{label}: {done}/{total} rows": "{label} : {done}/{total} lignes",
}

PATTERNS: list[tuple[str, str]] = []
