"""The job-reminder review screen: filter jobs, check the rendered texts, queue them.

Only customers with a consent in force are listed. Rows whose reminder cannot go out as things
stand (no mobile number, no template in the customer's language) say why and how to fix it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, ProgressBar, Select, Static
from textual.widgets.data_table import RowKey

from tui_sms.domain.text import one_line
from tui_sms.services import job_text_view, reminder_view
from tui_sms.services.reminder_view import FilterChoices, JobFilter
from tui_sms.services.review import Review, ReviewRow
from tui_sms.ui.base import ShopNode
from tui_sms.ui.format import local
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import DataChanged
from tui_sms.ui.screens.reminder_actions import ReminderActions
from tui_sms.ui.screens.reminder_table import COLUMNS, cells, selection_mark, summary
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedTable


class ReminderReview(ReminderActions, ShopNode, Screen[None]):
    # Six filters fit one line from about 170 columns (French labels are long).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (170, "-wide")]
    BINDINGS = [
        Binding("escape", "close", "Back", id="reviews.close"),
        Binding("space", "toggle", "Select", id="reviews.toggle"),
        Binding("a", "select_all", "Select all", id="reviews.select_all"),
        Binding("m", "mark_auto_send", "Mark selected to be auto-sent", id="reviews.schedule"),
        Binding("s", "send_now", "Send now", id="reviews.send_now"),
        Binding("n", "add_number", "Add mobile", id="reviews.add_number"),
        Binding("e", "edit_template", "Edit template", id="reviews.edit_template"),
        Binding("J", "job_texts", "Job texts", id="reviews.job_texts"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, ReviewRow] = {}
        self.selected: set[int] = set()
        self.current: Review | None = None
        self.queuing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-filters"):
            yield Select[str]([], prompt=_("Any technician"), id="filter-technician")
            yield Input(placeholder=_("from YYYY-MM-DD"), id="filter-from")
            yield Input(placeholder=_("to YYYY-MM-DD"), id="filter-to")
            yield Select[str]([], prompt=_("Any class"), id="filter-class")
            yield Select[str]([], prompt=_("Any customer type"), id="filter-customer-type")
            yield Select[int]([], prompt=_("Any job type"), id="filter-job-type")
        yield Static(id="review-summary", markup=False)
        yield KeyedTable[Text](id="review-jobs", cursor_type="row")
        yield ProgressBar(id="review-progress", show_eta=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = _("Job reminders")
        table = self.query_one("#review-jobs", DataTable)
        for label, key, width in COLUMNS:
            table.add_column(_(label) if label else "", key=key, width=width)
        today = local(self.now(), self.shop_time_zone).date()
        self.query_one("#filter-from", Input).value = today.isoformat()
        self.query_one("#review-progress").display = False
        self.load_choices()
        self.load_rows()
        table.focus()

    # --- loading -----------------------------------------------------------------------

    def job_filter(self) -> JobFilter:
        def chosen(selector: str) -> str:
            value = self.query_one(selector, Select).value
            return value if isinstance(value, str) else ""

        job_type = self.query_one("#filter-job-type", Select).value
        return JobFilter(
            technician=chosen("#filter-technician"),
            date_from=self._day(self.query_one("#filter-from", Input).value),
            date_to=self._day(self.query_one("#filter-to", Input).value, next_day=True),
            job_class=chosen("#filter-class"),
            customer_type=chosen("#filter-customer-type"),
            job_type_id=job_type if isinstance(job_type, int) else None,
        )

    def _day(self, typed: str, *, next_day: bool = False) -> datetime | None:
        try:
            day = date.fromisoformat(typed.strip())
        except ValueError:
            return None
        if next_day:
            day += timedelta(days=1)
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(self.shop_time_zone))

    def load_choices(self) -> None:
        self.run_service(
            lambda: reminder_view.filter_choices(self.engine),
            group="review-choices",
            exclusive=True,
            then=self._show_choices,
        )

    def _show_choices(self, choices: FilterChoices) -> None:
        for selector, key in (
            ("#filter-technician", "technician"),
            ("#filter-class", "job_class"),
            ("#filter-customer-type", "customer_type"),
        ):
            self.query_one(selector, Select).set_options(
                (Text(one_line(value, 30)), value) for value in choices.values[key]
            )
        self.query_one("#filter-job-type", Select).set_options(
            (Text(one_line(name, 30)), type_id) for name, type_id in choices.job_types
        )

    def load_rows(self) -> None:
        where = self.job_filter()
        self.run_service(
            lambda: reminder_view.review(self.engine, where),
            group="review-load",
            exclusive=True,
            then=self._show_rows,
        )

    def _show_rows(self, found: Review) -> None:
        self.current = found
        self.rows = {row.job_id: row for row in found.rows}
        self.selected &= {row.job_id for row in found.rows if row.sendable}
        table = self.query_one("#review-jobs", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in found.rows:
            table.add_row(*self._cells(row, found), key=str(row.job_id))
        if found.rows:
            table.move_cursor(row=min(cursor, len(found.rows) - 1))
        self._show_summary()
        self.refresh_bindings()

    def _cells(self, row: ReviewRow, found: Review) -> list[Text]:
        return cells(row, found, row.job_id in self.selected, self.shop_time_zone)

    def _show_summary(self) -> None:
        found = self.current
        if found is None:
            return
        chosen = [self.rows[job_id] for job_id in self.selected if job_id in self.rows]
        self.query_one("#review-summary", Static).update(summary(found, chosen))

    def _highlighted(self) -> ReviewRow | None:
        table = self.query_one("#review-jobs", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.rows.get(int(key.value or 0))

    def _redraw_selection(self, job_ids: set[int] | None = None) -> None:
        table = self.query_one("#review-jobs", DataTable)
        for job_id in job_ids if job_ids is not None else self.rows:
            mark = selection_mark(job_id in self.selected)
            table.update_cell(RowKey(str(job_id)), "selected", mark)
        self._show_summary()

    # --- events ------------------------------------------------------------------------

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.load_rows()

    @on(Input.Changed, "#filter-from, #filter-to")
    def _dates_changed(self, event: Input.Changed) -> None:
        typed = event.value.strip()
        if not typed or self._day(typed) is not None:
            self.load_rows()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.refresh_bindings()

    @on(DataChanged)
    def _data_changed(self) -> None:
        if not self.queuing:
            self.load_rows()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self._highlighted()
        if action == "add_number":
            return row is not None and row.number is None
        # None shows the key dimmed: it exists here, but not for this row or selection.
        if action in ("toggle", "send_now"):
            return True if row is not None and row.sendable else None
        if action in ("edit_template", "job_texts"):
            return row is not None
        if action == "mark_auto_send":
            return True if self.selected and not self.queuing else None
        return True

    # --- actions -----------------------------------------------------------------------

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_toggle(self) -> None:
        row = self._highlighted()
        if row is None or not row.sendable:
            return
        self.selected ^= {row.job_id}
        self._redraw_selection({row.job_id})
        self.refresh_bindings()

    def action_job_texts(self) -> None:
        """Confirm the appointment, say the work is done, thank, or say we are on our way."""
        row = self._highlighted()
        if row is None:
            return
        from tui_sms.ui.screens.job_texts import JobTexts

        job_id = row.job_id
        self.run_service(
            lambda: job_text_view.job_line(self.engine, job_id),
            group="review-job-texts",
            then=lambda line: self.app.push_screen(JobTexts([line]), lambda _: self.load_rows()),
        )

    def action_select_all(self) -> None:
        sendable = {row.job_id for row in self.rows.values() if row.sendable}
        self.selected = set() if sendable and sendable <= self.selected else sendable
        self._redraw_selection()
        self.refresh_bindings()
