"""The open conversation's header: who it is with (name, number, language, who holds it, its
state and sending queue) and, on the line below, the number's consent or opt-out standing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui_sms.domain.phone import format_national
from tui_sms.domain.text import clean
from tui_sms.services.inbox_view import ThreadView
from tui_sms.ui.i18n import _, sentence

STANDING = {
    "consent": ("consent on file", "green"),
    "no_consent": ("no consent on file", "bold yellow"),
    "opted_out": ("opted out (STOP)", "bold red"),
}


class ThreadHeader(Vertical):
    DEFAULT_CSS = """
    ThreadHeader { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="thread-header", markup=False)
        yield Static(id="thread-consent", markup=False)

    def show_nothing_open(self) -> None:
        self.query_one("#thread-header", Static).update(Text(_("Pick a conversation on the left.")))

    def show(self, view: ThreadView, time_zone: str) -> None:
        self.query_one("#thread-header", Static).update(_header(view))
        self._show_standing(view, time_zone)

    def _show_standing(self, view: ThreadView, time_zone: str) -> None:
        """The consent / opt-out state at a glance, and the flag a keyword reply raised."""
        line = self.query_one("#thread-consent", Static)
        state = view.state
        if state is None:
            line.display = False
            return
        line.display = True
        line.set_class(state.opt_out is not None, "opted-out")
        line.set_class(state.opt_out is None and state.consent is None, "no-consent")
        from tui_sms.services import consent

        text = Text(sentence(consent.describe(state, time_zone)))
        if state.opt_out is None and state.consent is None:
            text.append(_(" (press C)"), style="dim")
        if view.thread.flagged:
            text.append("\n⚑ " + sentence(view.thread.flagged), style="bold")
        line.update(text)


def _header(view: ThreadView) -> Text:
    name = clean(view.customer_name) if view.customer_name else _("Unknown sender")
    header = Text(name, style="bold")
    details = [format_national(view.thread.number)]
    if view.language:
        details.append(_("Français") if view.language == "fr" else _("English"))
    holder = _("assigned to {name}", name=view.assignee) if view.assignee else _("unassigned")
    details.append(holder)
    details.append(_(view.thread.state))
    if view.queue:
        details.append(_(view.queue))
    header.append("  " + " · ".join(details), style="dim")
    standing = STANDING.get(view.state.standing) if view.state else None
    if standing:
        header.append("  " + _(standing[0]), style=standing[1])
    return header
