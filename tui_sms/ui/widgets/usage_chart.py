"""A month's usage as bars: one column per day, segments sent below and received stacked on
top, so a clerk reads the month's shape at a glance; the totals, the share of the bundles, the
balance and the run-out day under it.

Drawn with block characters in a Static: Textual's Sparkline has no axis nor day labels, and a
plotting package would be one more dependency for thirty bars.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_sms.services.reports import Usage
from tui_sms.ui.format import count, one_decimal
from tui_sms.ui.i18n import MONTHS, _

EIGHTHS = " ▁▂▃▄▅▆▇█"
SENT_STYLE = "bold green"
RECEIVED_STYLE = "bold cyan"


def _cell(level: float, row: int) -> str:
    """The block drawn at `row` (0 = bottom) of a bar `level` rows high."""
    filled = level - row
    if filled >= 1:
        return EIGHTHS[8]
    if filled <= 0:
        return " "
    return EIGHTHS[max(1, round(filled * 8))]


def chart(usage: Usage, height: int = 8, column: int = 2) -> Text:
    """The bars with a scale on the left and day numbers under them."""
    peak = max((day.sent + day.received for day in usage.days), default=0)
    scale = peak / height if peak else 1.0
    label_width = max(len(count(peak)), 1)
    text = Text(no_wrap=True, overflow="crop")
    for row in reversed(range(height)):
        label = count(peak) if row == height - 1 else ("0" if row == 0 else "")
        text.append(label.rjust(label_width) + " ┤", style="dim")
        for day in usage.days:
            sent = day.sent / scale
            total = (day.sent + day.received) / scale
            # A cell wholly inside the sent part is green; above it, the received part is cyan.
            style = SENT_STYLE if row + 0.5 < sent else RECEIVED_STYLE
            block = _cell(total, row)
            text.append((block * (column - 1)) + " ", style=style)
        text.append("\n")
    text.append(" " * label_width + " └" + "─" * (column * len(usage.days)) + "\n", style="dim")
    text.append(" " * (label_width + 2), style="dim")
    for day in usage.days:
        number = day.day.day
        shown = str(number) if number == 1 or number % 5 == 0 else ""
        text.append(shown.ljust(column), style="dim")
    text.append("\n")
    text.append("█", style=SENT_STYLE)
    text.append(" " + _("segments sent") + "   ")
    text.append("█", style=RECEIVED_STYLE)
    text.append(" " + _("segments received"))
    return text


def summary(usage: Usage) -> Text:
    month = f"{_(MONTHS[usage.month.month - 1])} {usage.month.year}"
    text = Text(no_wrap=False)
    text.append(month, style="bold")
    text.append(
        "  "
        + _(
            "{sent} sent and {received} received segments: {percent}% of the {available} "
            "the bundles made available. Balance: {balance}.",
            sent=count(usage.sent),
            received=count(usage.received),
            percent=one_decimal(usage.percent),
            available=count(usage.available),
            balance=count(usage.balance),
        )
    )
    if usage.runs_out is not None:
        text.append(
            " " + _("At this month's pace it runs out on {day}.", day=usage.runs_out.isoformat()),
            style="bold yellow" if usage.balance <= usage.used else "",
        )
    return text


class UsageChart(Static):
    """The month's bars and its summary; `show` redraws them."""

    DEFAULT_CSS = """
    UsageChart { height: auto; padding: 0 1; }
    """

    def show(self, usage: Usage) -> None:
        body = chart(usage)
        body.append("\n\n")
        body.append_text(summary(usage))
        self.update(body)
