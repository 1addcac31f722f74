"""Settings: a TOML file plus `TUI_SMS_*` environment variables (pydantic-settings).

Precedence, highest first: command-line overrides, environment, the TOML file, defaults.
The file is `--config PATH`, else `$TUI_SMS_CONFIG`, else `config.toml` in the platform's
config directory (optional). Every path is computed in a function, never at import time,
so tests point everything at `tmp_path`.
"""

from __future__ import annotations

import getpass
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tui_sms.domain.errors import ConfigError

APP_NAME = "tui-sms"
ENV_PREFIX = "TUI_SMS_"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_themes_dir() -> Path:
    """Where a user drops their own Textual theme files (`*.toml`)."""
    return config_dir() / "themes"


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'tui-sms.db'}"


class ProviderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["sandbox", "twilio"] = "sandbox"
    # Empty: the worker starts the sandbox inside its own process on a free loopback port.
    sandbox_url: str = ""
    account_sid: str = ""
    # The token comes from the environment or `auth_token_file` (0600); in a settings file
    # only when nobody but its owner can read that file (checked in `load_settings`).
    auth_token: str = ""
    auth_token_file: str = ""
    base_url: str = "https://api.twilio.com"
    timeout: float = Field(default=10.0, gt=0)

    def resolved_auth_token(self) -> str:
        """The auth token, or ConfigError with the sentence that says what to fix."""
        if self.auth_token:
            return self.auth_token
        if self.auth_token_file:
            return read_private_file(
                Path(self.auth_token_file).expanduser(), "provider.auth_token_file"
            )
        return ""


class WorkerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Zero or negative sizes and intervals cannot work (a batch of 0 never sends; a negative
    # interval spins): refused with the key's name.
    poll_interval: float = Field(default=1.0, gt=0)
    send_interval: float = Field(default=0.5, gt=0)
    batch_size: int = Field(default=20, ge=1)
    # Must stay above provider.timeout (checked in `load_settings`): a claim running out
    # while its post may still be in flight is how a customer gets a text twice.
    lease_seconds: float = Field(default=30.0, gt=0)
    # Rate slots are booked this far ahead so a number never idles between two rounds.
    booking_horizon_seconds: float = Field(default=1.5, ge=0)
    # Added to every rate slot: absorbs the jitter between our clock and the carrier's.
    rate_guard_seconds: float = Field(default=0.05, ge=0)
    retry_base_seconds: float = Field(default=2.0, gt=0)
    retry_max_seconds: float = Field(default=300.0, gt=0)
    # How often the worker schedules job reminders that are coming due (and follows moves).
    reminder_interval: float = Field(default=60.0, gt=0)


class MailSettings(BaseModel):
    """The SMTP server that carries reply forwards and texts to carrier e-mail gateways.

    The password is never in this file nor in the database: `password_env` names an
    environment variable holding it, or `password_file` a file only its owner can read.
    """

    model_config = ConfigDict(extra="forbid")

    host: str = ""
    # 0: the usual port for the TLS mode (587 STARTTLS, 465 implicit TLS, 25 none).
    port: int = Field(default=0, ge=0, le=65535)
    tls: Literal["starttls", "tls", "none"] = "starttls"
    user: str = ""
    password_env: str = ""
    password_file: str = ""
    sender: str = ""
    timeout: float = Field(default=20.0, gt=0)
    # Seconds between rounds of the mailer inside the worker.
    interval: float = Field(default=5.0, gt=0)

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)

    def resolved_port(self) -> int:
        return self.port or {"starttls": 587, "tls": 465, "none": 25}[self.tls]

    def resolved_password(self) -> str | None:
        """The SMTP password, or ConfigError with the sentence that says what to fix."""
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is None:
                raise ConfigError(
                    f"mail.password_env names the variable {self.password_env}, "
                    "which is not set in this environment."
                )
            return value
        if self.password_file:
            return read_private_file(Path(self.password_file).expanduser(), "mail.password_file")
        return None


def read_private_file(path: Path, key: str) -> str:
    """A secret kept in a file only its owner can read; `key` names the setting."""
    try:
        status = path.stat()
    except OSError:
        raise ConfigError(f"The file {path} named by {key} does not exist.") from None
    if status.st_mode & 0o077:
        raise ConfigError(
            f"The file {path} named by {key} can be read by other users: "
            f"run 'chmod 600 {path}' and try again."
        )
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        raise ConfigError(
            f"The file {path} named by {key} belongs to another user: "
            "it must belong to the user that runs tui-sms."
        )
    try:
        return path.read_text(encoding="utf-8").strip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The file {path} named by {key} cannot be read: {exc}.") from exc


