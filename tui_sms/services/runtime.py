"""Opening the storage and the provider from settings: shared by the CLI, the worker and the app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine, make_url

from tui_sms.config import Settings, data_dir, mask_password
from tui_sms.domain.errors import ConfigError, NotFound
from tui_sms.provider.base import Provider
from tui_sms.store import migrate
from tui_sms.store.engine import is_sqlite, make_engine, session_scope
from tui_sms.store.models import Staff
from tui_sms.store.queries import people


@dataclass
class Runtime:
    settings: Settings
    engine: Engine

    def staff(self) -> Staff:
        """The person at the keyboard, or NotFound with a sentence that says what to do."""
        login = self.settings.resolved_staff()
        with session_scope(self.engine) as session:
            member = people.staff_by_login(session, login)
        if member is None or not member.active:
            raise NotFound(
                f"'{login}' is not a staff member of this shop: ask a manager to add you "
                "(tui-sms staff add), or start with --as NAME."
            )
        return member


def check_database_directory(url: str) -> None:
    """A SQLite file's directory must exist, except the default data directory (made on
    demand): a mistyped --database would otherwise quietly start an empty shop elsewhere."""
    if not url.startswith("sqlite"):
        return
    try:
        database = make_url(url).database
    except Exception:  # make_engine below says what is wrong with the URL
        return
    if not database or database == ":memory:":
        return
    directory = Path(database).expanduser().parent
    if directory.resolve() == data_dir().resolve() or directory.is_dir():
        return
    raise ConfigError(
        f"The database directory {directory} does not exist: create it first, "
        "or give --database a file in a directory that exists."
    )


def open_runtime(settings: Settings) -> Runtime:
    """Open the database; an embedded SQLite file is migrated to the latest schema by itself."""
    url = settings.resolved_database_url()
    check_database_directory(url)
    try:
        engine = make_engine(url, group=settings.shop_group)
    except Exception as exc:  # SQLAlchemy raises several types for a malformed URL
        raise ConfigError(
            f"The database URL {mask_password(url)!r} cannot be used: {mask_password(str(exc))}."
        ) from exc
    try:
        if is_sqlite(engine):
            migrate.upgrade_if_needed(engine)
            up_to_date = True
        else:
            up_to_date = migrate.is_up_to_date(engine)
    except sa_exc.OperationalError as exc:
        raise ConfigError(unreachable_sentence(url, exc)) from exc
    if not up_to_date:
        raise ConfigError(
            "The database schema is not up to date: run 'tui-sms db upgrade' once, "
            "then start again."
        )
    return Runtime(settings=settings, engine=engine)


def unreachable_sentence(url: str, exc: BaseException) -> str:
    """One sentence for a database that does not answer, without its password."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    detail = mask_password(reason[0]) if reason else type(exc).__name__
    return (
        f"The database at {mask_password(url)} cannot be reached ({detail}): "
        "check database_url and that the database server is running."
    )


@dataclass(frozen=True)
class SandboxDoor:
    """How to reach the in-process sandbox's `/sandbox/...` controls (demo only): its URL and
    the header carrying its control token. Never printed: the token is a secret."""

    base_url: str
    control_headers: dict[str, str]


@asynccontextmanager
async def open_provider(
    settings: Settings,
    *,
    auto_reply: Callable[[str, str], str | None] | None = None,
    on_sandbox: Callable[[SandboxDoor], None] | None = None,
) -> AsyncIterator[Provider]:
    """The configured provider; with the sandbox and no URL, a sandbox served in this process
    (`on_sandbox` is then told how to reach its controls, e.g. to simulate a customer)."""
    # httpx and the client load here: the app's first frame needs neither.
    from tui_sms.provider.twilio import TwilioClient

    provider = settings.provider
    if provider.kind == "twilio":
        token = provider.resolved_auth_token()
        if not provider.account_sid or not token:
            raise ConfigError(
                "The Twilio provider needs provider.account_sid and its auth token "
                "(TUI_SMS_PROVIDER__AUTH_TOKEN or provider.auth_token_file)."
            )
        async with TwilioClient(
            provider.account_sid, token, provider.base_url, timeout=provider.timeout
        ) as client:
            yield client
        return
    if provider.sandbox_url:
        async with TwilioClient(
            provider.account_sid or "AC" + "0" * 32,
            provider.resolved_auth_token() or "sandbox",
            provider.sandbox_url,
            timeout=provider.timeout,
        ) as client:
            yield client
        return
    from tui_sms.provider.sandbox.server import SandboxServer
    from tui_sms.provider.sandbox.state import SandboxState

    state = SandboxState()
    if auto_reply is not None:
        state.auto_reply = auto_reply
    server = SandboxServer(state)
    server.start()
    if on_sandbox is not None:
        on_sandbox(SandboxDoor(server.base_url, server.control_headers))
    try:
        async with TwilioClient(
            state.account_sid, state.auth_token, server.base_url, timeout=provider.timeout
        ) as client:
            yield client
    finally:
        server.stop()
