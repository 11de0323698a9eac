"""Findings from the special-equipment user checklists in a 特种设备安全监察指令书 and a
现场检查记录: the breached articles and the criterion that makes a hazard 严重 are
printed as the checklist cites them (text read back with pypdf)."""
from __future__ import annotations

import dataclasses
import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from checklists.common.vocabulary import EquipmentKind, Rectification, Result, TaskSource
from export import decisions, issue
from storage.workspace import Workspace

DEPARTMENT = {"name": "杭州市市场监督管理局", "abbr": "杭", "government": "杭州市人民政府",
              "court": "杭州市西湖区人民法院", "address": "杭州市上城区解放路2号", "phone": "0571-87654322"}
GROUND = "依据《特种设备安全监督检查办法》第二十五条"
GB = "《特种设备重大事故隐患判定准则（GB 45067-2024）》"
# checklist -> (equipment kind, items answered 不符合, what the documents must say)
CASES = {
    "pressure-vessel-user": (EquipmentKind.PRESSURE_VESSEL, ["PV-05-03", "PV-05-06", "PV-01-02"], [
        f"{GROUND}和{GB}4.3d)，判定为严重事故隐患",
        "《中华人民共和国特种设备安全法》第十四条",
        f"{GROUND}第（五）项，判定为严重事故隐患",
    ]),
    "lifting-user": (EquipmentKind.LIFTING, ["LF-02-04", "LF-05-07"], [
        f"{GROUND}和{GB}4.7a)，判定为严重事故隐患",
        "《中华人民共和国安全生产法》第四十三条",
    ]),
    "vehicle-user": (EquipmentKind.VEHICLE, ["VH-05-01", "VH-05-06"], [
        f"{GROUND}和{GB}4.10c)，判定为严重事故隐患",
        "《特种设备安全监察条例》第三十九条第二款",
    ]),
    "piping-user": (EquipmentKind.PRESSURE_PIPING, ["PP-02-01", "PP-04-01"], [
        f"{GROUND}和{GB}4.4a)，判定为严重事故隐患",
        "《特种设备安全监察条例》第二十七条第二款",
    ]),
}


def text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def inspect(ws: Workspace, checklist_id: str):
    """An inspection of one piece of equipment with the CASES items answered 不符合."""
    kind, failed, _ = CASES[checklist_id]
    checklist = next(c for c in ws.checklists() if c.id == checklist_id)
    ent = ws.add_enterprise(name="杭州特设示例有限公司", address="浙江省杭州市西湖区文三路1号", legal_rep="张三",
                            legal_rep_title="总经理", phone="13800000000")
    equipment = ws.add_equipment(ent.id, kind=kind, name=f"{kind.label_zh}1号", register_code="12345678901234567890",
                                 registration_no="浙A00001", location="1号车间")
    insp = ws.start_inspection(ent.id, [checklist.hash], [{"name": "王五", "cert_no": "33010001"},
                                                          {"name": "赵六", "cert_no": "33010002"}],
                               equipment_id=equipment.id, site="1号车间", site_manager="钱七",
                               task_source=TaskSource.PLAN, task_source_note="年度监督检查计划")
    for item in checklist.items():
        bad = item.id in failed
        value = (9.9 if bad else 0.5) if item.answer.kind == "number" else None
        ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL if bad else Result.PASS,
                         value=value, note=f"现场检查发现{item.id}不符合" if bad else None)
    for finding in ws.findings(limit=100):
        if finding.deadline is None and finding.rectification != Rectification.IMMEDIATE:
            ws.update_finding(finding.id, deadline=ws.today() + timedelta(days=15))
    ws.finish_inspection(insp.id)
    return insp, equipment


def seize(ws: Workspace, insp, equipment) -> None:
    """The 查封 a 严重事故隐患 needs before the record."""
    found, items = decisions.seizure_defaults(ws, insp.id)
    items = items or [decisions.SeizedItem(equipment.name, quantity="1台")]
    decisions.issue_seizure(ws, insp.id, found, [dataclasses.replace(i, seals="FT-0001") for i in items])


@pytest.mark.parametrize("checklist_id", CASES)
def test_order_and_record_print_the_citations_of_the_checklist(tmp_path, checklist_id):
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        ws.set_settings({"department_samr": DEPARTMENT})
        insp, equipment = inspect(ws, checklist_id)
        order = text(ws.document_pdf(issue.issue_order(ws, insp.id, photos=False).id))
        seize(ws, insp, equipment)
        record = text(ws.document_pdf(issue.issue_record(ws, insp.id, photos=False).id))
    for printed in CASES[checklist_id][2]:
        printed = re.sub(r"\s+", "", printed)
        assert printed in order and printed in record, printed
    assert "特种设备安全监察指令书" in order and "判定为严重事故隐患" in record
    assert f"{GROUND}和《特种设备安全监督检查办法》" not in order + record     # the ground once
