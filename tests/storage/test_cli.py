"""The storage commands: demo data, the audit chain, the inspections list."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from checklists.common.vocabulary import LOCAL_TZ, FindingState
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
                                      started_at=datetime(2030, 1, 2, 9, 30, tzinfo=LOCAL_TZ))
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


def test_demo_has_reinspections_whose_review_renders(tmp_path):
    """The sample data has re-inspections with issued 整改复查意见书: found by
    inspections list, reprinted by documents render --kind review."""
    path = tmp_path / "demo.sitecheck"
    done = _sitecheck("--workspace", str(path), "demo", "--inspections", "24")
    # 3 orders and 3 reviews; a seizure lifted with its review, and one still in force (24
    # inspections: the sample data is random, and with fewer none of the last 30 days has a 严重 hazard)
    assert done.returncode == 0 and "复查 3 次，文书 10 份" in done.stdout, done.stdout + done.stderr
    listed = _sitecheck("--workspace", str(path), "inspections", "list", "--limit", "100")
    reviews = [line.split("\t")[0] for line in listed.stdout.splitlines() if "\t复查\t" in line]
    assert len(reviews) == 3
    out = tmp_path / "review.pdf"
    render = _sitecheck("--workspace", str(path), "documents", "render", reviews[0], "--kind", "review",
                        "--out", str(out))
    assert render.returncode == 0 and "按原文重印" in render.stdout, render.stdout + render.stderr
    assert out.read_bytes().startswith(b"%PDF")
    with Workspace.open(path) as ws:
        opinions = [o for d in ws.documents(kind="review") for o in d.data["opinions"].values()]
        assert {"rectified", "partly", "not_rectified"} <= set(opinions)
        for re_insp in reviews:      # partly / not rectified: still ordered, with a new deadline
            parent = ws.inspection(ws.inspection(re_insp).parent_id)
            states = {f.state for f in ws.findings() if f.inspection_id == parent.id}
            assert FindingState.OPEN not in states and FindingState.RECTIFIED not in states
        seizures, [release] = ws.documents(kind="seizure"), ws.documents(kind="release")
        assert len(seizures) == 2 and release.data["seizure_id"] in [s.id for s in seizures]
        assert ws.audit_verify() == []


def test_demo_is_the_same_for_the_same_seed(tmp_path):
    from export.demo import fill_with_documents

    def picture(name: str) -> list:
        with Workspace.open(tmp_path / name) as ws:
            fill_with_documents(ws, inspections=10, today=datetime(2026, 11, 22).date())
            docs = sorted((d.kind, d.issued_at, d.number) for d in ws.documents())
            findings = sorted((f.description, f.state, str(f.deadline)) for f in ws.findings())
        return [docs, findings]

    assert picture("a.sitecheck") == picture("b.sitecheck")
