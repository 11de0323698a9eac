"""The on-site decisions issued from a real workspace: 现场处理措施决定书, 查封（扣押）决定书
with its 清单, 解除查封（扣押）决定书; every order line dated; the record refused while a
重大/严重 hazard has no decision.  PDF text is extracted and checked."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import timedelta

import pytest

from checklists.common.errors import DocumentError
from checklists.common.vocabulary import DocumentKind, FindingState, HazardLevel, OnSiteMeasure, Rectification
from export import decisions, issue
from export.decisions import MeasureChoice
from export.docmodel import SeizedItem
from storage.reinspection import Verdict
from tests.export import test_issue as base

flat, reinspect = base.flat, base.reinspect
template, ws = base.template, base.ws          # the demo-workspace fixtures

SAMR_RULE = "特种设备安全监督检查办法第二十六条"


def ems_with_major(ws, *, rectification=Rectification.STOP_USE, deadline=None):
    """An 应急 inspection whose first live finding is made a major 停止使用 hazard."""
    for insp in ws.inspections():
        if issue.document_family(ws, insp) != "ems":
            continue
        live = [f for f in issue._findings(ws, insp.id) if f.state in issue.LIVE_STATES]
        if live:
            f = ws.update_finding(live[0].id, level=HazardLevel.MAJOR, rectification=rectification,
                                  deadline=deadline)
            return insp, f
    pytest.skip("no 应急 inspection with a live finding in the demo data")


def samr_with_major(ws):
    """A 特种设备 inspection with a 严重 hazard (one of its live findings made so if need be)."""
    for insp in ws.inspections():
        if issue.document_family(ws, insp) == "samr" and decisions.handling_gaps(ws, insp.id):
            return insp
    for insp in ws.inspections():                 # else the inspector records one
        if issue.document_family(ws, insp) == "samr" and insp.equipment_id:
            checklist = ws.checklist(insp.checklist_hashes[0])
            item = next(checklist.items())
            ws.add_finding(insp.id, description="现场查见，安全阀校验已过期仍在使用", level=HazardLevel.MAJOR,
                           rectification=Rectification.DEADLINE, deadline=ws.today() + timedelta(days=10),
                           checklist_hash=checklist.hash, item_id=item.id)
            return insp
    pytest.skip("no 特种设备 inspection of a piece of equipment in the demo data")


def test_measure_decision_fields_clauses_and_wording_for_an_activity(ws):
    insp, finding = ems_with_major(ws)
    doc = decisions.issue_measure(ws, insp.id, [MeasureChoice(finding.id, OnSiteMeasure.STOP_ACTIVITY,
                                                              "有限空间作业")])
    text = flat(ws.document_pdf(doc.id))
    assert doc.number.startswith("（杭）应急现决〔") and doc.number in text
    assert "现场处理措施决定书" in text and ws.enterprise(insp.enterprise_id).name in text
    assert "立即停止有限空间作业。" in text and "立即停止使用有限空间作业" not in text
    assert "依据《中华人民共和国安全生产法》第六十五条第一款第（三）项的规定" in text
    assert "第七十条第一款" in text and "重大事故隐患排除后，经审查同意，方可恢复生产经营和使用" in text
    assert "杭州市人民政府申请行政复议" in text and "杭州市西湖区人民法院提起行政诉讼" in text
    assert "但本决定不停止执行" in text and "本文书一式两份" in text
    for person in insp.inspectors:
        assert person["cert_no"] in text
    # a 停止使用 finding without a deadline is the decision's only: ordered, and no order carries it
    assert ws.finding(finding.id).state == FindingState.ORDERED
    assert finding.id not in [f.id for f in issue.order_findings(ws, insp.id)]


def test_measure_words_read_right_for_each_measure(ws):
    insp, finding = ems_with_major(ws)
    doc = decisions.build_measure(ws, insp.id, [MeasureChoice(finding.id, m, o) for m, o in (
        (OnSiteMeasure.STOP_USE, "3号车间配电柜"), (OnSiteMeasure.WITHDRAW, "地下污水池"),
        (OnSiteMeasure.SUSPEND, "喷涂车间"))])
    from export.pdf.decisions import measure_words
    assert [measure_words(line) for line in doc.lines] == [
        "立即停止使用3号车间配电柜", "立即从地下污水池危险区域内撤出作业人员", "自即日起喷涂车间暂时停产停业"]


def test_measure_needs_a_major_hazard_and_an_object(ws):
    insp, finding = ems_with_major(ws)
    with pytest.raises(DocumentError, match="停止使用的设施、设备或停止的作业活动"):
        decisions.issue_measure(ws, insp.id, [MeasureChoice(finding.id, OnSiteMeasure.STOP_USE, "")])
    ws.update_finding(finding.id, level=HazardLevel.GENERAL)
    with pytest.raises(DocumentError, match="不是重大事故隐患"):
        decisions.issue_measure(ws, insp.id, [MeasureChoice(finding.id, OnSiteMeasure.STOP_USE, "配电柜")])
    assert ws.documents(kind=str(DocumentKind.MEASURE)) == []           # nothing numbered


def test_stopped_and_dated_finding_is_in_both_documents(ws):
    insp, finding = ems_with_major(ws, deadline=ws.today() + timedelta(days=20))
    measure = decisions.issue_measure(ws, insp.id, [MeasureChoice(finding.id, OnSiteMeasure.STOP_USE, "配电柜")])
    assert ws.finding(finding.id).state == FindingState.OPEN           # waits for the order
    order = issue.issue_order(ws, insp.id)
    text = flat(ws.document_pdf(order.id))
    day = ws.today() + timedelta(days=20)
    assert f"{day.year}年{day.month}月{day.day}日前整改完毕" in text
    assert "涉及的设施、设备立即停止使用" not in text
    assert "重大事故隐患排除后，经审查同意，方可恢复生产经营和使用" in text
    assert finding.id in measure.data["findings"] and finding.id in order.data["findings"]


def test_every_order_line_has_a_date_and_immediate_says_so(ws):
    insp, _finding = ems_with_major(ws, rectification=Rectification.IMMEDIATE)
    doc = issue.build_order(ws, insp.id)
    assert all(line.deadline is not None for line in doc.findings)
    order = issue.issue_order(ws, insp.id)
    today = ws.today()
    assert f"立即整改（{today.year}年{today.month}月{today.day}日）" in flat(ws.document_pdf(order.id))
    from export.docmodel import validate
    undated = dataclasses.replace(doc.findings[0], deadline=None)
    with pytest.raises(DocumentError, match="每一项都要有整改期限"):
        validate(dataclasses.replace(doc, findings=(undated,)))


def test_record_refused_until_a_major_hazard_has_a_decision(ws):
    insp, _finding = ems_with_major(ws, rectification=Rectification.DEADLINE,
                                   deadline=ws.today() + timedelta(days=10))
    before = len(ws.documents())
    with pytest.raises(DocumentError, match="没有出具责令限期整改指令书或现场处理措施决定书") as err:
        issue.issue_record(ws, insp.id)
    assert "请先出具责令限期整改指令书" in err.value.hint
    assert len(ws.documents()) == before                               # no number taken
    issue.issue_order(ws, insp.id)
    assert decisions.handling_gaps(ws, insp.id) == []
    issue.issue_record(ws, insp.id)


def test_criterion_is_the_ground_not_the_rule_broken(ws):
    for insp in ws.inspections():
        for f in issue._findings(ws, insp.id):
            basis, grounds = issue.citations(ws, f)
            if any("判定" in g for g in grounds):
                assert not any("判定" in b for b in basis)
                line = issue._line(ws, 1, f, False)
                from export.pdf.kinds import ground_sentence
                assert ground_sentence(line, issue.document_family(ws, insp)).startswith("依据《")
                return
    pytest.skip("no finding with a criterion in the demo data")


def seize(ws, insp, **kw):
    found, items = decisions.seizure_defaults(ws, insp.id)
    items = items or [SeizedItem("压力容器")]
    items = [dataclasses.replace(i, quantity=i.quantity or "1台", seals="FT-2026-0001、FT-2026-0002")
             for i in items]
    return decisions.issue_seizure(ws, insp.id, found, items, **kw)


def test_samr_serious_hazard_needs_a_seizure_and_its_list_in_two_copies(ws):
    insp = samr_with_major(ws)
    with pytest.raises(DocumentError) as err:
        issue.issue_record(ws, insp.id)
    assert SAMR_RULE in err.value.hint and "当场整改销号" in err.value.hint
    doc = seize(ws, insp, term_days=20)
    text = flat(ws.document_pdf(doc.id))
    assert doc.number.startswith("（杭）市监特查扣〔") and "查封（扣押）决定书" in text
    assert "《中华人民共和国特种设备安全法》第六十一条第（三）项" in text
    assert "《特种设备安全监督检查办法》第二十六条第一款" in text
    assert "判定为严重事故隐患" in text and "《特种设备安全监督检查办法》第二十五条" in text
    ends = ws.today() + timedelta(days=20)
    assert "期限为20日" in text and f"至{ends.year}年{ends.month}月{ends.day}日止" in text
    assert "但本决定不停止执行" in text
    assert text.count("查封（扣押）清单") >= 3 and "（当事人保存）" in text and "（行政机关保存）" in text
    assert text.count("FT-2026-0001、FT-2026-0002") == 2 and "第二十四条第三款" in text
    assert decisions.handling_gaps(ws, insp.id) == []
    issue.issue_record(ws, insp.id)


def test_seizure_term_is_at_most_thirty_days_and_seals_are_required(ws):
    insp = samr_with_major(ws)
    with pytest.raises(DocumentError, match="不得超过30日"):
        seize(ws, insp, term_days=31)
    found, _ = decisions.seizure_defaults(ws, insp.id)
    with pytest.raises(DocumentError, match="封条编号"):
        decisions.issue_seizure(ws, insp.id, found, [SeizedItem("电梯", quantity="1台")])
    assert ws.documents(kind=str(DocumentKind.SEIZURE)) == []


def test_release_after_the_reinspection_names_the_seizure(ws):
    insp = samr_with_major(ws)
    seizure = seize(ws, insp)
    with pytest.raises(DocumentError, match="尚未经复查销号"):
        decisions.issue_release(ws, seizure.id)
    if issue.order_findings(ws, insp.id) and issue.current_document(ws, insp.id, DocumentKind.ORDER) is None:
        issue.issue_order(ws, insp.id)
    re_insp = reinspect(ws, insp)
    verdicts = {f.id: Verdict("rectified", "已整改", None) for f in issue.review_candidates(ws, re_insp.id)}
    review = issue.conclude_review(ws, re_insp.id, verdicts, report_received=ws.today())  # samr: required
    releases = ws.documents(kind=str(DocumentKind.RELEASE))
    assert len(releases) == 1 and releases[0].data["seizure_id"] == seizure.id
    text = flat(ws.document_pdf(releases[0].id))
    assert "解除查封（扣押）决定书" in text and seizure.number in text and review.number in text
    assert "《中华人民共和国行政强制法》第二十八条第一款第（五）项" in text
    assert decisions.live_seizures(ws, insp.id) == []
    with pytest.raises(DocumentError, match="已被"):
        decisions.issue_release(ws, seizure.id)


def test_cli_issues_the_measure_decision(ws, tmp_path):
    insp, finding = ems_with_major(ws)
    path = ws.path
    ws.close()
    out = tmp_path / "m.pdf"
    run = subprocess.run([sys.executable, "main.py", "--workspace", str(path), "documents", "render", insp.id,
                          "--kind", "measure", "--measure", f"{finding.id}=stop_activity:有限空间作业",
                          "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "现场处理措施决定书" in run.stdout and "立即停止有限空间作业" in flat(out.read_bytes())


def test_a_hazard_reported_rectified_needs_no_decision_for_the_record(ws):
    """A 重大 finding moved on by another device (rectified, its order issued there) can no
    longer be carried by an order here; it does not hold the record back."""
    from checklists.common.vocabulary import FindingState

    insp, _finding = ems_with_major(ws, rectification=Rectification.DEADLINE, deadline=ws.today())
    gap = decisions.handling_gaps(ws, insp.id)[0]
    ws.transition(gap.finding.id, FindingState.ORDERED)
    assert gap.finding.id in {g.finding.id for g in decisions.handling_gaps(ws, insp.id)}   # still open work
    ws.transition(gap.finding.id, FindingState.RECTIFIED)
    assert gap.finding.id not in {g.finding.id for g in decisions.handling_gaps(ws, insp.id)}
