"""How long one estimate takes, and one composer keystroke, for 1600-character messages.

Run: .venv/bin/python bench/estimate.py   (figures only; never asserted in tests)
"""

from __future__ import annotations

import asyncio
import statistics
import time
import timeit
from decimal import Decimal

from tui_sms.domain.pricing import estimate_line, smart_hint, unicode_hint
from tui_sms.domain.segments import estimate

FRENCH = "Bonjour, votre véhicule sera prêt demain à 15 h. Merci de votre confiance! "
MESSAGES = {
    "GSM-7, 1600 characters": ("Votre auto est réparée, à demain. " * 60)[:1600],
    "UCS-2, 1600 code points (ê)": (FRENCH * 30)[:1600],
    "UCS-2, 1600 code points (emoji, flags, ZWJ)": ("Merci 👍🏽 🇨🇦 👨‍👩‍👧 e\u0301 " * 100)[:1600],
    "curly quotes, smart encoding asked": ("It’s ready — “today”… " * 80)[:1600],
}


def per_call(func, repeat: int = 7, number: int = 200) -> float:
    """Best of `repeat` runs, in microseconds per call."""
    return min(timeit.repeat(func, repeat=repeat, number=number)) / number * 1e6


def bench_estimates() -> None:
    print("One estimate (best of 7 × 200 calls):")
    for name, text in MESSAGES.items():
        smart = "smart" in name
        found = estimate(text, smart_encoding=smart)
        micros = per_call(lambda text=text, smart=smart: estimate(text, smart_encoding=smart))
        print(f"  {name:48} {micros:8.1f} µs   {found.encoding} {found.segments} segments")
    price = Decimal("0.015")

    def line(text: str) -> None:
        found = estimate(text)
        estimate_line(found, price, "USD")
        smart_hint(found, price, "USD")
        unicode_hint(found)

    for name, text in MESSAGES.items():
        micros = per_call(lambda text=text: line(text))
        print(f"  estimate + composer wording, {name:30} {micros:8.1f} µs")


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
    bench_estimates()
    asyncio.run(bench_keystrokes())
