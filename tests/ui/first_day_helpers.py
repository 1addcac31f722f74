"""What the first-day screen tests share: an empty shop database, and waiting on the app."""

from __future__ import annotations

from tui_sms.services.runtime import open_runtime
from tui_sms.store.models import Staff


async def until(pilot, check, seconds: float = 15.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if check():
            return True
        await pilot.pause(0.05)
    return check()


def empty_runtime(settings):
    """A migrated database with no shop and nobody on file, as `tui-sms` meets it on day one."""
    runtime = open_runtime(settings)
    return runtime, Staff(login=settings.resolved_staff(), display_name=settings.resolved_staff())


async def choose(pilot, selector: str, label: str) -> None:
    """Pick `label` in a Select with the keyboard, the way a clerk does."""
    app = pilot.app
    select = app.screen.query_one(selector)
    select.focus()
    await pilot.press("enter")
    await pilot.pause()
    for _ in range(80):
        overlay = select.query_one("SelectOverlay")
        highlighted = overlay.highlighted
        if (
            highlighted is not None
            and str(overlay.get_option_at_index(highlighted).prompt) == label
        ):
            await pilot.press("enter")
            await pilot.pause()
            return
        await pilot.press("down")
    raise AssertionError(f"{label} is not offered in {selector}")
