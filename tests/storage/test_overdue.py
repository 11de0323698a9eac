"""One definition of "overdue": the SQL filters and figures agree with ``is_overdue``."""
from __future__ import annotations

from datetime import date, datetime

from checklists.common.vocabulary import LOCAL_TZ, FindingState, is_overdue
from storage.demo import INSPECTORS
from storage.ledger import FindingQuery
from storage.workspace import Workspace

TODAY = date(2026, 12, 2)


def test_sql_and_python_agree_on_every_state_and_deadline(tmp_path):
    found = datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)      # before every deadline below
    with Workspace.open(tmp_path / "w.sitecheck", clock=lambda: found) as ws:
        ent = ws.add_enterprise(name="杭州瑞丰食品有限公司")
        insp = ws.start_inspection(ent.id, [ws.checklists()[0].hash], INSPECTORS)
        moves = {FindingState.OPEN: [], FindingState.ORDERED: [FindingState.ORDERED],
                 FindingState.RECTIFIED: [FindingState.ORDERED, FindingState.RECTIFIED],
                 FindingState.CLOSED: [FindingState.CLOSED]}
        for state, path in moves.items():
            for deadline in ("2026-12-01", "2026-12-02", "2026-12-03"):
                f = ws.add_finding(insp.id, description=f"{state} {deadline}", deadline=deadline)
                for step in path:
                    ws.transition(f.id, step)
        findings = ws.findings(limit=100)
        expected = {f.id for f in findings if is_overdue(f.state, f.deadline, TODAY)}
        assert {f.id for f in findings if f.overdue(TODAY)} == expected
        assert {f.id for f in ws.findings(FindingQuery(overdue_on=TODAY))} == expected
        assert ws.hazard_counts(TODAY)["overdue"] == len(expected) == 2   # open and ordered, due 12-01
