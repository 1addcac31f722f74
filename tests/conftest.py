"""Shared fixtures: real SQLite files in tmp_path (and PostgreSQL when CI provides one),
the real sandbox served by uvicorn on a loopback port, and settings pointing at both."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tui_sms.config import Settings
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope

POSTGRES_URL = os.environ.get("TUI_SMS_TEST_POSTGRES_URL")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests (real processes, the property run) first: pytest-xdist hands tests out
    in this order, so they run beside the many short ones instead of alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """No test reads or writes the real user's config or data directories."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in list(os.environ):
        if name.startswith("TUI_SMS_") and name != "TUI_SMS_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    # Nobody's staff setting, the `language` setting or the shop's: the locale decides, and a
    # test machine set to French must not turn the English expectations French.
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    # The interface language is the process's: a test whose clerk reads French must not
    # leave the next test in the same worker speaking French.
    from tui_sms.ui import i18n

    i18n.set_language("en")


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file at the newest schema, migrated once per test process: the tests'
    databases are copies of it. Running the twenty-odd migrations for each test cost a
    third of a second; the migrations themselves are tested in tests/store."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _migrated_postgres() -> Iterator[str | None]:
    """The PostgreSQL counterpart: a database at the newest schema, the template of each
    test's (CREATE DATABASE … TEMPLATE copies it in the server)."""
    if not POSTGRES_URL:
        yield None
        return
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"tmpl_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = make_engine(_postgres_url(name))
    migrate.upgrade(engine)
    engine.dispose()  # a template must have no connection while it is copied
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _postgres_url(name: str) -> str:
    assert POSTGRES_URL
    url = sa.engine.make_url(POSTGRES_URL).set(database=name)
    return url.render_as_string(hide_password=False)


def _postgres_database(template: str | None) -> Iterator[str]:
    """A fresh database on the CI PostgreSQL server, a copy of the migrated `template` (or
    empty without one), dropped afterwards."""
    assert POSTGRES_URL
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    copied = f' TEMPLATE "{template}"' if template else ""
    for attempt in range(20):
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copied}')
            break
        except sa.exc.OperationalError:
            # The server's autovacuum may be looking at the template for a moment.
            if attempt == 19:
                raise
            time.sleep(0.1)
    try:
        yield _postgres_url(name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def migrated_sqlite_copy(template: Path, path: Path) -> str:
    """The URL of `path`, a copy of the migrated template (unless a file is there)."""
    if not path.exists():
        shutil.copy(template, path)  # with its mode: the app's database files are private
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, _migrated_sqlite, _migrated_postgres) -> Iterator[str]:
    """A migrated, empty database: a SQLite file, and PostgreSQL when CI provides one."""
    if request.param == "sqlite":
        yield migrated_sqlite_copy(_migrated_sqlite, tmp_path / "shop.db")
        return
    if not _migrated_postgres:
        pytest.skip("TUI_SMS_TEST_POSTGRES_URL is not set")
    yield from _postgres_database(_migrated_postgres)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """A database with no schema at all, for the tests of the migrations themselves."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("TUI_SMS_TEST_POSTGRES_URL is not set")
    yield from _postgres_database(None)


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate.upgrade_if_needed(engine)  # a copy of the migrated template: nothing to run
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path, _migrated_sqlite) -> Iterator[Engine]:
    engine = make_engine(migrated_sqlite_copy(_migrated_sqlite, tmp_path / "shop.db"))
    migrate.upgrade_if_needed(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with session_scope(engine) as session:
        yield session


@pytest.fixture
def settings(tmp_path, _migrated_sqlite) -> Settings:
    """Settings for a SQLite file at the newest schema with nothing in it: the first start
    on an empty file migrates it (tests/store and tests/e2e take that path)."""
    url = migrated_sqlite_copy(_migrated_sqlite, tmp_path / "shop.db")
    return Settings(database_url=url, staff="marie")


@pytest.fixture
def sandbox():
    """The real sandbox provider, served by uvicorn on a free loopback port, with quick statuses."""
    from tui_sms.provider.sandbox.server import SandboxServer
    from tui_sms.provider.sandbox.state import SandboxState

    state = SandboxState(status_delays=(0.05, 0.05, 0.1), auto_reply_delay=0.2)
    with SandboxServer(state) as server:
        yield server


@pytest.fixture
def sandbox_settings(tmp_path, sandbox, _migrated_sqlite) -> Settings:
    url = migrated_sqlite_copy(_migrated_sqlite, tmp_path / "shop.db")
    settings = Settings(database_url=url, staff="marie")
    settings.provider.sandbox_url = sandbox.base_url
    settings.provider.account_sid = sandbox.state.account_sid
    settings.provider.auth_token = sandbox.state.auth_token
    settings.worker.poll_interval = 0.2
    settings.worker.send_interval = 0.1
    return settings
