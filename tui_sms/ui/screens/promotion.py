"""The Promotion screen: criteria at the top, the customers they match (all selected, each one
can be left out with Space), the text with its live estimate, the total before the one
question, a progress bar while the batch is queued, then its report; past promotions on F3.

Who may send one: any staff member, like the CLI's `tui-sms promote`. The services put no role
on promotions (services/roles.py keeps the shop's settings, numbers, bundles, templates and
staff for admins), and a screen that hid what a typed command allows would be no safeguard;
the money a promotion spends is bounded by the prepaid balance the gate checks, the total is
shown before the question, and the batch records who sent it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static, TextArea

from tui_sms.domain.pricing import DEFAULT_CURRENCY, DEFAULT_SEGMENT_PRICE
from tui_sms.domain.segments import estimate
from tui_sms.domain.text import clean, one_line
from tui_sms.services import inbox_view, promotion_view, promotions
from tui_sms.services.billing import BalanceSummary
from tui_sms.services.promotion_view import BatchEstimate, Criteria, Search
from tui_sms.ui.base import ShopNode
from tui_sms.ui.commands import ScreenActions
from tui_sms.ui.estimate_words import estimate_line
from tui_sms.ui.format import count, money
from tui_sms.ui.i18n import _, n_
from tui_sms.ui.screens.promotion_dialogs import left_out_line, reason_label
from tui_sms.ui.screens.promotion_sending import PromotionSending
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedTable

CRITERIA = ("item", "category", "visits", "spent", "club", "since", "until")
TABLE_ACTIONS = frozenset({"toggle_row", "select_all", "select_none"})
# Bounds a search can hold (the amount is compared in the database's fixed-point money).
MAX_AMOUNT = Decimal(10) ** 9
MAX_VISITS = 10**6


class BadCriterion(ValueError):
    """A criterion typed that is not what it should be; its text says why."""


def _amount(typed: str) -> Decimal:
    try:
        amount = Decimal(typed.replace("$", "").replace(",", ".").strip() or "0")
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or not 0 <= amount < MAX_AMOUNT:
        raise BadCriterion(_("“{typed}” is not an amount like 500.", typed=typed))
    return amount


def _visits(typed: str) -> int:
    if not typed:
        return 0
    if not (typed.isascii() and typed.isdigit()) or int(typed) >= MAX_VISITS:
        raise BadCriterion(_("“{typed}” is not a number of visits like 3.", typed=typed))
    return int(typed)


class Promotions(PromotionSending, ShopNode, Screen[None]):
    COMMANDS = {ScreenActions}
    BINDINGS = [
        Binding("escape", "close", "Back", id="promotion.close"),
        Binding("space", "toggle_row", "Select ⇄ leave out", id="promotion.toggle"),
        # Kept out of the narrow footer; in the command palette like every described binding.
        Binding("a", "select_all", "Select all", id="promotion.all", show=False),
        Binding("u", "select_none", "Unselect all", id="promotion.none", show=False),
        Binding("f5", "search", "Search", id="promotion.search", show=False),
        Binding("ctrl+s", "send", "Review and send", id="promotion.send"),
        Binding("f3", "past", "Past promotions", id="promotion.past"),
    ]
    DEFAULT_CSS = """
    #promotion-criteria { layout: grid; grid-size: 7; height: 3; }
    Promotions.narrow #promotion-criteria { grid-size: 4; height: 6; }
    #promotion-matches { height: 1fr; }
    #promotion-found, #promotion-estimate, #promotion-total { height: auto; padding: 0 1; }
    #promotion-found { background: $boost; }
    #promotion-compose { height: 5; }
    #promotion-name { width: 30; }
    Promotions.narrow #promotion-name { width: 22; }
    #promotion-body { width: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.found: Search | None = None
        self.selected: set[int] = set()
        self.total: BatchEstimate | None = None
        self._total_timer: Timer | None = None
        self.price: tuple[Decimal, str] = (DEFAULT_SEGMENT_PRICE, DEFAULT_CURRENCY)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="promotion-criteria"):
            yield Input(placeholder=_("bought item"), id="criteria-item")
            yield Input(placeholder=_("in category"), id="criteria-category")
            yield Input(placeholder=_("min. visits"), id="criteria-visits")
            yield Input(placeholder=_("min. $ spent"), id="criteria-spent")
            yield Input(placeholder=_("car club"), id="criteria-club")
            yield Input(placeholder=_("from YYYY-MM-DD"), id="criteria-since")
            yield Input(placeholder=_("to YYYY-MM-DD"), id="criteria-until")
        yield KeyedTable[str | Text](id="promotion-matches", cursor_type="row")
        yield Static(id="promotion-found", markup=False)
        with Horizontal(id="promotion-compose"):
            yield Input(placeholder=_("promotion name"), id="promotion-name")
            yield TextArea(id="promotion-body", soft_wrap=True, show_line_numbers=False)
        yield Static(id="promotion-estimate", markup=False)
        yield Static(id="promotion-total", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = _("Promotion")
        table = self.query_one("#promotion-matches", DataTable)
        table.add_column("", key="mark", width=1)
        table.add_column(_("Customer"), key="customer", width=18)
        table.add_column(_("Visits"), key="visits", width=7)
        table.add_column(_("Spent"), key="spent", width=10)
        table.add_column(_("Club"), key="club", width=10)
        table.add_column(_("Left out"), key="why")
        self.query_one("#promotion-found", Static).update(
            _("Fill in one or more criteria and press Enter to find the customers.")
        )
        self.query_one("#promotion-body", TextArea).placeholder = _(
            "The promotion's text (the opt-out line is added in each customer's language)."
        )
        self.update_estimate()
        self.run_service(
            lambda: inbox_view.balance(self.engine), group="promotion-price", then=self._show_price
        )
        self.query_one("#criteria-item", Input).focus()

    def on_resize(self) -> None:
        # Below 120 columns the seven criteria take two lines rather than run off the screen.
        self.set_class(self.size.width < 120, "narrow")

    # --- the search ----------------------------------------------------------------------

    def criteria(self) -> Criteria:
        """The criteria typed at the top; a bad number, amount or date raises BadCriterion."""
        typed = {
            # No control character reaches a query (PostgreSQL refuses NUL in text).
            name: clean(self.query_one(f"#criteria-{name}", Input).value).strip()
            for name in CRITERIA
        }
        spent, visits = _amount(typed["spent"]), _visits(typed["visits"])
        days: dict[str, date | None] = {}
        for name in ("since", "until"):
            try:
                days[name] = date.fromisoformat(typed[name]) if typed[name] else None
            except ValueError:
                raise BadCriterion(
                    _("“{typed}” is not a date like 2026-03-10.", typed=typed[name])
                ) from None
        return Criteria(
            item=typed["item"],
            category=typed["category"],
            min_visits=visits,
            min_spent=spent,
            car_club=typed["club"],
            since=days["since"],
            until=days["until"],
        )

    def action_search(self) -> None:
        try:
            criteria = self.criteria()
        except BadCriterion as why:
            self.query_one("#promotion-found", Static).update(str(why))
            return
        self.run_service(
            lambda: promotion_view.search(self.engine, criteria),
            group="promotion-search",
            exclusive=True,
            then=self._show_found,
        )

    @on(Input.Submitted, "#promotion-criteria Input")
    def _criteria_submitted(self) -> None:
        self.action_search()

    def _show_found(self, found: Search) -> None:
        self.found = found
        self.selected = {c.match.customer_id for c in found.eligible}
        table = self.query_one("#promotion-matches", DataTable)
        table.clear()
        for candidate in found.candidates:
            match = candidate.match
            mark, why = self._mark_and_reason(match.customer_id, candidate.excluded)
            table.add_row(
                mark,
                Text(one_line(match.name, 40)),
                str(match.visits),
                money(match.spent, DEFAULT_CURRENCY),
                Text(one_line(match.car_club, 20)),
                why,
                key=str(match.customer_id),
            )
        if found.candidates:
            table.focus()
        self.show_selection()

    def _mark_and_reason(self, customer_id: int, excluded: str | None) -> tuple[Text, Text]:
        if excluded is not None:
            return Text("–", style="dim"), Text(reason_label(excluded), style="dim")
        if customer_id in self.selected:
            return Text("✓", style="bold green"), Text("")
        return Text("·", style="dim"), Text(reason_label("unselected"), style="dim")

    def show_selection(self) -> None:
        found = self.found
        if found is None:
            return
        left_out: dict[str, int] = {}
        for candidate in found.candidates:
            why = candidate.excluded
            if why is None and candidate.match.customer_id not in self.selected:
                why = "unselected"
            if why is not None:
                left_out[why] = left_out.get(why, 0) + 1
        line = _(
            "{found} found · {selected} selected",
            found=count(len(found.candidates)),
            selected=count(len(self.selected)),
        )
        if left_out:
            line += " · " + _("left out: {who}", who=left_out_line(left_out))
        if not found.candidates:
            line = _("Nobody matches these criteria.")
        self.query_one("#promotion-found", Static).update(line)
        self.schedule_total()

    # --- selecting -------------------------------------------------------------------------

    def _set_selected(self, customer_ids: set[int], chosen: bool) -> None:
        found = self.found
        if found is None:
            return
        table = self.query_one("#promotion-matches", DataTable)
        eligible = {c.match.customer_id for c in found.eligible}
        for customer_id in customer_ids & eligible:
            if chosen:
                self.selected.add(customer_id)
            else:
                self.selected.discard(customer_id)
            mark, why = self._mark_and_reason(customer_id, None)
            table.update_cell(str(customer_id), "mark", mark)
            table.update_cell(str(customer_id), "why", why)
        self.show_selection()

    def action_toggle_row(self) -> None:
        table = self.query_one("#promotion-matches", DataTable)
        if self.found is None or not table.row_count:
            return
        candidate = self.found.candidates[table.cursor_row]
        if candidate.excluded is not None:
            self.notify(
                _(
                    "{name} cannot receive promotions: {why}.",
                    name=one_line(candidate.match.name, 40),
                    why=reason_label(candidate.excluded),
                ),
                severity="warning",
                markup=False,
            )
            return
        customer_id = candidate.match.customer_id
        self._set_selected({customer_id}, customer_id not in self.selected)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_select_all(self) -> None:
        if self.found is not None:
            self._set_selected({c.match.customer_id for c in self.found.candidates}, True)

    def action_select_none(self) -> None:
        self._set_selected(set(self.selected), False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TABLE_ACTIONS:
            return self.focused is self.query_one("#promotion-matches")
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # --- the text and the total ------------------------------------------------------------

    def body(self) -> str:
        return self.query_one("#promotion-body", TextArea).text

    @on(TextArea.Changed, "#promotion-body")
    def _body_changed(self) -> None:
        self.update_estimate()
        self.schedule_total()

    def update_estimate(self) -> None:
        """Each text as it goes out (with the opt-out line), on every key."""
        body = self.body()
        if not body.strip():
            line = _("Type the promotion's text beside its name.")
        else:
            english = estimate(promotions.body_for(body, "en"))
            french = estimate(promotions.body_for(body, "fr"))
            price, currency = self.price
            line = _(
                "Each text, with the opt-out line: {estimate}",
                estimate=estimate_line(english, price, currency),
            )
            if french.segments != english.segments:
                line += " " + _(
                    "(in French: {segments})",
                    segments=n_("{count} segment", "{count} segments", french.segments),
                )
        self.query_one("#promotion-estimate", Static).update(Text(line, style="dim"))

    def _show_price(self, summary: BalanceSummary) -> None:
        self.price = (summary.price_per_segment, summary.currency)
        self.update_estimate()

    def schedule_total(self) -> None:
        """The total needs the balance and the price: read once typing pauses."""
        if self._total_timer is not None:
            self._total_timer.stop()
        self._total_timer = self.set_timer(0.3, self.load_total)

    def load_total(self) -> None:
        found, body = self.found, self.body()
        if found is None or not body.strip():
            self.query_one("#promotion-total", Static).update("")
            return
        selected, now = set(self.selected), self.now()
        self.run_service(
            lambda: promotion_view.estimate(self.engine, found, selected, body, now),
            group="promotion-total",
            exclusive=True,
            then=self._show_total,
        )

    def _show_total(self, total: BatchEstimate) -> None:
        self.total = total
        short = total.balance_after < 0
        self.query_one("#promotion-total", Static).update(
            Text(self.total_sentence(total), style="bold red" if short else "")
        )

    def total_sentence(self, total: BatchEstimate) -> str:
        line = _(
            "Total: {texts}, {segments}, {cost}; balance after: {balance}.",
            texts=n_("{count} text", "{count} texts", total.texts),
            segments=n_("{count} segment", "{count} segments", total.segments),
            cost=money(total.cost, total.currency),
            balance=count(total.balance_after),
        )
        left_out = left_out_line(total.excluded)
        if left_out:
            line += " " + _("Left out: {who}.", who=left_out)
        if total.held_until_morning:
            line += " " + _(
                "{n} in quiet hours now: sent in the morning.", n=count(total.held_until_morning)
            )
        return line

    def action_close(self) -> None:
        self.app.pop_screen()
