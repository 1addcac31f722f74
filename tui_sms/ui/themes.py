"""Themes shipped as TOML files beside this module, registered with Textual at start-up."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

THEMES = Path(__file__).parent / "themes"


def shipped_themes() -> list[Theme]:
    return [
        Theme(**tomllib.loads(path.read_text(encoding="utf-8")))
        for path in sorted(THEMES.glob("*.toml"))
    ]
