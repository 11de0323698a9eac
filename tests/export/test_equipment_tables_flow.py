"""Per-equipment answers and findings flow into the documents (PDF text read back) and
into a bundle merged at headquarters; hidden items appear in neither (issue 15 §2, §3)."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from checklists.common.vocabulary import Result
from export import issue
from export.sync.bundle import export_bundle, import_bundles
from storage.workspace import Workspace
from tests.equipment_sample import setup
from tests.export.test_issue import EMS_DEPARTMENT, SAMR_DEPARTMENT

CODE_A, CODE_B = "21103301002019000011", "21103301002019000022"


def text(ws: Workspace, document) -> str:
    pdf = ws.document_pdf(document.id)
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def walked(ws: Workspace):
    """Vessel A fails its registration item; vessel B fails its inspection item, then an
    item shown by that answer, which a later change hides again."""
    ws.set_settings({"department": EMS_DEPARTMENT, "department_samr": SAMR_DEPARTMENT})
    insp, checklist, a, b = setup(ws)
    record = ws.record_result
    record(insp.id, checklist.hash, "PV-01-01", result=Result.PASS)
    record(insp.id, checklist.hash, "PV-02-01", result=Result.FAIL, equipment_id=a.id, note="1号反应釜未办理使用登记")
    record(insp.id, checklist.hash, "PV-02-02", result=Result.PASS, equipment_id=a.id)
    record(insp.id, checklist.hash, "PV-02-04", result=Result.PASS, equipment_id=a.id)
    record(insp.id, checklist.hash, "PV-02-01", result=Result.PASS, equipment_id=b.id)
    record(insp.id, checklist.hash, "PV-02-02", result=Result.FAIL, equipment_id=b.id, note="2号储气罐定期检验已过期")
    record(insp.id, checklist.hash, "PV-02-03", result=Result.FAIL, equipment_id=b.id, note="过期后仍在使用的罐体")
    record(insp.id, checklist.hash, "PV-02-02", result=Result.FAIL, equipment_id=b.id)
    return insp, checklist, a, b


def test_documents_name_the_equipment_of_each_finding_and_leave_hidden_items_out(tmp_path):
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        insp, checklist, _a, b = walked(ws)
        # hide PV-02-03 of vessel B again: its answer and finding are withdrawn
        ws.record_result(insp.id, checklist.hash, "PV-02-02", result=Result.NA, equipment_id=b.id)
        ws.record_result(insp.id, checklist.hash, "PV-02-02", result=Result.FAIL, equipment_id=b.id,
                         note="2号储气罐定期检验已过期")
        order = text(ws, issue.issue_order(ws, insp.id))
        ws.finish_inspection(insp.id)
        record = text(ws, issue.issue_record(ws, insp.id))
    for body in (order, record):
        assert f"1号反应釜（设备代码{CODE_A}）" in body and f"2号储气罐（设备代码{CODE_B}）" in body
        assert "过期后仍在使用" not in body
    assert re.search(rf"1号反应釜（设备代码{CODE_A}）：1号反应釜未办理使用登记", order)
    assert re.search(rf"检查项PV-02-01）1号反应釜（设备代码{CODE_A}）：1号反应釜未办理使用登记", record)
    # the record counts the answered shown items: the unit 1, vessel A 3, vessel B 2 (PV-02-03 hidden)
    assert "共检查6项，其中符合4项，不符合2项，不适用0项" in record
    assert f"每台压力容器（1号反应釜，设备代码{CODE_A}）：检查3项，符合2项" in record


def test_a_bundle_carries_per_equipment_answers_and_findings_to_headquarters(tmp_path):
    with Workspace.open(tmp_path / "device.sitecheck") as ws:
        insp, checklist, a, b = walked(ws)
        export_bundle(ws, tmp_path / "all.scbundle", everything=True)
        device = {t: ws.execute(f"SELECT * FROM [{t}] ORDER BY id").fetchall()
                  for t in ("inspection", "answer", "finding")}
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        for _ in range(2):                      # twice: the same result
            import_bundles(hq, [tmp_path / "all.scbundle"], trust=True)
        here = {t: hq.execute(f"SELECT * FROM [{t}] ORDER BY id").fetchall() for t in device}
        assert hq.audit_verify() == []
        answers = hq.answer_map(insp.id)
        assert answers[(checklist.hash, a.id, "PV-02-01")].result == Result.FAIL
        assert answers[(checklist.hash, b.id, "PV-02-01")].result == Result.PASS
        concerned = {f.item_id: f.equipment_id for f in hq.findings()}
        assert concerned == {"PV-02-01": a.id, "PV-02-02": b.id, "PV-02-03": b.id}
        assert [t["id"] for t in hq.inspection(insp.id).equipment_tables] == [a.id, b.id]
    assert here == device
