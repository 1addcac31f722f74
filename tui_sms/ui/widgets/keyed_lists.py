"""Tables and option lists that j and k move, like the thread list: a clerk who learned
j/k there finds them in every list of the app.

The keys belong to the widget, so they act only while it has the focus and never take a
letter typed into a field beside it.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable, OptionList
from textual.widgets.data_table import CellType


class KeyedTable(DataTable[CellType]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    ]


class KeyedOptions(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="options.down"),
        Binding("k", "cursor_up", "Up", show=False, id="options.up"),
    ]
