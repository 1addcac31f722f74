"""Shortcuts (canned replies): a fuzzy picker while composing, and a screen to manage them."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tui_sms.domain.text import clean, one_line
from tui_sms.services import picker_view, shortcuts
from tui_sms.store.models import Shortcut
from tui_sms.ui.base import ShopNode, after_typed_keys
from tui_sms.ui.commands import ScreenActions
from tui_sms.ui.i18n import _
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedOptions, KeyedTable


class ShortcutPicker(ShopNode, ModalScreen[str | None]):
    """Type a few letters of a title or text; Enter inserts the shortcut for editing."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, language: str | None) -> None:
        super().__init__()
        self.language = language
        self.items: list[Shortcut] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Text(_("Insert a shortcut"), style="bold"), markup=False)
            yield Input(id="picker-filter", placeholder=_("Filter shortcuts"))
            yield KeyedOptions(id="picker-options", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).focus()
        self.load()

    def load(self) -> None:
        self.run_service(
            lambda: picker_view.shortcuts(self.engine), group="load-shortcuts", then=self._loaded
        )

    def _loaded(self, items: list[Shortcut]) -> None:
        self.items = items
        self.show("")

    @on(Input.Changed, "#picker-filter")
    def _on_filter(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, query: str) -> None:
        matcher = Matcher(query) if query.strip() else None
        scored = []
        for item in self.items:
            score = matcher.match(f"{item.title} {item.body}") if matcher else 1.0
            if score > 0:
                # The customer's language first, then the best match.
                scored.append((item.language != self.language, -score, item.title, item))
        scored.sort(key=lambda entry: entry[:3])
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        for *_rank, item in scored:
            label = Text(f"[{item.language}] ", style="dim")
            label.append(clean(item.title), style="bold")
            label.append("  " + one_line(clean(item.body), 50), style="dim")
            options.add_option(Option(label, id=str(item.id)))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#picker-filter")
    def _on_submit(self, event: Input.Submitted) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-options")
    def _on_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, shortcut_id: str | None) -> None:
        chosen = next((i for i in self.items if str(i.id) == shortcut_id), None)
        self.dismiss(chosen.body if chosen else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ShortcutForm(ModalScreen[tuple[str, str, str] | None]):
    """Title, language and text of a shortcut; Ctrl+S saves."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, shortcut: Shortcut | None) -> None:
        super().__init__()
        self.shortcut = shortcut

    def compose(self) -> ComposeResult:
        item = self.shortcut
        with Vertical(id="form-box"):
            yield Static(Text(_("Shortcut"), style="bold"), markup=False)
            yield Input(item.title if item else "", id="form-title", placeholder=_("Title"))
            yield Input(
                item.language if item else "en", id="form-language", placeholder=_("en or fr")
            )
            yield TextArea(item.body if item else "", id="form-body", soft_wrap=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#form-title", Input).focus()

    def action_save(self) -> None:
        after_typed_keys(self, self._save)

    def _save(self) -> None:
        self.dismiss(
            (
                self.query_one("#form-title", Input).value,
                self.query_one("#form-body", TextArea).text,
                self.query_one("#form-language", Input).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class ShortcutManager(ShopNode, Screen[None]):
    COMMANDS = {ScreenActions}
    BINDINGS = [
        Binding("a", "add", "Add", id="shortcuts.add"),
        Binding("e", "edit", "Edit", id="shortcuts.edit"),
        Binding("d", "delete", "Delete", id="shortcuts.delete"),
        Binding("escape", "back", "Back", id="shortcuts.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[int, Shortcut] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield KeyedTable(id="shortcut-table", cursor_type="row")
        yield FittingFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Lang"), key="language", width=5)
        table.add_column(_("Title"), key="title", width=24)
        table.add_column(_("Text"), key="body")
        table.focus()
        self.load()

    def load(self) -> None:
        self.run_service(
            lambda: picker_view.shortcuts(self.engine),
            group="load-shortcuts",
            exclusive=True,
            then=self._show,
        )

    def _show(self, items: list[Shortcut]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.items = {item.id or 0: item for item in items}
        for item in items:
            table.add_row(
                Text(item.language),
                Text(clean(item.title)),
                Text(one_line(clean(item.body), 80)),
                key=str(item.id),
            )
        self.refresh_bindings()

    @property
    def selected(self) -> Shortcut | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.items.get(int(key)) if key is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete"):
            return self.selected is not None
        return True

    def action_add(self) -> None:
        self.app.push_screen(ShortcutForm(None), self._saved(None))

    def action_edit(self) -> None:
        if (item := self.selected) is not None:
            self.app.push_screen(ShortcutForm(item), self._saved(item.id))

    def _saved(self, shortcut_id: int | None):  # type: ignore[no-untyped-def]
        def save(values: tuple[str, str, str] | None) -> None:
            if values is None:
                return
            title, body, language = values
            if shortcut_id is None:
                self.change(lambda s: shortcuts.add_shortcut(s, title, body, language))
            else:
                self.change(
                    lambda s: shortcuts.edit_shortcut(s, shortcut_id, title, body, language)
                )

        return save

    def action_delete(self) -> None:
        if (item := self.selected) is not None:
            shortcut_id = item.id or 0
            self.change(lambda s: shortcuts.delete_shortcut(s, shortcut_id))

    def change(self, do: Callable[[Session], object]) -> None:
        self.run_service(
            lambda: self.perform(do),
            group="change-shortcut",
            then=lambda _done: self.load(),
            severity="warning",
        )

    def action_back(self) -> None:
        self.dismiss(None)
