"""The shop settings' opening hours: one range per weekday (empty: closed) and the switch of
the automatic answer to customers who write while the shop is closed. The same service as
`tui-sms shop hours` saves them (services/opening_hours.py), in the settings' transaction."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Static

from tui_sms.domain.opening_hours import DAY_NAMES, DEFAULT_CLOSED_REPLY, clock
from tui_sms.services import habits_view, opening_hours
from tui_sms.services.opening_hours import ShopHours
from tui_sms.ui.i18n import WEEKDAYS, _


@dataclass(frozen=True)
class Week:
    """What the form holds: weekday → '8:00-17:30' or '' (closed), and the answer's switch."""

    days: dict[int, str]
    answer_after_hours: bool
    answer_en: str = ""  # empty: the default answer
    answer_fr: str = ""


def save_week(session: Session, login: str, week: Week | None) -> None:
    """Every weekday's hours and the switch, refused with the service's sentence when a range
    cannot be right (nothing is kept then: it is the settings' one transaction). None: the
    saved hours were not shown yet, so they are left as they are."""
    if week is None:
        return
    for weekday, hours in week.days.items():
        opening_hours.set_hours(session, login, DAY_NAMES[weekday], hours.strip() or "closed")
    opening_hours.set_after_hours_reply(
        session, login, on=week.answer_after_hours, text_en=week.answer_en, text_fr=week.answer_fr
    )


class OpeningHoursForm(Vertical):
    DEFAULT_CSS = """
    OpeningHoursForm { height: auto; }
    OpeningHoursForm Horizontal { height: auto; }
    OpeningHoursForm .weekday { width: 12; padding: 1 0 0 0; }
    OpeningHoursForm Input { width: 24; }
    OpeningHoursForm Input.answer { width: 1fr; }
    OpeningHoursForm .hours-help { color: $text-muted; }
    """

    def __init__(self, *, load: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.load = load  # False on a new database: no shop, no hours yet
        self.loaded = not load

    def compose(self) -> ComposeResult:
        yield Label(_("Opening hours"), classes="field-label")
        yield Static(
            Text(_("One range per day, like 8:00-17:30; empty: closed.")),
            classes="hours-help",
            markup=False,
        )
        for weekday, name in enumerate(WEEKDAYS):
            with Horizontal():
                yield Label(_(name), classes="weekday")
                yield Input(id=f"hours-{weekday}", placeholder=_("closed"))
        yield Checkbox(
            _("Answer customers who write while the shop is closed"), id="after-hours-reply"
        )
        yield Static(
            Text(_("The answer ({shop} and {reopen} are filled in; empty: the default):")),
            classes="hours-help",
            markup=False,
        )
        for language in ("en", "fr"):
            default = DEFAULT_CLOSED_REPLY[language]
            yield Input(id=f"after-hours-{language}", placeholder=default, classes="answer")

    def on_mount(self) -> None:
        if self.load:
            node = self.screen
            node.run_service(  # type: ignore[attr-defined]
                lambda: habits_view.shop_hours(node.engine),  # type: ignore[attr-defined]
                group="shop-hours",
                then=self.fill,
            )

    def fill(self, hours: ShopHours) -> None:
        for weekday in range(7):
            field = self.query_one(f"#hours-{weekday}", Input)
            day = hours.days.get(weekday)
            if day is not None and not field.value:
                field.value = f"{clock(day.opens, 'en')}-{clock(day.closes, 'en')}"
        self.query_one("#after-hours-reply", Checkbox).value = hours.after_hours_reply
        for language, text in (("en", hours.closed_reply_en), ("fr", hours.closed_reply_fr)):
            field = self.query_one(f"#after-hours-{language}", Input)
            field.value = field.value or text
        self.loaded = True

    def week(self) -> Week | None:
        """What to save; None before the saved hours are shown (empty fields mean nothing)."""
        if not self.loaded:
            return None
        return Week(
            {day: self.query_one(f"#hours-{day}", Input).value for day in range(7)},
            self.query_one("#after-hours-reply", Checkbox).value,
            self.query_one("#after-hours-en", Input).value,
            self.query_one("#after-hours-fr", Input).value,
        )
