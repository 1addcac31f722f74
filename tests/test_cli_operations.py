"""Operating a shop server: `tui-sms db backup FILE` while staff write, and `tui-sms doctor`."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from datetime import timedelta

from tests.factories import make_shop
from tui_sms.cli import main
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries, seat
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, Thread, utcnow


def _shop_with_messages(settings, count: int) -> None:
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        thread = Thread(shop_id=shop.id or 0, number="+15145550123")
        session.add(thread)
        session.flush()
        for i in range(count):
            session.add(
                Message(
                    thread_id=thread.id or 0,
                    direction=Direction.OUTBOUND,
                    body=f"text {i}",
                    status="queued",
                    to_number=thread.number,
                )
            )


def test_a_backup_taken_while_someone_writes_is_a_whole_private_database(
    settings, tmp_path, capsys
):
    _shop_with_messages(settings, 50)
    runtime = open_runtime(settings)
    writing = threading.Event()
    done = threading.Event()

    def write() -> None:
        while not done.is_set():
            with session_scope(runtime.engine) as session:
                queries.record_change(session, None, "backup-test")
            writing.set()

    writer = threading.Thread(target=write)
    writer.start()
    writing.wait(5)
    target = tmp_path / "backups" / "shop-copy.db"
    target.parent.mkdir()
    try:
        assert main(["--database", settings.database_url, "db", "backup", str(target)]) == 0
    finally:
        done.set()
        writer.join()
    assert "Backup written to" in capsys.readouterr().out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM message").fetchone() == (50,)
    copy.close()

    assert main(["--database", settings.database_url, "db", "backup", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    missing = tmp_path / "nowhere" / "copy.db"
    assert main(["--database", settings.database_url, "db", "backup", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "does not exist: create it first" in err and "Traceback" not in err


def test_doctor_says_what_to_do_and_fails_when_texts_wait_with_no_sender(settings, capsys):
    _shop_with_messages(settings, 2)
    runtime = open_runtime(settings)
    long_ago = utcnow() - timedelta(hours=1)
    with session_scope(runtime.engine) as session:
        seat.take_or_keep(session, "gone:1", seat.APP, long_ago, long_ago)
    assert main(["--database", settings.database_url, "doctor"]) == 1
    out = capsys.readouterr().out
    assert "Nothing is sending and 2 texts wait: start the worker" in out
    assert "schema up to date" in out and "is private (0600)" in out
    assert "sandbox provider" in out

    now = utcnow()
    with session_scope(runtime.engine) as session:
        seat.take_or_keep(session, "host:42", seat.WORKER, now, now + timedelta(minutes=5))
    assert main(["--database", settings.database_url, "doctor"]) == 0
    assert "Texts are sent by the worker service (host:42)" in capsys.readouterr().out


def test_doctor_reports_a_database_open_to_other_users(settings, capsys):
    _shop_with_messages(settings, 0)
    path = settings.database_url.removeprefix("sqlite:///")
    os.chmod(path, 0o644)
    assert main(["--database", settings.database_url, "doctor"]) == 1
    assert "is open to other users (0644): run 'chmod go-rwx" in capsys.readouterr().out
