"""Helpers shared by the UI tests."""

from __future__ import annotations

from collections.abc import Callable


async def until(pilot, check: Callable[[], object], seconds: float = 15.0) -> bool:
    """Wait for something a person would see, not for a fixed time: True once `check()` is."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return True
        await pilot.pause(0.05)
    return bool(check())
