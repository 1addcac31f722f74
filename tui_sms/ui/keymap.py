"""The user's keymap: the settings file's `[keymap]` table remaps bindings by their id.

Every binding in ui/ has an id (a test holds that), so any key can be moved; an id that
names no binding is reported once rather than silently ignored.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

import tui_sms.ui
from tui_sms.ui.i18n import _


@dataclass(frozen=True)
class BindingInfo:
    id: str | None
    key: str
    description: str
    owner: str


def all_bindings() -> Iterator[BindingInfo]:
    """The bindings declared by every screen and widget class in ui/."""
    for module_info in pkgutil.walk_packages(tui_sms.ui.__path__, "tui_sms.ui."):
        module = importlib.import_module(module_info.name)
        for owner in vars(module).values():
            if not (isinstance(owner, type) and issubclass(owner, DOMNode)):
                continue
            if owner.__module__ != module.__name__ or "BINDINGS" not in owner.__dict__:
                continue
            for binding in owner.__dict__["BINDINGS"]:
                if isinstance(binding, Binding):
                    yield BindingInfo(binding.id, binding.key, binding.description, owner.__name__)
                else:
                    yield BindingInfo(None, binding[0], "", owner.__name__)


def apply_keymap(app: App[object], keymap: Mapping[str, str]) -> None:
    app.set_keymap(dict(keymap))
    if not keymap:
        return  # nothing to check, and the check imports every screen of ui/
    known = {binding.id for binding in all_bindings()}
    unknown = sorted(set(keymap) - known)
    if unknown:
        app.notify(
            _(
                "The keymap in the settings file names bindings that do not exist: {ids}.",
                ids=", ".join(unknown),
            ),
            severity="warning",
            markup=False,
            timeout=10,
        )
