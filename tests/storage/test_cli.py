"""The storage commands: demo data, the audit chain, the inspections list."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from checklists.common.vocabulary import FindingState
from main import main
from storage.demo import fill
from storage.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


def test_demo_then_audit_verify_then_tamper(tmp_path, capsys):
    path = tmp_path / "demo.sitecheck"
    assert main(["--workspace", str(path), "demo", "--inspections", "6", "--photos"]) == 0
    out = capsys.readouterr().out
    assert "检查 6 次" in out

    with Workspace.open(path) as ws:
        states = {f.state for f in ws.findings(limit=10_000)}
        assert ws.count_findings() > 0
        assert FindingState.CLOSED in states
        photo = ws.photos()[0]
        assert ws.photo_bytes(photo.id, "thumb")[:2] == b"\xff\xd8"  # a JPEG
        names = [e.name for e in ws.enterprises()]
        assert any("𠀾" in n for n in names) or any("堃" in n for n in names)

    assert main(["--workspace", str(path), "audit", "verify"]) == 0
    assert "审计链完整" in capsys.readouterr().out

    conn = sqlite3.connect(path)
    conn.execute("UPDATE finding SET deadline = '2099-12-31' WHERE rowid = 1")  # a quiet extension
    conn.commit()
    conn.close()
    assert main(["--workspace", str(path), "audit", "verify"]) == 1
    captured = capsys.readouterr()
    assert "在审计之外被修改" in captured.out and "1 处问题" in captured.err


def test_audit_verify_on_a_non_workspace_is_a_clear_error(tmp_path, capsys):
    bogus = tmp_path / "photo.jpg"
    bogus.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    assert main(["--workspace", str(bogus), "audit", "verify"]) == 1
    assert "不是 SiteCheck 工作区" in capsys.readouterr().err
    assert bogus.read_bytes().startswith(b"\xff\xd8")


def test_usage_errors_exit_2(tmp_path):
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["--workspace", str(tmp_path / "w"), "demo", "--inspections", "many"])
    assert exc.value.code == 2


def _sitecheck(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_inspections_list_newest_first_with_filters(tmp_path):
    path = tmp_path / "w.sitecheck"
    with Workspace.open(path) as ws:
        fill(ws, inspections=5)
        ent = ws.enterprises()[0]
        used = ws.checklists()[0]
        hashes = [used.hash]
        started = ws.start_inspection(ent.id, hashes, [{"name": "王建国", "cert_no": "1"}, {"name": "李晓燕", "cert_no": "2"}],
                                      started_at=datetime(2030, 1, 2, 9, 30).astimezone())
        newest_first = [i.id for i in ws.inspections()]
    done = _sitecheck("--workspace", str(path), "inspections", "list")
    assert done.returncode == 0, done.stderr
    header, *lines = done.stdout.splitlines()
    assert header.split("\t") == ["检查ID", "日期", "企业", "方式", "检查表", "状态"]
    assert [line.split("\t")[0] for line in lines] == newest_first
    first = lines[0].split("\t")
    assert first == [started.id, "2030-01-02 09:30", ent.name, "四不两直", used.id,
                     "进行中 / in progress"]
    assert all(line.endswith("已完成 / finished") for line in lines[1:])

    limited = _sitecheck("--workspace", str(path), "inspections", "list", "--limit", "2")
    assert len(limited.stdout.splitlines()) == 3
    for wanted in (ent.id, ent.name[2:6]):
        by_ent = _sitecheck("--workspace", str(path), "inspections", "list", "--enterprise", wanted)
        rows = [line.split("\t") for line in by_ent.stdout.splitlines()[1:]]
        assert rows and {r[2] for r in rows} == {ent.name}
    none = _sitecheck("--workspace", str(path), "inspections", "list", "--enterprise", "不存在的企业%")
    assert none.returncode == 0 and none.stdout.strip() == "没有检查记录 / no inspections"


def test_inspections_list_refuses_a_bad_limit_in_chinese(tmp_path):
    done = _sitecheck("--workspace", str(tmp_path / "w.sitecheck"), "inspections", "list", "--limit", "0")
    assert done.returncode == 2
    assert "“0” 应为正整数" in done.stderr and "Traceback" not in done.stderr
