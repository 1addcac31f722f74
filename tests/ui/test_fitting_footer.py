"""The footer: the keys that apply, whole or not at all, the palette's key on the right,
one line that a click on a key presses, and no widget per key to rebuild."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from tui_sms.ui.widgets.fitting_footer import FittingFooter


class KeysApp(App[None]):
    BINDINGS = [
        Binding("c", "claim", "Claim"),
        Binding("x", "resolve", "Resolve"),
        Binding("t", "transfer", "Transfer to a colleague"),
        Binding("n", "next_unread", "Next unread"),
        Binding("h", "hidden", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []
        self.resolvable = True

    def compose(self) -> ComposeResult:
        yield FittingFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve" and not self.resolvable:
            return None  # shown, greyed
        return True

    def action_claim(self) -> None:
        self.done.append("claim")

    def action_resolve(self) -> None:
        self.done.append("resolve")

    def action_transfer(self) -> None:
        self.done.append("transfer")

    def action_next_unread(self) -> None:
        self.done.append("next")


def _line(app: App) -> str:
    return str(app.query_one(FittingFooter).render())


async def test_every_key_that_fits_is_whole_and_the_palette_stays_on_the_right():
    app = KeysApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        line = _line(app)
        assert len(line) == 60
        assert line.rstrip().endswith("▏^p palette")
        # 60 columns: claim, resolve and transfer fit (47 cells with the palette's 12);
        # "n Next unread" would cut into the palette: it is left out, not cut.
        assert " c Claim  x Resolve  t Transfer to a colleague " in line
        assert "Next" not in line and "Hidden" not in line
    app = KeysApp()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        assert " n Next unread " in _line(app)


async def test_a_click_presses_the_key_and_a_greyed_key_does_nothing():
    app = KeysApp()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(FittingFooter)
        at = _line(app).index(" t Transfer")
        await pilot.click(FittingFooter, offset=(at + 1, 0))
        assert app.done == ["transfer"]
        app.resolvable = False
        app.refresh_bindings()
        await pilot.pause()
        at = _line(app).index(" x Resolve")
        await pilot.click(FittingFooter, offset=(at + 1, 0))
        await pilot.pause()
        assert app.done == ["transfer"]
        # The keys changed and the footer is still one widget: nothing was rebuilt.
        assert not footer.children
