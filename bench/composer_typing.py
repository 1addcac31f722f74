"""One keystroke in the composer at 1,550-1,600 characters, against a bare TextArea.

The composer re-estimates the whole message on every keystroke; this shows that costs nothing
a person can feel. Run: .venv/bin/python bench/composer_typing.py (figures, never asserted).
"""

from __future__ import annotations

import asyncio
import statistics
import time
import timeit

FRENCH = "Bonjour, votre véhicule sera prêt demain à 15 h. Merci de votre confiance! "


def per_call(func, repeat: int = 7, number: int = 200) -> float:
    """Best of `repeat` runs, in microseconds per call."""
    return min(timeit.repeat(func, repeat=repeat, number=number)) / number * 1e6


async def _keystrokes(with_estimate: bool) -> tuple[list[float], float | None]:
    """Type the last characters of a 1600-character message, as the app lays the composer out."""
    from textual.app import App, ComposeResult
    from textual.events import Key
    from textual.widgets import TextArea

    from tui_sms.ui.widgets.composer import Composer, ComposerInput

    class Bench(App[None]):
        CSS = "#composer { height: auto; } #composer-input { height: 4; } #estimate { height: 1; }"

        def compose(self) -> ComposeResult:
            if with_estimate:
                yield Composer(id="composer")
            else:
                yield TextArea(id="composer-input", soft_wrap=True)

    app = Bench()
    async with app.run_test(size=(120, 30)) as pilot:
        area = app.query_one(ComposerInput if with_estimate else TextArea)
        area.focus()
        area.insert((FRENCH * 30)[:1550])
        await pilot.pause()
        times = []
        for char in "On vous attend à 15 h, merci! A bientôt. Garage...":
            start = time.perf_counter()
            app.post_message(Key(char if char.isalnum() else "space", char))
            await pilot.pause()
            times.append((time.perf_counter() - start) * 1e3)
        update = (
            per_call(app.query_one(Composer).update_estimate, number=50) if with_estimate else None
        )
    return times, update


async def bench_keystrokes() -> None:
    bare, _ = await _keystrokes(with_estimate=False)
    typed, update = await _keystrokes(with_estimate=True)
    print("Typing at 1,550-1,600 characters, headless Pilot (includes Pilot's own pause):")
    print(f"  Composer.update_estimate (estimate + both lines)  {update:8.1f} µs")
    for name, times in (("a bare TextArea", bare), ("the composer with its estimate", typed)):
        print(
            f"  keystroke to repaint, {name:31} median {statistics.median(times):6.2f} ms, "
            f"max {max(times):6.2f} ms over {len(times)} keys"
        )


if __name__ == "__main__":
    asyncio.run(bench_keystrokes())
