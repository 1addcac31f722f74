"""The thread list: a DataTable fed from a paged query, one row per conversation."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tui_sms.domain.phone import format_national
from tui_sms.domain.text import one_line
from tui_sms.services.inbox_view import ThreadRow, ThreadView
from tui_sms.ui.format import short_time
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import ThreadSelected


class ListReloaded(Message):
    """Queued after a reload's own highlight messages: the ones after it are the clerk's."""


class ThreadList(DataTable[Text]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="threads.down"),
        Binding("k", "cursor_up", "Up", show=False, id="threads.up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.time_zone = "UTC"
        self.shown: list[ThreadRow] = []

    FIXED = {"unread": 1, "when": 10, "assignee": 12}

    def on_mount(self) -> None:
        self.add_column("", key="unread", width=self.FIXED["unread"])
        self.add_column(_("Conversation"), key="conversation", width=30)
        self.add_column(_("When"), key="when", width=self.FIXED["when"])
        self.add_column(_("Assignee"), key="assignee", width=self.FIXED["assignee"])

    def on_resize(self) -> None:
        # The conversation column takes what the fixed columns, padding and scrollbar leave.
        spare = self.size.width - sum(self.FIXED.values()) - 2 * self.cell_padding * 4 - 2
        self.columns[ColumnKey("conversation")].width = max(16, spare)
        self.refresh()

    def show_rows(self, rows: list[ThreadRow], keep: int | None) -> None:
        """Replace the rows, keeping the cursor on thread `keep`, the open conversation.

        The highlights a reload causes are not the clerk's: they are swallowed, so a list
        refreshed by a colleague's work never switches the open conversation (and where
        a reply goes) under somebody's hands. When the open thread left the view (claimed
        from Unassigned, resolved, a colleague's change) its row stays where it was until
        the clerk moves away: the highlighted row is always the conversation shown.
        """
        rows = list(rows)
        listed = {row.id for row in rows}
        if keep is not None and keep not in listed:
            before = [row.id for row in self.shown]
            old = next((row for row in self.shown if row.id == keep), None)
            if old is not None:
                rows.insert(min(before.index(keep), len(rows)), old)
        self.reloading = True
        self.clear()
        self.shown = []
        self.append_rows(rows)
        if keep is not None and str(keep) in self.rows:
            self.move_cursor(row=self.get_row_index(str(keep)), animate=False)
        self.post_message(ListReloaded())

    def show_open(self, row: ThreadRow) -> None:
        """The open conversation's row, fresh from its reload: updated in place, or put
        first (a thread opened from outside the list, e.g. the next unread) with the
        cursor on it."""
        key = str(row.id)
        if key in self.rows:
            index = self.get_row_index(key)
            if self.shown[index] != row:  # each cell update redraws every row in view
                self.shown[index] = row
                for column, value in zip(self.columns, self._cells(row), strict=True):
                    self.update_cell(key, column, value)
            if self.cursor_row != index:
                self.reloading = True
                self.move_cursor(row=index, animate=False)
                self.post_message(ListReloaded())
            return
        self.show_rows([row, *self.shown], keep=row.id)

    reloading = False

    def clear(self, columns: bool = False) -> ThreadList:
        self.shown = []
        super().clear(columns)
        return self

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.reloading:
            event.stop()

    def on_list_reloaded(self, event: ListReloaded) -> None:
        event.stop()
        self.reloading = False

    def append_rows(self, rows: list[ThreadRow]) -> None:
        """Add the next page under the rows already shown."""
        width = self.columns[ColumnKey("conversation")].width
        for row in rows:
            if str(row.id) in self.rows:
                continue
            self.shown.append(row)
            self.add_row(*self._cells(row, width), key=str(row.id), height=2)

    def _cells(self, row: ThreadRow, width: int | None = None) -> list[Text]:
        width = width or self.columns[ColumnKey("conversation")].width
        name = row.customer_name or format_national(row.number)
        cell = Text(one_line(name, width), style="bold")
        preview = ("⚑ " if row.flagged else "") + one_line(row.preview, width)
        cell.append("\n" + preview, style="" if row.unread_count else "dim")
        return [
            Text("●" if row.unread_count else " ", style="bold"),
            cell,
            Text(short_time(row.last_activity_at, self.time_zone, self.app.now())),  # type: ignore[attr-defined]
            Text(one_line(row.assignee or "—", 12), style="" if row.assignee else "dim"),
        ]

    def neighbour_of(self, thread_id: int) -> int | None:
        """The thread listed after `thread_id` (or before it, at the end of the list)."""
        key = str(thread_id)
        if key not in self.rows:
            return None
        index = self.get_row_index(key)
        for other in (index + 1, index - 1):
            if 0 <= other < self.row_count:
                value = self.coordinate_to_cell_key((other, 0)).row_key.value
                return int(value) if value is not None else None
        return None

    @property
    def selected_thread(self) -> int | None:
        if not self.is_valid_coordinate(self.cursor_coordinate):
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(ThreadSelected(int(event.row_key.value)))


def row_of(view: ThreadView) -> ThreadRow:
    """The open conversation's line in the list, from what its reload just read."""
    thread = view.thread
    return ThreadRow(
        id=thread.id or 0,
        customer_name=view.customer_name,
        number=thread.number,
        preview=thread.last_preview,
        last_activity_at=thread.last_activity_at,
        unread_count=thread.unread_count,
        assignee=view.assignee,
        state=thread.state,
        flagged=thread.flagged,
    )
