"""Per-equipment tables and conditional items in the workspace (issue 15 §2, §3):
answers and findings carry their equipment, hidden items are not unanswered, an
answer that hides items withdraws theirs in the same transaction, bad input
changes nothing, and rows audited before the migration still verify."""
from __future__ import annotations

import pytest

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import EquipmentKind, FindingState, Result
from checklists.conditions import shown_keys
from storage import audit, migrations
from storage.demo import INSPECTORS
from storage.workspace import Workspace
from tests.equipment_sample import setup


def shown(ws, insp, checklist):
    return shown_keys(ws.walk_parts(insp.id, checklist.hash))


def test_each_selected_vessel_gets_its_own_table_with_its_attributes(ws):
    insp, checklist, a, b = setup(ws)
    parts = ws.walk_parts(insp.id, checklist.hash)
    assert [(p.section.id, p.equipment_id) for p in parts] == [("unit", None), ("vessel", a.id), ("vessel", b.id)]
    items = {p.equipment_id: [i.id for i in p.items] for p in parts}
    assert items[None] == ["PV-01-01", "PV-01-02"]                 # a 工贸 enterprise
    assert items[a.id] == ["PV-02-01", "PV-02-02", "PV-02-04"]     # 快开门式: the interlock item
    assert items[b.id] == ["PV-02-01", "PV-02-02"]
    assert ws.inspection(insp.id).equipment_tables[0] == {"id": a.id, "attributes": {"quick_open": "yes"}}


def test_the_sector_condition_hides_an_item_for_other_enterprises(ws):
    insp, checklist, _a, _ = setup(ws, sector="other")
    assert (None, "PV-01-02") not in shown(ws, insp, checklist)
    with pytest.raises(InvalidInput, match="不适用"):
        ws.record_result(insp.id, checklist.hash, "PV-01-02", result=Result.FAIL)
    assert ws.answer_map(insp.id) == {}


def test_answers_and_findings_carry_their_equipment(ws):
    insp, checklist, a, b = setup(ws)
    fa = ws.record_result(insp.id, checklist.hash, "PV-02-01", result=Result.FAIL, equipment_id=a.id).finding
    ws.record_result(insp.id, checklist.hash, "PV-02-01", result=Result.PASS, equipment_id=b.id)
    fb = ws.record_result(insp.id, checklist.hash, "PV-02-02", result=Result.FAIL, equipment_id=b.id).finding
    answers = ws.answer_map(insp.id)
    assert answers[(checklist.hash, a.id, "PV-02-01")].result == Result.FAIL
    assert answers[(checklist.hash, b.id, "PV-02-01")].result == Result.PASS
    assert (fa.equipment_id, fb.equipment_id) == (a.id, b.id)
    assert ws.finding_for_item(insp.id, checklist.hash, "PV-02-01", equipment_id=b.id) is None
    assert ws.finding_for_item(insp.id, checklist.hash, "PV-02-01", equipment_id=a.id).id == fa.id
    assert ws.answers(insp.id) == {}            # the unit-level answers only
    assert ws.audit_verify() == []


def test_an_answer_goes_to_a_selected_table_of_the_items_kind(ws):
    insp, checklist, a, _ = setup(ws)
    other = ws.add_equipment(ws.inspection(insp.id).enterprise_id, kind="pressure_vessel", name="3号罐")
    for equipment_id in (None, other.id):
        with pytest.raises(InvalidInput, match="须指定本次检查选定的一台"):
            ws.record_result(insp.id, checklist.hash, "PV-02-01", result=Result.PASS, equipment_id=equipment_id)
    with pytest.raises(InvalidInput, match="不按设备作答"):
        ws.record_result(insp.id, checklist.hash, "PV-01-01", result=Result.PASS, equipment_id=a.id)
    assert ws.answer_map(insp.id) == {} and ws.findings() == []


def test_an_answer_that_hides_items_withdraws_their_answers_and_findings_at_once(ws):
    insp, checklist, a, _b = setup(ws)
    ws.record_result(insp.id, checklist.hash, "PV-02-02", result=Result.FAIL, equipment_id=a.id)
    assert (a.id, "PV-02-03") in shown(ws, insp, checklist)
    hidden = ws.record_result(insp.id, checklist.hash, "PV-02-03", result=Result.FAIL, equipment_id=a.id,
                              note="超期未检仍在使用").finding
    ws.record_result(insp.id, checklist.hash, "PV-02-02", result=Result.PASS, equipment_id=a.id)
    assert (a.id, "PV-02-03") not in shown(ws, insp, checklist)
    answer = ws.answer_map(insp.id)[(checklist.hash, a.id, "PV-02-03")]
    assert (answer.result, answer.note) == (None, None)
    assert ws.finding_for_item(insp.id, checklist.hash, "PV-02-03", equipment_id=a.id) is None
    assert hidden.id not in {f.id for f in ws.findings()}
    assert ws.audit_verify() == []


