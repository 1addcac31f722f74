"""Setting a line-drawn view's scrollable size without laying the whole screen out.

Textual's `virtual_size` setter asks for a layout of the screen: every widget is placed and
drawn again, 35-40 ms at 160x45, and the scrollbar it touches takes one more frame after
that. The thread list and the conversation have fixed boxes (`1fr`), so a new length moves
nothing around them; only their scrollbar's thumb follows, unless the scrollbar itself has
to come or go, which is Textual's setter's job.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_scrollable_size(view: ScrollView, size: Size) -> None:
    """Give `view` its new scrollable size, with a layout only when one is needed."""
    if size == view.virtual_size:
        return
    if not _nothing_moves(view, size):
        view.virtual_size = size  # Textual's way: lays the screen out
        return
    view.set_reactive(Widget.virtual_size, size)
    if view.show_vertical_scrollbar:
        view.vertical_scrollbar.window_virtual_size = size.height
    view.scroll_y = min(view.scroll_y, view.max_scroll_y)
    view.refresh()


def _nothing_moves(view: ScrollView, size: Size) -> bool:
    """Laid out in a box of its own height, its vertical scrollbar staying as it is."""
    height = view.styles.height
    if height is None or height.is_auto or not view.container_size:
        return False
    overflow = view.styles.overflow_y
    shown = view.show_vertical_scrollbar
    if overflow == "scroll":
        return shown and bool(view.vertical_scrollbar.window_size)
    if overflow == "auto":  # shown while the lines do not fit: the same before and after
        needed = size.height > view.container_size.height
        return shown == needed and (not shown or bool(view.vertical_scrollbar.window_size))
    return not shown
