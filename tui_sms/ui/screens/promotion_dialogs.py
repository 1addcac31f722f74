"""The Promotion screen's dialogs: the one question before sending (with the total), the
progress bar while the batch is queued, a promotion's report, and the list of past ones."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, ProgressBar, Static

from tui_sms.domain.text import one_line
from tui_sms.services.promotion_view import PastPromotion, PromotionReport
from tui_sms.ui.format import count, full_time
from tui_sms.ui.i18n import _, n_


def reason_label(reason: str) -> str:
    """Why a customer is left out, as the clerk reads it."""
    labels = {
        "no_promotional_consent": _("no consent for promotions"),
        "opted_out": _("opted out"),
        "no_mobile": _("no mobile number"),
        "unselected": _("unselected"),
    }
    return labels.get(reason, reason)


def left_out_line(excluded: dict[str, int]) -> str:
    return ", ".join(f"{n} {reason_label(r)}" for r, n in sorted(excluded.items()) if n)


class SendPromotion(ModalScreen[bool]):
    """Asked once, with the total in front of the clerk."""

    DEFAULT_CSS = "SendPromotion { align: center middle; }"

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="promotion.confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="promotion.confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), id="promotion-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Send (y)"), variant="warning", id="promotion-yes")
                yield Button(_("Not now (n)"), id="promotion-no")

    def on_mount(self) -> None:
        self.query_one("#promotion-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "promotion-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class QueueProgress(ModalScreen[None]):
    """The batch going into the queue, chunk by chunk; closed by the screen when done."""

    DEFAULT_CSS = "QueueProgress { align: center middle; }"

    def __init__(self, name: str) -> None:
        super().__init__()
        self.promotion_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text(_("Queuing “{name}”…", name=one_line(self.promotion_name, 40))),
                classes="dialog-title",
            )
            yield ProgressBar(id="promotion-progress", show_eta=False)
            yield Static(id="promotion-progress-line", markup=False)

    def advance(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#promotion-progress-line", Static).update(
            n_(
                "{done} of {count} text queued",
                "{done} of {count} texts queued",
                total,
                done=count(done),
            )
        )


def report_lines(report: PromotionReport, time_zone: str) -> str:
    lines = [
        _(
            "Created {at} by {who}.",
            at=full_time(report.created_at, time_zone),
            who=report.created_by or "?",
        ),
        " · ".join(
            (
                n_("{count} queued", "{count} queued", report.queued),
                n_("{count} sent", "{count} sent", report.sent),
                n_("{count} delivered", "{count} delivered", report.delivered),
                n_("{count} failed", "{count} failed", report.failed),
            )
        ),
        _(
            "{replies} · {opt_outs} since it went out",
            replies=n_("{count} reply", "{count} replies", report.replies),
            opt_outs=n_("{count} opt-out", "{count} opt-outs", report.opt_outs),
        ),
    ]
    if report.pending:
        lines.append(_("{n} still to queue.", n=count(report.pending)))
    if report.refused:
        lines.append(
            n_(
                "{count} refused by the gate when queued.",
                "{count} refused by the gate when queued.",
                report.refused,
            )
        )
    left_out = left_out_line(report.excluded)
    if left_out:
        lines.append(_("Left out: {who}.", who=left_out))
    return "\n".join(lines)


class PromotionReportDialog(ModalScreen[None]):
    DEFAULT_CSS = "PromotionReportDialog { align: center middle; }"
    BINDINGS = [Binding("escape,enter", "close", "Close", id="promotion.report.close")]

    def __init__(self, report: PromotionReport, time_zone: str) -> None:
        super().__init__()
        self.report = report
        self.time_zone = time_zone

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text(_("Promotion “{name}”", name=one_line(self.report.name, 50))),
                classes="dialog-title",
            )
            yield Static(
                report_lines(self.report, self.time_zone), id="promotion-report-lines", markup=False
            )
            yield Static(Text(_("Escape or Enter closes."), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


class PastPromotions(ModalScreen[str | None]):
    """Past promotions, newest first; Enter opens one's report."""

    DEFAULT_CSS = """
    PastPromotions { align: center middle; }
    #past-table { height: auto; max-height: 16; }
    """

    BINDINGS = [Binding("escape", "close", "Close", id="promotion.past.close")]

    def __init__(self, past: list[PastPromotion], time_zone: str) -> None:
        super().__init__()
        self.past = past
        self.time_zone = time_zone

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Past promotions (Enter: its report)"), classes="dialog-title")
            if not self.past:
                yield Static(_("No promotion has been sent yet."), id="past-none", markup=False)
            yield DataTable[str | Text](id="past-table", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#past-table", DataTable)
        table.display = bool(self.past)
        table.add_column(_("Name"), key="name", width=30)
        table.add_column(_("Created"), key="created", width=16)
        table.add_column(_("By"), key="by", width=10)
        for index, promotion in enumerate(self.past):
            table.add_row(
                Text(one_line(promotion.name, 30)),
                full_time(promotion.created_at, self.time_zone),
                Text(one_line(promotion.created_by, 10)),
                key=str(index),
            )
        table.focus()

    @on(DataTable.RowSelected, "#past-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(self.past[int(event.row_key.value or 0)].name)

    def action_close(self) -> None:
        self.dismiss(None)
