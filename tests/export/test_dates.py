"""Dates and deadlines on every path, the 特种设备安全监督检查记录's opening, and 拒签
(issue 11 §2, §3): real workspaces, documents read back with pypdf."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from checklists.common.errors import BundleRejected, DocumentError, InvalidInput
from checklists.common.vocabulary import LOCAL_TZ, Family, FindingState, TaskSource, deadline_before, local_time
from export import issue
from export.docmodel import Refusal
from export.sync.bundle import export_bundle, import_bundles
from storage import reinspection
from storage.demo import INSPECTORS, sample_departments
from storage.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
FOUND = datetime(2026, 3, 2, 9, 5, tzinfo=LOCAL_TZ)          # the inspection
LATER = datetime(2026, 3, 3, 14, 0, tzinfo=LOCAL_TZ)         # a day later


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


class Clock:
    """A workspace clock the test moves."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def open_ws(path: Path, clock: Clock) -> Workspace:
    ws = Workspace.open(path, clock=clock)
    sample_departments(ws)
    return ws


def start(ws: Workspace, family: str = "ems", **kw):
    ent = ws.add_enterprise(name="杭州瑞丰食品有限公司", address="杭州市西湖区文三路1号", legal_rep="张三")
    if family == Family.SAMR:
        checklist = next(c for c in ws.checklists() if c.family == Family.SAMR)
        eq = ws.add_equipment(ent.id, kind=checklist.applies_to or "elevator", name="1号客梯",
                              registration_no="梯浙A0001", location="主楼")
        kw.setdefault("equipment_id", eq.id)
    else:
        checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS, site="生产车间", site_manager="李四", **kw)
    ws.finish_inspection(insp.id, at=FOUND + timedelta(hours=1))
    return ws.inspection(insp.id)


@pytest.fixture
def clock():
    return Clock(FOUND)


@pytest.fixture
def ws(tmp_path, clock):
    with open_ws(tmp_path / "w.sitecheck", clock) as workspace:
        yield workspace


# ---------------------------------------------------------------- the one deadline rule

def test_the_rule_compares_dates_and_iso_text():
    day = date(2026, 3, 2)
    assert deadline_before(date(2026, 3, 1), day) and deadline_before("2026-03-01", day)
    assert not deadline_before(day, day) and not deadline_before("2026-03-03", day)
    assert not deadline_before(None, day) and not deadline_before("", day)


def test_walk_path_refuses_a_deadline_before_today_and_changes_nothing(ws, clock):
    insp = start(ws)
    with pytest.raises(InvalidInput, match=r"整改期限.*2026-03-01 早于2026-03-02"):
        ws.add_finding(insp.id, description="配电箱未上锁", deadline="2026-03-01")
    assert ws.findings() == []
    finding = ws.add_finding(insp.id, description="配电箱未上锁", deadline="2026-03-02")
    with pytest.raises(InvalidInput, match="整改期限"):
        ws.update_finding(finding.id, deadline=date(2026, 2, 28))
    assert ws.finding(finding.id).deadline == "2026-03-02"
    # weeks later the deadline has passed; other edits (sending it unchanged) still work
    clock.moment = FOUND + timedelta(days=30)
    changed = ws.update_finding(finding.id, description="配电箱未上锁，箱门无警示标志", deadline="2026-03-02")
    assert changed.description.endswith("警示标志") and changed.deadline == "2026-03-02"
    with pytest.raises(InvalidInput, match="整改期限"):
        ws.update_finding(finding.id, deadline="2026-03-20")   # a new one must be from today on


def test_order_with_a_deadline_before_its_date_is_refused_before_a_number(ws, clock):
    insp = start(ws)
    first = ws.add_finding(insp.id, description="灭火器压力不足", deadline="2026-03-10")
    ws.add_finding(insp.id, description="疏散通道堆放杂物", deadline="2026-03-05")
    clock.moment = datetime(2026, 3, 7, 10, 0, tzinfo=LOCAL_TZ)   # issued after the 2nd deadline
    with pytest.raises(DocumentError, match=r"第2项问题的整改期限（2026年3月5日）早于文书日期（2026年3月7日）"):
        issue.issue_order(ws, insp.id)
    assert ws.documents() == [] and ws.finding(first.id).state == FindingState.OPEN
    second = next(f for f in ws.findings() if f.deadline == "2026-03-05")
    ws.update_finding(second.id, deadline="2026-03-14")
    assert issue.issue_order(ws, insp.id).number.endswith("001号")          # no number was used


