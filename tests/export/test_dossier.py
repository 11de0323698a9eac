"""The enterprise file (一企一档): risk grade with who and why, the score factor by factor
against direct counts, the time line in order, and the PDF dossier's text."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import LOCAL_TZ, EquipmentKind, FindingState
from export.dossier import render_dossier
from export.issue import issue_order
from storage.workspace import Workspace

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=LOCAL_TZ)
PEOPLE = [{"name": "王建国", "cert_no": "A001"}, {"name": "李明", "cert_no": "A002"}]
DEPARTMENT = {"name": "杭州市西湖区应急管理局", "abbr": "杭西应急", "government": "杭州市西湖区人民政府",
              "court": "杭州市西湖区人民法院"}


@pytest.fixture
def ws(tmp_path):
    clock = [NOW - timedelta(days=200)]
    with Workspace.open(tmp_path / "w.sitecheck", clock=lambda: clock[0]) as ws:
        ws.set_settings({"department": DEPARTMENT, "inspectors": PEOPLE})
        ws.clock_cell = clock
        yield ws


def sample(ws):
    """200 days ago: an inspection with a major hazard (deadline past by now), two general
    ones (one past its deadline, one closed on the spot) and an order; two boilers, one overdue."""
    firm = ws.add_enterprise(name="杭州恒达印染有限公司", district="西湖区", industry="印染")
    ws.add_equipment(firm.id, kind=EquipmentKind.BOILER, name="1号锅炉", next_inspection_date="2026-06-30")
    ws.add_equipment(firm.id, kind=EquipmentKind.BOILER, name="2号锅炉", next_inspection_date="2027-06-30")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(firm.id, [checklist.hash], PEOPLE)
    day = ws.today()
    ws.add_finding(insp.id, description="液氨储罐区未设置泄漏报警装置", level="major",
                   deadline=day + timedelta(days=30))
    ws.add_finding(insp.id, description="消防通道堆放杂物", deadline=day + timedelta(days=10))
    spot = ws.add_finding(insp.id, description="配电箱门未关闭", rectification="immediate")
    ws.transition(spot.id, FindingState.CLOSED)
    ws.finish_inspection(insp.id)
    issue_order(ws, insp.id)
    ws.clock_cell[0] = NOW
    return firm, insp


def test_score_factors_equal_direct_counts(ws):
    firm, _ = sample(ws)
    score = ws.risk_score(firm.id, date(2026, 12, 1))
    got = {f.key: (str(f.detail), f.points) for f in score.factors}
    assert got["open_major"] == ("1 项", 20) and got["overdue_major"] == ("1 项", 10)
    assert got["overdue_general"] == ("1 项", 3) and got["equipment_overdue"] == ("1 台", 10)
    assert got["since_last"] == ("200 天", 5)
    assert got["industry"] == ("印染（设置中未给该行业分值）", 0) and score.total == 48
    ws.set_settings({"risk_weights": {"open_major": 50, "bogus": 9}, "risk_industry_points": {"印染": 7}})
    again = {f.key: f.points for f in ws.risk_score(firm.id, date(2026, 12, 1)).factors}
    assert again["open_major"] == 50 and again["industry"] == 7 and "bogus" not in again
    english = [f.detail.render("en") for f in ws.risk_score(firm.id, date(2026, 12, 1)).factors]
    assert english[4] == "200 days"


def test_risk_grade_needs_who_and_why_and_changes_nothing_otherwise(ws):
    firm, _ = sample(ws)
    for colour, by, reason, message in (("purple", "刘洋", "x", "风险等级"), ("red", "", "x", "评定人"),
                                        ("red", "刘洋", " ", "评定理由")):
        with pytest.raises(InvalidInput, match=message):
            ws.set_risk_grade(firm.id, colour, set_by=by, reason=reason)
    assert ws.enterprise(firm.id).risk_colour is None
    graded = ws.set_risk_grade(firm.id, "orange", set_by="刘洋", reason="重大隐患逾期未整改")
    assert (graded.risk_colour, graded.risk_set_by, graded.risk_reason) == ("orange", "刘洋", "重大隐患逾期未整改")
    assert graded.risk_set_at.startswith("2026-12-01") and ws.audit_verify() == []


def test_time_line_is_in_order_and_complete(ws):
    firm, insp = sample(ws)
    found = ws.enterprise_file(firm.id)
    whats = [str(e.what) for e in found.events]
    assert whats[0] == "开始检查（四不两直）" and "完成检查" in whats
    assert whats.count("发现重大隐患") == 1 and whats.count("发现一般隐患") == 2
    assert "隐患已销号" in whats and "隐患已责令整改" in whats
    assert any(w.startswith("出具") for w in whats)
    stamps = [e.at for e in found.events]
    assert stamps == sorted(stamps)
    assert len(found.documents) == len(ws.documents(inspection_id=insp.id)) >= 1


def test_pdf_dossier_text(ws):
    firm, _ = sample(ws)
    ws.set_risk_grade(firm.id, "red", set_by="刘洋", reason="重大隐患逾期未整改")
    pdf = render_dossier(ws, firm.id, today=date(2026, 12, 1))
    import io
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    for expected in ("企业安全监管档案", DEPARTMENT["name"], "杭州恒达印染有限公司", "风险等级：红",
                     "评定人：刘洋", "重大隐患逾期未整改", "未销号的重大隐患", "1号锅炉", "2026-06-30（已超期）",
                     "液氨储罐区未设置泄漏报警装置", "已销号", "时间线", "合计（据台账计算，供参考）"):
        assert expected in text, expected
    doc = ws.documents()[0]
    assert doc.number in text


def test_dossier_command(tmp_path, capsys):
    from main import main

    path = tmp_path / "w.sitecheck"
    with Workspace.open(path) as ws:
        firm = ws.add_enterprise(name="杭州恒达印染有限公司")
    out = tmp_path / "档案.pdf"
    assert main(["--workspace", str(path), "dossier", firm.id, "--out", str(out)]) == 0
    assert "已生成企业档案" in capsys.readouterr().out
    assert "杭州恒达印染有限公司" in "".join(p.extract_text() for p in PdfReader(out).pages)
    assert main(["--workspace", str(path), "dossier", "no-such-id", "--out", str(out)]) == 1
    assert "找不到企业记录" in capsys.readouterr().err


def test_penalties_are_on_the_time_line(ws):
    """立案 and the decision (kinds, amount, number) on their days, after that day's
    inspection events; a case not decided yet shows only its filing; in English too."""
    firm, insp = sample(ws)
    ws.record_penalty(insp.id, filed_on="2026-06-01", decision_number="杭西应急罚〔2026〕7号",
                      decided_on="2026-06-20", kinds=["warning", "fine"], amount="12000.50",
                      note="未设置泄漏报警装置")
    ws.record_penalty(insp.id, filed_on="2026-11-30")
    events = ws.enterprise_file(firm.id).events
    shown = [(e.at, str(e.what), e.text) for e in events if e.at[:4] == "2026" and len(e.at) == 10]
    assert shown == [("2026-06-01", "行政处罚立案", "未设置泄漏报警装置"),
                     ("2026-06-20", "行政处罚决定：警告、罚款，12000.50 元", "杭西应急罚〔2026〕7号"),
                     ("2026-11-30", "行政处罚立案", "")]
    decided = next(e for e in events if e.at == "2026-06-20")
    assert decided.what.render("en") == "Administrative penalty decided: Warning, Fine, CNY 12000.50"
    assert events.index(decided) > max(n for n, e in enumerate(events) if e.at < "2026-06-20")
    pdf = render_dossier(ws, firm.id, today=date(2026, 12, 1))
    import io
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "行政处罚决定：警告、罚款，12000.50 元" in text and "杭西应急罚〔2026〕7号" in text
