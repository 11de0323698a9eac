"""Nothing outside SQLite touches a workspace file while a connection is open.

Closing any descriptor of a SQLite file drops every POSIX lock the process holds
on it; another process then finds the database unlocked, checkpoints and deletes
the -wal under the live connection, and later writes vanish.
"""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from storage.workspace import Workspace

from .conftest import ROOT, integrity_ok, run_cli

READER = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('select count(*) from sqlite_master').fetchone(); c.close()"


def _other_process_reads(path: Path) -> None:
    subprocess.run([sys.executable, "-c", READER, str(path)], check=True, timeout=30)


def _count_elsewhere(path: Path, name: str) -> int:
    script = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
              "print(c.execute('select count(*) from enterprise where name = ?', [sys.argv[2]]).fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", script, str(path), name], check=True,
                         capture_output=True, text=True, timeout=30)
    return int(out.stdout)


def test_a_background_open_keeps_the_wal_of_the_open_workspace(tmp_path):
    path = tmp_path / "ws.sitecheck"
    ws = Workspace.open(path)
    try:
        ws.add_enterprise(name="杭州瑞丰食品有限公司")
        job = threading.Thread(target=lambda: Workspace.open(path).close())   # as a GUI job does
        job.start()
        job.join()
        _other_process_reads(path)
        assert Path(f"{path}-wal").exists(), "another process deleted the WAL under a live connection"
        ws.add_enterprise(name="写在之后的单位")
        assert _count_elsewhere(path, "写在之后的单位") == 1
    finally:
        ws.close()
    with Workspace.open(path) as again:
        assert {e.name for e in again.enterprises()} >= {"杭州瑞丰食品有限公司", "写在之后的单位"}
        assert again.audit_verify() == []
    assert integrity_ok(path)


def test_the_gui_and_a_terminal_command_share_a_workspace(tmp_path):
    path = tmp_path / "ws.sitecheck"
    ws = Workspace.open(path)                    # the desktop program holds it open
    try:
        ws.add_enterprise(name="杭州瑞丰食品有限公司")
        done = run_cli("sync", "export", "--out", tmp_path / "b.scbundle", workspace=path)
        assert done.returncode == 0, done.stderr
        ws.add_enterprise(name="导出之后的单位")
        listed = run_cli("documents", "list", workspace=path)
        assert listed.returncode == 0, listed.stderr
    finally:
        ws.close()
    with Workspace.open(path) as again:
        assert len(again.enterprises()) == 2
        assert again.audit_verify() == []


def test_a_second_writer_is_told_the_workspace_is_busy(tmp_path):
    path = tmp_path / "ws.sitecheck"
    Workspace.open(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
         "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(30)", str(path)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        done = run_cli("sync", "export", "--out", tmp_path / "b.scbundle", workspace=path)
    finally:
        holder.kill()
        holder.wait(10)
    assert done.returncode == 1
    assert "工作区正被占用" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "b.scbundle").exists()
    assert integrity_ok(path)
