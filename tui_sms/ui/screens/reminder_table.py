"""How the reminder review reads: one row per job (its selection mark, date, customer, text or
the problem that stops it, segments and state), the summary under the filters, and the
question asked before reminders are queued."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.text import Text

from tui_sms.domain.text import one_line
from tui_sms.services import review
from tui_sms.services.review import Review, ReviewRow
from tui_sms.ui.format import count, local, money
from tui_sms.ui.i18n import WEEKDAYS, _, n_, sentence

COLUMNS = (
    ("", "selected", 1),
    ("Date", "date", 21),  # "mar. 2026-11-24 08:00"
    ("Customer", "customer", 22),
    ("Job type", "job_type", 15),
    ("Technician", "technician", 12),
    ("Message", "message", 60),
    ("Seg", "segments", 3),
    ("State", "state", 10),
)
STATE_STYLES = {
    "not sent": "",
    "scheduled": "cyan",
    "sent": "green",
    "failed": "bold red",
    "canceled": "dim",
    "skipped": "yellow",
}


def selection_mark(selected: bool) -> Text:
    return Text("✔" if selected else " ", style="bold green")


def cells(row: ReviewRow, found: Review, selected: bool, time_zone: str) -> list[Text]:
    start = local(row.start, time_zone)
    when = f"{_(WEEKDAYS[start.weekday()])} {start:%Y-%m-%d %H:%M}"
    customer = Text(one_line(row.customer_name, 40))
    times = found.repeated.get(row.customer_name)
    if times:
        customer.append(f" ×{times}", style="bold yellow")
    if row.problem:
        message = Text(one_line(sentence(row.problem), 200), style="bold red")
    else:
        message = Text(one_line(row.body or "", 200))
    if row.number is None:
        customer.append(" !", style="bold red")
    if row.confirmed:
        customer.append(" ✔ " + _("confirmed"), style="bold green")
    return [
        selection_mark(selected),
        Text(when),
        customer,
        Text(one_line(row.job_type, 30)),
        Text(one_line(row.technician, 30)),
        message,
        Text(str(row.segments) if row.segments else "", style=_segment_style(row)),
        _state(row),
    ]


def _state(row: ReviewRow) -> Text:
    # A reminder stopped by a problem would not go out: "to send" beside it misled.
    if row.problem and row.state == "not sent":
        return Text(_("needs attention"), style="bold red")
    return Text(_(row.state), style=STATE_STYLES.get(row.state, ""))


def _segment_style(row: ReviewRow) -> str:
    return "bold yellow" if row.encoding == "UCS-2" else ""


def summary(found: Review, chosen: Sequence[ReviewRow]) -> Text:
    segments = review.segments_to_send(chosen)
    cost = review.cost_of(segments, found.segment_price)
    parts = (
        n_("{count} job listed", "{count} jobs listed", len(found.rows)),
        n_("{count} selected", "{count} selected", len(chosen)),
        n_("{count} segment", "{count} segments", segments),
        money(cost, found.currency),
    )
    line = Text(" · ".join(parts))
    problems = sum(1 for row in found.rows if row.problem)
    if problems:
        attention = n_("{count} needs attention", "{count} need attention", problems)
        line.append(f" · {attention}", style="bold red")
    if found.repeated:
        several = ", ".join(
            f"{one_line(name, 30)} ({count(times)})"
            for name, times in sorted(found.repeated.items())
        )
        line.append(
            "\n" + _("Several texts to one customer (recurring jobs):") + " ", style="yellow"
        )
        line.append(several)
    return line


def queue_question(found: Review, chosen: Sequence[ReviewRow]) -> Text:
    """What queuing the chosen reminders sends and costs, for the confirmation dialog."""
    segments = review.segments_to_send(chosen)
    cost = review.cost_of(segments, found.segment_price)
    question = Text(
        n_(
            "Queue {count} reminder ({segments}, {cost})?",
            "Queue {count} reminders ({segments}, {cost})?",
            len(chosen),
            segments=n_("{count} segment", "{count} segments", segments),
            cost=money(cost, found.currency),
        )
    )
    question.append("\n" + _("Each goes out at its planned time before the job."))
    new_numbers = len({row.number for row in chosen if row.disclaimer_segments})
    if new_numbers:
        question.append(
            "\n"
            + n_(
                "First texts to {count} number start with the disclaimer (counted).",
                "First texts to {count} numbers start with the disclaimer (counted).",
                new_numbers,
            )
        )
    per_customer = Counter(row.customer_name for row in chosen)
    several = sorted((name, times) for name, times in per_customer.items() if times > 1)
    if several:
        question.append("\n" + _("Several texts to one customer:") + " ", style="yellow")
        question.append(
            ", ".join(f"{one_line(name, 30)} ({count(times)})" for name, times in several)
        )
    return question
