"""Pick the colleague a conversation goes to."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_sms.domain.text import clean
from tui_sms.ui.i18n import _
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedOptions


class TransferPicker(ModalScreen[int | None]):
    """Dismisses with the chosen staff id, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="transfer.cancel")]

    def __init__(self, colleagues: list[tuple[int, str]]) -> None:
        super().__init__()
        self.colleagues = colleagues

    def compose(self) -> ComposeResult:
        with Vertical(id="transfer-box"):
            yield Static(Text(_("Transfer this conversation to…"), style="bold"), markup=False)
            yield KeyedOptions(
                *[
                    Option(Text(clean(name)), id=str(staff_id))
                    for staff_id, name in self.colleagues
                ],
                id="colleagues",
                markup=False,
            )
        yield FittingFooter()

    @on(OptionList.OptionSelected, "#colleagues")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
