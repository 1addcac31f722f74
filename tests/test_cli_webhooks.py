"""The webhook settings and the worker's refusals: one sentence, exit 2, no traceback."""

from __future__ import annotations

import socket

import pytest

from tui_sms.cli import main


def test_a_public_url_that_is_not_a_web_address_is_one_sentence(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUI_SMS_WEBHOOKS__PUBLIC_URL", "garage.example/twilio")
    assert main(["--database", f"sqlite:///{tmp_path / 'shop.db'}", "worker"]) == 2
    err = capsys.readouterr().err
    assert "TUI_SMS_WEBHOOKS__PUBLIC_URL" in err and "https URL" in err
    assert "Traceback" not in err


def test_a_webhook_port_in_use_is_one_sentence(tmp_path, monkeypatch, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("TUI_SMS_WEBHOOKS__PUBLIC_URL", "https://garage.example/twilio")
        monkeypatch.setenv("TUI_SMS_WEBHOOKS__LISTEN", f"127.0.0.1:{port}")
        assert main(["--database", f"sqlite:///{tmp_path / 'shop.db'}", "worker"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tui-sms: The worker cannot listen for webhooks on 127.0.0.1:{port}")
    assert err.count("\n") == 1


def test_the_sandbox_refuses_a_webhook_url_that_is_not_one(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["sandbox", "--webhook-url", "localhost:8788/inbound"])
    assert exited.value.code == 2
    assert "http or https URL" in capsys.readouterr().err
