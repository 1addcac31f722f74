"""The footer of the message center: Textual's Footer, rebuilt only when its keys change.

Textual's Footer recomposes (a dozen key widgets removed, made and styled again) on every
bindings refresh, and a refresh comes with every focus change and every conversation
opened, often twice in one frame. Moving through the list rarely changes which keys apply,
so this one compares what it would show with what it shows and keeps it when they match.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True  # several refreshes in one frame: one rebuild
            self.call_after_refresh(self._rebuild)

    def _keys(self) -> tuple[object, ...]:
        """Everything the footer's compose reads from the bindings."""
        return tuple(
            (
                key,
                binding.action,
                binding.description,
                binding.show,
                binding.group,
                enabled,
                tooltip,
                self.app.get_key_display(binding),
            )
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
