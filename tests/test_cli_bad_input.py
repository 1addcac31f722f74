"""Every bad input to `tui-sms` is one sentence on stderr and a non-zero exit, never a traceback,
and loses nothing already stored. Each case runs `cli.main` on a copy of one shop database and
compares every table before and after: no row that was there may change or disappear."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.factories import make_customer, make_shop
from tui_sms.cli import main
from tui_sms.cli.errors import INTERNAL_ERROR
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Staff

BAD = os.fsdecode(b"caf\xe9")  # what Linux hands Python for an argument typed in Latin-1
GOOD_CUSTOMERS = "external_id,name,mobile\nC-1,Ann Roy,5145550111\nC-2,Bob Lee,notanumber\n"


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes | None] = field(default_factory=dict)  # None: a directory
    config: bytes | None = None  # the settings file, given with --config
    bare: bool = False  # without the --database and --as options
    listing: bool = False  # the import lists its rejected rows above the sentence


def case(*argv: str, **options) -> Case:
    return Case(tuple(argv), **options)


CASES = {
    # send
    "send to a short number": case("send", "--to", "12", "hello"),
    "send to letters": case("send", "--to", "abc", "hello"),
    "send an over-long text": case("send", "--to", "5145550123", "x" * 2_000),
    "send an empty text": case("send", "--to", "5145550123", ""),
    "send non-UTF-8 text": case("send", "--to", "5145550123", BAD),
    "send non-UTF-8 stdin": case("send", "--to", "5145550123", "-", stdin=b"caf\xe9 ok"),
    "send without consent": case("send", "--to", "5145550199", "hello"),
    "send to a non-UTF-8 number": case("send", "--to", BAD, "hello"),
    "send without --to": case("send", "hello"),
    "send on an unknown queue": case("send", "--to", "5145550123", "--queue", "vip", "hi"),
    # estimate
    "estimate non-UTF-8 stdin": case("estimate", "-", stdin=b"\xff\xfe bad"),
    "estimate an over-long text": case("estimate", "x" * 2_000),
    # consent
    "consent non-UTF-8 wording": case(
        "customer",
        "consent",
        "record",
        "--number",
        "5145550124",
        "--method",
        "verbal",
        "--wording",
        BAD,
    ),
    "consent for a bad number": case(
        "customer", "consent", "record", "--number", "55", "--method", "verbal", "--wording", "ok"
    ),
    "consent by an unknown method": case(
        "customer",
        "consent",
        "record",
        "--number",
        "5145550124",
        "--method",
        "smoke",
        "--wording",
        "ok",
    ),
    "consent shown for letters": case("customer", "consent", "show", "--number", "abc"),
    # staff
    "staff add a non-UTF-8 login": case("staff", "add", BAD, "--name", "X"),
    "staff add a non-UTF-8 name": case("staff", "add", "bob", "--name", BAD),
    "staff add a bad cell number": case("staff", "add", "bob", "--name", "Bob", "--sms", "12"),
    "staff add an unknown carrier": case(
        "staff", "add", "bob", "--name", "Bob", "--sms", "5145550150", "--carrier", "pigeon"
    ),
    "staff set an unknown login": case("staff", "set", "nobody", "--name", "X"),
    "staff add an existing login": case("staff", "add", "marie", "--name", "Again"),
    "staff add a missing key file": case(
        "staff", "add", "bob", "--name", "Bob", "--ssh-key", "{tmp}/missing.pub"
    ),
    "staff add a folder as key": case("staff", "add", "bob", "--name", "Bob", "--ssh-key", "{tmp}"),
    "staff add a key that is not one": case(
        "staff",
        "add",
        "bob",
        "--name",
        "Bob",
        "--ssh-key",
        "{tmp}/junk.pub",
        files={"junk.pub": b"this is not a key\n"},
    ),
    "staff add by an unknown login": case(
        "--as", "nobody", "staff", "add", "bob", "--name", "Bob", bare=False
    ),
    "text an unknown employee": case("text-employees", "--to", "nobody", "hello"),
    "text employees non-UTF-8 stdin": case(
        "text-employees", "--to", "marie", "-", stdin=b"caf\xe9"
    ),
    # balance
    "buy a huge bundle": case("balance", "buy", "9" * 40, "--price", "10"),
    "buy no segments": case("balance", "buy", "0", "--price", "10"),
    "buy negative segments": case("balance", "buy", "-5", "--price", "10"),
    "buy at 1e999999": case("balance", "buy", "100", "--price", "1e999999"),
    "buy at inf": case("balance", "buy", "100", "--price", "inf"),
    "buy at nan": case("balance", "buy", "100", "--price", "nan"),
    "buy at a negative price": case("balance", "buy", "100", "--price", "-3"),
    "buy at a tenth of a cent": case("balance", "buy", "100", "--price", "0.001"),
    "buy at a word": case("balance", "buy", "100", "--price", "cheap"),
    "allow a negative limit": case("balance", "allow-negative", "-1"),
    "allow a huge limit": case("balance", "allow-negative", "9" * 30),
    # shop
    "quiet hours at 25:00": case("shop", "set", "--quiet-hours", "25:00-08:00"),
    "quiet hours in words": case("shop", "set", "--quiet-hours", "evenings"),
    "an unknown country": case("shop", "set", "--country", "ZZ"),
    "an unknown time zone": case("shop", "set", "--time-zone", "Mars/Olympus"),
    "an unknown province": case("shop", "set", "--province", "XX"),
    # numbers
    "add a short sending number": case("numbers", "add", "12", "--queue", "transactional"),
    "add a negative rate": case(
        "numbers", "add", "4386013599", "--queue", "transactional", "--rate", "-1"
    ),
    "add a rate in words": case(
        "numbers", "add", "4386013599", "--queue", "transactional", "--rate", "fast"
    ),
    "remove an unknown number": case("numbers", "remove", "5145559999"),
    # customers
    "customer with a bad mobile": case("customer", "add", "--name", "X", "--mobile", "12"),
    "customer number too large": case("customer", "edit", "9" * 20, "--name", "X"),
    "customer number unknown": case("customer", "edit", "999", "--name", "X"),
    "customer number in words": case("customer", "edit", "first", "--name", "X"),
    "contact with a bad mobile": case(
        "customer", "contact", "add", "1", "--name", "X", "--mobile", "bad"
    ),
    # reports
    "report on a 13th month": case("report", "messages", "--date", "2026-13-45"),
    "usage of a 13th month": case("report", "usage", "--month", "2026-13"),
    "report into a missing folder": case(
        "report", "messages", "--date", "2026-01-01", "--csv", "{tmp}/nowhere/out.csv"
    ),
    "report into a folder": case("report", "messages", "--date", "2026-01-01", "--csv", "{tmp}"),
    "report on the calendar's last day": case("report", "messages", "--date", "9999-12-31"),
    "report to the calendar's end": case(
        "report", "messages", "--date", "2026-01-01", "--to", "9999-12-31"
    ),
    "usage of the calendar's last month": case("report", "usage", "--month", "9999-12"),
    "add an infinite rate": case(
        "numbers", "add", "4386013599", "--queue", "transactional", "--rate", "inf"
    ),
    "exclude a huge customer number": case("promote", "--exclude", "9" * 12),
    # promotions and job texts
    "promote to huge visits": case("promote", "--min-visits", "9" * 20),
    "promote since a non-date": case("promote", "--since", "yesterday"),
    "promote above 1e999999": case("promote", "--min-spent", "1e999999"),
    "report an unknown promotion": case("promote", "report", "Nothing"),
    "notify an unknown job": case("notify", "--job", "NOPE", "--kind", "confirmation"),
    "preview an unknown job": case("job-text", "--job", "NOPE", "--kind", "thanks", "--preview"),
    # imports
    "import a missing file": case("import", "customers", "{tmp}/missing.csv"),
    "import a folder": case("import", "customers", "{tmp}"),
    "import a non-UTF-8 file": case(
        "import",
        "customers",
        "{tmp}/latin.csv",
        files={"latin.csv": b"external_id,name\n1,Caf\xe9\n"},
    ),
    "import a 200 kB cell": case(
        "import",
        "customers",
        "{tmp}/big.csv",
        files={"big.csv": b"external_id,name\nC-9," + b"x" * 200_000 + b"\n"},
    ),
    "import without its columns": case(
        "import", "customers", "{tmp}/cols.csv", files={"cols.csv": b"who,what\n1,2\n"}
    ),
    "import rejected into a missing folder": case(
        "import",
        "customers",
        "{tmp}/c.csv",
        "--rejected",
        "{tmp}/nowhere/r.csv",
        files={"c.csv": GOOD_CUSTOMERS.encode()},
        listing=True,
    ),
    "import a job in year 9999": case(
        "import",
        "jobs",
        "{tmp}/j.csv",
        files={
            "j.csv": b"external_id,customer_id,job_type,start\n"
            b"J-1,C-1,Oil,2026-05-01 10:00\nJ-2,C-1,Oil,9999-12-31 23:30\n"
        },
        listing=True,
    ),
    # the database
    "an unreachable PostgreSQL": case(
        "--database",
        "postgresql+psycopg://shop:secret@127.0.0.1:1/shop",
        "staff",
        "list",
        bare=True,
    ),
    "a database URL in words": case("--database", "my shop", "staff", "list", bare=True),
    "a database in a missing folder": case(
        "--database", "sqlite:///{tmp}/nowhere/x.db", "staff", "list", bare=True
    ),
    "a folder as the database": case("--database", "sqlite:///{tmp}", "staff", "list", bare=True),
    "a backup into a missing folder": case("db", "backup", "{tmp}/nowhere/copy.db"),
    "a backup over a file": case("db", "backup", "{tmp}/taken.db", files={"taken.db": b"x"}),
    # settings
    "a settings file that is not TOML": case("staff", "list", config=b"[worker\nbatch = "),
    "a settings file with an unknown key": case("staff", "list", config=b"colour = 'red'\n"),
    "a batch of zero": case("staff", "list", config=b"[worker]\nbatch_size = 0\n"),
    "a lease under the timeout": case("staff", "list", config=b"[worker]\nlease_seconds = 3\n"),
    "a settings file in Latin-1": case("staff", "list", config=b"staff = 'caf\xe9'\n"),
    "a missing settings file": case("--config", "{tmp}/none.toml", "staff", "list"),
    "a folder as settings file": case("--config", "{tmp}", "staff", "list"),
    "TUI_SMS_PROVIDER not JSON": case("staff", "list", env={"TUI_SMS_PROVIDER": "not json"}),
    "a batch size in words": case("staff", "list", env={"TUI_SMS_WORKER__BATCH_SIZE": "many"}),
    "a negative lease": case("staff", "list", env={"TUI_SMS_WORKER__LEASE_SECONDS": "-1"}),
    "an unknown language": case("staff", "list", env={"TUI_SMS_LANGUAGE": "de"}),
    "a database URL variable in words": case(
        "staff", "list", env={"TUI_SMS_DATABASE_URL": "nowhere"}, bare=True
    ),
    "a non-UTF-8 staff variable": case(
        "send",
        "--to",
        "5145550123",
        "hi",
        env={"TUI_SMS_STAFF": BAD, "TUI_SMS_DATABASE_URL": "sqlite:///{tmp}/shop.db"},
        bare=True,
    ),
    "mail replies to an unknown login": case("mail", "forward", "--sms-to", "nobody"),
}


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory) -> Path:
    """One shop, built once: a customer with consent, an admin, a bundle; copied per case."""
    path = tmp_path_factory.mktemp("template") / "shop.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        shop = make_shop(session)
        session.add(Staff(login="boss", display_name="Boss", role="admin"))
        make_customer(session, shop, "Carole Tremblay", "+15145550123")
    engine.dispose()
    return path


def stored(path: Path) -> dict[str, set[tuple]]:
    """Every row of every table of the SQLite file."""
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {name: set(connection.execute(f'SELECT * FROM "{name}"')) for name in names}


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exited:  # argparse's refusals
        return int(exited.code or 0)


def fill(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp))


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_input_is_one_sentence_and_loses_nothing(
    name, shop_file, tmp_path, monkeypatch, capsys
):
    bad = CASES[name]
    database = tmp_path / "shop.db"
    shutil.copy(shop_file, database)
    before = stored(database)
    for file_name, content in bad.files.items():
        target = tmp_path / file_name
        target.mkdir() if content is None else target.write_bytes(content)
    argv = [fill(part, tmp_path) for part in bad.argv]
    if bad.config is not None:
        (tmp_path / "config.toml").write_bytes(bad.config)
        argv = ["--config", str(tmp_path / "config.toml"), *argv]
    if not bad.bare:
        argv = ["--database", f"sqlite:///{database}", "--as", "boss", *argv]
    for key, value in bad.env.items():
        monkeypatch.setenv(key, fill(value, tmp_path))
    if bad.stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad.stdin)))

    code = run(argv)

    err = capsys.readouterr().err
    sentences = [line for line in err.splitlines() if line.startswith("tui-sms:")]
    assert code not in (0, INTERNAL_ERROR), err
    assert "Traceback" not in err
    assert len(sentences) == 1, err
    if not bad.listing:
        assert err.strip() == sentences[0], err
    assert "secret" not in err
    after = stored(database)
    for table, rows in before.items():
        assert rows <= after[table], f"{table} lost rows"


def test_an_import_lists_its_rejected_rows_when_their_file_cannot_be_written(
    shop_file, tmp_path, capsys
):
    database = tmp_path / "shop.db"
    shutil.copy(shop_file, database)
    (tmp_path / "c.csv").write_text(GOOD_CUSTOMERS)
    rejected = tmp_path / "nowhere" / "r.csv"
    url = f"sqlite:///{database}"
    code = run(["--database", url, "--as", "boss", "import", "customers", str(tmp_path / "c.csv"),
                "--rejected", str(rejected)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "line 3: “notanumber” is not a phone number" in err
    assert "could not be written to" in err and "the other rows were imported" in err
    with sqlite3.connect(database) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM customer")}
    assert "Ann Roy" in names and "Bob Lee" not in names


def test_a_job_in_year_9999_is_rejected_alone(shop_file, tmp_path, capsys):
    database = tmp_path / "shop.db"
    shutil.copy(shop_file, database)
    url = f"sqlite:///{database}"
    (tmp_path / "c.csv").write_text("external_id,name\nC-1,Ann Roy\n")
    assert (
        run(["--database", url, "--as", "boss", "import", "customers", str(tmp_path / "c.csv")])
        == 0
    )
    (tmp_path / "j.csv").write_text(
        "external_id,customer_id,job_type,start\n"
        "J-1,C-1,Oil,2026-05-01 10:00\nJ-2,C-1,Oil,9999-12-31 23:30\nJ-3,C-1,Oil,0001-01-01 00:00\n"
    )
    assert run(["--database", url, "--as", "boss", "import", "jobs", str(tmp_path / "j.csv")]) == 1
    err = capsys.readouterr().err
    assert "line 3: start '9999-12-31 23:30' is not a date a job can have" in err
    assert "line 4: start '0001-01-01 00:00'" in err
    with sqlite3.connect(database) as connection:
        jobs = {row[0] for row in connection.execute("SELECT external_id FROM job")}
    assert jobs == {"J-1"}
