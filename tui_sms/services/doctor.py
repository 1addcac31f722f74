"""`tui-sms doctor`: what an operator checks on a shop server, each a line with what to do.

Every check returns one `Finding`; none raises, so one broken part never hides the others.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from tui_sms.config import Settings, config_file_path, mask_password
from tui_sms.domain.errors import ConfigError
from tui_sms.services.sender_lease import sender_missing
from tui_sms.store import migrate, seat
from tui_sms.store.engine import is_sqlite, make_engine, session_scope
from tui_sms.store.models import utcnow

OK, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass(frozen=True)
class Finding:
    level: str
    topic: str
    sentence: str


def diagnose(settings: Settings, config_file: str | None = None) -> list[Finding]:
    findings = [_settings(settings, config_file), _provider(settings), _mail(settings)]
    findings += list(_files(settings, config_file))
    engine = _database_engine(settings, findings)
    if engine is not None:
        findings.append(_sender(engine))
        engine.dispose()
    return findings


def _settings(settings: Settings, config_file: str | None) -> Finding:
    path = config_file_path(config_file)
    where = f"read from {path}" if path.is_file() else f"no file at {path}, environment only"
    return Finding(OK, "settings", f"Settings {where}.")


def _provider(settings: Settings) -> Finding:
    provider = settings.provider
    if provider.kind == "sandbox":
        return Finding(WARN, "provider", "The sandbox provider: no real text leaves this machine.")
    try:
        token = provider.resolved_auth_token()
    except ConfigError as error:
        return Finding(FAIL, "provider", error.sentence)
    if not provider.account_sid or not token:
        return Finding(
            FAIL,
            "provider",
            "Twilio needs provider.account_sid and the auth token "
            "(TUI_SMS_PROVIDER__AUTH_TOKEN or provider.auth_token_file).",
        )
    return Finding(OK, "provider", f"Twilio account {provider.account_sid}, auth token set.")


def _mail(settings: Settings) -> Finding:
    if not settings.mail.configured:
        return Finding(
            WARN, "mail", "No mail server: reply forwards wait (set mail.host and mail.sender)."
        )
    try:
        settings.mail.resolved_password()
    except ConfigError as error:
        return Finding(FAIL, "mail", error.sentence)
    return Finding(
        OK, "mail", f"Mail through {settings.mail.host}: try it with 'tui-sms mail test'."
    )


def _files(settings: Settings, config_file: str | None) -> Iterator[Finding]:
    url = settings.resolved_database_url()
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            path = Path(database)
            for checked in (path, path.parent):
                yield _private(checked, allow_group=bool(settings.shop_group))
    config = config_file_path(config_file)
    if config.is_file() and config.stat().st_mode & 0o002:
        yield Finding(FAIL, "files", f"Anyone can change {config}: run 'chmod o-w {config}'.")


def _private(path: Path, allow_group: bool) -> Finding:
    if not path.exists():
        return Finding(OK, "files", f"{path} does not exist yet: it will be created private.")
    mode = stat.S_IMODE(path.stat().st_mode)
    wide = mode & (0o007 if allow_group else 0o077)
    if wide:
        fix = "o-rwx" if allow_group else "go-rwx"
        return Finding(
            FAIL,
            "files",
            f"{path} is open to other users ({mode:04o}): run 'chmod {fix} {path}'.",
        )
    return Finding(OK, "files", f"{path} is private ({mode:04o}).")


def _database_engine(settings: Settings, findings: list[Finding]) -> Engine | None:
    url = settings.resolved_database_url()
    shown = mask_password(url)
    try:
        engine = make_engine(url, group=settings.shop_group)
        current = migrate.current_revision(engine)
        head = migrate.head_revision()
    except Exception as exc:  # any driver error: the sentence says what to check
        detail = mask_password(str(getattr(exc, "orig", None) or exc).splitlines()[0])
        findings.append(
            Finding(FAIL, "database", f"{shown} cannot be opened ({detail}): check database_url.")
        )
        return None
    if current != head:
        fix = "start tui-sms once" if is_sqlite(engine) else "run 'tui-sms db upgrade'"
        findings.append(
            Finding(FAIL, "database", f"{shown} is at schema {current}, not {head}: {fix}.")
        )
        return None
    findings.append(Finding(OK, "database", f"{shown}, schema up to date ({head})."))
    return engine


def _sender(engine: Engine) -> Finding:
    now = utcnow()
    with session_scope(engine) as session:
        state = seat.read_seat(session)
    if state.held(now):
        who = "the worker service" if state.kind == seat.WORKER else "a tui-sms app"
        return Finding(OK, "sender", f"Texts are sent by {who} ({state.holder}).")
    missing = sender_missing(engine, now)
    if missing is not None:
        return Finding(
            FAIL,
            "sender",
            f"Nothing is sending and {missing.waiting} texts wait: start the worker "
            "('systemctl start tui-sms-worker' or 'tui-sms worker').",
        )
    return Finding(
        WARN,
        "sender",
        "No sender runs now: texts go out once the worker or any tui-sms app runs.",
    )
