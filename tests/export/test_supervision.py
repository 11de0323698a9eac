"""挂牌督办 end to end: the 挂牌督办通知书 (numbered, stored, text read back), and a
listing that follows list -> remind -> 摘牌 through a pack to the field and a bundle
back; a pack with a listing that breaks the rules is refused whole."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from checklists.common.errors import BundleRejected, DocumentError, InvalidTransition
from checklists.common.vocabulary import LOCAL_TZ, DocumentKind, HazardLevel, InspectionMode, SupervisionState
from export import issue, supervision
from export.issue import Opinion
from export.sync.bundle import export_bundle, import_bundles
from export.sync.pack import export_pack, import_pack
from storage.workspace import Workspace

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=LOCAL_TZ)
DEPARTMENT = {"name": "杭州市西湖区应急管理局", "abbr": "杭西", "government": "杭州市西湖区人民政府",
              "court": "杭州市西湖区人民法院"}
PEOPLE = [{"name": "王建国", "cert_no": "A001"}, {"name": "李明", "cert_no": "A002"}]


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def opened(path, clock) -> Workspace:
    ws = Workspace.open(path, clock=clock)
    ws.set_settings({"department": DEPARTMENT, "inspectors": PEOPLE})
    return ws


def found_major(ws: Workspace, enterprise_id: str, text: str):
    insp = ws.start_inspection(enterprise_id, [ws.checklists()[0].hash], PEOPLE, site_manager="张三")
    major = ws.add_finding(insp.id, description=text, level=HazardLevel.MAJOR,
                           deadline=ws.today() + timedelta(days=10),
                           basis=["《中华人民共和国安全生产法》第三十六条第一款"])
    return insp, major


def test_notice_is_numbered_stored_and_reads_right(tmp_path):
    clock = Clock()
    with opened(tmp_path / "hq.sitecheck", clock) as ws:
        ent = ws.add_enterprise(name="杭州瑞丰化工有限公司", district="西湖区", address="杭州市西湖区振华路88号")
        insp, major = found_major(ws, ent.id, "储罐区可燃气体检测报警装置失效")
        order = issue.issue_order(ws, insp.id)
        listed = ws.list_supervision(major.id, deadline="2027-01-15")
        doc = supervision.issue_notice(ws, listed.id)
        assert doc.kind == DocumentKind.SUPERVISION and doc.number == "（杭西）应急督办〔2026〕001号"
        assert ws.supervision(listed.id).notice_number == doc.number
        text = flat(ws.document_pdf(doc.id))
        for part in ("挂牌督办通知书", "杭州瑞丰化工有限公司：", "地址：杭州市西湖区振华路88号",
                     "本机关执法人员于2026年12月1日对你单位进行检查时", order.number,
                     "储罐区可燃气体检测报警装置失效。违反《中华人民共和国安全生产法》第三十六条第一款的规定。属重大事故隐患。",
                     "依据《中华人民共和国安全生产法》第四十一条第三款的规定，本机关决定对上述重大事故隐患实行挂牌督办",
                     "督办单位：杭州市西湖区应急管理局；挂牌日期：2026年12月1日；督办期限：2027年1月15日",
                     "并及时向本机关报告重大事故隐患治理情况（《中华人民共和国安全生产法》第四十一条第二款）",
                     "请于2027年1月15日前完成整改", "予以摘牌", "被督办单位负责人（签收）"):
            assert part in text, part
        again = issue.reissue(ws, doc.id)                     # a correction supersedes, re-attached
        assert ws.superseded_by(doc.id).id == again.id
        assert ws.supervision(listed.id).notice_document_id == again.id
        assert ws.audit_verify() == []


def test_notice_refused_for_a_delisted_listing_and_without_a_department(tmp_path):
    clock = Clock()
    with opened(tmp_path / "hq.sitecheck", clock) as ws:
        ent = ws.add_enterprise(name="杭州瑞丰化工有限公司", district="西湖区")
        _insp, major = found_major(ws, ent.id, "液氨管道腐蚀严重")
        listed = ws.list_supervision(major.id, deadline="2027-01-15")
        ws.set_settings({"department": None})
        count = ws.execute("SELECT COUNT(*) FROM document").fetchone()[0]
        with pytest.raises(DocumentError):
            supervision.issue_notice(ws, listed.id)
        assert ws.execute("SELECT COUNT(*) FROM document").fetchone()[0] == count
        assert ws.supervision(listed.id).notice_document_id is None


def test_list_remind_delist_through_a_pack_and_a_bundle(tmp_path):
    clock = Clock()
    hq, field = opened(tmp_path / "hq.sitecheck", clock), opened(tmp_path / "field.sitecheck", clock)
    try:
        ent = hq.add_enterprise(name="杭州瑞丰化工有限公司", district="西湖区")
        export_pack(hq, tmp_path / "1.scpack")
        import_pack(field, tmp_path / "1.scpack", trust=True)
        insp, major = found_major(field, ent.id, "储罐区可燃气体检测报警装置失效")
        _, other = found_major(field, ent.id, "液氨管道腐蚀严重")
        issue.issue_order(field, insp.id)
        export_bundle(field, tmp_path / "1.scbundle")
        import_bundles(hq, [tmp_path / "1.scbundle"], trust=True)

        listed = hq.list_supervision(major.id, deadline=NOW.date() + timedelta(days=10))   # list
        notice = supervision.issue_notice(hq, listed.id)
        export_pack(hq, tmp_path / "2.scpack")
        report = import_pack(field, tmp_path / "2.scpack", trust=True)
        assert report.added["supervision"] == 1
        seen = field.finding_supervision(major.id)
        assert seen.id == listed.id and seen.supervisor == DEPARTMENT["name"]
        assert field.supervision_reminders() == []                                     # remind
        clock.now = NOW + timedelta(days=5)
        assert [s.id for s in field.supervision_reminders()] == [listed.id]
        clock.now = NOW + timedelta(days=12)
        assert field.supervision(listed.id).state(field.today()) == SupervisionState.OVERDUE

        again = field.start_inspection(ent.id, [], PEOPLE, mode=InspectionMode.REINSPECTION, parent_id=insp.id)
        review = issue.issue_review(field, again.id, {major.id: Opinion.RECTIFIED})
        with pytest.raises(InvalidTransition, match="只能在那里办理"):
            field.delist_supervision(listed.id)                 # listed at headquarters: 摘牌 there
        mine = field.list_supervision(other.id, deadline=field.today() + timedelta(days=20))
        export_bundle(field, tmp_path / "2.scbundle")
        assert field.audit_verify() == []
        import_bundles(hq, [tmp_path / "2.scbundle"], trust=True)

        done = hq.delist_supervision(listed.id)                                          # 摘牌
        assert done.delist_basis == review.number and done.delisted_on == "2026-12-13"
        assert hq.supervision(mine.id).device_id == field.device_id                      # came back
        assert hq.supervision_counts() == {"listed": 1, "overdue": 0, "delisted": 1}
        assert hq.document(notice.id).kind == DocumentKind.SUPERVISION
        assert hq.audit_verify() == []
        export_pack(hq, tmp_path / "3.scpack")
        import_pack(field, tmp_path / "3.scpack", trust=True)
        assert field.supervision(listed.id).delisted_on == "2026-12-13"
        assert field.finding_supervision(major.id) is None and field.audit_verify() == []
    finally:
        hq.close()
        field.close()


@pytest.mark.parametrize("change, column", [
    ("deadline = '2026-11-01'", "deadline"),                     # before the day of listing
    ("delisted_on = '2026-12-05'", "listed_on"),                  # 摘牌 without its basis
    ("listed_on = '2026-02-30'", "listed_on"),                    # not a date
])
def test_a_pack_with_a_bad_listing_is_refused_whole(tmp_path, change, column):
    clock = Clock()
    hq, field = opened(tmp_path / "hq.sitecheck", clock), opened(tmp_path / "field.sitecheck", clock)
    try:
        ent = hq.add_enterprise(name="杭州瑞丰化工有限公司", district="西湖区")
        _, major = found_major(hq, ent.id, "储罐区可燃气体检测报警装置失效")
        hq.list_supervision(major.id, deadline="2027-01-15")
        hq.execute(f"UPDATE supervision SET {change}")
        hq.conn.commit()
        export_pack(hq, tmp_path / "p.scpack")
        with pytest.raises(BundleRejected, match=column):
            import_pack(field, tmp_path / "p.scpack", trust=True)
        assert field.execute("SELECT COUNT(*) FROM enterprise").fetchone()[0] == 0
    finally:
        hq.close()
        field.close()


def test_sample_data_has_listed_overdue_and_delisted_hazards(tmp_path):
    from export.demo import fill_with_documents

    with Workspace.open(tmp_path / "demo.sitecheck", clock=Clock()) as ws:
        fill_with_documents(ws, inspections=20)
        listings = ws.supervisions()
        states = {s.state(ws.today()) for s in listings}
        assert states == {SupervisionState.LISTED, SupervisionState.OVERDUE, SupervisionState.DELISTED}
        for listing in listings:
            assert ws.finding(listing.finding_id).level == HazardLevel.MAJOR
            assert listing.supervisor.endswith("（示例数据）")           # the sample departments
            if listing.delisted_on:
                assert listing.delist_basis == ws.closing_review(listing.finding_id)
        due = sorted((s for s in listings if not s.delisted_on and s.days_left(ws.today()) <= 7),
                     key=lambda s: s.deadline)
        assert [s.id for s in ws.supervision_reminders()] == [s.id for s in due] and len(due) == 2
        assert ws.audit_verify() == []


def test_sample_data_loaded_twice_lists_other_hazards(tmp_path):
    from storage.demo import fill

    with Workspace.open(tmp_path / "demo.sitecheck", clock=Clock()) as ws:
        fill(ws, inspections=12)
        first = {s.finding_id for s in ws.supervisions()}
        fill(ws, inspections=12)
        both = [s.finding_id for s in ws.supervisions()]
        assert first and len(both) == len(set(both)) > len(first) and first < set(both)


def test_ledger_export_command_filters_on_supervision(tmp_path, capsys):
    import csv

    import main

    clock = Clock()
    path = tmp_path / "hq.sitecheck"
    with opened(path, clock) as ws:
        ent = ws.add_enterprise(name="杭州瑞丰化工有限公司", district="西湖区")
        _, soon = found_major(ws, ent.id, "储罐区可燃气体检测报警装置失效")
        _, later = found_major(ws, ent.id, "液氨管道腐蚀严重")
        found_major(ws, ent.id, "配电室未设置挡鼠板")
        ws.list_supervision(soon.id, deadline="2026-12-05")
        ws.list_supervision(later.id, deadline="2027-01-31")

    def exported(*flags: str) -> list[str]:
        out = tmp_path / f"ledger{len(flags)}{flags[-1][-4:]}.csv"
        assert main.main(["--workspace", str(path), "ledger", "export", "--out", str(out),
                          "--today", "2026-12-10", *flags]) == 0
        with out.open(encoding="utf-8-sig") as handle:
            return sorted(row[next(i for i, h in enumerate(head) if "描述" in h)]
                          for head in [next(csv.reader(handle))] for row in csv.reader(handle))

    assert exported("--supervised") == ["储罐区可燃气体检测报警装置失效", "液氨管道腐蚀严重"]
    assert exported("--supervised", "--supervision-overdue") == ["储罐区可燃气体检测报警装置失效"]
    capsys.readouterr()


def test_samr_notice_cites_the_special_equipment_law(tmp_path):
    clock = Clock()
    with Workspace.open(tmp_path / "hq.sitecheck", clock=clock) as ws:
        ws.set_settings({"department_samr": {**DEPARTMENT, "name": "杭州市西湖区市场监督管理局"},
                         "inspectors": PEOPLE})
        ent = ws.add_enterprise(name="杭州恒达商业管理有限公司", district="西湖区")
        lift = next(c for c in ws.checklists() if c.id == "elevator-user")
        insp = ws.start_inspection(ent.id, [lift.hash], PEOPLE, family="samr", task_source="complaint",
                                   task_source_note="12345热线投诉")
        major = ws.add_finding(insp.id, description="1号客梯限速器超期未校验", level=HazardLevel.MAJOR,
                               deadline="2026-12-11")
        with pytest.raises(InvalidTransition):
            ws.list_supervision(ws.add_finding(insp.id, description="机房照明不足").id, deadline="2026-12-20")
        listed, doc = supervision.list_with_notice(ws, major.id, deadline="2026-12-20")
        assert listed.supervisor == "杭州市西湖区市场监督管理局" and listed.notice_document_id == doc.id
        assert doc.number == "（杭西）市监特督办〔2026〕001号"
        text = flat(ws.document_pdf(doc.id))
        assert "依据《中华人民共和国特种设备安全法》第六十三条第一款的规定，本机关责令你单位采取措施消除上述严重事故隐患" in text
        assert "判定为严重事故隐患" in text and "安全生产法" not in text


def test_a_refused_notice_lists_nothing(tmp_path):
    clock = Clock()
    with opened(tmp_path / "hq.sitecheck", clock) as ws:
        ent = ws.add_enterprise(name="杭州瑞丰化工有限公司", district="西湖区")
        _, major = found_major(ws, ent.id, "储罐区可燃气体检测报警装置失效")
        ws.set_settings({"number_patterns": {"ems": "{year}-{seq}"}})     # no {abbr}: refused
        with pytest.raises(DocumentError):
            supervision.list_with_notice(ws, major.id, deadline="2026-12-20")
        assert ws.supervisions() == [] and ws.execute("SELECT COUNT(*) FROM document").fetchone()[0] == 0
