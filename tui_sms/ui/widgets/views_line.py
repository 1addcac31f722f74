"""The views line above the thread list: the legend of the view keys 1-5 with their counts,
the shown view in reverse, and the search term while a search is shown."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_sms.services.inbox_view import Counts
from tui_sms.ui.i18n import _

VIEWS = (("all", "1", "All"), ("mine", "2", "Mine"), ("unassigned", "3", "Unassigned"))
VIEWS += (("resolved", "4", "Resolved"),)


class ViewsLine(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, shown: str, counts: Counts, search_term: str) -> None:
        line = Text()
        for view, key, title in VIEWS:
            style = "reverse bold" if view == shown else ""
            line.append(f" {key} {_(title)} {counts.views.get(view, 0)} ", style=style)
        failed_style = "bold red" if counts.failed else ""
        line.append(f" 5 {_('Failed')} {counts.failed} ", style=failed_style)
        if shown == "snoozed":
            # Out of the other lists: named on a line of its own, with the way back.
            snoozed = counts.views.get("snoozed", 0)
            line.append("\n")
            line.append(f" 6 {_('Snoozed')} {snoozed} ", style="reverse bold")
            line.append("  " + _("Z brings one back · 1 All"), style="dim")
        if shown == "search":
            line.append("  ")
            line.append(" " + _("Search: {term}", term=search_term) + " ", style="reverse bold")
        self.update(line)
