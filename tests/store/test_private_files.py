"""Files holding customer data are private: a new SQLite database and its directory are the
owner's alone (or the shop group's), and no printed URL or error shows a password."""

from __future__ import annotations

import grp
import os
import stat

import pytest

from tui_sms.config import Settings, mask_password
from tui_sms.domain.errors import ConfigError
from tui_sms.services.runtime import open_runtime
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_directories_are_private_to_the_owner(tmp_path):
    path = tmp_path / "var" / "tui-sms" / "shop.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    for sidecar in path.parent.glob("shop.db-*"):
        assert mode(sidecar) == 0o600, sidecar


def test_with_a_shop_group_the_database_is_shared_with_that_group_only(tmp_path):
    group = grp.getgrgid(os.getgid()).gr_name
    path = tmp_path / "shared" / "shop.db"
    engine = make_engine(f"sqlite:///{path}", group=group)
    migrate.upgrade(engine)
    engine.dispose()
    assert mode(path) == 0o660 and path.stat().st_gid == os.getgid()
    assert mode(path.parent) == 0o2770


def test_an_existing_database_keeps_its_mode(tmp_path):
    path = tmp_path / "shop.db"
    path.touch()
    path.chmod(0o640)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o640


def test_passwords_in_urls_are_masked():
    text = "worker running on postgresql+psycopg://shop:S3cret!x@db.example:5432/tuisms"
    assert mask_password(text) == (
        "worker running on postgresql+psycopg://shop:***@db.example:5432/tuisms"
    )
    assert mask_password("sqlite:////var/lib/tui-sms/shop.db") == (
        "sqlite:////var/lib/tui-sms/shop.db"
    )


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://shop:S3cretPW@127.0.0.1:1/tuisms",
        "postgresql+psycopg://shop:S3cretPW@127.0.0.1:notaport/tuisms",
        "nosuchdb://shop:S3cretPW@host/x",
    ],
)
def test_a_bad_or_unreachable_database_is_one_sentence_without_the_password(url):
    with pytest.raises(ConfigError) as caught:
        open_runtime(Settings(database_url=url))
    sentence = str(caught.value)
    assert "S3cretPW" not in sentence and "***" in sentence
    assert "\n" not in sentence
