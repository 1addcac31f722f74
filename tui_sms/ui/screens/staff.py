"""The Staff screen (administrators): add a staff member, change their name, language, SMS
number and role, deactivate or bring them back. Every change goes through
services/staff_admin.py, which checks the role again and keeps one administrator."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from tui_sms.domain.phone import format_national
from tui_sms.services import setup_view, staff_admin
from tui_sms.services.setup_view import StaffRow
from tui_sms.ui.base import ShopNode
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import ActionRefused
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedTable

ROLES = (("staff", "Staff"), ("admin", "Administrator"))
LANGUAGES = (("en", "English"), ("fr", "Français"))


@dataclass(frozen=True)
class StaffForm:
    login: str
    name: str
    sms: str
    language: str
    role: str


class StaffDialog(ModalScreen[StaffForm | None]):
    """Add (no row given) or change a staff member."""

    DEFAULT_CSS = """
    StaffDialog { align: center middle; }
    StaffDialog #staff-dialog { width: 64; height: auto; border: round $accent; padding: 0 1; }
    StaffDialog Horizontal { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="staff_form.cancel")]

    def __init__(self, row: StaffRow | None = None) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(id="staff-dialog"):
            title = _("Change {name}", name=row.name) if row else _("Add a staff member")
            yield Label(Text(title, style="bold"))
            yield Label(_("Login (the name they start tui-sms with)"))
            yield Input(row.login if row else "", id="staff-login", disabled=row is not None)
            yield Label(_("Name"))
            yield Input(row.name if row else "", id="staff-name")
            yield Label(_("SMS number (for texts to staff)"))
            sms = format_national(row.sms) if row and row.sms else ""
            yield Input(sms, id="staff-sms", placeholder="514 555-1234")
            yield Label(_("Language"))
            yield Select(
                [(_(name), code) for code, name in LANGUAGES],
                id="staff-language",
                allow_blank=False,
                value=row.language if row and row.language in ("en", "fr") else "en",
            )
            yield Label(_("Role"))
            yield Select(
                [(_(name), code) for code, name in ROLES],
                id="staff-role",
                allow_blank=False,
                value=row.role if row else "staff",
            )
            with Horizontal():
                yield Button(_("Save"), variant="primary", id="staff-save")
                yield Button(_("Cancel"), id="staff-cancel")

    def on_mount(self) -> None:
        self.query_one("#staff-name" if self.row else "#staff-login", Input).focus()

    @on(Button.Pressed, "#staff-save")
    @on(Input.Submitted)
    def _save(self) -> None:
        def value(selector: str) -> str:
            return self.query_one(selector, Input).value.strip()

        def chosen(selector: str) -> str:
            picked = self.query_one(selector, Select).value
            return picked if isinstance(picked, str) else ""

        self.dismiss(
            StaffForm(
                login=value("#staff-login"),
                name=value("#staff-name"),
                sms=value("#staff-sms"),
                language=chosen("#staff-language"),
                role=chosen("#staff-role"),
            )
        )

    @on(Button.Pressed, "#staff-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class StaffScreen(ShopNode, Screen[None]):
    DEFAULT_CSS = """
    StaffScreen #staff-box { padding: 0 1; }
    StaffScreen #staff-table { height: 1fr; }
    StaffScreen #staff-error { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("a", "add", "Add", id="staff.add"),
        Binding("e", "edit", "Change", id="staff.edit"),
        Binding("d", "toggle_active", "Deactivate/reactivate", id="staff.toggle"),
        Binding("escape", "close", "Close", id="staff.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[StaffRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="staff-box"):
            yield Static(Text(_("Staff"), style="bold"), markup=False)
            yield KeyedTable(id="staff-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="staff-error", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            _("Login"), _("Name"), _("Role"), _("Language"), _("SMS number"), _("Active")
        )
        self.load()

    def load(self) -> None:
        self.run_service(lambda: setup_view.staff_rows(self.engine), group="staff", then=self._show)

    def _show(self, rows: list[StaffRow]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(
                row.login,
                Text(row.name),
                _("Administrator") if row.role == "admin" else _("Staff"),
                "Français" if row.language == "fr" else "English",
                format_national(row.sms) if row.sms else "",
                _("yes") if row.active else _("no"),
                key=row.login,
            )
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        table.focus()

    def _current(self) -> StaffRow | None:
        cursor = self.query_one(DataTable).cursor_row
        return self.rows[cursor] if 0 <= cursor < len(self.rows) else None

    def action_add(self) -> None:
        self.app.push_screen(StaffDialog(), self._added)

    def _added(self, form: StaffForm | None) -> None:
        if form is None:
            return
        actor = self.me.login
        self.run_service(
            lambda: self.perform(
                lambda s: staff_admin.add_staff(
                    s,
                    actor,
                    form.login,
                    name=form.name or form.login,
                    role=form.role,
                    sms=form.sms,
                    language=form.language,
                )
            ),
            group="staff-save",
            exclusive=True,
            then=self._saved,
        )

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        row = self._current()
        if row is not None:
            self.app.push_screen(StaffDialog(row), self._edited)

    def _edited(self, form: StaffForm | None) -> None:
        row = self._current()
        if form is None or row is None:
            return
        actor = self.me.login
        self.run_service(
            lambda: self.perform(
                lambda s: staff_admin.change_staff(
                    s,
                    actor,
                    row.login,
                    role=form.role,
                    name=form.name or row.name,
                    sms=form.sms,
                    language=form.language,
                )
            ),
            group="staff-save",
            exclusive=True,
            then=self._saved,
        )

    def action_toggle_active(self) -> None:
        row = self._current()
        if row is None:
            return
        actor = self.me.login
        self.run_service(
            lambda: self.perform(
                lambda s: staff_admin.change_staff(s, actor, row.login, active=not row.active)
            ),
            group="staff-save",
            exclusive=True,
            then=self._saved,
        )

    def _saved(self, _member: object) -> None:
        self.query_one("#staff-error", Static).update("")
        self.notify(_("Staff saved."), markup=False)
        self.load()

    @on(ActionRefused)
    def _refused(self, event: ActionRefused) -> None:
        event.stop()
        self.query_one("#staff-error", Static).update(Text(event.sentence))

    def action_close(self) -> None:
        self.dismiss(None)
