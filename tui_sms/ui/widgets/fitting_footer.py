"""A footer that shows the keys that fit whole and leaves out the rest, instead of cutting
the last one mid-word at the screen's edge (an 80-column SSH window). Every key left out
is still in the command palette (Ctrl+P), which stays on the right."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets._footer import FooterKey

from tui_sms.ui.widgets.key_footer import KeyFooter


def _width(key: FooterKey) -> int:
    """Cells a key takes in the footer's normal style: the key padded by one on each side,
    then the description and one space."""
    if not key.description:
        return cell_len(key.key_display)
    return cell_len(key.key_display) + 2 + cell_len(key.description) + 1


class FittingFooter(KeyFooter):
    """Rebuilt only when its keys change (KeyFooter), or the width they must fit."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        for widget in widgets:
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # A key starts compact and its binding to the footer's style undoes that
                # once mounted: two style passes per key on every rebuild. Starting it as
                # the footer is leaves nothing to undo. (The palette's key is not bound:
                # it stays as Textual draws it.)
                widget.set_reactive(FooterKey.compact, self.compact)
        room = self.app.size.width
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.has_class("-command-palette"):
                room -= _width(widget) + 2  # its bar on the left, its padding on the right
        fits = True
        for widget in widgets:
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Keys keep their order: the first that does not fit ends the line.
                fits = fits and _width(widget) <= room
                if not fits:
                    continue
                room -= _width(widget)
            yield widget

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)
