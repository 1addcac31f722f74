"""Who is at the keyboard: `--as NAME` or the OS login; an unknown name is refused plainly."""

from __future__ import annotations

from tests.factories import make_shop
from tui_sms.cli import main
from tui_sms.services.runtime import open_runtime
from tui_sms.store.engine import session_scope


def test_unknown_staff_name_is_refused_with_a_sentence(settings, capsys):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        make_shop(session)
    code = main(["--database", settings.database_url, "--as", "nobody"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("tui-sms: 'nobody' is not a staff member of this shop")
    assert "Traceback" not in err


def test_os_login_is_used_without_as(settings, capsys, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "someone-else")
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        make_shop(session)
    assert main(["--database", settings.database_url]) == 1
    assert "'someone-else' is not a staff member" in capsys.readouterr().err


def test_known_staff_is_who_the_app_works_as(settings):
    from tui_sms.config import Settings

    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        make_shop(session)
    me = open_runtime(Settings(database_url=settings.database_url, staff="luc")).staff()
    assert me.display_name == "Luc Bouchard"
