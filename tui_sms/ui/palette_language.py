"""The command palette in the interface's language: Textual writes its own entries (Theme,
Quit, Keys, Screenshot…) and the search field's placeholder in English only."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.command import CommandPalette

from tui_sms.ui.i18n import _

# Textual's own entries, listed so the catalog test finds their French lines.
TEXTUAL_COMMANDS = (
    ("Theme", "Change the current theme"),
    ("Quit", "Quit the application as soon as possible"),
    ("Keys", "Hide the keys and widget help panel"),
    ("Keys", "Show help for the focused widget and a summary of available keys"),
    ("Minimize", "Minimize the widget and restore to normal size"),
    ("Maximize", "Maximize the focused widget"),
    ("Screenshot", "Save an SVG 'screenshot' of the current screen"),
)


def translated(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    for command in commands:
        yield command._replace(title=_(command.title), help=_(command.help))


class TranslatedPalette:
    """Mixed into the app: the palette opens with its placeholder in the clerk's language."""

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )
