"""The entry point: which arguments start the GUI, and what a console without a display gets."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from main import gui_workspace

ROOT = Path(__file__).resolve().parents[1]


def test_gui_is_started_without_a_command():
    assert gui_workspace([]) == (True, None)
    assert gui_workspace(["--workspace", "w.sitecheck"]) == (True, Path("w.sitecheck"))
    assert gui_workspace(["--workspace=w.sitecheck"]) == (True, Path("w.sitecheck"))
    assert gui_workspace(["checklists", "list"])[0] is False
    assert gui_workspace(["--workspace", "w", "demo"])[0] is False
    assert gui_workspace(["--help"])[0] is False


def run_main(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), **(env_extra or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=env, timeout=60, cwd=ROOT)


def test_no_display_gives_a_clear_message_not_a_crash(tmp_path):
    if not sys.platform.startswith("linux"):
        return
    done = run_main("--workspace", str(tmp_path / "w.sitecheck"))
    assert done.returncode == 1
    assert "no display" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "w.sitecheck").exists()  # nothing was created


def test_starting_the_gui_does_not_import_the_commands():
    code = ("import sys, main; main.has_display = lambda: False; main.main([]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('yaml', 'reportlab', 'sqlite_utils', 'cryptography', 'export')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_usage_error_exit_status(tmp_path):
    done = run_main("--workspace", str(tmp_path / "w"), "no-such-command")
    assert done.returncode == 2 and "invalid choice" in done.stderr