def test_a_change_that_would_hide_an_ordered_finding_is_refused_and_changes_nothing(ws):
    insp, checklist, a, _ = setup(ws)
    ws.record_result(insp.id, checklist.hash, "PV-02-02", result=Result.FAIL, equipment_id=a.id)
    f = ws.record_result(insp.id, checklist.hash, "PV-02-03", result=Result.FAIL, equipment_id=a.id).finding
    ws.transition(f.id, FindingState.ORDERED)
    before = ws.answer_map(insp.id)
    with pytest.raises(InvalidInput, match="不能撤回"):
        ws.record_result(insp.id, checklist.hash, "PV-02-02", result=Result.PASS, equipment_id=a.id)
    assert ws.answer_map(insp.id) == before
    assert ws.finding(f.id).state == FindingState.ORDERED


def test_changing_an_attribute_hides_items_and_withdraws_their_answers(ws):
    insp, checklist, a, b = setup(ws)
    ws.record_result(insp.id, checklist.hash, "PV-02-04", result=Result.FAIL, equipment_id=a.id)
    ws.set_equipment_tables(insp.id, [{"id": a.id, "attributes": {"quick_open": "no"}}, {"id": b.id}])
    assert (a.id, "PV-02-04") not in shown(ws, insp, checklist)
    assert ws.answer_map(insp.id)[(checklist.hash, a.id, "PV-02-04")].result is None
    assert ws.findings() == []


def test_the_selection_is_checked_and_a_refusal_changes_nothing(ws):
    insp, checklist, a, b = setup(ws)
    before = ws.inspection(insp.id).equipment_tables
    ent = ws.inspection(insp.id).enterprise_id
    boiler = ws.add_equipment(ent, kind="boiler", name="1号锅炉")
    stranger = ws.add_equipment(ws.add_enterprise(name="别家公司").id, kind="pressure_vessel")
    bad = [[{"id": boiler.id}], [{"id": stranger.id}], [{"id": a.id}, {"id": a.id}],
           [{"id": a.id, "attributes": {"quick_open": "maybe"}}], [{"id": a.id, "attributes": {"size": "big"}}]]
    for selection in bad:
        with pytest.raises(InvalidInput):
            ws.set_equipment_tables(insp.id, selection)
    ws.record_result(insp.id, checklist.hash, "PV-02-01", result=Result.PASS, equipment_id=b.id)
    with pytest.raises(InvalidInput, match="已有检查结果"):
        ws.set_equipment_tables(insp.id, [{"id": a.id}])
    assert ws.inspection(insp.id).equipment_tables == before


def test_a_kind_in_use_without_a_selected_piece_is_reported(ws):
    insp, _checklist, _a, _b = setup(ws)
    assert ws.missing_equipment_kinds(insp.id) == []
    ws.set_equipment_tables(insp.id, [])
    assert ws.missing_equipment_kinds(insp.id) == [EquipmentKind.PRESSURE_VESSEL]


def test_rows_audited_before_the_migration_still_verify(tmp_path, monkeypatch):
    path = tmp_path / "old.sitecheck"
    before = migrations.MIGRATIONS.index(migrations.V8_EQUIPMENT_TABLES)
    with monkeypatch.context() as old:
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:before])
        old.setattr(migrations, "LATEST", before)
        with Workspace.open(path) as ws:
            checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
            ent = ws.add_enterprise(name="杭州瑞丰食品有限公司")
            insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS)
            item = next(checklist.items())
            # an answer as the previous program wrote it (without the new column)
            ws._insert("answer", {"inspection_id": insp.id, "checklist_hash": checklist.hash,
                                  "item_id": item.id, "result": "fail"})
            assert ws.audit_verify() == []
    with Workspace.open(path) as ws:
        assert migrations.schema_version(ws.conn) == migrations.LATEST
        assert ws.audit_verify() == []
        row = next(ws.query("SELECT * FROM answer"))
        assert row["for_equipment"] is None
        assert audit.row_hash(row) == audit.row_hash({k: v for k, v in row.items() if k != "for_equipment"})
        ws.record_result(insp.id, checklist.hash, item.id, result=Result.PASS)
        assert ws.audit_verify() == []
