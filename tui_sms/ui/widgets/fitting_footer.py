"""The footer every screen shows: the keys that apply now, drawn as one line.

It looks like Textual's Footer (a key, its description; the command palette's key on the
right behind a thin bar) but is one widget that repaints its line, not a row of a dozen
key widgets. Textual's Footer recomposes those widgets whenever the keys change (the
list's actions differ from one conversation to the next, so nearly every view switch and
every opened conversation), and that rebuild and the layout passes after it were the
largest part of a switch.

It shows the keys that fit whole and leaves out the rest, instead of cutting the last one
mid-word at the screen's edge (an 80-column SSH window); every key left out is still in
the command palette (Ctrl+P). A click on a key presses it, as in Textual's Footer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


@dataclass(frozen=True)
class FooterKey:
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        """Cells it takes: the key padded by one on each side, the description and a space."""
        if not self.description:
            return cell_len(self.display) + 2
        return cell_len(self.display) + 2 + cell_len(self.description) + 1

    @property
    def palette_width(self) -> int:
        """Cells it takes as the palette's key: a bar, the key, a space and the
        description, a space."""
        return 1 + cell_len(self.display) + 1 + cell_len(self.description) + 1


# Where a key stands on the line: its first cell, the cell past its last, the key.
Span = tuple[int, int, FooterKey]


class FittingFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "fitting-footer--key",
        "fitting-footer--description",
        "fitting-footer--hover",
        "fitting-footer--bar",
    }
    DEFAULT_CSS = """
    FittingFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .fitting-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .fitting-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .fitting-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .fitting-footer--bar {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[FooterKey, ...] = ()
        self._palette: FooterKey | None = None
        self._spans: tuple[Span, ...] = ()
        self._hover: FooterKey | None = None
        self._drawn: tuple[tuple[object, ...], Strip] | None = None  # what it was drawn from

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        # Read once per refresh of the bindings; a line that would not change is not drawn.
        # Only on the screen shown: a key's state is asked of the app's current screen (an
        # action such as `screen.copy_text`), which may be a screen pushed over this one and
        # not composed yet. A screen shown again refreshes its bindings, and so this line.
        if not self.is_attached or screen is not self.screen or screen is not self.app.screen:
            return
        keys, palette = self._read_keys()
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def _read_keys(self) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        active = self.screen.active_bindings
        keys: list[FooterKey] = []
        actions: set[str] = set()
        for key, (_node, binding, enabled, tooltip) in active.items():
            # Several keys for one action: the footer names the first, as Textual's does.
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            keys.append(
                FooterKey(
                    key,
                    self.app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip or binding.tooltip or "",
                )
            )
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                enabled,
                binding.tooltip or binding.description,
            )
        return tuple(keys), palette

    def _fit(self, width: int) -> tuple[Span, ...]:
        """The keys that fit whole, in their order from the left, and the palette's key
        at the right edge."""
        palette = self._palette
        room = width - palette.palette_width if palette is not None else width
        spans: list[Span] = []
        at = 0
        for key in self._keys:
            # Keys keep their order: the first that does not fit ends the line.
            if at + key.width > room:
                break
            spans.append((at, at + key.width, key))
            at += key.width
        if palette is not None and room >= 0:
            spans.append((room, width, palette))
        return tuple(spans)

    def render_line(self, y: int) -> Strip:
        """The line, turned into segments here and kept until what it shows changes: as a
        Text through Textual's content pipeline it cost 2-3 ms of every frame."""
        width = self.size.width
        drawn = (self._keys, self._palette, self._hover, width)
        if y or not width:
            return Strip.blank(width, self.rich_style)
        if self._drawn is None or self._drawn[0] != drawn:
            segments = Segment.simplify(self.render().render(self.app.console))
            self._drawn = (drawn, Strip(segments).crop_extend(0, width, self.rich_style))
        return self._drawn[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None  # a theme: the keys' colours

    def render(self) -> Text:
        self._spans = self._fit(self.size.width)
        key_style = self.get_component_rich_style("fitting-footer--key")
        description_style = self.get_component_rich_style("fitting-footer--description")
        hover_style = self.get_component_rich_style("fitting-footer--hover")
        line = Text(no_wrap=True, overflow="crop", end="")
        for start, _end, key in self._spans:
            if key is self._palette:
                line.append(" " * (start - len(line)))  # the gap before the right edge
                line.append("▏", self.get_component_rich_style("fitting-footer--bar"))
                first = len(line)
                line.append(key.display, key_style)
                line.append(f" {key.description}", description_style)
                self._mark(line, first, key, hover_style)
                line.append(" ")
                continue
            line.append(f" {key.display} ", key_style)
            if key.description:
                line.append(f"{key.description} ", description_style)
            self._mark(line, start, key, hover_style)
        line.stylize_before(self.rich_style)
        return line

    def _mark(self, line: Text, start: int, key: FooterKey, hover: Style) -> None:
        if key == self._hover and key.enabled:
            line.stylize(hover, start)
        if not key.enabled:
            line.stylize(Style(dim=True), start)

    def key_at(self, x: int) -> FooterKey | None:
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_resize(self) -> None:
        self.refresh()
