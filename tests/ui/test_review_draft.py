"""Re-inspection opinions are a draft in the workspace until the review is issued."""
from __future__ import annotations

from datetime import date

from checklists.common.vocabulary import FindingState
from export.issue import issue_order
from storage.reinspection import draft_key
from ui.views.reinspection import ReinspectionView


def ordered_findings(ws):
    ent = ws.add_enterprise(name="杭州瑞丰食品有限公司")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], [dict(p) for p in ws.setting("inspectors")[:2]])
    findings = [ws.add_finding(insp.id, description=text, deadline="2026-12-01")
                for text in ("配电箱门未关闭，内部线路裸露", "消防通道堆放杂物")]
    ws.finish_inspection(insp.id)
    issue_order(ws, insp.id)
    return findings


def test_review_draft_survives_leaving_and_reopening(qtbot, window):
    ws = window.ctx.ws
    first, second = ordered_findings(ws)
    re_id = window.start_reinspection(first.id)
    view = window.reinspection
    assert [f.id for f in view.findings] == [first.id, second.id]

    view.set_verdict("partly", note="线路已整理，箱门锁具未更换", deadline=date(2026, 12, 20))
    view.list.setCurrentRow(1)
    view.opinion.setCurrentIndex(view.opinion.findData("rectified"))
    view.note.setText("杂物已清理")
    view.note.setModified(True)                   # typed, Enter not pressed
    window.show_view("home")                      # leave the view

    draft = ws.setting(draft_key(re_id))
    assert draft[first.id] == {"opinion": "partly", "note": "线路已整理，箱门锁具未更换",
                               "deadline": "2026-12-20"}
    assert draft[second.id]["note"] == "杂物已清理" and draft[second.id]["deadline"] is None

    # a fresh view (as after a restart) shows the opinions again
    fresh = ReinspectionView(window.ctx)
    qtbot.addWidget(fresh)
    fresh.open_reinspection(re_id)
    assert fresh.list.currentRow() == 0
    assert fresh.opinion.currentData() == "partly" and fresh.note.text() == "线路已整理，箱门锁具未更换"
    assert fresh.deadline.date().toPython() == date(2026, 12, 20)
    fresh.list.setCurrentRow(1)
    assert fresh.opinion.currentData() == "rectified" and fresh.note.text() == "杂物已清理"
    assert fresh.issue_button.isEnabled()

    # issuing uses the draft and clears it
    fresh.issue()
    qtbot.waitUntil(lambda: not window.ctx.ops.busy, timeout=20000)
    [review] = ws.documents(inspection_id=re_id)
    assert review.data["opinions"] == {first.id: "partly", second.id: "rectified"}
    assert review.data["deadlines"] == {first.id: "2026-12-20"}
    assert ws.finding(second.id).state == FindingState.CLOSED
    assert ws.finding(first.id).deadline == "2026-12-20"
    assert ws.setting(draft_key(re_id)) is None
