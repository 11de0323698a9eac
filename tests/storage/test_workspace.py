"""The Workspace facade against a real SQLite file."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest

from checklists.common.errors import InvalidInput, InvalidTransition, NotFound, WorkspaceError
from checklists.common.vocabulary import LOCAL_TZ, FindingState, HazardLevel, Rectification, Result
from storage.ledger import FindingQuery
from storage.migrations import LATEST
from storage.workspace import Workspace

INSPECTORS = [{"name": "王建国", "cert_no": "33010020230001"},
              {"name": "李晓燕", "cert_no": "33010020230002"}]


@pytest.fixture
def inspection(ws):
    ent = ws.add_enterprise(name="杭州堃喆机械制造有限公司", credit_code="91350100M000100Y43",
                            district="西湖区", phone="0571-87654321")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    return ws.start_inspection(ent.id, [checklist.hash], INSPECTORS), checklist


def test_new_workspace_has_builtin_checklists_and_schema(tmp_path):
    path = tmp_path / "new.sitecheck"
    with Workspace.open(path) as ws:
        ids = {c.id for c in ws.checklists()}
        assert {"general-sbls", "elevator-user", "boiler-user", "cylinder-filling",
                "cylinder-user", "dust-explosion", "ammonia-refrigeration", "confined-space",
                "gas-user", "hazchem-user"} <= ids
        assert ws.db.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert ws.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        device = ws.device_id
    with Workspace.open(path) as again:
        assert again.device_id == device  # identity survives reopening
        assert len(again.checklists()) == len(ids)


def test_opening_a_foreign_file_is_refused_and_leaves_it_alone(tmp_path):
    foreign = tmp_path / "notes.txt"
    foreign.write_bytes(b"not a database at all")
    with pytest.raises(WorkspaceError, match="不是 SiteCheck 工作区"):
        Workspace.open(foreign)
    assert foreign.read_bytes() == b"not a database at all"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.sitecheck"
    Workspace.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.close()
    with pytest.raises(WorkspaceError, match="较新版本"):
        Workspace.open(path)


def test_enterprise_validation_names_the_field_and_writes_nothing(ws):
    before = ws.db.execute("SELECT COUNT(*) FROM enterprise").fetchone()[0]
    with pytest.raises(InvalidInput) as err:
        ws.add_enterprise(name="某公司", credit_code="91350100M000100Y44")
    assert err.value.field == "统一社会信用代码" and "校验位" in str(err.value)
    with pytest.raises(InvalidInput, match="单位名称"):
        ws.add_enterprise(name="  ")
    with pytest.raises(InvalidInput, match="联系电话"):
        ws.add_enterprise(name="某公司", phone="12345")
    assert ws.db.execute("SELECT COUNT(*) FROM enterprise").fetchone()[0] == before


def test_enterprise_search_finds_chinese_substrings(ws):
    ws.add_enterprise(name="杭州燊垚锅炉工程有限公司", district="萧山区")
    ws.add_enterprise(name="杭州𠀾鑫燃气有限公司", district="余杭区")
    assert [e.name for e in ws.enterprises("锅炉")] == ["杭州燊垚锅炉工程有限公司"]
    assert [e.name for e in ws.enterprises("𠀾")] == ["杭州𠀾鑫燃气有限公司"]
    assert [e.name for e in ws.enterprises("余杭")] == ["杭州𠀾鑫燃气有限公司"]
    assert ws.enterprises("100%") == []  # LIKE wildcards are escaped


def test_equipment_due_lists_overdue_and_soon(ws):
    ent = ws.add_enterprise(name="某物业公司")
    today = date(2026, 11, 22)
    late = ws.add_equipment(ent.id, kind="elevator", name="1号梯", next_inspection_date="2026-11-01")
    soon = ws.add_equipment(ent.id, kind="elevator", name="2号梯", next_inspection_date="2026-12-10")
    ws.add_equipment(ent.id, kind="elevator", name="3号梯", next_inspection_date="2027-06-01")
    due = ws.equipment_due(within_days=30, today=today)
    assert [e.id for e in due] == [late.id, soon.id]
    assert late.overdue(today) and not soon.overdue(today)
    with pytest.raises(InvalidInput, match="设备类别"):
        ws.add_equipment(ent.id, kind="rocket")


def test_inspection_needs_two_inspectors_with_certificates(ws):
    ent = ws.add_enterprise(name="某公司")
    hashes = [ws.checklists()[0].hash]
    with pytest.raises(InvalidInput, match="至少需要两名执法人员"):
        ws.start_inspection(ent.id, hashes, INSPECTORS[:1])
    with pytest.raises(InvalidInput, match="执法人员2的执法证号"):
        ws.start_inspection(ent.id, hashes, [INSPECTORS[0], {"name": "李晓燕", "cert_no": ""}])
    with pytest.raises(NotFound):
        ws.start_inspection("no-such-enterprise", hashes, INSPECTORS)
    assert ws.db.execute("SELECT COUNT(*) FROM inspection").fetchone()[0] == 0


def test_inspection_records_checklist_versions_and_family(ws, inspection):
    insp, checklist = inspection
    assert insp.checklists[0] == {"id": checklist.id, "version": checklist.version,
                                  "hash": checklist.hash}
    assert insp.family == "ems"
    elevator = next(c for c in ws.checklists() if c.id == "elevator-user")
    samr = ws.start_inspection(insp.enterprise_id, [elevator.hash], INSPECTORS)
    assert samr.family == "samr"


def test_answers_are_saved_and_changed_in_place(ws, inspection):
    insp, checklist = inspection
    item = next(checklist.items())
    ws.set_answer(insp.id, checklist.hash, item.id, result="pass")
    ws.set_answer(insp.id, checklist.hash, item.id, result=Result.FAIL, note="未见责任制文件")
    answers = ws.answers(insp.id)
    assert len(answers) == 1
    answer = answers[(checklist.hash, item.id)]
    assert answer.result == Result.FAIL and answer.note == "未见责任制文件"
    with pytest.raises(NotFound):
        ws.set_answer(insp.id, checklist.hash, "XX-99-99", result="pass")
    with pytest.raises(InvalidInput, match="检查结果"):
        ws.set_answer(insp.id, checklist.hash, item.id, result="maybe")


def test_number_answers_are_checked(ws):
    ent = ws.add_enterprise(name="某印染公司")
    boiler = next(c for c in ws.checklists() if c.id == "boiler-user")
    insp = ws.start_inspection(ent.id, [boiler.hash], INSPECTORS)
    item = next(i for i in boiler.items() if i.answer.kind == "number")
    ws.set_answer(insp.id, boiler.hash, item.id, value="1.25")
    assert ws.answers(insp.id)[(boiler.hash, item.id)].value == "1.25"
    with pytest.raises(InvalidInput, match="不是数字"):
        ws.set_answer(insp.id, boiler.hash, item.id, value="一点二")


def test_finding_closed_loop(ws, inspection):
    insp, checklist = inspection
    item = next(checklist.items())
    finding = ws.add_finding(insp.id, description="未建立全员安全生产责任制",
                             checklist_hash=checklist.hash, item_id=item.id,
                             level=HazardLevel.MAJOR, deadline=date(2026, 12, 15))
    assert finding.state == FindingState.OPEN
    assert finding.basis == tuple(str(c) for c in item.basis)  # basis preset from the item
    with pytest.raises(InvalidTransition, match="不能从「待处理」变为「已整改待复查」"):
        ws.transition(finding.id, FindingState.RECTIFIED)
    for state in (FindingState.ORDERED, FindingState.RECTIFIED, FindingState.CLOSED):
        finding = ws.transition(finding.id, state)
    assert finding.state == FindingState.CLOSED
    assert [e.state for e in ws.finding_events(finding.id)] == ["open", "ordered", "rectified", "closed"]
    with pytest.raises(InvalidTransition):
        ws.transition(finding.id, FindingState.ORDERED)


def test_finding_closed_on_the_spot_and_deadline_required(ws, inspection):
    insp, _ = inspection
    spot = ws.add_finding(insp.id, description="安全出口堵塞", rectification=Rectification.IMMEDIATE)
    assert ws.transition(spot.id, "closed", note="当场整改").state == FindingState.CLOSED
    undated = ws.add_finding(insp.id, description="x", rectification="deadline", deadline="")
    with pytest.raises(InvalidInput, match="整改期限"):
        ws.transition(undated.id, "ordered")  # an order needs the date
    assert ws.finding(undated.id).state == FindingState.OPEN
    with pytest.raises(InvalidInput, match="日期无效"):
        ws.add_finding(insp.id, description="x", deadline="2026-02-30")


def test_ledger_filters_overdue_and_text(ws, inspection):
    insp, _ = inspection
    today = date(2026, 11, 22)
    ws.clock = lambda: datetime(2026, 11, 1, 9, 0, tzinfo=LOCAL_TZ)   # found before the deadlines passed
    late = ws.add_finding(insp.id, description="配电箱门锁损坏", deadline=today - timedelta(days=3))
    ws.add_finding(insp.id, description="灭火器压力不足", deadline=today + timedelta(days=10))
    done = ws.add_finding(insp.id, description="疏散通道堆放杂物", deadline=today - timedelta(days=9))
    ws.transition(done.id, "closed")
    overdue = ws.findings(FindingQuery(overdue_on=today))
    assert [f.id for f in overdue] == [late.id]
    assert ws.count_findings(FindingQuery(states=(FindingState.OPEN,))) == 2
    assert [f.description for f in ws.search_findings("灭火器")] == ["灭火器压力不足"]
    assert [f.description for f in ws.search_findings("门锁")] == ["配电箱门锁损坏"]  # 2 chars
    assert [f.description for f in ws.search_findings("杂")] == ["疏散通道堆放杂物"]   # 1 char
    assert ws.search_findings("锈") == [] and ws.search_findings('"') == []
    ws.update_finding(late.id, description="配电箱箱门锈蚀")
    assert [f.id for f in ws.search_findings("锈")] == [late.id]
    assert ws.search_findings("门锁") == []  # the old text left the index
    assert ws.count_findings(FindingQuery(text="箱门", overdue_on=today)) == 1
    rows = ws.ledger(FindingQuery(district="西湖区", order_by="deadline", descending=False))
    assert rows[0].enterprise_name == "杭州堃喆机械制造有限公司"
    assert next(r.finding.description for r in rows) == "疏散通道堆放杂物"
    assert ws.hazard_counts(today) == {"open": 2, "overdue": 1, "major_open": 0, "closed": 1,
                                       "total": 3}


def test_failed_write_leaves_nothing_behind(ws, inspection):
    insp, _ = inspection
    events_before = ws.db.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]
    with pytest.raises(InvalidInput), ws.transaction():
        ws.add_finding(insp.id, description="第一项")
        ws.add_finding(insp.id, description="")
    assert ws.count_findings() == 0
    assert ws.db.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0] == events_before


def test_audit_chain_catches_edits_reorders_and_removals(ws, inspection):
    insp, _checklist = inspection
    finding = ws.add_finding(insp.id, description="原始描述", deadline="2026-12-31")
    ws.transition(finding.id, "ordered")
    assert ws.audit_verify() == []

    ws.db.execute("UPDATE finding SET description = '被篡改' WHERE id = ?", [finding.id])
    assert any("审计之外被修改" in str(p) for p in ws.audit_verify())
    ws.db.execute("UPDATE finding SET description = '原始描述' WHERE id = ?", [finding.id])
    assert ws.audit_verify() == []

    ws.db.execute("UPDATE audit_event SET payload = '{\"row\":\"x\"}' WHERE device_seq = 3")
    assert any("事件内容被修改" in str(p) for p in ws.audit_verify())


def test_audit_chain_catches_removed_event(ws, inspection):
    insp, _ = inspection
    ws.add_finding(insp.id, description="甲")
    ws.add_finding(insp.id, description="乙")
    ws.db.execute("DELETE FROM audit_event WHERE device_seq = 2")
    problems = [str(p) for p in ws.audit_verify()]
    assert any("缺失" in p for p in problems)


def test_time_ordered_ids(ws):
    ids = [ws.add_enterprise(name=f"单位{n}").id for n in range(20)]
    assert ids == sorted(ids)
    assert all(i[14] == "7" for i in ids)  # UUID version 7


def test_document_numbers_are_never_reused(ws, inspection):
    insp, _ = inspection
    ws.clock = lambda: datetime(2026, 11, 1, 9, 0, tzinfo=LOCAL_TZ)
    finding = ws.add_finding(insp.id, description="x", deadline="2026-12-01")
    fmt = lambda seq, year: f"（杭）应急责改〔{year}〕A07-{seq:03d}号"  # noqa: E731
    render = lambda number, at: (f"%PDF {number}".encode(), "hash")  # noqa: E731
    first = ws.issue_document(insp.id, "order", series="责改A07", format_number=fmt, render=render,
                              transitions=[(finding.id, FindingState.ORDERED)])
    assert first.number == "（杭）应急责改〔2026〕A07-001号" or first.number.endswith("A07-001号")
    assert ws.finding(finding.id).state == FindingState.ORDERED

    def broken(number, at):
        raise RuntimeError("printer on fire")

    with pytest.raises(RuntimeError):
        ws.issue_document(insp.id, "order", series="责改A07", format_number=fmt, render=broken)
    second = ws.issue_document(insp.id, "order", series="责改A07", format_number=fmt, render=render,
                               supersedes_id=first.id)
    assert second.number.endswith("A07-002号")  # the failed attempt used no number
    assert ws.document_pdf(first.id) == f"%PDF {first.number}".encode()
    assert ws.superseded_by(first.id).id == second.id


def test_closing_and_reopening_keeps_everything(tmp_path):
    path = tmp_path / "w.sitecheck"
    with Workspace.open(path, clock=lambda: datetime(2026, 11, 22, 9, 30, tzinfo=LOCAL_TZ)) as ws:
        ent = ws.add_enterprise(name="某公司")
        assert ws.enterprise(ent.id).created_at.startswith("2026-11-22T09:30")
    with Workspace.open(path) as ws:
        assert ws.enterprise(ent.id).name == "某公司"
        assert ws.audit_verify() == []


def test_open_without_create_refuses_a_missing_file(tmp_path):
    missing = tmp_path / "gone" / "w.sitecheck"
    with pytest.raises(WorkspaceError, match="不存在"):
        Workspace.open(missing, create=False)
    assert not missing.parent.exists()


def test_a_setting_set_to_none_is_removed(ws):
    ws.set_settings({"review_draft:x": {"a": 1}, "doc_prefix": "A07-"})
    ws.set_settings({"review_draft:x": None})
    assert "review_draft:x" not in ws.settings() and ws.setting("doc_prefix") == "A07-"


def test_a_killed_process_keeps_what_was_saved(tmp_path):
    """What a write returned is on disk: SIGKILL right after it loses nothing."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "w.sitecheck"
    Workspace.open(path).close()
    script = (
        "import sys, time\n"
        "from storage.workspace import Workspace\n"
        "ws = Workspace.open(sys.argv[1])\n"
        "e = ws.add_enterprise(name='杭州瑞丰食品有限公司')\n"
        "print(e.id, flush=True)\n"
        "with ws.transaction():\n"
        "    ws.add_enterprise(name='未提交的单位')\n"
        "    print('inside', flush=True)\n"
        "    time.sleep(60)\n"
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=root,
                            stdout=subprocess.PIPE, text=True)
    saved_id = proc.stdout.readline().strip()
    assert proc.stdout.readline().strip() == "inside"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    with Workspace.open(path) as ws:
        assert [e.id for e in ws.enterprises()] == [saved_id]   # the open transaction is gone
        assert ws.audit_verify() == []


def test_uuid7_is_a_version_7_uuid_in_time_order():
    import uuid

    from storage.ids import uuid7

    ids = [uuid7() for _ in range(2000)]
    parsed = [uuid.UUID(i) for i in ids]
    assert all(str(u) == i and u.version == 7 and u.variant == uuid.RFC_4122 for u, i in zip(parsed, ids))
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
