"""The storage commands through main.main: demo data and the audit chain."""
from __future__ import annotations

import sqlite3

from checklists.common.vocabulary import FindingState
from main import main
from storage.workspace import Workspace


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