def test_cli_refuses_a_review_deadline_before_the_issue_date(ws, clock, tmp_path, capsys):
    insp = start(ws)
    finding = ws.add_finding(insp.id, description="灭火器压力不足", deadline="2026-03-10")
    issue.issue_order(ws, insp.id)
    clock.moment = datetime(2026, 3, 12, 9, 0, tzinfo=LOCAL_TZ)
    re_insp = reinspection.find_or_start(ws, finding.id)
    ws.close()
    # the command runs on the real clock, long after that deadline
    code = main.main(["--workspace", str(ws.path), "documents", "render", re_insp.id, "--kind", "review",
                      "--opinion", f"{finding.id}=partly", "--deadline", f"{finding.id}=2026-03-11",
                      "--out", str(tmp_path / "r.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and "第1项的新整改期限（2026年3月11日）早于文书日期" in err
    assert not (tmp_path / "r.pdf").exists()
    with Workspace.open(ws.path) as again:
        assert again.documents(kind="review") == []


# ---------------------------------------------------------------- 现场检查记录 dates

def test_record_issued_a_day_later_bears_the_inspection_day(ws, clock):
    insp = start(ws)
    ws.finish_inspection(insp.id, at=FOUND + timedelta(hours=2, minutes=10))
    clock.moment = LATER
    doc = issue.issue_record(ws, insp.id)
    text = flat(ws.document_pdf(doc.id))
    assert "检查时间：2026年3月2日9时05分至3月2日11时15分" in text
    assert text.count("2026年3月2日") >= 2 and "2026年3月3日" not in text     # the date line too
    assert doc.issued_at.startswith("2026-03-03T14:00")                    # when the number was taken


# ---------------------------------------------------------------- 整改复查意见书

def reviewed(ws: Workspace, clock: Clock, family: str = "ems"):
    insp = start(ws, family, task_source="plan") if family == Family.SAMR else start(ws)
    fixed = ws.add_finding(insp.id, description="灭火器压力不足", deadline="2026-03-20")
    open_ = ws.add_finding(insp.id, description="疏散通道堆放杂物", deadline="2026-03-20")
    issue.issue_order(ws, insp.id)
    clock.moment = datetime(2026, 3, 21, 9, 30, tzinfo=LOCAL_TZ)        # the re-inspection
    re_insp = reinspection.find_or_start(ws, fixed.id)
    clock.moment = datetime(2026, 3, 23, 16, 0, tzinfo=LOCAL_TZ)        # the opinion is written later
    return re_insp, fixed, open_


def test_review_states_the_review_day_the_report_and_new_deadlines(ws, clock):
    re_insp, fixed, open_ = reviewed(ws, clock)
    opinions = {fixed.id: "rectified", open_.id: "partly"}
    with pytest.raises(DocumentError, match="第2项（部分整改）的新整改期限未填写"):
        issue.issue_review(ws, re_insp.id, opinions)
    with pytest.raises(DocumentError, match="第2项的新整改期限（2026年3月22日）早于文书日期（2026年3月23日）"):
        issue.issue_review(ws, re_insp.id, opinions, deadlines={open_.id: "2026-03-22"})
    with pytest.raises(DocumentError, match="收到整改报告的日期应在原指令书日期与复查日期之间"):
        issue.issue_review(ws, re_insp.id, opinions, deadlines={open_.id: "2026-04-10"},
                           report_received="2026-03-22")
    assert ws.documents(kind="review") == [] and ws.finding(open_.id).deadline == "2026-03-20"
    doc = issue.issue_review(ws, re_insp.id, opinions, deadlines={open_.id: "2026-04-10"},
                             report_received="2026-03-19")
    text = flat(ws.document_pdf(doc.id))
    assert "你单位于2026年3月19日提交了整改报告。本机关于2026年3月21日对你单位整改情况进行了复查" in text
    assert "限2026年4月10日前整改完毕" in text and "2026年3月23日" in text        # the seal date: issued
    assert doc.data["report_received"] == "2026-03-19" and ws.finding(open_.id).deadline == "2026-04-10"


def test_ems_review_without_a_report_prints_none(ws, clock):
    re_insp, fixed, open_ = reviewed(ws, clock)
    doc = issue.issue_review(ws, re_insp.id, {fixed.id: "rectified", open_.id: "not_rectified"},
                             deadlines={open_.id: date(2026, 4, 1)})
    text = flat(ws.document_pdf(doc.id))
    assert "整改报告" not in text and "本机关于2026年3月21日对你单位整改情况进行了复查" in text


def test_samr_review_needs_the_report_date_and_reissue_keeps_it(ws, clock):
    re_insp, fixed, open_ = reviewed(ws, clock, Family.SAMR)
    opinions = {fixed.id: "rectified", open_.id: "partly"}
    with pytest.raises(DocumentError, match="收到整改报告的日期未填写"):
        issue.issue_review(ws, re_insp.id, opinions, deadlines={open_.id: "2026-04-10"})
    reinspection.save_report_received(ws, re_insp.id, date(2026, 3, 20))
    verdicts = {fixed.id: reinspection.Verdict("rectified"),
                open_.id: reinspection.Verdict("partly", "仍有杂物", date(2026, 4, 10))}
    reinspection.save_draft(ws, re_insp.id, verdicts)
    assert reinspection.load_draft(ws, re_insp.id) == verdicts        # the date beside, not in, the verdicts
    doc = issue.conclude_review(ws, re_insp.id, verdicts,
                                report_received=reinspection.load_report_received(ws, re_insp.id))
    again = issue.reissue(ws, doc.id)
    assert "你单位于2026年3月20日提交了整改报告" in flat(ws.document_pdf(again.id))


# ---------------------------------------------------------------- 特种设备安全监督检查记录

def test_samr_record_opening_states_source_basis_content_and_requirements(ws):
    insp = start(ws, Family.SAMR, task_source=TaskSource.COMPLAINT, task_source_note="12345热线转办第88号")
    text = flat(ws.document_pdf(issue.issue_record(ws, insp.id).id))
    checklist = ws.checklist(insp.checklist_hashes[0]).title
    assert text.startswith("杭州市市场监督管理局特种设备安全监督检查记录") or "特种设备安全监督检查记录" in text[:80]
    assert "任务来源：投诉举报（12345热线转办第88号）。" in text
    assert ("检查依据：《中华人民共和国特种设备安全法》第五十七条、第六十一条第（一）项和《特种设备安全监督检查办法》"
            f"的规定，检查标准为《{checklist}》。") in text
    assert f"检查内容：生产车间，主楼1号客梯（使用登记证号梯浙A0001），《{checklist}》所列项目。" in text
    assert "检查要求：请你单位积极配合检查（《特种设备安全监督检查办法》第二十条），如实提供相关材料，" \
           "并在提供的材料上签名或者盖章（第二十二条）；检查结束后核对本记录，由有关负责人签字确认（第二十一条）。" in text


def test_samr_record_without_a_source_is_refused_and_the_cli_sets_it(ws, tmp_path, capsys):
    insp = start(ws, Family.SAMR)
    with pytest.raises(DocumentError, match="任务来源未填写"):
        issue.issue_record(ws, insp.id)
    assert ws.documents() == []
    with pytest.raises(InvalidInput, match="任务来源"):
        start(ws, Family.SAMR, require_source=True)          # the GUI's new inspection asks for it
    with pytest.raises(InvalidInput, match="其他"):
        start(ws, Family.SAMR, task_source="other")
    ws.close()
    code = main.main(["--workspace", str(ws.path), "documents", "render", insp.id, "--kind", "record",
                      "--task-source", "plan", "--task-source-note", "2026年度电梯监督检查计划",
                      "--out", str(tmp_path / "r.pdf")])
    assert code == 0, capsys.readouterr().err
    assert "任务来源：年度监督检查计划（2026年度电梯监督检查计划）。" in flat((tmp_path / "r.pdf").read_bytes())


def test_ems_record_keeps_its_own_opening(ws):
    text = flat(ws.document_pdf(issue.issue_record(ws, start(ws).id).id))
    assert text.count("现场检查记录") >= 1 and "任务来源" not in text and "现依法对你单位进行现场检查，请予以配合。" in text


# ---------------------------------------------------------------- 拒签

REFUSED = Refusal("经宣读记录内容，现场负责人拒绝签名", "王五（社区网格员）", True)


def test_refusal_prints_in_the_unit_signature_place_and_reissue_keeps_it(ws):
    insp = start(ws)
    ws.add_finding(insp.id, description="灭火器压力不足", deadline="2026-03-20")
    order = issue.issue_order(ws, insp.id, refusal=REFUSED)
    text = flat(ws.document_pdf(order.id))
    assert "被检查单位负责人拒绝签名。执法人员注明：经宣读记录内容，现场负责人拒绝签名。见证人：王五（社区网格员）。" \
           "已采取拍照、录音或者录像等方式记录。" in text
    assert "见证人（签名）：" in text and "被检查单位负责人（签名）" not in text
    assert order.data["refusal"] == REFUSED.to_json()
    again = issue.reissue(ws, order.id)
    assert again.data["refusal"] == REFUSED.to_json() and "拒绝签名" in flat(ws.document_pdf(again.id))


def test_a_refusal_noticed_after_printing_is_a_correction(ws):
    insp = start(ws)
    record = issue.issue_record(ws, insp.id)
    assert "被检查单位现场负责人（签名）" in flat(ws.document_pdf(record.id))
    corrected = issue.reissue(ws, record.id, refusal={"note": "拒绝在记录上签字", "witness": "", "evidence": False})
    text = flat(ws.document_pdf(corrected.id))
    assert "被检查单位现场负责人拒绝签名。执法人员注明：拒绝在记录上签字。" in text and "见证人" not in text
    assert ws.superseded_by(record.id).id == corrected.id


def test_samr_refusal_needs_the_recording_and_a_note(ws):
    insp = start(ws, Family.SAMR, task_source="plan")
    with pytest.raises(DocumentError, match="拒签的拍照、录音或录像记录未注明"):
        issue.issue_record(ws, insp.id, refusal=Refusal("拒签", "", False))
    with pytest.raises(DocumentError, match="拒签情况说明"):
        issue.issue_record(ws, insp.id, refusal=Refusal(" ", "", True))
    assert ws.documents() == []
    doc = issue.issue_record(ws, insp.id, refusal=Refusal("拒签", "", True))
    assert "被检查单位现场负责人拒绝签名" in flat(ws.document_pdf(doc.id))


def test_cli_records_a_refusal(ws, tmp_path, capsys):
    insp = start(ws)
    ws.close()
    args = ["--workspace", str(ws.path), "documents", "render", insp.id, "--kind", "record",
            "--out", str(tmp_path / "r.pdf")]
    assert main.main([*args, "--witness", "王五"]) == 1 and "--refused" in capsys.readouterr().err
    assert main.main([*args, "--refused", "拒绝签字", "--witness", "王五", "--evidence"]) == 0
    assert "执法人员注明：拒绝签字。见证人：王五。" in flat((tmp_path / "r.pdf").read_bytes())


# ---------------------------------------------------------------- bundles

def test_a_bundle_with_a_deadline_before_its_finding_is_refused(tmp_path, clock):
    field = open_ws(tmp_path / "field.sitecheck", clock)
    insp = start(field)
    bad = field.add_finding(insp.id, description="灭火器压力不足", deadline="2026-03-10")
    field.execute("UPDATE finding SET deadline = '2026-02-01' WHERE id = ?", [bad.id])  # another program's row
    export_bundle(field, tmp_path / "f.sitecheck-bundle")
    field.close()
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        with pytest.raises(BundleRejected, match=rf"隐患记录 {bad.id} 的字段 deadline.*不早于隐患登记之日"):
            import_bundles(hq, [tmp_path / "f.sitecheck-bundle"], trust=True)
        assert hq.findings() == []


# ---------------------------------------------------------------- time zones

SCRIPT = r"""
import sys, re, io
from datetime import datetime, timezone
sys.path.insert(0, sys.argv[1])
from pypdf import PdfReader
from storage.workspace import Workspace
from storage.demo import INSPECTORS, sample_departments
from export import issue
moment = datetime(2026, 3, 1, 17, 30, tzinfo=timezone.utc)       # 2026-03-02 01:30 in Shanghai
ws = Workspace.open(sys.argv[2], clock=lambda: moment)
sample_departments(ws)
ent = ws.add_enterprise(name="杭州瑞丰食品有限公司")
checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS, site="车间")
ws.finish_inspection(insp.id)
doc = issue.issue_record(ws, insp.id)
text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(ws.document_pdf(doc.id))).pages))
print(ws.today(), insp.started_at, doc.number, re.search(r"检查时间：[^我]*", text).group(0))
"""


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Shanghai"])
def test_times_are_shanghai_time_whatever_the_machine_zone(tmp_path, zone):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(REPO), str(tmp_path / "w.sitecheck")],
                          capture_output=True, text=True, env={**os.environ, "TZ": zone}, timeout=300)
    assert done.returncode == 0, done.stderr
    day, started, number, span = done.stdout.split()
    assert day == "2026-03-02" and started == "2026-03-02T01:30:00.000+08:00"
    assert span == "检查时间：2026年3月2日1时30分至3月2日1时30分" and "〔2026〕" in number


def test_local_time_takes_naive_values_as_shanghai_time():
    assert local_time(datetime(2026, 3, 2, 9, 0)).utcoffset() == timedelta(hours=8)
    assert local_time(datetime(2026, 12, 31, 20, 0, tzinfo=UTC)).date() == date(2027, 1, 1)

