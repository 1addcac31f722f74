"""The real program in a real terminal: tmux runs `tui-sms --demo`, we type and read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

TUI_SMS = Path(sys.executable).with_name("tui-sms")


# A tmux server of our own, without anyone's tmux.conf: from inside another tmux (a CI runner,
# a developer's terminal) plain `tmux` would talk to that server, whose attached client then
# sizes every new window. Its panes must not inherit COLUMNS/LINES either: pytest-xdist sets
# them to 80x24 in its workers, and the app (through shutil.get_terminal_size) would believe
# them over the pane's real size and lay itself out for a narrow terminal.
_SERVER = ["tmux", "-L", f"tui-sms-tests-{os.getpid()}", "-f", "/dev/null"]
_ENV = {
    name: value
    for name, value in os.environ.items()
    if name not in {"TMUX", "TMUX_PANE", "COLUMNS", "LINES"}
}


def _tmux(*args: str, check: bool = True) -> str:
    return subprocess.run(
        [*_SERVER, *args], check=check, capture_output=True, text=True, timeout=20, env=_ENV
    ).stdout


def new_session(session: str, command: str, width: int = 150, height: int = 45) -> None:
    """A detached session running COMMAND in a WIDTHxHEIGHT pane, or a failure saying why not."""
    _tmux("new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), command)
    size = _tmux("display-message", "-p", "-t", session, "#{window_width}x#{window_height}")
    assert size.strip() == f"{width}x{height}", f"tmux made a {size.strip()} window"


def kill_session(session: str) -> None:
    _tmux("kill-session", "-t", session, check=False)


def _screen(session: str) -> str:
    return _tmux("capture-pane", "-p", "-t", session)


def _wait_for(session: str, text: str, seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = _screen(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    size = _tmux("display-message", "-p", "-t", session, "#{window_width}x#{window_height}")
    raise AssertionError(
        f"{text!r} never appeared; the {size.strip()} screen shows:\n{_screen(session)}"
    )


def _type(session: str, text: str) -> None:
    """Type at a person's pace, a few characters at a time (a pasted burst is another test)."""
    for start in range(0, len(text), 4):
        _tmux("send-keys", "-t", session, "-l", text[start : start + 4])
        time.sleep(0.05)


def _wait_for_any(session: str, texts: tuple[str, ...], seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = _screen(session)
        if any(text in screen for text in texts):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"none of {texts!r} appeared; the screen shows:\n{_screen(session)}")


def test_demo_opens_and_a_reply_is_delivered(tmp_path):
    session = f"tui-sms-{uuid.uuid4().hex[:8]}"
    command = f"XDG_DATA_HOME={tmp_path} XDG_CONFIG_HOME={tmp_path} {TUI_SMS} --demo --as marie"
    new_session(session, command)
    try:
        _wait_for(session, "Émilie Côté")
        # The rows come first; the views line with its counts follows them.
        screen = _wait_for(session, "Toutes 22")  # demo: 22 open
        assert "Garage Tremblay & Fils" in screen
        # The demo's reminders go out as it opens and reorder the list: find Émilie by name.
        _tmux("send-keys", "-t", session, "/")
        _wait_for(session, "Chercher")
        time.sleep(0.5)
        _type(session, "Émilie")
        _wait_for(session, "(514) 236-1201")  # her thread is the one open
        _tmux("send-keys", "-t", session, "Enter")  # back to the list
        time.sleep(0.5)
        _tmux("send-keys", "-t", session, "Enter")  # write to the thread in the header
        # The footer shows it once the composer has the focus; Marie's interface is French.
        _wait_for(session, "⏎ Envoyer")
        _type(session, "Merci, à demain! [b]ok[/b]")
        _tmux("send-keys", "-t", session, "Enter")
        # At night for the customer the app asks once before a staff reply goes out.
        # The typed text stays on screen in the composer until the reply is queued, so wait
        # for the question itself (or the composer emptied) rather than for the text.
        screen = _wait_for_any(session, ("quand même", "0/1600"))
        if "quand même" in screen:  # "L'envoyer quand même?"
            _tmux("send-keys", "-t", session, "y")
        _wait_for(session, "Merci, à demain! [b]ok[/b]")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            lines = _screen(session).splitlines()
            mine = [i for i, line in enumerate(lines) if "Merci, à demain!" in line]
            if mine and "distribué" in lines[mine[-1] - 1]:  # delivered
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the reply never showed as delivered:\n" + _screen(session))
        _tmux("send-keys", "-t", session, "C-q")
    finally:
        kill_session(session)
