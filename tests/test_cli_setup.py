"""The setup commands' refusals: one sentence on stderr and exit 1, for a staff member who is
not an admin and for a database with no shop yet."""

from __future__ import annotations

import pytest

from tui_sms.cli import main


def test_a_staff_member_is_refused_the_admin_commands(tmp_path, capsys):
    db = ["--database", f"sqlite:///{tmp_path / 'shop.db'}"]
    assert main([*db, "shop", "show"]) == 1
    assert "This database has no shop yet: set it up with 'tui-sms shop set'" in (
        capsys.readouterr().err
    )
    assert main([*db, "--as", "marie", "shop", "set", "--name", "G", "--country", "CA",
                 "--province", "ON"]) == 0  # fmt: skip
    assert main([*db, "--as", "marie", "staff", "add", "paul", "--name", "Paul"]) == 0
    capsys.readouterr()
    assert main([*db, "--as", "paul", "numbers", "add", "4386013562", "--queue",
                 "transactional"]) == 1  # fmt: skip
    assert capsys.readouterr().err == (
        "tui-sms: Only an administrator can manage the shop's sending numbers: ask marie.\n"
    )
    assert main([*db, "--as", "marie", "numbers", "add", "4386013562", "--queue",
                 "transactional"]) == 0  # fmt: skip
    assert "(438) 601-3562   transactional  1/s" in capsys.readouterr().out


def test_the_sandbox_refuses_an_account_sid_that_is_not_one(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["sandbox", "--account-sid", "AC123"])
    assert exited.value.code == 2
    assert "AC followed by 32 hexadecimal digits" in capsys.readouterr().err
