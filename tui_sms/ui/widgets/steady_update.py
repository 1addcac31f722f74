"""A line of text replaced where it stands: laid out again only when its height changes.

`Static.update` lays the whole screen out by default, in case the new text is taller or
shorter. The header, the consent line and the habits line change with every conversation
opened, almost always to text of the same height, and each of those layouts cost a reflow
of every widget, a repaint of both scrollbars and a second frame after it."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


def update_steady(static: Static, content: VisualType) -> None:
    """`static.update(content)`, with a layout only when the lines it takes change (or it
    has not been laid out yet). A hidden widget takes no room: its text waits for the
    layout that shows it."""
    static.update(content, layout=False)
    if not static.display:
        return
    width = static.content_region.width
    if not width:
        static.refresh(layout=True)
        return
    height = static.get_content_height(static.size, static.size, width)
    if height != static.content_region.height:
        static.refresh(layout=True)
