"""The conversation: the loaded pages of one thread drawn line by line (Textual's Line API),
customer text always rendered as plain Text.

A widget per message made opening a long thread cost one layout and one style pass per
bubble; here a message is wrapped once per width into cached strips and `render_line` only
picks the lines in view, so the cost follows what is loaded, not the thread's length. Older
pages load when the reader scrolls to the top.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_sms.domain.delivery import failure_reason
from tui_sms.domain.status import label
from tui_sms.domain.text import clean
from tui_sms.store.models import Direction, Message
from tui_sms.ui.format import full_time
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import OlderMessagesWanted
from tui_sms.ui.widgets.scroll_size import set_scrollable_size

AUTOMATIC = {"disclaimer": "First-text disclaimer", "keyword_reply": "Automatic answer"}
FAILED = {"failed", "undelivered"}


def bubble_text(message: Message, author: str | None, time_zone: str) -> Text:
    when = full_time(message.created_at, time_zone)
    if message.kind == "transfer":
        return Text(f"{clean(message.body)} · {when}", style="dim italic", justify="center")
    if message.direction == Direction.INBOUND:
        head = _("Customer · {when}", when=when)
    elif message.direction == Direction.NOTE and message.kind == "event":
        head = _("{when} · only staff see this", when=when)
    elif message.direction == Direction.NOTE:
        head = _(
            "Note by {author} · {when} · only staff see this",
            author=author or _("staff"),
            when=when,
        )
    else:
        sender = author or _(AUTOMATIC.get(message.kind, "Shop"))
        head = f"{sender} · {when} · {_(label(message.status))}"
        if message.status == "scheduled" and message.scheduled_for is not None:
            head += " " + _("for {when}", when=full_time(message.scheduled_for, time_zone))
        if message.error_code or message.error_message:
            # The shop's words for a known code (as the failed view says it), in the
            # interface's language; an unknown code keeps the provider's own text.
            reason = failure_reason(message.error_code, message.error_message)
            head += f" — {clean(sentence(reason.sentence))}"
    text = Text(head + "\n", style="dim")
    text.append(Text(clean(message.body)))
    return text


@dataclass(frozen=True)
class MessageBubble:
    """One message as the conversation shows it."""

    message_id: int | None
    thread_id: int
    status: str
    text: Text

    def render(self) -> Text:
        return self.text


def _look(message: Message) -> tuple[str, int, int]:
    """The component class of a message's bubble and its left and right margins: the
    customer's on the left, the shop's on the right, staff-only notes in between."""
    if message.kind == "transfer":
        return "transfer", 4, 4
    if message.direction == Direction.INBOUND:
        return "inbound", 0, 8
    if message.direction == Direction.NOTE:
        return ("event" if message.kind == "event" else "note"), 4, 4
    return "outbound", 8, 0


class Conversation(ScrollView, can_focus=True):
    """Shows the newest page of a thread and older pages when scrolled to the top;
    refreshing re-wraps only the messages that changed."""

    # Bubble backgrounds and their left edges, set by the theme in app.tcss.
    COMPONENT_CLASSES = {
        "conversation--inbound",
        "conversation--outbound",
        "conversation--note",
        "conversation--event",
        "conversation--transfer",
        "conversation--inbound-edge",
        "conversation--outbound-edge",
        "conversation--note-edge",
        "conversation--event-edge",
        "conversation--failed-edge",
    }
    DEFAULT_CSS = """
    Conversation {
        overflow-x: hidden;
        /* The width messages are wrapped at stays put when the scrollbar comes and goes. */
        scrollbar-gutter: stable;
        /* While a conversation is open the scrollbar stays, short or long: one that came
           with a long conversation and went with a short one laid the whole screen out
           again after opening it. (Not while none is open: Textual draws a forced
           scrollbar over an empty pane at a high cost, every frame.) */
        &.-open { overflow-y: scroll; }
    }
    """

    thread_id: int | None = None
    has_older = False
    loading_older = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._messages: list[Message] = []
        self._authors: dict[int, str] = {}
        self._time_zone = "UTC"
        self._wrapped: dict[int, list[Strip]] = {}  # message id -> its lines at _width
        self._lines: list[Strip] = []
        self._looks: tuple[Style, ...] = ()
        self._width = 0

    # --- what is shown ---------------------------------------------------------------

    @property
    def bubbles(self) -> list[MessageBubble]:
        """The loaded messages, oldest first, as they read on screen."""
        return [
            MessageBubble(m.id, self.thread_id or 0, m.status, self._text(m))
            for m in self._messages
        ]

    def show(
        self,
        thread_id: int,
        messages: list[Message],
        authors: dict[int, str],
        time_zone: str,
        page_size: int = 200,
    ) -> None:
        """The thread's newest page: a new thread replaces what is shown; the same thread
        updates the messages whose status moved and adds the new ones at the bottom."""
        if thread_id != self.thread_id:
            self.thread_id = thread_id
            self.add_class("-open")
            self.has_older = len(messages) >= page_size
            self.loading_older = False
            self._messages = []
            self._wrapped.clear()
            self.scroll_to(y=0, animate=False, immediate=True)
        self._authors, self._time_zone = authors, time_zone
        position = {m.id: index for index, m in enumerate(self._messages)}
        added = False
        for message in messages:
            index = position.get(message.id)
            if index is None:
                self._messages.append(message)
                added = True
                continue
            old = self._messages[index]
            if (old.status, old.error_message) != (message.status, message.error_message):
                self._messages[index] = message
                self._wrapped.pop(message.id or 0, None)
        self._layout()
        if added:
            self.scroll_end(animate=False, immediate=True, force=True)

    def prepend(
        self, thread_id: int, messages: list[Message], authors: dict[int, str], time_zone: str
    ) -> None:
        """Put an older page above what is shown, keeping the reader where they were."""
        self.loading_older = False
        if thread_id != self.thread_id:
            return
        self.has_older = bool(messages)
        known = {m.id for m in self._messages}
        older = [m for m in messages if m.id not in known]
        if not older:
            return
        before = len(self._lines)
        self._messages[:0] = older
        self._layout()
        self.scroll_to(
            y=self.scroll_y + len(self._lines) - before, animate=False, immediate=True, force=True
        )

    def close(self) -> None:
        self.thread_id = None
        self.remove_class("-open")
        self.has_older = False
        self._messages = []
        self._wrapped.clear()
        self._layout()

    # --- older pages -----------------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value <= 0 < old_value:
            self.want_older()

    def want_older(self) -> None:
        if not self.has_older or self.loading_older or not self._messages:
            return
        if self.thread_id is None:
            return
        self.loading_older = True
        self.post_message(OlderMessagesWanted(self.thread_id, self._messages[0].id or 0))

    # --- lines -----------------------------------------------------------------------

    def on_resize(self) -> None:
        self._layout()

    def notify_style_update(self) -> None:
        # Any class change above this widget lands here; only new colours (a theme) call
        # for wrapping the messages again.
        super().notify_style_update()
        if not self.is_mounted:
            return
        names = sorted(self.COMPONENT_CLASSES)
        looks = (self.rich_style, *(self.get_component_rich_style(name) for name in names))
        if looks != self._looks:
            self._looks = looks
            self._wrapped.clear()
            self._layout()

    def _layout(self) -> None:
        """The lines of every loaded message at the current width, and the virtual size."""
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._wrapped.clear()
        lines: list[Strip] = []
        if width > 0:
            # Read once for every message wrapped now, not once a message: Textual works the
            # widget's style out from all its ancestors' backgrounds at each read.
            blank, console = self.rich_style, self.app.console
            options = console.options
            for message in self._messages:
                wrapped = self._wrapped.get(message.id or 0)
                if wrapped is None:
                    wrapped = self._wrap(message, width, blank, console, options)
                    self._wrapped[message.id or 0] = wrapped
                lines.extend(wrapped)
        self._lines = lines
        set_scrollable_size(self, Size(width, len(lines)))
        self.refresh()

    def _text(self, message: Message) -> Text:
        return bubble_text(message, self._authors.get(message.author_id or 0), self._time_zone)

    def _wrap(
        self, message: Message, width: int, blank: Style, console: Console, options: ConsoleOptions
    ) -> list[Strip]:
        """A blank line, then the bubble: margins, a coloured left edge, the text wrapped
        on the bubble's background with one column of padding each side. `blank` is the
        widget's own style: a Line API widget paints its own background."""
        look, left, right = _look(message)
        body = self.get_component_rich_style(f"conversation--{look}")
        edge: list[Segment] = []  # a transfer is a centred line, without an edge
        if look != "transfer":
            edge_name = "failed" if message.status in FAILED else look
            colour = self.get_component_rich_style(f"conversation--{edge_name}-edge", partial=True)
            edge = [Segment("█", body + Style(color=colour.color))]
        inner = max(1, width - left - right - len(edge) - 2)
        rows = console.render_lines(
            self._text(message), options.update_width(inner), style=body, pad=True
        )
        margin_left = [Segment(" " * left, blank)] if left else []
        margin_right = [Segment(" " * right, blank)] if right else []
        pad = Segment(" ", body)
        strips = [Strip.blank(width, blank)]
        for row in rows:
            segments = [*margin_left, *edge, pad, *row, pad, *margin_right]
            strips.append(Strip(segments).crop_extend(0, width, blank))
        return strips

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return Strip.blank(self._width, self.rich_style)
