"""What an empty thread list says: a blank pane on a shop's first day reads as "broken".

Each view says why it is empty and what brings conversations into it, in the clerk's words.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tui_sms.ui.i18n import _

PAD = 1  # the thread list's cell padding


def empty_hint(view: str, search_term: str = "") -> str:
    if view == "search":
        return _("No conversation matches “{term}”. Esc goes back to the list.").format(
            term=search_term
        )
    hints = {
        "all": _(
            "No conversation yet. Press w to text a customer; "
            "customers' texts to the shop's numbers appear here."
        ),
        "mine": _("No open conversation is assigned to you. Press c on one to claim it."),
        "unassigned": _("Every open conversation has someone on it."),
        "resolved": _("No resolved conversation. Press x on one when it is done."),
        "failed": _("No text failed."),
        "snoozed": _("No snoozed conversation. Press z on one to put it aside until later."),
    }
    return hints.get(view, "")


def hint_strips(hint: str, width: int, base: Style, console: Console) -> list[Strip]:
    """The sentence dimmed and wrapped to `width`, one strip per line (none for no sentence)."""
    if not hint:
        return []
    style = base + Style(dim=True)
    lines = Text(hint, style=style).wrap(console, max(width - 2 * PAD, 10))
    pad = Segment(" " * PAD, base)
    return [Strip([pad, *line.render(console)]).crop_extend(0, width, style) for line in lines]
