"""The open conversation's header: who it is with (name, number, language, who holds it, its
state and sending queue) and, on the line below, the number's consent or opt-out standing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui_sms.domain.phone import format_national
from tui_sms.domain.text import one_line
from tui_sms.services.inbox_view import ThreadView
from tui_sms.store.models import ThreadState
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.widgets.steady_update import update_steady

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

    shown: ThreadView | None = None

    def show_nothing_open(self) -> None:
        self.shown = None
        update_steady(
            self.query_one("#thread-header", Static), Text(_("Pick a conversation in the list."))
        )

    def show(self, view: ThreadView, time_zone: str) -> None:
        self.shown = view
        self._show_header()
        self._show_standing(view, time_zone)

    def on_resize(self) -> None:
        self._show_header()

    def _show_header(self) -> None:
        """The header on one line: on a narrow pane the details a glance can spare (the
        standing, repeated on the consent line; the queue; the language; "open") go first,
        then the name is cut."""
        if self.shown is None:
            return
        width = self.query_one("#thread-header", Static).content_region.width or 0
        drop = 0
        header = _header(self.shown)
        while width and header.cell_len > width and drop < len(SPARED):
            drop += 1
            header = _header(self.shown, spare=SPARED[:drop])
        if width and header.cell_len > width:
            # Still too long: the name gives way, cut with an ellipsis.
            name_room = len(_name(self.shown)) - (header.cell_len - width)
            header = _header(self.shown, spare=SPARED, name_room=max(name_room, 8))
        update_steady(self.query_one("#thread-header", Static), header)

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

        from tui_sms.services import consent  # with the gate's rules: after the first frame

        text = Text(sentence(consent.describe(state, time_zone)))
        if state.opt_out is None and state.consent is None:
            text.append(_(" (press C)"), style="dim")
        if view.thread.flagged:
            text.append("\n⚑ " + sentence(view.thread.flagged), style="bold")
        update_steady(line, text)


# What a narrow header leaves out, in this order.
SPARED = ("standing", "queue", "language", "open")


def _name(view: ThreadView) -> str:
    return one_line(view.customer_name, 200) if view.customer_name else _("Unknown sender")


def _header(view: ThreadView, spare: tuple[str, ...] = (), name_room: int = 200) -> Text:
    header = Text(one_line(_name(view), name_room), style="bold")
    details = [format_national(view.thread.number)]
    if view.language and "language" not in spare:
        details.append(_("Français") if view.language == "fr" else _("English"))
    holder = _("assigned to {name}", name=view.assignee) if view.assignee else _("unassigned")
    details.append(holder)
    if view.thread.state != ThreadState.OPEN or "open" not in spare:
        details.append(_(view.thread.state))
    if view.queue and "queue" not in spare:
        details.append(_(view.queue))
    header.append("  " + " · ".join(details), style="dim")
    standing = STANDING.get(view.state.standing) if view.state else None
    if standing and "standing" not in spare:
        header.append("  " + _(standing[0]), style=standing[1])
    return header
