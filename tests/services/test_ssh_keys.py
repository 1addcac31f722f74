"""authorized_keys lines that tie each SSH key to one staff member."""

from __future__ import annotations

import stat
import subprocess

import pytest

from tests.factories import make_shop
from tui_sms.cli import main
from tui_sms.domain.errors import UserError
from tui_sms.services import ssh_keys
from tui_sms.services.runtime import open_runtime
from tui_sms.store.engine import session_scope


def keypair(tmp_path, name: str):
    key = tmp_path / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@counter", "-f", str(key)],
        check=True,
    )
    return key.with_suffix(".pub")


def test_staff_add_with_a_key_writes_a_forced_command_line_and_staff_keys_lists_it(
    settings, tmp_path, capsys
):
    with session_scope(open_runtime(settings).engine) as session:
        make_shop(session)
    authorized = tmp_path / "home" / ".ssh" / "authorized_keys"
    authorized.parent.mkdir(parents=True)
    authorized.write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIadmin admin@laptop\n")
    pub = keypair(tmp_path, "paul")
    base = ["--database", settings.database_url, "staff"]
    assert (
        main(
            [
                *base,
                "add",
                "paul",
                "--name",
                "Paul",
                "--ssh-key",
                str(pub),
                "--authorized-keys",
                str(authorized),
            ]
        )
        == 0
    )
    lines = authorized.read_text().splitlines()
    assert lines[0] == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIadmin admin@laptop"
    assert lines[1].startswith('command="') and '--as paul",restrict,pty ssh-ed25519 ' in lines[1]
    assert lines[1].endswith(" tui-sms:paul")
    assert stat.S_IMODE(authorized.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main([*base, "keys", "--authorized-keys", str(authorized)]) == 0
    out = capsys.readouterr().out
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(pub)], check=True, capture_output=True, text=True
    ).stdout.split()[1]
    assert out.split() == ["paul", "ssh-ed25519", fingerprint]

    # The same key cannot stand for a second person.
    code = main(
        [
            *base,
            "add",
            "anne",
            "--name",
            "Anne",
            "--ssh-key",
            str(pub),
            "--authorized-keys",
            str(authorized),
        ]
    )
    assert code == 1
    assert "already belongs to the staff member paul" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("", "exactly one public key"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "exactly one public key"),
        ("hello world", "is not an SSH public key"),
        ("ssh-ed25519 AAAAB3NzaC1yc2E= x", "damaged SSH public key"),
        ("ssh-ed25519 not-base64!! x", "damaged SSH public key"),
    ],
)
def test_a_file_that_is_not_one_public_key_is_refused(tmp_path, text, sentence):
    bad = tmp_path / "key.pub"
    bad.write_text(text)
    with pytest.raises(UserError, match=sentence):
        ssh_keys.add_key(tmp_path / "authorized_keys", "/opt/tui-sms", "paul", bad)
    assert not (tmp_path / "authorized_keys").exists()


def test_a_login_that_could_escape_the_forced_command_is_refused(tmp_path):
    pub = keypair(tmp_path, "eve")
    with pytest.raises(UserError, match="cannot be used over SSH"):
        ssh_keys.add_key(tmp_path / "authorized_keys", "/opt/tui-sms", 'x" ; sh', pub)
