"""Every screen and dialog, opened in French on the demo's data, shows no English.

What is "English" is learned from the catalog itself: a word that appears in the English
keys of the French catalog and in none of its French lines (nor in the demo's data, which
is the shop's and the customers' own text) is an English word; finding one on a French
screen means a sentence was drawn without going through the catalog.

The demo shop is in Québec and serves customers in both languages: its shortcuts, job types
and reminder templates exist in English and French, as a real shop's would, and its customers
write in their own language. Those are data, shown as typed, so they are not held against the
French interface.
"""

from __future__ import annotations

import ast
import html
import inspect
import re
from datetime import UTC, datetime

import pytest
from textual.widgets import Static

from tests.ui.conftest import until
from tui_sms.services import demo, demo_inbox, demo_replies, demo_sales, outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.i18n import fr

NOW = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)
WORD = re.compile(r"[A-Za-zÀ-ÿ']{3,}")
COMMAND = re.compile(r"tui-sms(?: [a-z-]+)*")
# Names of things that are the same in both languages.
SAME = {"sms", "gsm", "ucs", "ctrl", "csv", "twilio", "stop", "start", "help", "tui"}
# Common English words, for sentences whose words the catalog has never seen.
COMMON = {
    *("the", "and", "for", "with", "your", "you", "this", "that", "are", "has", "have"),
    *("was", "not", "from", "into", "until", "press", "balance", "signed", "paper"),
    *("used", "month", "texting", "disabled", "reply", "recorded", "staff"),
}


def _words(text: str) -> set[str]:
    text = re.sub(r"\{[^}]*\}", " ", text)  # placeholders are not words of the sentence
    text = COMMAND.sub(" ", text)  # nor are commands ("tui-sms balance buy") in either language
    return {word.lower().strip("'") for word in WORD.findall(text)}


def _strings(module) -> list[str]:
    """Every string constant of a module: the demo's names and customers' messages."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple | list | set | frozenset):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.items():
                walk(item)

    # Only the module's own constants: an imported one (a flag's sentence) is not data.
    tree = ast.parse(inspect.getsource(module))
    own = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    for name, value in vars(module).items():
        if name.isupper() and name in own:
            walk(value)
    return found


def _english_only() -> set[str]:
    english = set().union(*(_words(key) for key in fr.TEXTS))
    french = set().union(*(_words(value) for value in fr.TEXTS.values()))
    for _pattern, value in fr.PATTERNS:
        french |= _words(value)
    return (english | COMMON) - french - DATA_WORDS - SAME


def _screen_text(app) -> str:
    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


async def _english_on(app, pilot, where: str, found: dict[str, set[str]]) -> None:
    await pilot.pause(0.5)
    screen = _screen_text(app)
    english = _words(screen) & ENGLISH
    # A customer's message cut to fit its row ("Saturday…" of "Saturdays?") is still data.
    cut = {word for word in english if f"{word}…" in screen.lower()}
    english -= {word for word in cut if any(d.startswith(word) for d in DATA_WORDS)}
    if english:
        found[where] = english


DEMO_DATA = (demo, demo_inbox, demo_replies, demo_sales)
DATA_WORDS = set().union(*(_words(text) for module in DEMO_DATA for text in _strings(module)))
ENGLISH = _english_only()


@pytest.fixture
def french_demo(settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        demo.load_demo(session, "marie", now=NOW)
        marie = queries.staff_by_login(session, "marie")
        marie.language = "fr"
    return TuiSmsApp(runtime, marie, run_worker_inside=False, clock=lambda: NOW)


def test_the_catalog_knows_english_words():
    # The detector must be able to fail: these are words of real English sentences.
    assert {"reply", "balance", "consent", "resolve"} <= ENGLISH


# Each screen or dialog and how a clerk opens it from the message center.
SCREENS = {
    "message center": None,
    "failed messages": "5",
    "new conversation": "w",
    "shortcuts": "S",
    "transfer": "t",
    "consent": "C",
    "text employees": "e",
    "job reminders": "ctrl+r",
    "command palette": "ctrl+p",
    "template editor": "template editor",
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_a_screen_in_french_shows_no_english(french_demo, name):
    app = french_demo
    found: dict[str, set[str]] = {}
    async with app.run_test(size=(160, 45)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None)
        center = app.screen
        key = SCREENS[name]
        if key == "template editor":
            app.open_template_editor()
        elif key is not None:
            await pilot.press(key)
        if key is not None:
            assert await until(pilot, lambda: app.screen is not center, 5.0) or key == "ctrl+p"
        await _english_on(app, pilot, name, found)
    assert found == {}, "\n".join(f"{k}: {sorted(v)}" for k, v in found.items())


async def test_the_no_sender_banner_in_french_shows_no_english(french_demo):
    app = french_demo
    with session_scope(app.runtime.engine) as session:
        # Émilie has a consent on file in the demo; nobody sends, so her text waits.
        outbox.queue_to_number(
            session,
            "+15142361201",
            "Votre auto est prête.",
            author_id=None,
            confirmed_quiet_hours=True,  # whatever the hour the test runs at
        )
    found: dict[str, set[str]] = {}
    async with app.run_test(size=(160, 45)) as pilot:
        banner = app.screen.query_one("#banner", Static)
        assert await until(pilot, lambda: banner.display)
        assert "1 texto attend d'être envoyé" in str(banner.render())  # one form for 1
        await _english_on(app, pilot, "no-sender banner", found)
    assert found == {}, "\n".join(f"{k}: {sorted(v)}" for k, v in found.items())
