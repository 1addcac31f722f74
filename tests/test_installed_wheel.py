"""The built wheel, installed in a fresh venv outside the source tree, starts and shows the
demo: every file the app reads at run time (stylesheet, themes, migrations) is packaged.

.ci/run does the same with the wheel's dependencies downloaded into the venv; here they come
from the test environment (a path line in a .pth file) so the test stays quick. The wheel
itself is installed without them, and the check refuses a tui_sms imported from the tree.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1]
LEFT_BEHIND = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")


def _run(*command: str | Path, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_the_installed_wheel_starts_outside_the_source_tree(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TUI_SMS_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(HOME=str(tmp_path / "home"), TUI_SMS_STAFF="ci")
    # Built from a copy: setuptools keeps stale files in the tree's build/ folder, which
    # would hide a file that is no longer packaged.
    tree = tmp_path / "tree"
    shutil.copytree(SOURCE, tree, ignore=shutil.ignore_patterns(*LEFT_BEHIND))
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "-w",
        tmp_path / "dist",
        tree,
        cwd=outside,
        env=env,
    )
    (wheel,) = (tmp_path / "dist").glob("tui_sms-*.whl")
    venv.create(tmp_path / "venv", with_pip=False)
    python = tmp_path / "venv" / "bin" / "python"
    installed_site = Path(
        _run(
            python,
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
            cwd=outside,
            env=env,
        ).strip()
    )
    _run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--target",
        installed_site,
        wheel,
        cwd=outside,
        env=env,
    )
    (installed_site / "test-dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    database_url = f"sqlite:///{tmp_path / 'shop.db'}"
    env["TUI_SMS_DATABASE_URL"] = database_url
    tui_sms = [python, "-m", "tui_sms"]
    assert '"revision"' in _run(*tui_sms, "db", "upgrade", cwd=outside, env=env)
    _run(*tui_sms, "demo", cwd=outside, env=env)
    shutil.copy(SOURCE / ".ci" / "installed_app_check.py", outside)
    said = _run(python, "installed_app_check.py", SOURCE, database_url, "ci", cwd=outside, env=env)
    assert "rendered in every shipped theme" in said
