"""Settings that cannot work stop the program with one sentence naming the key; the auth
token never comes from a settings file other users can read."""

from __future__ import annotations

import pytest

from tui_sms.config import load_settings
from tui_sms.domain.errors import ConfigError


def write(tmp_path, text: str, mode: int = 0o600):
    path = tmp_path / "config.toml"
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[worker]\nbatch_size = 0\n", "worker.batch_size"),
        ("[worker]\npoll_interval = -1\n", "worker.poll_interval"),
        ("[worker]\nsend_interval = 0\n", "worker.send_interval"),
        ("[worker]\nlease_seconds = -1\n", "worker.lease_seconds"),
        ("[provider]\ntimeout = -2\n", "provider.timeout"),
        ("[mail]\ninterval = 0\n", "mail.interval"),
    ],
)
def test_zero_or_negative_sizes_and_intervals_are_refused_naming_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError, match=rf"'{key}' is wrong: Input should be greater than"):
        load_settings(write(tmp_path, text))


def test_a_negative_interval_from_the_environment_names_the_variable(monkeypatch):
    monkeypatch.setenv("TUI_SMS_WORKER__POLL_INTERVAL", "-1")
    with pytest.raises(ConfigError, match="TUI_SMS_WORKER__POLL_INTERVAL is wrong"):
        load_settings()


def test_a_lease_not_above_the_provider_timeout_is_refused(tmp_path):
    path = write(tmp_path, "[worker]\nlease_seconds = 3\n[provider]\ntimeout = 10\n")
    with pytest.raises(ConfigError, match=r"'worker.lease_seconds' \(3\) must be above"):
        load_settings(path)
    path = write(tmp_path, "[worker]\nlease_seconds = 11\n[provider]\ntimeout = 10\n")
    assert load_settings(path).worker.lease_seconds == 11


def test_a_nested_variable_that_is_not_json_is_one_sentence(monkeypatch):
    monkeypatch.setenv("TUI_SMS_PROVIDER", "not json")
    with pytest.raises(ConfigError, match="TUI_SMS_"):
        load_settings()


def test_the_auth_token_is_refused_from_a_settings_file_others_can_read(tmp_path):
    text = '[provider]\nkind = "twilio"\naccount_sid = "AC1"\nauth_token = "secret"\n'
    with pytest.raises(ConfigError, match=r"holds provider\.auth_token but other users can read"):
        load_settings(write(tmp_path, text, 0o644))
    assert load_settings(write(tmp_path, text, 0o600)).provider.auth_token == "secret"


def test_the_auth_token_comes_from_a_private_file_or_the_environment(tmp_path, monkeypatch):
    token = tmp_path / "token"
    token.write_text("from-file\n")
    token.chmod(0o644)
    path = write(tmp_path, f'[provider]\nauth_token_file = "{token}"\n', 0o644)
    settings = load_settings(path)
    with pytest.raises(ConfigError, match=r"named by provider\.auth_token_file can be read by"):
        settings.provider.resolved_auth_token()
    token.chmod(0o600)
    assert settings.provider.resolved_auth_token() == "from-file"
    monkeypatch.setenv("TUI_SMS_PROVIDER__AUTH_TOKEN", "from-env")
    assert load_settings(path).provider.resolved_auth_token() == "from-env"