class WebhookSettings(BaseModel):
    """Twilio's webhooks, served by the worker beside polling (docs/webhooks.md).

    `public_url` is the URL Twilio is configured with; signatures are checked against it,
    never against a URL rebuilt from the request, so a reverse proxy cannot break them.
    Empty: webhooks are off and polling alone brings replies and statuses.
    """

    model_config = ConfigDict(extra="forbid")

    listen: str = "127.0.0.1:8788"
    public_url: str = ""
    # With webhooks on, polling only catches what a webhook outage missed: less often.
    poll_interval: float = Field(default=30.0, gt=0)

    @field_validator("listen")
    @classmethod
    def _host_and_port(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError("expected host:port, e.g. 127.0.0.1:8788")
        return value

    @field_validator("public_url")
    @classmethod
    def _plain_http_url(cls, value: str) -> str:
        from urllib.parse import urlsplit

        if not value:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("expected the https URL Twilio is configured with")
        if parts.query or parts.fragment:
            raise ValueError("the public URL cannot hold a query or a fragment")
        return value.rstrip("/")

    @property
    def enabled(self) -> bool:
        return bool(self.public_url)

    def listen_address(self) -> tuple[str, int]:
        host, _, port = self.listen.rpartition(":")
        return host.strip("[]"), int(port)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid"
    )

    database_url: str = ""
    # An OS group whose members share the SQLite database (one OS account per person):
    # a new database is then 0660 in a setgid 0770 directory instead of 0600 in 0700.
    shop_group: str = ""
    provider: ProviderSettings = ProviderSettings()
    worker: WorkerSettings = WorkerSettings()
    mail: MailSettings = MailSettings()
    webhooks: WebhookSettings = WebhookSettings()
    staff: str = ""
    language: Literal["", "en", "fr"] = ""
    theme: str = "shop-dark"
    # Binding id -> keys ("f5", or "ctrl+n,f5" for two), applied with Textual's App.set_keymap.
    keymap: dict[str, str] = Field(default_factory=dict)

    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url()

    def resolved_staff(self) -> str:
        return self.staff or getpass.getuser()


_URL_PASSWORD = re.compile(r"(://[^:/?#@\s]*:)[^@/\s]*@")


def mask_password(text: str) -> str:
    """`text` with the password of every URL in it replaced by ***: for anything printed
    or logged (a database URL, an error that quotes one)."""
    return _URL_PASSWORD.sub(r"\1***@", text)


def config_file_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(f"{ENV_PREFIX}CONFIG")
    if from_env:
        return Path(from_env)
    return config_dir() / "config.toml"


def load_settings(config_file: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Read the settings, or raise ConfigError with one sentence naming the file and key."""
    path = config_file_path(config_file)
    if path.exists() and not path.is_file():
        raise ConfigError(f"Config file {path} is not a file: give the settings file's path.")
    if config_file and not path.is_file():
        raise ConfigError(f"Config file {path} does not exist.")
    file_data: dict[str, Any] = {}
    if path.is_file():
        try:
            file_data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Config file {path} is not valid TOML: {exc}.") from exc

    class _FromFile(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            toml = TomlConfigSettingsSource(settings_cls, toml_file=path)
            return (init_settings, env_settings, toml)

    clean = {key: value for key, value in overrides.items() if value is not None}
    try:
        loaded = _FromFile(**clean)
    except ValidationError as exc:
        raise ConfigError(_sentence_for(exc, path, file_data)) from exc
    except (ValueError, UnicodeError) as exc:
        # pydantic-settings parses a nested variable as JSON before validating it.
        raise ConfigError(_unreadable_environment(exc)) from exc
    _refuse_readable_token(path, file_data)
    _refuse_undecodable(loaded.model_dump(), [])
    _check_together(loaded)
    return loaded


def _refuse_readable_token(path: Path, file_data: dict[str, Any]) -> None:
    provider = file_data.get("provider")
    if not isinstance(provider, dict) or not provider.get("auth_token"):
        return
    if path.stat().st_mode & 0o077:
        raise ConfigError(
            f"Config file {path} holds provider.auth_token but other users can read it: "
            f"run 'chmod 600 {path}', or move the token to TUI_SMS_PROVIDER__AUTH_TOKEN "
            "or a file named by provider.auth_token_file."
        )


def _refuse_undecodable(values: dict[str, Any], where: list[str]) -> None:
    """A value whose bytes were not UTF-8 (an environment variable set in Latin-1 arrives
    as lone surrogates) would fail far from here, in the database or the provider."""
    for key, value in values.items():
        if isinstance(value, dict):
            _refuse_undecodable(value, [*where, key])
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                name = ".".join([*where, key])
                raise ConfigError(
                    f"Setting '{name}' holds bytes that are not UTF-8: set it again in UTF-8 "
                    f"(environment variable {ENV_PREFIX}{name.replace('.', '__').upper()} "
                    "or the settings file)."
                ) from None


def _check_together(settings: Settings) -> None:
    """Settings that are fine alone but cannot work together."""
    lease, timeout = settings.worker.lease_seconds, settings.provider.timeout
    if lease <= timeout:
        raise ConfigError(
            f"Setting 'worker.lease_seconds' ({lease:g}) must be above 'provider.timeout' "
            f"({timeout:g}): a claim that runs out while its text may still be on its way "
            "could text a customer twice."
        )


def _sentence_for(exc: ValidationError, path: Path, file_data: dict[str, Any]) -> str:
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"])
    in_file = _has_key(file_data, [str(part) for part in error["loc"]])
    where = f"Config file {path}" if in_file else f"Environment variable {ENV_PREFIX}"
    if error["type"] == "extra_forbidden":
        if in_file:
            return f"Config file {path}: unknown setting '{key}'."
        return f"Unknown setting '{key}'."
    if in_file:
        return f"{where}: setting '{key}' is wrong: {error['msg']}."
    env_name = ENV_PREFIX + "__".join(str(part) for part in error["loc"]).upper()
    return f"Environment variable {env_name} is wrong: {error['msg']}."


def _unreadable_environment(exc: Exception) -> str:
    """The sentence for a `TUI_SMS_*` variable pydantic-settings could not parse (a section
    given as something other than JSON), naming the variable when its message does."""
    found = re.search(r'field "([a-z_]+)"', str(exc))
    if found is None:
        return f"A TUI_SMS_* environment variable cannot be read: {exc}."
    name = ENV_PREFIX + found.group(1).upper()
    return (
        f"Environment variable {name} is not valid JSON: set one key per variable instead "
        f"({name}__KEY=value), or remove it."
    )


def _has_key(data: dict[str, Any], parts: list[str]) -> bool:
    node: Any = data
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True
