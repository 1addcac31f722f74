"""The job-reminder review screen: filter jobs, check the rendered texts, queue them.

Only customers with a consent in force are listed. Rows whose reminder cannot go out as things
stand (no mobile number, no template in the customer's language) say why and how to fix it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, ProgressBar, Select, Static
from textual.widgets.data_table import RowKey

from tui_sms.domain.errors import UserError
from tui_sms.domain.text import one_line
from tui_sms.services import review
from tui_sms.services.reminder_actions import send_reminder_now
from tui_sms.services.reminder_scheduler import schedule_reminders
from tui_sms.services.review import Review, ReviewRow
from tui_sms.store.engine import session_scope
from tui_sms.store.models import utcnow
from tui_sms.store.queries import jobs as job_queries
from tui_sms.store.queries.jobs import JobFilter
from tui_sms.ui.format import local, money
from tui_sms.ui.messages import DataChanged
from tui_sms.ui.screens.reminder_dialogs import AddNumber, ConfirmSchedule

QUEUE_CHUNK = 50
STATE_STYLES = {
    "not sent": "",
    "scheduled": "cyan",
    "sent": "green",
    "failed": "bold red",
    "canceled": "dim",
    "skipped": "yellow",
}


class ReminderReview(Screen[None]):
    BINDINGS = [
        Binding("escape", "close", "Back", id="reviews.close"),
        Binding("space", "toggle", "Select", id="reviews.toggle"),
        Binding("a", "select_all", "Select all", id="reviews.select_all"),
        Binding("m", "mark_auto_send", "Mark selected to be auto-sent", id="reviews.schedule"),
        Binding("s", "send_now", "Send now", id="reviews.send_now"),
        Binding("n", "add_number", "Add mobile", id="reviews.add_number"),
        Binding("e", "edit_template", "Edit template", id="reviews.edit_template"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, ReviewRow] = {}
        self.selected: set[int] = set()
        self.current: Review | None = None
        self.queuing = False

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.app.runtime.engine  # type: ignore[attr-defined]

    @property
    def time_zone(self) -> str:
        return self.app.shop_time_zone  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-filters"):
            yield Select[str]([], prompt="Any technician", id="filter-technician")
            yield Input(placeholder="from YYYY-MM-DD", id="filter-from")
            yield Input(placeholder="to YYYY-MM-DD", id="filter-to")
            yield Select[str]([], prompt="Any class", id="filter-class")
            yield Select[str]([], prompt="Any customer type", id="filter-customer-type")
            yield Select[int]([], prompt="Any job type", id="filter-job-type")
        yield Static(id="review-summary", markup=False)
        yield DataTable[Text](id="review-jobs", cursor_type="row")
        yield ProgressBar(id="review-progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Job reminders"
        table = self.query_one("#review-jobs", DataTable)
        for label, key, width in (
            ("", "selected", 1),
            ("Date", "date", 20),
            ("Customer", "customer", 22),
            ("Job type", "job_type", 14),
            ("Technician", "technician", 12),
            ("Message", "message", 60),
            ("Seg", "segments", 3),
            ("State", "state", 9),
        ):
            table.add_column(label, key=key, width=width)
        today = local(utcnow(), self.time_zone).date()
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
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(self.time_zone))

    @work(thread=True, exclusive=True, group="review-choices")
    def load_choices(self) -> None:
        with session_scope(self.engine) as session:
            choices = job_queries.filter_choices(session)
            types = [(t.name, t.id or 0) for t in job_queries.job_types(session)]
        self.app.call_from_thread(self._show_choices, choices, types)

    def _show_choices(self, choices: dict[str, list[str]], types: list[tuple[str, int]]) -> None:
        for selector, key in (
            ("#filter-technician", "technician"),
            ("#filter-class", "job_class"),
            ("#filter-customer-type", "customer_type"),
        ):
            self.query_one(selector, Select).set_options(
                (Text(one_line(value, 30)), value) for value in choices[key]
            )
        self.query_one("#filter-job-type", Select).set_options(
            (Text(one_line(name, 30)), type_id) for name, type_id in types
        )

    @work(thread=True, exclusive=True, group="review-load")
    def load_rows(self) -> None:
        where = self.job_filter()
        try:
            with session_scope(self.engine) as session:
                found = review.review(session, where)
        except UserError as refusal:
            self.app.call_from_thread(
                self.notify, refusal.sentence, severity="error", markup=False, timeout=8
            )
            return
        self.app.call_from_thread(self._show_rows, found)

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
        when = local(row.start, self.time_zone).strftime("%a %Y-%m-%d %H:%M")
        customer = Text(one_line(row.customer_name, 40))
        times = found.repeated.get(row.customer_name)
        if times:
            customer.append(f" ×{times}", style="bold yellow")
        if row.problem:
            message = Text(one_line(row.problem, 200), style="bold red")
        else:
            message = Text(one_line(row.body or "", 200))
        if row.number is None:
            customer.append(" !", style="bold red")
        return [
            Text("✔" if row.job_id in self.selected else " ", style="bold green"),
            Text(when),
            customer,
            Text(one_line(row.job_type, 30)),
            Text(one_line(row.technician, 30)),
            message,
            Text(str(row.segments) if row.segments else "", style=self._segment_style(row)),
            Text(row.state, style=STATE_STYLES.get(row.state, "")),
        ]

    @staticmethod
    def _segment_style(row: ReviewRow) -> str:
        return "bold yellow" if row.encoding == "UCS-2" else ""

    def _show_summary(self) -> None:
        found = self.current
        if found is None:
            return
        chosen = [self.rows[job_id] for job_id in self.selected if job_id in self.rows]
        segments = review.segments_to_send(chosen)
        cost = review.cost_of(segments, found.segment_price)
        summary = Text(f"{len(found.rows)} jobs listed · {len(chosen)} selected · ")
        summary.append(f"{segments} segments · {money(cost, found.currency)}")
        problems = sum(1 for row in found.rows if row.problem)
        if problems:
            summary.append(f" · {problems} need attention", style="bold red")
        if found.repeated:
            several = ", ".join(
                f"{one_line(name, 30)} ({count})" for name, count in sorted(found.repeated.items())
            )
            summary.append("\nSeveral texts to one customer (recurring jobs): ", style="yellow")
            summary.append(several)
        self.query_one("#review-summary", Static).update(summary)

    def _highlighted(self) -> ReviewRow | None:
        table = self.query_one("#review-jobs", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.rows.get(int(key.value or 0))

    def _redraw_selection(self, job_ids: set[int] | None = None) -> None:
        table = self.query_one("#review-jobs", DataTable)
        for job_id in job_ids if job_ids is not None else self.rows:
            mark = "✔" if job_id in self.selected else " "
            table.update_cell(RowKey(str(job_id)), "selected", Text(mark, style="bold green"))
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
        if action == "edit_template":
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

    def action_select_all(self) -> None:
        sendable = {row.job_id for row in self.rows.values() if row.sendable}
        self.selected = set() if sendable and sendable <= self.selected else sendable
        self._redraw_selection()
        self.refresh_bindings()

    def action_mark_auto_send(self) -> None:
        found = self.current
        if found is None or not self.selected:
            return
        chosen = [self.rows[job_id] for job_id in sorted(self.selected)]
        segments = review.segments_to_send(chosen)
        cost = review.cost_of(segments, found.segment_price)
        summary = Text("Queue ")
        summary.append(f"{len(chosen)} reminders", style="bold")
        summary.append(f" ({segments} segments, {money(cost, found.currency)})?\n")
        summary.append("Each goes out at its planned time before the job.")
        new_numbers = len({row.number for row in chosen if row.disclaimer_segments})
        if new_numbers:
            summary.append(
                f"\nFirst texts to {new_numbers} numbers start with the disclaimer (counted)."
            )
        per_customer = Counter(row.customer_name for row in chosen)
        several = sorted((name, count) for name, count in per_customer.items() if count > 1)
        if several:
            summary.append("\nSeveral texts to one customer: ", style="yellow")
            summary.append(", ".join(f"{one_line(name, 30)} ({count})" for name, count in several))
        ids = [row.job_id for row in chosen]
        self.app.push_screen(
            ConfirmSchedule(summary), lambda yes: self.schedule(ids) if yes else None
        )

    @work(thread=True, exclusive=True, group="review-queue")
    def schedule(self, job_ids: list[int]) -> None:
        self.app.call_from_thread(self._start_progress, len(job_ids))
        me = self.app.me.id  # type: ignore[attr-defined]
        created = 0
        problems: list[str] = []
        for start in range(0, len(job_ids), QUEUE_CHUNK):
            chunk = job_ids[start : start + QUEUE_CHUNK]
            with session_scope(self.engine) as session:
                report = schedule_reminders(session, chunk, utcnow(), author_id=me)
            created += report.created
            problems += [sentence for _, sentence in report.problems]
            self.app.call_from_thread(self._advance, len(chunk))
        self.app.call_from_thread(self._done_queuing, created, problems)

    def _start_progress(self, total: int) -> None:
        self.queuing = True
        bar = self.query_one("#review-progress", ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True
        self.refresh_bindings()

    def _advance(self, count: int) -> None:
        self.query_one("#review-progress", ProgressBar).advance(count)

    def _done_queuing(self, created: int, problems: list[str]) -> None:
        self.queuing = False
        self.query_one("#review-progress").display = False
        self.selected.clear()
        self.notify(f"{created} reminders scheduled.", markup=False)
        if problems:
            first = problems[0]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.notify(f"{first}{more}", severity="warning", markup=False, timeout=10)
        self.load_rows()

    def action_send_now(self) -> None:
        row = self._highlighted()
        if row is not None and row.sendable:
            self.send_now(row.job_id)

    @work(thread=True, group="review-send")
    def send_now(self, job_id: int) -> None:
        me = self.app.me.id  # type: ignore[attr-defined]
        try:
            with session_scope(self.engine) as session:
                message = send_reminder_now(session, job_id, utcnow(), author_id=me)
                waits = message.status == "scheduled"
        except UserError as refusal:
            self.app.call_from_thread(
                self.notify, refusal.sentence, severity="error", markup=False, timeout=8
            )
            return
        said = (
            "Reminder queued: it goes when the customer's quiet hours end."
            if waits
            else "Reminder queued to go now."
        )
        self.app.call_from_thread(self.notify, said, markup=False)
        self.load_rows()

    def action_add_number(self) -> None:
        row = self._highlighted()
        if row is None or row.number is not None:
            return
        customer_id = row.customer_id
        self.app.push_screen(
            AddNumber(one_line(row.customer_name, 60)),
            lambda typed: self.save_number(customer_id, typed) if typed else None,
        )

    @work(thread=True, group="review-number")
    def save_number(self, customer_id: int, typed: str) -> None:
        login = self.app.me.login  # type: ignore[attr-defined]
        try:
            with session_scope(self.engine) as session:
                review.add_mobile(session, customer_id, typed, staff_login=login, now=utcnow())
        except UserError as refusal:
            self.app.call_from_thread(
                self.notify, refusal.sentence, severity="error", markup=False, timeout=8
            )
            return
        self.load_rows()

    def action_edit_template(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        from tui_sms.ui.screens.template_editor import TemplateEditor

        language = "fr" if row.language == "fr" else "en"
        self.app.push_screen(
            TemplateEditor(row.job_type_id, language), lambda _saved: self.load_rows()
        )
