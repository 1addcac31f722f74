"""Real apps in real terminals, the way staff work: tmux runs `tui-sms --as LOGIN` three times
on one SQLite file, with the loopback sandbox as the provider (Twilio's wire format).

- The app holding the sender seat is killed with -9 and a reply typed in another app still
  reaches the provider; then the next holder quits and a reply from the third goes out.
  The takeover times are printed, never asserted.
- A reply being typed survives kill -9 of its app: the draft is back in the composer when
  the same person opens the app again.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest

from tests.e2e.test_tmux import _screen, _tmux, _type, _wait_for, kill_session, new_session
from tests.e2e.workers import (
    holder_pid,
    ledger_counts,
    statuses,
    unsent,
    wait_for,
    worker_env,
)
from tests.factories import make_customer, make_shop
from tui_sms.services import draft_view, outbox
from tui_sms.store import migrate, queries
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Staff

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

TUI_SMS = os.path.join(os.path.dirname(sys.executable), "tui-sms")
CUSTOMER = "Émilie Côté"


@pytest.fixture
def shop(tmp_path, sandbox):
    """A shop with one conversation and three staff, and the environment of their apps."""
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, CUSTOMER, "+15142361201", language="fr")
        outbox.queue_to_number(session, "+15142361201", "Votre auto est prête.", author_id=None)
        session.add(Staff(login="sophie", display_name="Sophie Roy", language="en"))
        for login in ("marie", "luc"):
            queries.staff_by_login(session, login).language = "en"
    env = worker_env(url, sandbox)
    extra = {name: value for name, value in env.items() if os.environ.get(name) != value}
    extra |= {"XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    sessions: list[str] = []
    yield engine, url, extra, sessions
    for session in sessions:
        kill_session(session)
    engine.dispose()


def start_app(shop, login: str) -> tuple[str, int]:
    """`tui-sms --as LOGIN` in its own tmux session; the pane's process is the app itself."""
    _engine, url, extra, sessions = shop
    session = f"seat-{login}-{uuid.uuid4().hex[:6]}"
    settings = " ".join(f"{name}={shlex.quote(value)}" for name, value in extra.items())
    command = f"exec env {settings} {TUI_SMS} --as {login} --database {shlex.quote(url)}"
    for attempt in range(3):
        # Right after a kill -9 the tmux server may be exiting (its last session died with
        # the app): the new session then fails to attach, and starting again finds a new server.
        try:
            new_session(session, command)
            break
        except subprocess.CalledProcessError:
            if attempt == 2:
                raise
            time.sleep(0.5)
    sessions.append(session)
    pid = int(_tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
    return session, pid


def open_composer(session: str) -> None:
    """Enter on the thread list puts the focus in the composer (its footer then offers
    Send); letters typed before that would be the list's keys."""
    for _attempt in range(20):
        if "⏎ Send" in _screen(session):
            return  # still in the composer since the last reply
        _tmux("send-keys", "-t", session, "Enter")
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            if "⏎ Send" in _screen(session):
                return
            time.sleep(0.1)
    raise AssertionError("the composer never took the focus:\n" + _screen(session))


def reply(session: str, body: str) -> None:
    """Type in the composer; Enter sends (at night for the customer the app asks once
    before a staff reply goes out)."""
    open_composer(session)
    _type(session, body)
    _tmux("send-keys", "-t", session, "Enter")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        screen = _screen(session)
        if "Send anyway" in screen:
            _tmux("send-keys", "-t", session, "y")
            return
        if "Type a reply." in screen:  # queued: the composer is empty again
            return
        time.sleep(0.1)


class Takeover(threading.Thread):
    """Watches the seat from the moment its holder went, while the test types elsewhere."""

    def __init__(self, engine, alive: set[int]) -> None:
        super().__init__(daemon=True)
        self.engine, self.alive = engine, set(alive)
        self.started_at = time.monotonic()
        self.seconds: float | None = None
        self.start()

    def run(self) -> None:
        deadline = self.started_at + 30
        while time.monotonic() < deadline:
            if holder_pid(self.engine) in self.alive:
                self.seconds = time.monotonic() - self.started_at
                return
            time.sleep(0.05)


def test_a_reply_goes_out_after_the_sending_app_is_killed_or_quits(shop, sandbox, capsys):
    engine = shop[0]
    apps = dict(start_app(shop, login) for login in ("marie", "luc", "sophie"))
    for session in apps:
        _wait_for(session, CUSTOMER)
    alive = set(apps.values())
    assert wait_for(lambda: holder_pid(engine) in alive, 30), "no app took the sender seat"
    assert wait_for(lambda: unsent(engine) == 0, 30), "the queued text never went out"

    killed = holder_pid(engine)
    os.kill(killed, signal.SIGKILL)
    alive.discard(killed)
    after_kill = Takeover(engine, alive)
    writer = next(session for session, pid in apps.items() if pid in alive)
    reply(writer, "Killed holder: your car is ready.")
    after_kill.join()
    assert after_kill.seconds is not None, "nobody took the seat over"
    assert wait_for(lambda: ledger_counts(sandbox)["Killed holder: your car is ready."], 30)
    sent_after_kill = time.monotonic() - after_kill.started_at

    holder = holder_pid(engine)
    quitter = next(session for session, pid in apps.items() if pid == holder)
    alive.discard(holder)
    after_quit = Takeover(engine, alive)
    _tmux("send-keys", "-t", quitter, "C-q")
    writer = next(session for session, pid in apps.items() if pid in alive)
    reply(writer, "Quit holder: your car is ready.")
    after_quit.join()
    assert after_quit.seconds is not None, "the last app never took the seat"
    assert wait_for(lambda: ledger_counts(sandbox)["Quit holder: your car is ready."], 30), (
        f"{statuses(engine)}\n{_screen(writer)}"
    )
    sent_after_quit = time.monotonic() - after_quit.started_at

    counts = ledger_counts(sandbox)
    assert counts["Killed holder: your car is ready."] == 1
    assert counts["Quit holder: your car is ready."] == 1
    with capsys.disabled():
        print(
            f"\n[three apps in tmux] holder killed -9: seat taken over after "
            f"{after_kill.seconds:.2f} s, reply (typed meanwhile) sent {sent_after_kill:.2f} s "
            f"after the kill; holder quit: taken over after {after_quit.seconds:.2f} s, "
            f"reply sent after {sent_after_quit:.2f} s"
        )


def test_a_reply_being_typed_survives_kill_9_of_its_app(shop):
    engine = shop[0]
    session, pid = start_app(shop, "luc")
    _wait_for(session, CUSTOMER)
    open_composer(session)
    _type(session, "Half a reply, then the connection drops")
    with session_scope(engine) as db:
        luc = queries.staff_by_login(db, "luc").id

    def saved() -> bool:
        drafts = draft_view.threads_with_drafts(engine, luc)
        return any(
            draft_view.draft_for(engine, luc, thread).endswith("connection drops")
            for thread in drafts
        )

    assert wait_for(saved, 15), _screen(session)
    os.kill(pid, signal.SIGKILL)

    again, _pid = start_app(shop, "luc")
    # Only the first words: the composer may wrap a long reply over two lines.
    _wait_for(again, "Half a reply, then the")
