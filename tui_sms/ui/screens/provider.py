"""The Provider screen (administrators): does the Twilio account open, and which of its
numbers can text; each number goes into the transactional or promotional pool with its rate
(the same services as `tui-sms provider check` and `tui-sms numbers`)."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from tui_sms.domain.errors import UserError
from tui_sms.services import provider_check, sender_numbers, setup_view
from tui_sms.services.provider_check import AccountCheck, OfferedNumber
from tui_sms.ui.base import ShopNode
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import ActionRefused
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedTable

MANAGE = sender_numbers.MANAGE


class ProviderScreen(ShopNode, Screen[None]):
    DEFAULT_CSS = """
    ProviderScreen #provider-box { padding: 0 1; }
    ProviderScreen #provider-summary { margin-bottom: 1; }
    ProviderScreen #provider-numbers { height: 1fr; }
    ProviderScreen #provider-rate-row { height: auto; }
    ProviderScreen #provider-rate { width: 16; }
    ProviderScreen #provider-error { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("t", "assign('transactional')", "Transactional", id="provider.transactional"),
        Binding("p", "assign('promotional')", "Promotional", id="provider.promotional"),
        Binding("d", "remove", "Remove from pool", id="provider.remove"),
        Binding("f5", "check", "Check again", id="provider.check"),
        Binding("escape", "close", "Close", id="provider.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.offered: list[OfferedNumber] = []
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="provider-box"):
            yield Static(Text(_("Provider account"), style="bold"), markup=False)
            yield Static(Text(_("Checking the Twilio account…")), id="provider-summary")
            yield KeyedTable(id="provider-numbers", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="provider-rate-row"):
                yield Label(_("Rate (segments per second) for the next assignment: "))
                yield Input(id="provider-rate", placeholder=_("proposed"))
            yield Static(id="provider-error", markup=False)
            yield Static(
                Text(
                    _(
                        "t: transactional pool · p: promotional pool · d: remove from its pool "
                        "· F5: check again"
                    ),
                    style="dim",
                )
            )
        yield FittingFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Number"), _("Kind"), _("Proposed rate"), _("Pool"))
        self.action_check()

    def action_check(self) -> None:
        settings = self.runtime.settings.provider
        engine = self.engine

        def check() -> AccountCheck:
            pools = {row.number: row.queue for row in setup_view.sender_rows(engine)}
            region = setup_view.shop_country(engine)
            return asyncio.run(provider_check.check_account(settings, pools, region))

        self.query_one("#provider-error", Static).update("")
        self.checking = True
        self.run_service(check, group="provider-check", exclusive=True, then=self._show)

    def _show(self, result: AccountCheck) -> None:
        self.checking = False
        self.query_one("#provider-summary", Static).update(Text(sentence(result.summary)))
        self.offered = list(result.numbers)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for number in self.offered:
            rate = (
                _("{rate}/s", rate=f"{number.proposed_rate:g}")
                if number.proposed_rate
                else _("as contracted")
            )
            pool = _(number.pool) if number.pool else _("not used")
            if not number.sms:
                pool = _("cannot text")
            table.add_row(number.shown, _(number.kind), rate, pool, key=number.number)
        if self.offered:
            table.move_cursor(row=min(row, len(self.offered) - 1))
            table.focus()

    def _current(self) -> OfferedNumber | None:
        table = self.query_one(DataTable)
        if not self.offered or table.cursor_row >= len(self.offered):
            return None
        return self.offered[table.cursor_row]

    def _rate(self) -> float | None:
        raw = self.query_one("#provider-rate", Input).value.strip().replace(",", ".")
        if not raw:
            return None
        try:
            rate = float(raw)
        except ValueError:
            raise UserError("A rate is a number of segments per second, 0 or more.") from None
        if rate < 0 or rate != rate:
            raise UserError("A rate is a number of segments per second, 0 or more.")
        return rate

    def action_assign(self, queue: str) -> None:
        number = self._current()
        if number is None:
            return
        if not number.sms:
            self._say(sentence(number.problem))
            return
        login = self.me.login

        def assign() -> None:
            rate = self._rate()
            if number.pool is None:
                self.perform(
                    lambda s: sender_numbers.add_number(
                        s, login, number.number, queue=queue, rate=rate
                    )
                )
            else:
                self.perform(
                    lambda s: sender_numbers.set_number(
                        s, login, number.number, queue=queue, rate=rate
                    )
                )

        self.run_service(assign, group="provider-assign", exclusive=True, then=self._changed)

    def action_remove(self) -> None:
        number = self._current()
        if number is None or number.pool is None:
            return
        login = self.me.login
        self.run_service(
            lambda: self.perform(lambda s: sender_numbers.remove_number(s, login, number.number)),
            group="provider-assign",
            exclusive=True,
            then=self._changed,
        )

    def _changed(self, _result: object) -> None:
        self.notify(_("Sending numbers saved."), markup=False)
        self.action_check()

    @on(ActionRefused)
    def _refused(self, event: ActionRefused) -> None:
        event.stop()  # said on the screen, under the numbers
        if self.checking:
            self.checking = False
            self.query_one("#provider-summary", Static).update(
                Text(_("The account could not be checked."), style="bold")
            )
        self._say(event.sentence)

    def _say(self, said: str) -> None:
        self.query_one("#provider-error", Static).update(Text(said))

    def action_close(self) -> None:
        self.dismiss(None)
