"""The views line above the thread list: the legend of the view keys 1-5 with their counts,
the shown view in reverse, and the search term while a search is shown.

It stays one line whatever the width: the titles shorten, then only the shown view keeps
its title (the others their key and count), then the search term is cut.
"""

from __future__ import annotations

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

    def show(self, shown: str, counts: Counts, search_term: str) -> None:
        self.shown = (shown, counts, search_term)
        self._render_line()

    def on_resize(self) -> None:
        self._render_line()

    def _render_line(self) -> None:
        if self.shown is None:
            return
        width = self.content_region.width
        for fit in ("full", "short", "keys"):
            line = _line(*self.shown, fit=fit, width=width)
            if not width or line.cell_len <= width:
                break
        self.update(line)


def _line(shown: str, counts: Counts, search_term: str, fit: str, width: int) -> Text:
    line = Text()
    for view, key, title in VIEWS:
        count = counts.views.get(view, 0)
        if fit == "keys" and view != shown:
            line.append(f" {key}:{count} ")
            continue
        name = _(SHORT.get(title, title)) if fit != "full" else _(title)
        line.append(f" {key} {name} {count} ", style="reverse bold" if view == shown else "")
    failed_style = "bold red" if counts.failed else ""
    failed = f" 5:{counts.failed} " if fit == "keys" else f" 5 {_('Failed')} {counts.failed} "
    line.append(failed, style=failed_style)
    if shown == "search":
        line.append("  ")
        room = width - line.cell_len - len(_("Search: {term}", term="")) - 3
        term = one_line(search_term, max(room, 4)) if width else search_term
        line.append(" " + _("Search: {term}", term=term) + " ", style="reverse bold")
    return line
