"""A --database in a directory that does not exist is refused with one sentence; only the
default data directory is made on demand."""

from __future__ import annotations

import pytest

from tui_sms.cli import main
from tui_sms.config import Settings, data_dir
from tui_sms.domain.errors import ConfigError
from tui_sms.services.runtime import open_runtime


def test_a_database_in_a_missing_directory_is_refused_and_nothing_is_made(tmp_path, capsys):
    missing = tmp_path / "typo" / "shop.db"
    code = main(["--database", f"sqlite:///{missing}", "balance"])
    assert code == 2
    error = capsys.readouterr().err.strip()
    assert error == (
        f"tui-sms: The database directory {missing.parent} does not exist: create it first, "
        "or give --database a file in a directory that exists."
    )
    assert not missing.parent.exists()


def test_the_default_data_directory_is_made_on_demand(tmp_path):
    assert not data_dir().exists()
    runtime = open_runtime(Settings(staff="marie"))
    runtime.engine.dispose()
    assert (data_dir() / "tui-sms.db").is_file()
    with pytest.raises(ConfigError):
        open_runtime(Settings(database_url=f"sqlite:///{tmp_path}/nope/x.db"))
