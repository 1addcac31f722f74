"""Text employees: pick one or several staff, type the message, see what it costs
(segments by SMS, "free (e-mail gateway)" otherwise), send."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui_sms.domain.phone import format_national
from tui_sms.domain.segments import estimate
from tui_sms.domain.text import one_line
from tui_sms.services import employees, picker_view
from tui_sms.services.employees import EmployeeRoute, EmployeeTextPlan
from tui_sms.store.models import utcnow
from tui_sms.ui.base import ShopNode
from tui_sms.ui.i18n import _, n_, sentence


def _label(route: EmployeeRoute) -> Text:
    line = Text(one_line(route.name, 40), style="bold")
    if route.channel == employees.SMS:
        line.append(f"  SMS {format_national(route.address)}", style="dim")
    elif route.channel == employees.GATEWAY:
        gateway = _("e-mail gateway {address}", address=one_line(route.address, 50))
        line.append(f"  {gateway}", style="dim")
    else:
        line.append(f"  {sentence(route.reason)}", style="dim italic")
    return line


def plan_summary(plan: EmployeeTextPlan) -> str:
    """What SMS costs in segments and what goes free by gateway, in the interface's language."""
    parts = []
    if plan.by_sms:
        parts.append(
            _(
                "{people}: {segments}",
                people=n_("SMS to {count} employee", "SMS to {count} employees", len(plan.by_sms)),
                segments=n_("{count} segment", "{count} segments", plan.sms_segments),
            )
        )
    if plan.by_gateway:
        parts.append(
            n_(
                "{count} free (e-mail gateway)",
                "{count} free (e-mail gateway)",
                len(plan.by_gateway),
            )
        )
    parts += [f"{route.name}: {sentence(route.reason)}" for route in plan.unreachable]
    return " · ".join(parts) or _("Pick at least one employee.")


class TextEmployees(ShopNode, ModalScreen[str | None]):
    """Dismissed with the sentence saying what was sent, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="text_employees.cancel"),
        Binding("ctrl+s", "send", "Send", id="text_employees.send"),
    ]

    DEFAULT_CSS = """
    TextEmployees { align: center middle; }
    #employees-dialog {
        width: 80; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    #employees-list { height: auto; max-height: 12; }
    #employees-estimate { height: auto; margin: 1 0; }
    #employees-buttons { height: auto; align-horizontal: right; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.routes: dict[int, EmployeeRoute] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="employees-dialog"):
            yield Static(Text(_("Text employees"), style="bold"), id="employees-title")
            yield SelectionList[int](id="employees-list")
            yield Input(placeholder=_("Message to the employees"), id="employees-message")
            yield Static(id="employees-estimate", markup=False)
            with Horizontal(id="employees-buttons"):
                yield Button(_("Cancel"), id="employees-cancel")
                yield Button(_("Send"), variant="primary", id="employees-send")

    def on_mount(self) -> None:
        self.load_routes()
        self.update_estimate()

    def load_routes(self) -> None:
        self.run_service(
            lambda: picker_view.employee_routes(self.engine),
            group="employee-routes",
            exclusive=True,
            then=self._show_routes,
        )

    def _show_routes(self, plan: EmployeeTextPlan) -> None:
        self.routes = {route.staff_id: route for route in plan.routes}
        picker = self.query_one(SelectionList)
        picker.clear_options()
        picker.add_options(
            [
                Selection(_label(route), route.staff_id, disabled=route.channel == "none")
                for route in plan.routes
            ]
        )
        if not plan.routes:
            self.query_one("#employees-estimate", Static).update(
                Text(
                    _(
                        "No employee has an SMS number or a gateway: add one in Staff "
                        "(command palette) or with tui-sms staff set LOGIN --sms …"
                    )
                )
            )
        if plan.routes:
            picker.highlighted = 0
        picker.focus()

    def _plan(self) -> EmployeeTextPlan:
        body = self.query_one(Input).value
        chosen = [
            self.routes[i] for i in self.query_one(SelectionList).selected if i in self.routes
        ]
        return EmployeeTextPlan(tuple(chosen), estimate(body).segments if body else 1)

    @on(SelectionList.SelectedChanged)
    @on(Input.Changed)
    def update_estimate(self) -> None:
        self.query_one("#employees-estimate", Static).update(Text(plan_summary(self._plan())))

    @on(Input.Submitted)
    @on(Button.Pressed, "#employees-send")
    def action_send(self) -> None:
        chosen = list(self.query_one(SelectionList).selected)
        self.send(chosen, self.query_one(Input).value)

    @on(Button.Pressed, "#employees-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def send(self, staff_ids: list[int], body: str) -> None:
        me = self.me.id
        self.run_service(
            lambda: self.perform(
                lambda s: employees.text_employees(s, staff_ids, body, me, utcnow())
            ),
            group="employee-send",
            exclusive=True,
            then=lambda plan: self.dismiss(_("Sent.") + " " + plan_summary(plan)),
        )
