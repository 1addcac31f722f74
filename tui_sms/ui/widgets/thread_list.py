"""The thread list: the rows of a paged query drawn line by line (Textual's Line API), two
lines per conversation under a fixed header, the cursor on the open one.

A DataTable rendered every visible cell through Rich on each change of the list (a view
switch, a reload, the open row's unread count); here each row becomes two strips once per
width and look, cached by the row's value, and `render_line` only picks those in view.
Customer text is drawn as plain text, never markup.
"""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_sms.domain.phone import format_national
from tui_sms.domain.text import one_line
from tui_sms.services.inbox_view import ThreadRow, ThreadView
from tui_sms.ui.empty_hints import hint_strips
from tui_sms.ui.format import short_time
from tui_sms.ui.i18n import _
from tui_sms.ui.messages import ThreadHighlighted, ThreadSelected
from tui_sms.ui.widgets.scroll_size import set_scrollable_size

PAD = 1  # columns of padding each side of a cell


class ThreadList(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="threads.down"),
        Binding("k", "cursor_up", "Up", show=False, id="threads.up"),
        Binding("down", "cursor_down", "Down", show=False, id="threads.down_arrow"),
        Binding("up", "cursor_up", "Up", show=False, id="threads.up_arrow"),
        Binding("pagedown", "page_down", "Page down", show=False, id="threads.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="threads.page_up"),
        Binding("home", "first", "First", show=False, id="threads.first"),
        Binding("end", "last", "Last", show=False, id="threads.last"),
        # Shown: on a narrow terminal the list is all there is until a thread is opened.
        Binding("enter", "open", "Open", id="threads.open"),
    ]
    COMPONENT_CLASSES = {"thread-list--header", "thread-list--cursor"}
    DEFAULT_CSS = """
    ThreadList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        /* The width rows are drawn at stays put when the scrollbar comes and goes. */
        scrollbar-gutter: stable;
        & > .thread-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .thread-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .thread-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    FIXED = {"unread": 1, "when": 10, "assignee": 12}
    ROW_HEIGHT = 2

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.time_zone = "UTC"
        self.shown: list[ThreadRow] = []
        self._mentioned: frozenset[int] = frozenset()
        self.cursor_row = 0
        self._index: dict[int, int] = {}  # thread id -> row
        self._drawn: dict[tuple[int, bool], tuple[ThreadRow, list[Strip]]] = {}
        self._width = 0
        self._empty_hint = ""
        self._hint_drawn: tuple[tuple[str, int, Style], list[Strip]] | None = None
        self._looks: tuple[Style, Style] | None = None  # the list's style, the cursor's

    @property
    def empty_hint(self) -> str:
        """What the list says when it has no row (which view, and what fills it)."""
        return self._empty_hint

    @empty_hint.setter
    def empty_hint(self, hint: str) -> None:
        if hint != self._empty_hint:
            self._empty_hint = hint
            self.refresh()

    # --- what is listed --------------------------------------------------------------

    @property
    def mentioned(self) -> frozenset[int]:
        """Threads where a colleague's note names me and I have not opened them: "@"."""
        return self._mentioned

    @mentioned.setter
    def mentioned(self, threads: frozenset[int]) -> None:
        changed = self._mentioned ^ threads
        self._mentioned = threads
        if changed:
            # Their drawn lines carry the old mark.
            self._drawn = {
                key: drawn for key, drawn in self._drawn.items() if key[0] not in changed
            }
            self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.shown)

    @property
    def selected_thread(self) -> int | None:
        if not 0 <= self.cursor_row < len(self.shown):
            return None
        return self.shown[self.cursor_row].id

    def index_of(self, thread_id: int) -> int | None:
        return self._index.get(thread_id)

    def get_row_at(self, index: int) -> list[Text]:
        """The cells of a row as the list shows them: unread mark, name and preview, when,
        assignee."""
        return self._cells(self.shown[index], self._conversation_width())

    def show_rows(self, rows: list[ThreadRow], keep: int | None) -> None:
        """Replace the rows, keeping the cursor on thread `keep`, the open conversation.

        A reload is not the clerk's doing: it moves no conversation (no highlight is
        posted), so a list refreshed by a colleague's work never switches the open
        conversation (and where a reply goes) under somebody's hands. When the open thread
        left the view (claimed from Unassigned, resolved, a colleague's change) its row stays
        where it was until the clerk moves away: the highlighted row is always the
        conversation shown.
        """
        rows = list(rows)
        listed = {row.id for row in rows}
        if keep is not None and keep not in listed and keep in self._index:
            rows.insert(min(self._index[keep], len(rows)), self.shown[self._index[keep]])
        self._set_rows(rows)
        self.cursor_row = self._index.get(keep, 0) if keep is not None else 0
        self._scroll_to_cursor()

    def show_open(self, row: ThreadRow) -> None:
        """The open conversation's row, fresh from its reload: updated in place, or put
        first (a thread opened from outside the list, e.g. the next unread) with the
        cursor on it."""
        index = self._index.get(row.id)
        if index is None:
            self.show_rows([row, *self.shown], keep=row.id)
            return
        if self.shown[index] != row:
            self.shown[index] = row
            self._refresh_rows(index)
        if self.cursor_row != index:
            self._refresh_rows(self.cursor_row, index)
            self.cursor_row = index
            self._scroll_to_cursor()

    def append_rows(self, rows: list[ThreadRow]) -> None:
        """Add the next page under the rows already shown."""
        self._set_rows([*self.shown, *(row for row in rows if row.id not in self._index)])

    def clear(self) -> ThreadList:
        self._set_rows([])
        self.cursor_row = 0
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        return self

    def neighbour_of(self, thread_id: int) -> int | None:
        """The thread listed after `thread_id` (or before it, at the end of the list)."""
        index = self._index.get(thread_id)
        if index is None:
            return None
        for other in (index + 1, index - 1):
            if 0 <= other < len(self.shown):
                return self.shown[other].id
        return None

    def _set_rows(self, rows: list[ThreadRow]) -> None:
        self.shown = rows
        self._index = {row.id: index for index, row in enumerate(rows)}
        self._resize_virtual()
        self.refresh()

    # --- the clerk's moves -----------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        """Put the cursor on `row`; a different row is the clerk's choice and is posted."""
        if not self.shown:
            return
        row = max(0, min(row, len(self.shown) - 1))
        moved = row != self.cursor_row
        self._refresh_rows(self.cursor_row, row)
        self.cursor_row = row
        self._scroll_to_cursor()
        if moved:
            self.post_message(ThreadHighlighted(self.shown[row].id, row))

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._rows_in_view())

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._rows_in_view())

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self.shown) - 1)

    def action_open(self) -> None:
        if (thread_id := self.selected_thread) is not None:
            self.post_message(ThreadSelected(thread_id))

    def on_click(self, event: events.Click) -> None:
        """A click highlights a row; a click on the highlighted row opens it to reply."""
        if event.y < 1:
            return  # the header
        row = (event.y - 1 + self.scroll_offset.y) // self.ROW_HEIGHT
        if not 0 <= row < len(self.shown):
            return
        if row == self.cursor_row:
            self.action_open()
        else:
            self.move_cursor(row=row)

    def _rows_in_view(self) -> int:
        return max(1, (self.scrollable_content_region.height - 1) // self.ROW_HEIGHT)

    def _refresh_rows(self, *indexes: int) -> None:
        """Repaint these rows alone (a scroll repaints the rest): a whole-list repaint for
        one row redrawn or a cursor moved was a third of a conversation's opening frame."""
        for index in set(indexes):
            self.refresh_lines(1 + index * self.ROW_HEIGHT, self.ROW_HEIGHT)

    def _scroll_to_cursor(self) -> None:
        top = self.cursor_row * self.ROW_HEIGHT
        height = max(self.ROW_HEIGHT, self.scrollable_content_region.height - 1)
        y = self.scroll_offset.y
        if top < y:
            y = top
        elif top + self.ROW_HEIGHT > y + height:
            y = top + self.ROW_HEIGHT - height
        if y != self.scroll_offset.y:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    # --- lines -----------------------------------------------------------------------

    def on_resize(self) -> None:
        self._resize_virtual()

    def on_focus(self) -> None:
        self._forget_cursor_rows()

    def on_blur(self) -> None:
        self._forget_cursor_rows()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()  # focus, theme: the cursor's and the list's colours
        self._looks = None
        self.refresh()

    def _forget_cursor_rows(self) -> None:
        self._drawn = {key: drawn for key, drawn in self._drawn.items() if not key[1]}
        self.refresh()

    def _resize_virtual(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._drawn.clear()
        # The header line takes one line of the view; the rows scroll under it.
        set_scrollable_size(self, Size(width, len(self.shown) * self.ROW_HEIGHT + 1))

    def _conversation_width(self) -> int:
        """The conversation column takes what the fixed columns and padding leave."""
        spare = self._width - sum(self.FIXED.values()) - 2 * PAD * 4
        return max(16, spare)

    def _cells(self, row: ThreadRow, width: int) -> list[Text]:
        name = row.customer_name or format_national(row.number)
        cell = Text(one_line(name, width), style="bold")
        flag = "⚑ " if row.flagged else ""
        preview = flag + one_line(row.preview, width - len(flag))
        cell.append("\n" + preview, style="" if row.unread_count else "dim")
        mark = "@" if row.id in self.mentioned else "●" if row.unread_count else " "
        return [
            Text(mark, style="bold"),
            cell,
            Text(short_time(row.last_activity_at, self.time_zone, self.app.now())),  # type: ignore[attr-defined]
            Text(one_line(row.assignee or "—", 12), style="" if row.assignee else "dim"),
        ]

    def _strips(self, index: int) -> list[Strip]:
        row = self.shown[index]
        cursor = index == self.cursor_row
        drawn = self._drawn.get((row.id, cursor))
        if drawn is not None and drawn[0] == row:
            return drawn[1]
        if self._looks is None:  # worked out from every ancestor's background: once per look
            self._looks = (self.rich_style, self.get_component_rich_style("thread-list--cursor"))
        base, console = self._looks[cursor], self.app.console
        widths = [self.FIXED["unread"], self._conversation_width()]
        widths += [self.FIXED["when"], self.FIXED["assignee"]]
        lines: list[list[Segment]] = [[], []]
        for cell, width in zip(self._cells(row, widths[1]), widths, strict=True):
            parts = cell.split("\n")
            for line, part in enumerate((*parts, Text())[: self.ROW_HEIGHT]):
                lines[line] += self._cell(part, width, base, console)
        strips = [Strip(segments).crop_extend(0, self._width, base) for segments in lines]
        self._drawn[(row.id, cursor)] = (row, strips)
        return strips

    def _cell(self, text: Text, width: int, base: Style, console: Console) -> list[Segment]:
        """One cell of one line: padded, cut or filled to its width, its styles over the
        row's (the text is plain: nothing in it is read as markup)."""
        pad = Segment(" " * PAD, base)
        whole = base + console.get_style(text.style) if text.style else base
        runs = [
            Segment(segment.text, whole + segment.style if segment.style else whole)
            for segment in text.render(console)
            if segment.text and segment.text != "\n"
        ]
        return [pad, *Segment.adjust_line_length(runs, width, base), pad]

    def _header(self) -> Strip:
        style = self.get_component_rich_style("thread-list--header")
        titles = ["", _("Conversation"), _("When"), _("Assignee")]
        widths = [self.FIXED["unread"], self._conversation_width()]
        widths += [self.FIXED["when"], self.FIXED["assignee"]]
        segments = [
            Segment(" " * PAD + set_cell_size(title, width) + " " * PAD, style)
            for title, width in zip(titles, widths, strict=True)
        ]
        return Strip(segments).crop_extend(0, self._width, style)

    def render_line(self, y: int) -> Strip:
        if y == 0:
            return self._header()
        line = self.scroll_offset.y + y - 1
        index, part = divmod(line, self.ROW_HEIGHT)
        if 0 <= index < len(self.shown):
            return self._strips(index)[part]
        hint = self._hint_lines() if not self.shown else []
        if 0 <= y - 2 < len(hint):
            return hint[y - 2]
        return Strip.blank(self._width, self.rich_style)

    def _hint_lines(self) -> list[Strip]:
        """The empty list's sentence, wrapped to the width, a blank line under the header:
        wrapped once per sentence, width and look, not for every line drawn."""
        key = (self._empty_hint, self._width, self.rich_style)
        if self._hint_drawn is None or self._hint_drawn[0] != key:
            lines = hint_strips(self._empty_hint, self._width, self.rich_style, self.app.console)
            self._hint_drawn = (key, lines)
        return self._hint_drawn[1]


def row_of(view: ThreadView) -> ThreadRow:
    """The open conversation's line in the list, from what its reload just read."""
    thread = view.thread
    return ThreadRow(
        id=thread.id or 0,
        customer_name=view.customer_name,
        number=thread.number,
        preview=thread.last_preview,
        last_activity_at=thread.last_activity_at,
        unread_count=thread.unread_count,
        assignee=view.assignee,
        state=thread.state,
        flagged=thread.flagged,
    )
