"""OpenSSH as the door: a real sshd on a loopback port, two staff keys whose
authorized_keys lines force who they are, two `ssh -tt` sessions in tmux, and a claim by
one appearing on the other's screen."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.e2e.test_tmux import _screen, _tmux, _wait_for, kill_session, new_session

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(SSHD).exists(), reason="openssh-server is not installed"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
TUI_SMS = Path(sys.executable).with_name("tui-sms")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def keygen(path: Path) -> Path:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f", str(path)],
        check=True,
    )
    return path


def tui_sms(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(TUI_SMS), *args], env=env, check=True, capture_output=True)


@pytest.fixture
def shop_over_ssh(tmp_path):
    """A demo shop's database, an authorized_keys made by `tui-sms staff set --ssh-key`,
    and sshd on a free loopback port, its sessions pointed at that shop."""
    home = tmp_path / "shop"
    home.mkdir(mode=0o700)
    config = home / "config.toml"
    config.write_text(f'database_url = "sqlite:///{home / "shop.db"}"\n')
    config.chmod(0o600)
    env = {
        **os.environ,
        "TUI_SMS_CONFIG": str(config),
        "XDG_DATA_HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
    }
    tui_sms(env, "demo")
    authorized = home / "authorized_keys"
    keys = {}
    for login in ("marie", "luc"):
        keys[login] = keygen(home / f"{login}_key")
        tui_sms(
            env,
            "staff",
            "set",
            login,
            "--ssh-key",
            f"{keys[login]}.pub",
            "--authorized-keys",
            str(authorized),
        )
    host_key = keygen(home / "host_key")
    port = free_port()
    sshd_config = home / "sshd_config"
    sshd_config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {host_key}",
                f"AuthorizedKeysFile {authorized}",
                f"PidFile {home / 'sshd.pid'}",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "StrictModes no",
                f"AllowUsers {os.environ.get('USER') or subprocess.getoutput('whoami')}",
                # The shop account's settings, as a real deployment puts in its environment.
                f"SetEnv TUI_SMS_CONFIG={config} XDG_DATA_HOME={home} XDG_CONFIG_HOME={home}",
            ]
        )
        + "\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    sshd = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(sshd_config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    try:
        yield port, keys
    finally:
        sshd.terminate()
        sshd.wait(timeout=10)


def ssh_session(port: int, key: Path) -> str:
    session = f"ssh-{uuid.uuid4().hex[:8]}"
    user = os.environ.get("USER") or subprocess.getoutput("whoami")
    command = (
        f"ssh -tt -p {port} -i {key} -o StrictHostKeyChecking=no "
        f"-o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o LogLevel=ERROR "
        # Asking for another identity changes nothing: the key's line forces its login.
        f"{user}@127.0.0.1 tui-sms --as luc"
    )
    new_session(session, command)
    return session


def unassigned(session: str) -> int:
    """The count on the unassigned view's tab, as this person's screen shows it."""
    # "Non assig." where the line is short of room.
    found = re.search(r"Non assig(?:nées|\.) (\d+)", _screen(session))
    assert found, _screen(session)
    return int(found.group(1))


def unassigned_list_open(session: str) -> bool:
    lines = _screen(session).splitlines()
    rows = [line.split("│")[0] for line in lines[3:-1]]
    names_an_assignee = any("Gagnon" in row or "Bouchard" in row for row in rows)
    return "· non assignée ·" in lines[1] and not names_an_assignee and "—" in "".join(rows)


def test_two_staff_over_ssh_see_each_others_claims(shop_over_ssh):
    port, keys = shop_over_ssh
    marie = ssh_session(port, keys["marie"])
    luc = ssh_session(port, keys["luc"])
    try:
        for session in (marie, luc):
            # The views line appears once the thread list has loaded, after the header.
            _wait_for(session, "Non assig")
        assert "Marie Gagnon" in _screen(marie).splitlines()[0], "the key chose the login"
        assert "Luc Bouchard" in _screen(luc).splitlines()[0]
        before = unassigned(luc)
        _tmux("send-keys", "-t", marie, "3")  # the unassigned view
        # The list is the unassigned one once no row names an assignee, and the open
        # conversation is one of them once its header says so (a key pressed before the
        # list has loaded has no thread to act on).
        deadline = time.monotonic() + 30
        while not unassigned_list_open(marie):
            assert time.monotonic() < deadline, _screen(marie)
            time.sleep(0.2)
        _tmux("send-keys", "-t", marie, "c")  # claim it
        _wait_for(marie, "assignée à Marie Gagnon")
        deadline = time.monotonic() + 30
        while unassigned(luc) != before - 1:
            assert time.monotonic() < deadline, (
                f"the claim never showed:\n{_screen(luc)}\nMarie's screen:\n{_screen(marie)}"
            )
            time.sleep(0.2)
    finally:
        for session in (marie, luc):
            kill_session(session)
