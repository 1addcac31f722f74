"""Themes as Textual theme TOML files: the shipped ones (the repository's top-level themes/
folder, installed as the data package tui_sms.themes) and the user's own in
`<config dir>/themes/`, which are foreign input: a bad file is reported, never fatal."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from textual.app import App
from textual.theme import Theme

from tui_sms.config import user_themes_dir
from tui_sms.ui.i18n import _

SHIPPED = "tui_sms.themes"


@dataclass(frozen=True)
class ThemeProblem:
    """A user theme file that could not be used, and why (the parser's or Textual's words)."""

    path: Path
    reason: str


def _theme_from_toml(text: str) -> Theme:
    theme = Theme(**tomllib.loads(text))
    # Colours are parsed only when a theme is shown; parse them now so a typo is caught
    # while loading rather than when someone picks the theme.
    theme.to_color_system().generate()
    return theme


def shipped_themes() -> list[Theme]:
    toml_files = (item for item in files(SHIPPED).iterdir() if item.name.endswith(".toml"))
    return [
        _theme_from_toml(item.read_text(encoding="utf-8"))
        for item in sorted(toml_files, key=lambda item: item.name)
    ]


def user_themes(directory: Path | None = None) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every `*.toml` theme in the user's theme folder, and the files that were skipped."""
    folder = user_themes_dir() if directory is None else directory
    themes: list[Theme] = []
    problems: list[ThemeProblem] = []
    if not folder.is_dir():
        return themes, problems
    for path in sorted(folder.glob("*.toml")):
        try:
            themes.append(_theme_from_toml(path.read_text(encoding="utf-8")))
        # A hand-written file can fail in many ways (bad TOML, unknown key, missing name,
        # a colour Textual cannot parse, a value of the wrong type); each one only means
        # this theme is unusable.
        except Exception as exc:
            problems.append(ThemeProblem(path, str(exc).strip() or type(exc).__name__))
    return themes, problems


def register_themes(app: App[object]) -> None:
    """Register the shipped themes, then the user's (which may replace one by its name)."""
    for theme in shipped_themes():
        app.register_theme(theme)
    themes, problems = user_themes()
    for theme in themes:
        app.register_theme(theme)
    for problem in problems:
        app.notify(
            _(
                "The theme file {path} was skipped: {reason}",
                path=str(problem.path),
                reason=problem.reason,
            ),
            severity="warning",
            markup=False,
            timeout=10,
        )
