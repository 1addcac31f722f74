"""A shop's first day, exactly as README "Setting up a shop" tells it: the documented commands
run on an empty database, in twilio mode against a sandbox with fixed credentials on a free
loopback port, and the first text reaches the customer's phone as delivered."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from sqlmodel import select

from tests.e2e.workers import start_worker, stop, wait_for
from tui_sms.cli import main
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Message, Role, Staff

pytestmark = pytest.mark.slow

README = Path(__file__).parents[2] / "README.md"
SID = "AC" + "0123456789abcdef" * 2
TOKEN = "first-day-token"


def documented_commands() -> list[list[str]]:
    section = README.read_text(encoding="utf-8").split("## Setting up a shop", 1)[1]
    section = section.split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README's 'Setting up a shop' has no command block"
    return [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_steps_reach_delivered_in_twilio_mode(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    state = SandboxState(account_sid=SID, auth_token=TOKEN, status_delays=(0.05, 0.05, 0.1))
    with SandboxServer(state) as sandbox:
        env = {
            "TUI_SMS_DATABASE_URL": url,
            "TUI_SMS_STAFF": "marie",
            "TUI_SMS_PROVIDER__KIND": "twilio",
            "TUI_SMS_PROVIDER__BASE_URL": sandbox.base_url,
            "TUI_SMS_PROVIDER__ACCOUNT_SID": SID,
            "TUI_SMS_PROVIDER__AUTH_TOKEN": TOKEN,
            "TUI_SMS_WORKER__POLL_INTERVAL": "0.3",
            "TUI_SMS_WORKER__SEND_INTERVAL": "0.05",
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        commands = documented_commands()
        assert commands[-1] == ["tui-sms", "worker"]
        for command in commands[:-1]:
            assert command[0] == "tui-sms"
            if command[1] == "send":
                # A staff reply at night for the customer waits for a confirmation: that is
                # the quiet-hours rule at work, not the path under test.
                command = [*command[:2], "--send-in-quiet-hours", *command[2:]]
            assert main(command[1:]) == 0, (command, capsys.readouterr().err)
        printed = capsys.readouterr().out
        # Marie set up a French shop and chose no language of her own: the shop's speaks.
        assert "Le compte Twilio tui-sms sandbox est actif : 8 numéros peuvent texter." in printed
        assert re.search(r"^Administrateurs ?: +marie$", printed, re.M), printed

        worker = start_worker({**_os_environ(), **env}, tmp_path / "worker.log")
        engine = make_engine(url)
        try:
            assert wait_for(lambda: _statuses(engine) == ["delivered", "delivered"], 30, [worker])
        finally:
            stop(worker)
            engine.dispose()
        ledger = state.ledger()
    assert [m.from_ for m in ledger] == ["+14386013562", "+14386013562"]
    assert [m.to for m in ledger] == ["+15142361301", "+15142361301"]
    assert ledger[-1].body == "Bonjour Julie, votre auto est prête."
    assert "Garage Lavoie" in ledger[0].body  # the first-message disclaimer
    with session_scope(make_engine(url)) as session:
        paul = session.exec(select(Staff).where(Staff.login == "paul")).one()
        assert paul.role == Role.STAFF


def _os_environ() -> dict[str, str]:
    import os

    return dict(os.environ)


def _statuses(engine) -> list[str]:
    with session_scope(engine) as session:
        return [m.status for m in session.exec(select(Message).order_by(Message.id))]
