"""Shared fixtures: real SQLite files in tmp_path (and PostgreSQL when CI provides one),
the real sandbox served by uvicorn on a loopback port, and settings pointing at both."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

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


def _postgres_database() -> Iterator[str]:
    """A fresh database on the CI PostgreSQL server, dropped afterwards."""
    assert POSTGRES_URL
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """A migrated, empty database: a SQLite file, and PostgreSQL when CI provides one."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("TUI_SMS_TEST_POSTGRES_URL is not set")
    yield from _postgres_database()


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with session_scope(engine) as session:
        yield session


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'shop.db'}", staff="marie")


@pytest.fixture
def sandbox():
    """The real sandbox provider, served by uvicorn on a free loopback port, with quick statuses."""
    from tui_sms.provider.sandbox.server import SandboxServer
    from tui_sms.provider.sandbox.state import SandboxState

    state = SandboxState(status_delays=(0.05, 0.05, 0.1), auto_reply_delay=0.2)
    with SandboxServer(state) as server:
        yield server


@pytest.fixture
def sandbox_settings(tmp_path, sandbox) -> Settings:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'shop.db'}", staff="marie")
    settings.provider.sandbox_url = sandbox.base_url
    settings.provider.account_sid = sandbox.state.account_sid
    settings.provider.auth_token = sandbox.state.auth_token
    settings.worker.poll_interval = 0.2
    settings.worker.send_interval = 0.1
    return settings
