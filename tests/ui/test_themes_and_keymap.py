"""Themes (shipped and the user's own) and the user's keymap, through the running app."""

from __future__ import annotations

import re
from pathlib import Path

from textual.command import CommandList, CommandPalette

from tests.factories import make_shop
from tests.ui.conftest import until
from tui_sms.config import user_themes_dir
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.keymap import all_bindings
from tui_sms.ui.screens.failed import FailedMessages
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.themes import shipped_themes

MINE = """
name = "garage-night"
dark = true
primary = "#00AAFF"
background = "#101010"
"""


def _app(settings) -> TuiSmsApp:
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        make_shop(session)
        me = queries.staff_by_login(session, "marie")
        me.language = "en"
    return TuiSmsApp(runtime, me, run_worker_inside=False)


def _drop_theme(name: str, text: str) -> Path:
    folder = user_themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_themes_include_one_for_sixteen_colour_terminals():
    themes = {theme.name: theme for theme in shipped_themes()}
    assert set(themes) == {"shop-dark", "shop-light", "high-contrast"}
    # Pure black and white survive any terminal's reduction to 16 colours.
    assert (themes["high-contrast"].background, themes["high-contrast"].foreground) == (
        "#000000",
        "#FFFFFF",
    )


async def test_a_user_theme_in_the_config_folder_is_in_the_theme_picker(settings):
    _drop_theme("garage-night.toml", MINE)
    app = _app(settings)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        assert "garage-night" in app.available_themes
        app.search_themes()
        assert await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"garage")
        options = app.screen.query_one(CommandList)

        def offered() -> bool:
            return any(
                "garage-night" in str(options.get_option_at_index(i).prompt)
                for i in range(options.option_count)
            )

        assert await until(pilot, offered, 10.0)
        await pilot.press("enter")
        assert await until(pilot, lambda: app.theme == "garage-night", 10.0)


async def test_the_settings_theme_may_be_a_user_theme(settings):
    _drop_theme("garage-night.toml", MINE)
    settings.theme = "garage-night"
    app = _app(settings)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        assert app.theme == "garage-night"


async def test_a_malformed_user_theme_is_one_sentence_and_the_rest_still_load(settings):
    broken = _drop_theme("broken.toml", 'name = "broken"\nprimary = "not a colour"\n')
    _drop_theme("garage-night.toml", MINE)
    app = _app(settings)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        said = [str(n.message) for n in app._notifications if "broken.toml" in str(n.message)]
        assert len(said) == 1
        assert said[0].startswith(f"The theme file {broken} was skipped: ")
        assert "not a colour" in said[0]  # Textual's own words say what is wrong
        assert "broken" not in app.available_themes
        assert "garage-night" in app.available_themes


async def test_a_keymap_entry_moves_a_binding_to_another_key(settings):
    settings.keymap = {"center.failed": "f5"}
    app = _app(settings)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        old = app.active_bindings.get("5")
        assert old is None or old.binding.id != "center.failed"
        await pilot.press("f5")
        assert await until(pilot, lambda: isinstance(app.screen, FailedMessages))


async def test_a_keymap_entry_for_no_binding_is_reported(settings):
    settings.keymap = {"center.nonesuch": "f6", "center.failed": "f5"}
    app = _app(settings)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        said = [str(n.message) for n in app._notifications]
        assert said == [
            "The keymap in the settings file names bindings that do not exist: center.nonesuch."
        ]


def test_every_binding_has_an_id_listed_in_the_configuration_guide():
    guide = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_.-]+)` \| `([^`]+)` \|", guide, re.MULTILINE))
    bindings = list(all_bindings())
    assert bindings
    assert [b for b in bindings if not b.id] == []
    assert {(b.id, b.key) for b in bindings} <= documented
