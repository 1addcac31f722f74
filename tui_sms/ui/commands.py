"""Command palette: every action a screen has a binding for is also a palette command."""

from __future__ import annotations

from functools import partial

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from tui_sms.ui.i18n import _


def _commands(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(title, help, action) for each described binding of the screen."""
    found = []
    for binding in screen.BINDINGS:
        if not hasattr(binding, "action") or not binding.description:
            continue
        title = _(binding.description)
        key = screen.app.get_key_display(binding)  # "esc", "^r": as the footer shows them
        found.append((title, binding.tooltip or f"{title} ({key})", binding.action))
    return found


def _run(screen: Screen[object], action: str) -> None:
    # Called directly, not through run_action: check_action hides letter keys while the
    # composer has focus, but a command chosen in the palette is always meant.
    _, name, params = parse(action)
    method = getattr(screen, f"action_{name}", None)
    if method is not None:
        screen.call_later(method, *params)


class ScreenActions(Provider):
    async def discover(self) -> Hits:
        for title, help_text, action in _commands(self.screen):
            yield DiscoveryHit(title, partial(_run, self.screen, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in _commands(self.screen):
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(_run, self.screen, action),
                    text=title,
                    help=help_text,
                )
