"""The annual plan at headquarters: the draw stored and published (record and PDF),
verified from the command line, its tasks sent in a pack, and an inspection started
for a task on a laptop counted back at headquarters through its bundle."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pytest
from pypdf import PdfReader

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import LOCAL_TZ, TaskKind, TaskSource
from export.draw import render_pdf, write_draw
from export.sync.bundle import export_bundle, import_bundles
from export.sync.pack import export_pack, import_pack
from main import main
from storage import draw
from storage.workspace import Workspace

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=LOCAL_TZ)
PEOPLE = [{"name": n, "cert_no": c} for n, c in
          (("王建国", "A001"), ("李明", "A002"), ("张伟", "A003"), ("赵敏", "A004"))]
DEPARTMENT = {"name": "杭州市西湖区应急管理局", "abbr": "杭西应急", "government": "杭州市西湖区人民政府",
              "court": "杭州市西湖区人民法院"}
FIRMS = [("杭州恒达印染有限公司", "西湖区", "印染", "red"), ("杭州瑞丰化工有限公司", "西湖区", "化工", "blue"),
         ("杭州金桥食品有限公司", "西湖区", "化工", "yellow"), ("杭州堃喆机械制造有限公司", "滨江区", "机械", "blue"),
         ("杭州奕嬰餐饮管理有限公司", "滨江区", "机械", None), ("杭州宏图商业广场管理有限公司", "上城区", "商业", "orange")]


def headquarters(path) -> tuple[Workspace, str]:
    hq = Workspace.open(path, clock=lambda: NOW)
    hq.set_settings({"department": DEPARTMENT, "inspectors": PEOPLE})
    for name, district, industry, colour in FIRMS:
        hq.add_enterprise(name=name, district=district, industry=industry, risk_colour=colour)
    plan = hq.create_plan(title="2027年度双随机抽查计划", period_start="2027-01-01",
                          period_end="2027-12-31", ratio_percent=50, key_colours=["red"],
                          districts=["西湖区", "滨江区"])
    return hq, plan.id


@pytest.fixture
def hq(tmp_path):
    ws, plan_id = headquarters(tmp_path / "hq.sitecheck")
    yield ws, plan_id
    ws.close()


def drawn(ws: Workspace, plan_id: str, public_value: str = "上证指数 2026-11-30 收盘 3412.56"):
    return ws.run_draw(plan_id, draw_date="2026-12-01", public_value=public_value, drawn_by="刘洋")


def test_plan_defaults_and_refusals(hq):
    ws, plan_id = hq
    plan = ws.plan(plan_id)
    assert [p["cert_no"] for p in plan.inspectors] == ["A001", "A002", "A003", "A004"]
    assert plan.districts == ("滨江区", "西湖区") and plan.team_size == 2
    count = ws.execute("SELECT COUNT(*) FROM plan").fetchone()[0]
    for values, message in (
            (dict(ratio_percent=0), "抽查比例: 应为 1 到 100 之间的整数"),
            (dict(ratio_percent=10, period_end="2026-12-31"), "计划结束日期: 早于开始日期 2027-01-01"),
            (dict(ratio_percent=10, team_size=5), "执法人员名单只有 4 名，少于每组 5 名"),
            (dict(ratio_percent=10, key_colours=["purple"]), "重点企业风险等级")):
        with pytest.raises(InvalidInput, match=message):
            ws.create_plan(**{"title": "计划", "period_start": "2027-01-01",
                              "period_end": "2027-12-31", **values})
    assert ws.execute("SELECT COUNT(*) FROM plan").fetchone()[0] == count


def test_draw_stores_record_and_tasks_once(hq):
    ws, plan_id = hq
    result = drawn(ws, plan_id)
    names = [t.enterprise for t in result.tasks]
    assert names[0] == "杭州恒达印染有限公司" and result.tasks[0].kind == TaskKind.KEY
    assert "杭州宏图商业广场管理有限公司" not in names          # 上城区 is outside the plan
    # 西湖区/化工: 2 -> 1 drawn, 滨江区/机械: 2 -> 1 drawn
    assert len(result.tasks) == 3 and all(len(t.inspectors) == 2 for t in result.tasks)
    stored = ws.plan_draw(plan_id)
    assert stored["record"].encode() == result.record_bytes
    assert stored["record_sha256"] == hashlib.sha256(result.record_bytes).hexdigest()
    assert result.record["publisher"] == {"department": DEPARTMENT["name"], "drawn_by": "刘洋"}
    assert draw.verify(json.loads(result.record_bytes)) == []
    with pytest.raises(InvalidInput, match="该计划已于 2026-12-01 抽取，不能重新抽取"):
        drawn(ws, plan_id, "another value")
    assert ws.execute("SELECT COUNT(*) FROM plan_task").fetchone()[0] == 3
    assert ws.plan_progress(plan_id).total == 3 and ws.audit_verify() == []


def test_draw_without_a_department_changes_nothing(tmp_path):
    ws, plan_id = headquarters(tmp_path / "hq.sitecheck")
    with ws:
        ws.set_settings({"department": None})
        with pytest.raises(InvalidInput, match="设置中没有应急管理的执法部门名称"):
            drawn(ws, plan_id)
        assert ws.plan_draw(plan_id) is None and ws.plan_tasks() == []


def test_declared_conflict_and_last_team_are_honoured(hq):
    ws, plan_id = hq
    key = next(e for e in ws.enterprises() if e.name == "杭州恒达印染有限公司")
    for cert in ("A001", "A002"):
        ws.declare_conflict(cert, key.id, "近亲属在该企业任职")
    given = ws.draw_inputs(plan_id, "2026-12-01", "x")
    assert [p["conflicts"] for p in given.inspectors][:2] == [[key.id], [key.id]]
    result = drawn(ws, plan_id)
    assert [p["cert_no"] for p in result.tasks[0].inspectors] == ["A003", "A004"]


def test_published_files_and_the_verify_command(hq, tmp_path, capsys):
    ws, plan_id = hq
    result = drawn(ws, plan_id)
    out, pdf = tmp_path / "抽取记录.json", tmp_path / "公示.pdf"
    write_draw(ws, plan_id, out, pdf)
    assert out.read_bytes() == result.record_bytes
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("双随机抽查结果公示", DEPARTMENT["name"], "2027年度双随机抽查计划",
                     "上证指数 2026-11-30 收盘 3412.56", "刘洋", result.record["seed"],
                     hashlib.sha256(result.record_bytes).hexdigest(), "重点检查", "随机抽取",
                     *(t.enterprise for t in result.tasks)):
        assert expected in text.replace("\n", ""), expected
    assert main(["plan", "draw", "verify", str(out)]) == 0
    assert "抽取记录与重算结果一致" in capsys.readouterr().out
    record = json.loads(out.read_bytes())
    record["tasks"][0]["inspectors"] = ["A001", "A002"] if record["tasks"][0]["inspectors"] != [
        "A001", "A002"] else ["A003", "A004"]
    out.write_bytes(draw.record_bytes(record))
    assert main(["plan", "draw", "verify", str(out)]) == 1
    assert "第 1 项任务不符" in capsys.readouterr().err
    out.write_text("{}", encoding="utf-8")
    assert main(["plan", "draw", "verify", str(out)]) == 1
    assert "不是 SiteCheck 的双随机抽取记录" in capsys.readouterr().err


def test_pdf_of_a_record_is_the_same_every_time(hq):
    ws, plan_id = hq
    data = drawn(ws, plan_id).record_bytes
    assert render_pdf(data) == render_pdf(data)


def test_tasks_travel_in_the_pack_and_come_back_done(hq, tmp_path):
    ws, plan_id = hq
    result = drawn(ws, plan_id)
    export_pack(ws, tmp_path / "下发包.scpack")
    with Workspace.open(tmp_path / "field.sitecheck", clock=lambda: NOW) as field:
        field.set_settings({"inspectors": [PEOPLE[2], PEOPLE[3]]})
        report = import_pack(field, tmp_path / "下发包.scpack", trust=True)
        assert report.added["plan_task"] == 3 and report.added["plan"] == 1
        mine = field.plan_tasks(mine=True)
        theirs = {p["cert_no"] for t in mine for p in t.inspectors}
        assert mine and {"A003", "A004"} & theirs
        assert len(mine) == sum(1 for t in result.tasks
                                if {"A003", "A004"} & {p["cert_no"] for p in t.inspectors})
        task = mine[0]
        with pytest.raises(InvalidInput, match="该任务是对"):
            other = next(e for e in field.enterprises() if e.id != task.enterprise_id)
            field.start_inspection(other.id, [field.checklists()[0].hash], list(task.inspectors),
                                   task_id=task.id)
        inspection = field.start_inspection(task.enterprise_id, [field.checklists()[0].hash],
                                            list(task.inspectors), task_id=task.id)
        assert inspection.task_id == task.id and inspection.task_source == TaskSource.PLAN
        assert inspection.task_source_note == f"2027年度双随机抽查计划 第{task.seq}号任务"
        assert field.plan_progress(plan_id).started == 1
        field.finish_inspection(inspection.id)
        field_id = field.device_id
        export_bundle(field, tmp_path / "field.scbundle")
        assert field.audit_verify() == []
    import_bundles(ws, [tmp_path / "field.scbundle"], trust=True)
    progress = ws.plan_progress(plan_id)
    assert (progress.total, progress.started, progress.done) == (3, 1, 1)
    [done] = [t for t in ws.plan_tasks(plan_id=plan_id) if t.finished]
    assert done.id == task.id and ws.inspection(done.inspection_id).device_id == field_id
    assert ws.audit_verify() == []


def test_a_pack_task_with_a_bad_kind_is_refused(hq, tmp_path):
    from checklists.common.errors import BundleRejected

    ws, plan_id = hq
    drawn(ws, plan_id)
    ws.execute("UPDATE plan_task SET kind = 'lottery' WHERE number = 1")
    export_pack(ws, tmp_path / "p.scpack")
    with Workspace.open(tmp_path / "field.sitecheck") as field, \
            pytest.raises(BundleRejected, match="kind"):
        import_pack(field, tmp_path / "p.scpack", trust=True)
