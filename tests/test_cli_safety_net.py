"""What the terminal shows when `tui-sms` fails in a way nobody foresaw (one sentence, the
details in a private log), when it is interrupted (nothing, exit 130), and what real processes
see: argv bytes that are not UTF-8, and an import killed half-way."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factories import make_shop
from tui_sms.cli import main, staff
from tui_sms.cli.errors import INTERNAL_ERROR, INTERRUPTED, error_log_path
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Staff


def _shop(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        make_shop(session)
        session.add(Staff(login="boss", display_name="Boss", role="admin"))
    engine.dispose()
    return url


def test_an_unforeseen_failure_is_one_sentence_and_a_private_log(tmp_path, monkeypatch, capsys):
    url = _shop(tmp_path / "shop.db")

    def broken(args, settings):
        raise RuntimeError("lost the thread at postgresql://shop:hunter2@db.example/shop")

    monkeypatch.setattr(staff, "staff_command", broken)
    assert main(["--database", url, "staff", "list"]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    log = error_log_path()
    assert err == (
        f"tui-sms: 'tui-sms staff list' failed unexpectedly (RuntimeError); the details are in "
        f"{log}, please send them with your report.\n"
    )
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    written = log.read_text()
    assert "Traceback (most recent call last)" in written and "in broken" in written
    assert "shop:***@db.example" in written and "hunter2" not in written


def test_an_unwritable_log_still_leaves_one_sentence(tmp_path, monkeypatch, capsys):
    url = _shop(tmp_path / "shop.db")
    monkeypatch.setattr(staff, "staff_command", lambda args, settings: 1 / 0)
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "tui-sms").write_text("a file where the folder should be")
    assert main(["--database", url, "staff", "list"]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not be written" in err and "Traceback" not in err


def test_an_interrupt_exits_130_without_a_word(tmp_path, monkeypatch, capsys):
    url = _shop(tmp_path / "shop.db")

    def interrupted(args, settings):
        raise KeyboardInterrupt

    monkeypatch.setattr(staff, "staff_command", interrupted)
    assert main(["--database", url, "staff", "list"]) == INTERRUPTED
    assert capsys.readouterr().err == ""


def _tui_sms(tmp_path: Path, *argv: bytes, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LC_ALL": "C.UTF-8",
    }
    program = [sys.executable, "-m", "tui_sms"]
    return subprocess.run(
        [*(part.encode() for part in program), *argv],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )


def test_latin_1_bytes_in_a_real_command_line_are_one_sentence(tmp_path):
    url = _shop(tmp_path / "shop.db").encode()
    base = (b"--database", url, b"--as", b"boss")
    for argv in (
        (b"send", b"--to", b"5145550123", b"caf\xe9"),
        (b"customer", b"consent", b"record", b"--number", b"5145550123", b"--method", b"verbal",
         b"--wording", b"d'accord \xe0 tout"),
        (b"staff", b"add", b"andr\xe9", b"--name", b"Andre"),
    ):  # fmt: skip
        done = _tui_sms(tmp_path, *base, *argv)
        err = done.stderr.decode()
        assert done.returncode == 2, err
        assert err.startswith("tui-sms: ") and err.count("\n") == 1, err
        assert "not UTF-8" in err
    with sqlite3.connect(tmp_path / "shop.db") as connection:
        assert connection.execute("SELECT count(*) FROM consent").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM staff").fetchone() == (3,)


@pytest.mark.slow
def test_an_import_killed_half_way_loses_nothing_stored_before(tmp_path):
    url = _shop(tmp_path / "shop.db")
    first = tmp_path / "first.csv"
    first.write_text("external_id,name,mobile\nC-1,Ann Roy,5145550111\n")
    assert _tui_sms(tmp_path, b"--database", url.encode(), b"--as", b"boss", b"import",
                    b"customers", bytes(first)).returncode == 0  # fmt: skip
    many = tmp_path / "many.csv"
    rows = (f"C-{n},Customer {n},514555{n % 10_000:04d}" for n in range(2, 5_001))
    many.write_text("external_id,name,mobile\n" + "\n".join(rows) + "\n")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui_sms", "--database", url, "--as", "boss", "import",
         "customers", str(many)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    # Killed once it has opened the database and started on the file, whenever that is.
    wal = tmp_path / "shop.db-wal"
    while process.poll() is None and not (wal.exists() and wal.stat().st_size > 0):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    with sqlite3.connect(tmp_path / "shop.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = {row[0] for row in connection.execute("SELECT name FROM customer")}
        staff_count = connection.execute("SELECT count(*) FROM staff").fetchone()
    assert "Ann Roy" in names and staff_count == (3,)
    # The same file imported again finishes: rows are keyed by external_id, never doubled.
    done = _tui_sms(tmp_path, b"--database", url.encode(), b"--as", b"boss", b"import",
                    b"customers", bytes(many))  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    with sqlite3.connect(tmp_path / "shop.db") as connection:
        assert connection.execute("SELECT count(*) FROM customer").fetchone() == (5_000,)
