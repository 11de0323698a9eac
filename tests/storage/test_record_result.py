"""Workspace.record_result: the answer and the item's finding move together."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import DEFAULT_RECTIFICATION_DAYS, FindingState, Rectification, Result
from storage import findings
from storage.demo import INSPECTORS
from storage.workspace import Workspace

NOW = datetime(2026, 12, 2, 9, 30).astimezone()


@pytest.fixture
def walk(tmp_path):
    with Workspace.open(tmp_path / "w.sitecheck", clock=lambda: NOW) as ws:
        ent = ws.add_enterprise(name="杭州瑞丰食品有限公司")
        checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
        insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS)
        item = next(i for s in checklist.sections for i in s.items
                    if i.rectification == Rectification.DEADLINE)
        yield ws, insp, checklist, item


def test_fail_opens_a_finding_preset_from_the_item(walk):
    ws, insp, checklist, item = walk
    done = ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL, note="消防通道堵塞")
    f = done.finding
    assert done.finding_changed and done.answer.result == Result.FAIL
    assert (f.description, f.level, f.rectification) == ("消防通道堵塞", item.hazard_level,
                                                         item.rectification)
    days = item.rectification_days or DEFAULT_RECTIFICATION_DAYS
    assert f.deadline == (date(2026, 12, 2) + timedelta(days=days)).isoformat()
    again = ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL)
    assert again.finding.id == f.id and not again.finding_changed


def test_another_result_withdraws_an_open_finding_but_not_an_ordered_one(walk):
    ws, insp, checklist, item = walk
    f = ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL).finding
    done = ws.record_result(insp.id, checklist.hash, item.id, result=Result.PASS)
    assert done.finding is None and done.finding_changed
    assert ws.finding_for_item(insp.id, checklist.hash, item.id) is None
    f = ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL).finding
    ws.transition(f.id, FindingState.ORDERED)
    done = ws.record_result(insp.id, checklist.hash, item.id, result=Result.NA)
    assert done.finding.id == f.id and not done.finding_changed
    assert ws.audit_verify() == []


def test_a_refused_answer_leaves_no_finding(walk):
    ws, insp, checklist, item = walk
    with pytest.raises(InvalidInput):
        ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL, note="公司\x07名")
    assert ws.finding_for_item(insp.id, checklist.hash, item.id) is None
    assert ws.answers(insp.id) == {}


def test_restore_result_brings_a_withdrawn_finding_back_in_one_transaction(walk):
    ws, insp, checklist, item = walk
    f = ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL).finding
    f = ws.update_finding(f.id, description="配电箱前堆放杂物")
    ws.record_result(insp.id, checklist.hash, item.id, result=Result.PASS)   # Esc then 1
    assert ws.finding_for_item(insp.id, checklist.hash, item.id) is None

    done = findings.restore_result(ws, insp.id, checklist.hash, item.id, result=Result.FAIL,
                                   value=None, note=None, finding_id=f.id)   # Ctrl+Z
    assert done.answer.result == Result.FAIL and done.finding.id == f.id
    back = ws.finding_for_item(insp.id, checklist.hash, item.id)
    assert (back.id, back.description, back.state) == (f.id, "配电箱前堆放杂物", FindingState.OPEN)
    assert next(ws.query("SELECT COUNT(*) n FROM finding"))["n"] == 1         # no second finding
    actions = [r["action"] for r in ws.query(
        "SELECT action FROM audit_event WHERE entity = 'finding' ORDER BY device_seq")]
    assert actions[-2:] == ["delete", "restore"] and ws.audit_verify() == []

    findings.restore_result(ws, insp.id, checklist.hash, item.id, result=None, value=None,
                            note=None, finding_id=None)                      # undo the 不符合
    assert ws.finding_for_item(insp.id, checklist.hash, item.id) is None
    assert ws.answers(insp.id)[(checklist.hash, item.id)].result is None


def test_restoring_fails_whole_when_the_item_has_another_finding(walk):
    ws, insp, checklist, item = walk
    first = ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL).finding
    ws.record_result(insp.id, checklist.hash, item.id, result=Result.PASS)
    second = ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL).finding
    ws.record_result(insp.id, checklist.hash, item.id, result=Result.NA)
    findings.restore(ws, second.id)
    with pytest.raises(InvalidInput, match="已有另一条隐患"):
        findings.restore_result(ws, insp.id, checklist.hash, item.id, result=Result.FAIL,
                                value=None, note=None, finding_id=first.id)
    assert ws.answers(insp.id)[(checklist.hash, item.id)].result == Result.NA   # unchanged
    assert ws.finding_for_item(insp.id, checklist.hash, item.id).id == second.id
