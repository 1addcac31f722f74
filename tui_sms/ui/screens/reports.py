"""The Reports screen: the messages report (filters at the top, rows read a page at a time,
totals in the footer, CSV export) and the month's usage as a bar chart.

The table asks for the next page only when the cursor comes near its last row, so a year of a
busy shop opens as fast as a quiet day: the report pages by (time, id), never by offset.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from tui_sms.domain.phone import format_national
from tui_sms.domain.pricing import DEFAULT_CURRENCY
from tui_sms.domain.status import label as status_label
from tui_sms.domain.text import one_line
from tui_sms.services import report_view
from tui_sms.services.report_view import ReportFilter, ReportRow, ReportTotals, Usage
from tui_sms.ui.base import ShopNode
from tui_sms.ui.commands import ScreenActions
from tui_sms.ui.format import full_time, local, money
from tui_sms.ui.i18n import _, n_
from tui_sms.ui.screens.report_dialogs import ExportPath
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedTable
from tui_sms.ui.widgets.usage_chart import UsageChart

PAGE = 200
# Ask for the next page when the cursor is this close to the last row loaded.
PAGE_AHEAD = 20


def _columns() -> list[tuple[str, str, int | None]]:
    return [
        (_("Time"), "time", 16),
        (_("Customer"), "customer", 18),
        (_("Number"), "number", 14),
        (_("Staff"), "staff", 10),
        (_("Queue"), "queue", 13),
        (_("Status"), "status", 10),
        (_("Reason"), "reason", 24),
        (_("Seg."), "segments", 4),
        (_("Cost"), "cost", 10),
    ]


class Reports(ShopNode, Screen[None]):
    COMMANDS = {ScreenActions}
    BINDINGS = [
        Binding("escape", "close", "Back", id="reports.close"),
        Binding("ctrl+e", "export_csv", "Export CSV", id="reports.export"),
        Binding("f2", "show_tab('messages')", "Messages report", id="reports.messages"),
        Binding("f3", "show_tab('usage')", "Usage chart", id="reports.usage"),
    ]
    DEFAULT_CSS = """
    #report-filters { layout: grid; grid-size: 5; grid-columns: 16 16 24 24 1fr; height: 3; }
    Reports.narrow #report-filters { grid-size: 3; grid-columns: 1fr 1fr 1fr; height: 6; }
    #report-rows { height: 1fr; }
    #report-totals { height: auto; padding: 0 1; background: $boost; }
    #usage-month { width: 16; }
    #usage-bar { height: 3; }
    #usage-hint { padding: 1 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.report: ReportFilter | None = None
        self.last_row: ReportRow | None = None
        self.complete = True
        self.loading_page = False

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="messages"):
            with TabPane(_("Messages"), id="messages"):
                with Horizontal(id="report-filters"):
                    yield Input(placeholder=_("from YYYY-MM-DD"), id="report-from")
                    yield Input(placeholder=_("to YYYY-MM-DD"), id="report-to")
                    yield Select[str](
                        [
                            (_("Sent and failed"), "both"),
                            (_("Sent only"), "sent"),
                            (_("Failed only"), "failed"),
                        ],
                        value="both",
                        allow_blank=False,
                        id="report-status",
                    )
                    yield Select[str]([], prompt=_("Any staff"), id="report-staff")
                    yield Input(placeholder=_("customer: name or #number"), id="report-customer")
                yield KeyedTable[str](id="report-rows", cursor_type="row")
                yield Static(id="report-totals", markup=False)
            with TabPane(_("Usage"), id="usage"):
                with Horizontal(id="usage-bar"):
                    yield Input(placeholder="YYYY-MM", id="usage-month")
                    yield Static(_("Month (YYYY-MM); empty: this month."), id="usage-hint")
                yield UsageChart(id="usage-chart")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = _("Reports")
        table = self.query_one("#report-rows", DataTable)
        for label, key, width in _columns():
            table.add_column(label, key=key, width=width)
        today = self.today()
        self.query_one("#report-from", Input).value = today.isoformat()
        self.query_one("#usage-month", Input).value = f"{today:%Y-%m}"
        self.run_service(
            lambda: report_view.staff_logins(self.engine),
            group="report-staff",
            then=self._show_staff,
        )
        self.load_report()
        self.load_usage()
        table.focus()

    def on_resize(self) -> None:
        # Below 120 columns the five filters take two lines rather than run off the screen.
        self.set_class(self.size.width < 120, "narrow")

    def today(self) -> date:
        return local(self.now(), self.shop_time_zone).date()

    # --- the messages report -----------------------------------------------------------

    def _typed_day(self, selector: str) -> date | str | None:
        """The day typed in a date box: None when empty, the text itself when not a date."""
        typed = self.query_one(selector, Input).value.strip()
        if not typed:
            return None
        try:
            return date.fromisoformat(typed)
        except ValueError:
            return typed

    def load_report(self) -> None:
        first = self._typed_day("#report-from")
        last = self._typed_day("#report-to")
        totals = self.query_one("#report-totals", Static)
        for typed in (first, last):
            if isinstance(typed, str):
                totals.update(_("“{typed}” is not a date like 2026-03-10.", typed=typed))
                return
        status = self.query_one("#report-status", Select).value
        staff = self.query_one("#report-staff", Select).value
        customer = self.query_one("#report-customer", Input).value.strip() or None

        def read() -> tuple[ReportFilter, list[ReportRow], ReportTotals]:
            report = report_view.make_filter(
                self.engine,
                first if isinstance(first, date) else self.today(),
                last if isinstance(last, date) else None,
                status=status if isinstance(status, str) else "both",
                staff=staff if isinstance(staff, str) else None,
                customer=customer,
            )
            rows = report_view.page(self.engine, report, None, PAGE)
            return report, rows, report_view.totals(self.engine, report)

        self.run_service(read, group="report-load", exclusive=True, then=self._show_report)

    def _show_report(self, found: tuple[ReportFilter, list[ReportRow], ReportTotals]) -> None:
        report, rows, totals = found
        self.report = report
        table = self.query_one("#report-rows", DataTable)
        table.clear()
        self.last_row = None
        self._append(rows)
        self.query_one("#report-totals", Static).update(self._totals_line(totals))

    def _append(self, rows: list[ReportRow]) -> None:
        table = self.query_one("#report-rows", DataTable)
        for row in rows:
            table.add_row(*self._cells(row), key=str(row.message_id))
        if rows:
            self.last_row = rows[-1]
        self.complete = len(rows) < PAGE
        self.loading_page = False

    def _cells(self, row: ReportRow) -> list[str | Text]:
        failed = row.status in ("failed", "undelivered", "canceled")
        status = Text(_(status_label(row.status)), style="bold red" if failed else "")
        return [
            full_time(row.at, self.shop_time_zone),
            one_line(row.customer, 30),
            format_national(row.number),
            one_line(row.staff, 20),
            _(row.queue),
            status,
            one_line(report_view.reason(row), 60),
            str(row.segments),
            "" if row.cost is None else money(row.cost, DEFAULT_CURRENCY),
        ]

    def _totals_line(self, totals: ReportTotals) -> str:
        return _(
            "{messages}: {sent}, {failed}, {segments}, {cost}.",
            messages=n_("{count} message", "{count} messages", totals.messages),
            sent=n_("{count} sent", "{count} sent", totals.sent),
            failed=n_("{count} failed", "{count} failed", totals.failed),
            segments=n_("{count} segment", "{count} segments", totals.segments),
            cost=money(totals.cost, DEFAULT_CURRENCY),
        )

    @on(DataTable.RowHighlighted, "#report-rows")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if self.complete or self.loading_page or self.report is None or self.last_row is None:
            return
        if event.cursor_row < table.row_count - PAGE_AHEAD:
            return
        self.loading_page = True
        report, last = self.report, self.last_row
        self.run_service(
            lambda: report_view.page(self.engine, report, (last.at, last.message_id), PAGE),
            group="report-page",
            then=self._append,
        )

    @on(Input.Changed, "#report-from, #report-to")
    def _dates_changed(self, event: Input.Changed) -> None:
        typed = event.value.strip()
        if not typed or len(typed) == 10:
            self.load_report()

    @on(Input.Submitted, "#report-customer")
    def _customer_chosen(self) -> None:
        self.load_report()
        self.query_one("#report-rows", DataTable).focus()

    @on(Select.Changed, "#report-status, #report-staff")
    def _select_changed(self) -> None:
        self.load_report()

    def _show_staff(self, staff: list[tuple[str, str]]) -> None:
        self.query_one("#report-staff", Select).set_options(
            (Text(one_line(name, 24)), login) for name, login in staff
        )

    # --- usage -------------------------------------------------------------------------

    def load_usage(self) -> None:
        typed = self.query_one("#usage-month", Input).value.strip()
        hint = self.query_one("#usage-hint", Static)
        month: date | None = None
        if typed:
            try:
                year, number = typed.split("-")
                month = date(int(year), int(number), 1)
            except ValueError:
                hint.update(_("“{typed}” is not a month: write it as 2026-03.", typed=typed))
                return
        hint.update(_("Month (YYYY-MM); empty: this month."))
        now = self.now()
        self.run_service(
            lambda: report_view.usage(self.engine, month, now),
            group="usage-load",
            exclusive=True,
            then=self._show_usage,
        )

    def _show_usage(self, usage: Usage) -> None:
        self.query_one(UsageChart).show(usage)

    @on(Input.Changed, "#usage-month")
    def _month_changed(self, event: Input.Changed) -> None:
        typed = event.value.strip()
        if not typed or len(typed) == 7:
            self.load_usage()

    # --- actions -----------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_export_csv(self) -> None:
        report = self.report
        if report is None:
            return
        first = self._typed_day("#report-from")
        name = f"messages-{first if isinstance(first, date) else self.today()}.csv"

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            self.run_service(
                lambda: report_view.export_csv(self.engine, report, target),
                group="report-export",
                then=lambda rows: self.notify(
                    n_(
                        "{count} row written to {path}.",
                        "{count} rows written to {path}.",
                        rows,
                        path=str(target),
                    ),
                    markup=False,
                ),
            )

        self.app.push_screen(ExportPath(str(Path.cwd() / name)), chosen)
