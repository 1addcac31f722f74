"""The views line above the thread list: the legend of the view keys 1-5 with their counts,
the shown view in reverse, and the search term while a search is shown.

It stays one line whatever the width: the titles shorten, then only the shown view keeps
its title (the others their key and count), then the search term is cut.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from tui_sms.domain.text import one_line
from tui_sms.services.inbox_view import Counts
from tui_sms.ui.i18n import _

VIEWS = (("all", "1", "All"), ("mine", "2", "Mine"), ("unassigned", "3", "Unassigned"))
VIEWS += (("resolved", "4", "Resolved"),)

# The titles on a narrow list (a two-pane screen around 100 columns, or French).
SHORT = {"Unassigned": "Unassig.", "Resolved": "Resolv."}


class ViewsLine(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.shown: tuple[str, Counts, str] | None = None
        self._rows = 0  # lines shown: only a change of their number moves what is below

    def show(self, shown: str, counts: Counts, search_term: str) -> None:
        self.shown = (shown, counts, search_term)
        self._render_line()

    def on_resize(self) -> None:
        self._render_line()

    def _render_line(self) -> None:
        if self.shown is None:
            return
        line = fitted_line(*self.shown, width=self.content_region.width)
        rows = line.plain.count("\n") + 1
        self.update(line, layout=rows != self._rows)
        self._rows = rows


def fitted_line(shown: str, counts: Counts, search_term: str, width: int) -> Text:
    """The fullest line that fits `width` cells (0: not laid out yet, the full line)."""
    for fit in ("full", "tight", "short", "keys"):
        line = _line(shown, counts, search_term, fit=fit, width=width)
        if not width or max(cell_len(row) for row in line.plain.split("\n")) <= width:
            break
    return line


def _line(shown: str, counts: Counts, search_term: str, fit: str, width: int) -> Text:
    """`full`: padded titles; `tight`: a bar between views; `short`: the long titles
    abbreviated; `keys`: only the shown view keeps its title."""
    pad = " " if fit == "full" else ""
    parts: list[tuple[str, str]] = []
    for view, key, title in VIEWS:
        count = counts.views.get(view, 0)
        style = "reverse bold" if view == shown else ""
        if fit == "keys" and view != shown:
            parts.append((f"{key}:{count}", style))
            continue
        name = _(SHORT.get(title, title)) if fit in ("short", "keys") else _(title)
        parts.append((f"{pad}{key} {name} {count}{pad}", style))
    failed = f"5:{counts.failed}" if fit == "keys" else f"{pad}5 {_('Failed')} {counts.failed}{pad}"
    parts.append((failed, "bold red" if counts.failed else ""))
    line = Text(" " if not pad else "")
    for index, (part, style) in enumerate(parts):
        if index and not pad:
            line.append("│", style="dim")
        line.append(part, style=style)
    if shown == "snoozed":
        # Out of the other lists: named on a line of its own, with the way back.
        line.append("\n")
        line.append(f" 6 {_('Snoozed')} {counts.views.get('snoozed', 0)} ", style="reverse bold")
        line.append("  " + _("Z brings one back · 1 All"), style="dim")
    if shown == "search":
        line.append("  ")
        room = width - line.cell_len - len(_("Search: {term}", term="")) - 3
        term = one_line(search_term, max(room, 4)) if width else search_term
        line.append(" " + _("Search: {term}", term=term) + " ", style="reverse bold")
    return line
