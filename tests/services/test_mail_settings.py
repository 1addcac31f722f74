"""Mail settings: the password never in the file, a private password file, and
`tui-sms mail test` against a real SMTP server on loopback."""

from __future__ import annotations

import pytest

from tests.smtp import free_port, smtp_server
from tui_sms.cli import main
from tui_sms.config import MailSettings, load_settings
from tui_sms.domain.errors import ConfigError


def test_mail_section_reads_from_the_file_and_forbids_unknown_keys(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        '[mail]\nhost = "smtp.example.com"\ntls = "tls"\nsender = "a@garage.example"\n'
    )
    settings = load_settings(config)
    assert settings.mail.configured and settings.mail.resolved_port() == 465
    config.write_text('[mail]\nhost = "smtp.example.com"\npassword = "hunter2"\n')
    with pytest.raises(ConfigError, match=r"unknown setting 'mail\.password'"):
        load_settings(config)


def test_password_from_the_environment(monkeypatch):
    settings = MailSettings(password_env="SHOP_SMTP_PASSWORD")
    with pytest.raises(ConfigError, match="SHOP_SMTP_PASSWORD"):
        settings.resolved_password()
    monkeypatch.setenv("SHOP_SMTP_PASSWORD", "s3cret")
    assert settings.resolved_password() == "s3cret"


def test_password_file_must_be_private(tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret\n")
    secret.chmod(0o644)
    settings = MailSettings(password_file=str(secret))
    with pytest.raises(ConfigError, match=r"can be read by other users: run 'chmod 600"):
        settings.resolved_password()
    secret.chmod(0o640)
    with pytest.raises(ConfigError, match="other users"):
        settings.resolved_password()
    secret.chmod(0o600)
    assert settings.resolved_password() == "s3cret"
    with pytest.raises(ConfigError, match="does not exist"):
        MailSettings(password_file=str(tmp_path / "nope")).resolved_password()


def _config(tmp_path, port: int) -> str:
    config = tmp_path / "config.toml"
    config.write_text(
        f'database_url = "sqlite:///{tmp_path / "shop.db"}"\n'
        f'[mail]\nhost = "127.0.0.1"\nport = {port}\ntls = "none"\n'
        'sender = "atelier@garage.example"\ntimeout = 5\n'
    )
    return str(config)


def test_mail_test_prints_the_server_answer_in_one_line(tmp_path, capsys):
    with smtp_server() as (inbox, port):
        config = _config(tmp_path, port)
        code = main(["mail", "test", "--config", config, "--to", "me@shop.example"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("\n") == 1 and "Ok: queued as TEST123" in out and "me@shop.example" in out
    [got] = inbox.received
    assert got.recipients == ["me@shop.example"]
    assert got.message["Subject"] == "tui-sms test message"
    assert "réglages du courriel fonctionnent" in got.message.get_content()


def test_mail_test_failure_is_one_sentence_and_exit_1(tmp_path, capsys):
    code = main(["mail", "test", "--config", _config(tmp_path, free_port())])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "cannot be reached" in err and "Traceback" not in err


def test_mail_test_without_settings_says_what_to_set(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text("")
    assert main(["mail", "test", "--config", str(config)]) == 2
    assert "mail.host and mail.sender" in capsys.readouterr().err
