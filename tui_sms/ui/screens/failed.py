"""Messages the provider refused or could not deliver, in plain words, with one key to retry."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from tui_sms.domain.delivery import failure_reason
from tui_sms.domain.phone import format_national
from tui_sms.domain.text import clean, one_line
from tui_sms.services import failed_view, threads
from tui_sms.services.failed_view import FailedRow
from tui_sms.store.models import Message
from tui_sms.ui.base import ShopNode
from tui_sms.ui.commands import ScreenActions
from tui_sms.ui.format import short_time
from tui_sms.ui.i18n import _, n_, sentence
from tui_sms.ui.messages import DataChanged
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedTable


class FailedMessages(ShopNode, Screen[int | None]):
    """Dismisses with the thread to open in the message center, or None."""

    COMMANDS = {ScreenActions}
    BINDINGS = [
        Binding("r", "retry", "Retry", id="failed.retry"),
        Binding("enter", "open", "Open conversation", id="failed.open"),
        Binding("escape", "back", "Back", id="failed.back"),
        Binding("j", "cursor_down", "Down", show=False, id="failed.down"),
        Binding("k", "cursor_up", "Up", show=False, id="failed.up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, FailedRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="failed-title", markup=False)
        yield KeyedTable(id="failed", cursor_type="row")
        yield FittingFooter()

    def on_mount(self) -> None:
        table = self.query_one("#failed", DataTable)
        table.add_column(_("When"), key="when", width=10)
        table.add_column(_("Customer"), key="customer", width=22)
        table.add_column(_("Why"), key="why", width=60)
        table.add_column(_("Message"), key="body")
        table.focus()
        self.load()

    def load(self) -> None:
        self.run_service(
            lambda: failed_view.failed_messages(self.engine),
            group="load-failed",
            exclusive=True,
            then=self._show,
        )

    def _show(self, rows: list[FailedRow]) -> None:
        table = self.query_one("#failed", DataTable)
        keep = self.selected
        table.clear()
        self.rows = {row.message_id: row for row in rows}
        zone = self.shop_time_zone
        for row in rows:
            reason = failure_reason(row.error_code, row.error_message)
            who = row.customer_name or format_national(row.number)
            table.add_row(
                Text(short_time(row.at, zone, self.now())),
                Text(one_line(clean(who), 22)),
                Text(sentence(reason.sentence), style="" if reason.retry_helps else "dim"),
                Text(one_line(clean(row.body), 60)),
                key=str(row.message_id),
            )
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)), animate=False)
        title = (
            n_("{count} failed message", "{count} failed messages", len(rows))
            if rows
            else _("No failed messages.")
        )
        self.query_one("#failed-title", Static).update(Text(title, style="bold"))
        self.refresh_bindings()

    @property
    def selected(self) -> int | None:
        table = self.query_one("#failed", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("retry", "open"):
            return self.selected is not None
        return True

    @on(DataChanged)
    def _on_data_changed(self, event: DataChanged) -> None:
        self.load()

    @on(DataTable.RowSelected, "#failed")
    def _on_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_cursor_down(self) -> None:
        self.query_one("#failed", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#failed", DataTable).action_cursor_up()

    def action_open(self) -> None:
        message_id = self.selected
        if message_id is not None and message_id in self.rows:
            self.dismiss(self.rows[message_id].thread_id)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_retry(self) -> None:
        if self.selected is not None:
            self.retry(self.selected)

    def retry(self, message_id: int) -> None:
        me = self.me

        def queued(copy: Message) -> None:
            if copy.from_number:
                self.notify(
                    _("Queued again from {number}.", number=format_national(copy.from_number)),
                    markup=False,
                )
            else:
                self.notify(_("Queued again."), markup=False)
            self.load()

        self.run_service(
            lambda: self.perform(lambda s: threads.retry_message(s, message_id, me)),
            group="retry",
            then=queued,
            severity="warning",
        )
