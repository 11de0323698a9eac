"""The statistics summary (storage/summary.py) against the full-scan queries it replaces:
the same figures after every kind of write, on demo data and on random data."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from checklists.common.vocabulary import EquipmentKind, FindingState, HazardLevel
from storage import demo, ledger
from storage.bulk import bulk_insert
from storage.ids import uuid7
from storage.workspace import Workspace

V4_INDEXES = {"device_self", "checklist_by_id", "enterprise_name", "enterprise_district",
              "equipment_enterprise", "equipment_due", "inspection_enterprise", "inspection_started",
              "answer_item", "finding_enterprise", "finding_state", "finding_inspection",
              "finding_event_finding", "photo_inspection", "photo_finding", "document_number",
              "document_inspection", "audit_entity", "photo_derived"}
DAYS = (date(2025, 1, 1), date(2026, 3, 15), date(2026, 6, 1), date(2027, 1, 1))


def assert_equal_to_scan(ws: Workspace) -> None:
    assert_districts_copied(ws)
    for day in DAYS:
        assert ledger.hazard_counts(ws, day) == ledger.hazard_counts_scan(ws, day)
        for by in ledger.GROUPS:
            assert ledger.statistics(ws, by=by, today=day) == \
                ledger.statistics_scan(ws, by=by, today=day), (by, day)


def test_demo_data_through_the_facade(ws):
    demo.fill(ws, inspections=30)
    assert ledger.hazard_counts(ws, ws.today())["total"] > 20
    assert_equal_to_scan(ws)
    finding = next(f for f in ws.findings() if f.state == FindingState.OPEN)
    ws.delete_finding(finding.id)           # a tombstone leaves every figure
    assert_equal_to_scan(ws)
    ent = ws.enterprises()[0]
    ws.update_enterprise(ent.id, district="新区")  # its findings move district
    assert_equal_to_scan(ws)
    assert any(r.label == "新区" for r in ledger.statistics(ws, by="district"))


NAMES = ("王建国", "李晓燕", "张伟", "陈静")
DISTRICTS = ("上城区", "西湖区", "滨江区", None)
KINDS = [str(k) for k in EquipmentKind]


def _random_world(ws: Workspace, rng: random.Random) -> dict[str, list[str]]:
    """Enterprises, equipment, inspections and findings in bulk (findings first for some:
    merges may bring a finding before its inspection)."""
    ents = [{"id": uuid7(), "name": f"单位{n}", "district": rng.choice(DISTRICTS)} for n in range(6)]
    kit = [{"id": uuid7(), "enterprise_id": rng.choice(ents)["id"], "kind": rng.choice(KINDS)}
           for _ in range(5)]
    insps = []
    for _ in range(25):
        people = [{"name": rng.choice(NAMES), "cert_no": "1"} for _ in range(rng.randint(1, 3))]
        month = rng.randint(1, 12)
        insps.append({"id": uuid7(), "enterprise_id": rng.choice(ents)["id"],
                      "equipment_id": rng.choice([None, *[k["id"] for k in kit]]),
                      "mode": "routine", "family": "ems", "checklists": "[]",
                      "inspectors": json.dumps(people, ensure_ascii=False),
                      "started_at": f"2026-{month:02d}-03T09:00:00+08:00"})
    findings = [_finding_row(rng, rng.choice(insps)) for _ in range(300)]
    with ws.transaction():
        ws.execute("PRAGMA defer_foreign_keys = ON")
        bulk_insert(ws, "finding", findings[:100])          # before their inspections
        bulk_insert(ws, "inspection", insps[:20])
        bulk_insert(ws, "enterprise", ents)                 # after the inspections
        bulk_insert(ws, "equipment", kit)
        bulk_insert(ws, "inspection", insps[20:])
        bulk_insert(ws, "finding", findings[100:])
    return {"enterprise": [e["id"] for e in ents], "equipment": [k["id"] for k in kit],
            "inspection": [i["id"] for i in insps], "finding": [f["id"] for f in findings]}


def _finding_row(rng: random.Random, insp: dict) -> dict:
    deadline = date(2026, 1, 1) + timedelta(days=rng.randint(0, 400))
    return {"id": uuid7(), "inspection_id": insp["id"], "enterprise_id": insp["enterprise_id"],
            "level": rng.choice(list(HazardLevel)).value, "description": "隐患",
            "rectification": "deadline", "deadline": rng.choice([deadline.isoformat(), None]),
            "state": rng.choice(list(FindingState)).value, "state_at": "2026-01-01T00:00:00+08:00"}


def _random_change(ws: Workspace, rng: random.Random, ids: dict[str, list[str]]) -> None:
    """One write of the kind merges and the facade make, straight in SQL."""
    fid, iid = rng.choice(ids["finding"]), rng.choice(ids["inspection"])
    changes = [
        ("UPDATE finding SET state = ? WHERE id = ?", [rng.choice(list(FindingState)).value, fid]),
        ("UPDATE finding SET level = ?, deadline = ? WHERE id = ?",
         [rng.choice(list(HazardLevel)).value, rng.choice(["2026-02-01", "2026-09-09", None]), fid]),
        ("UPDATE finding SET deleted = 1 - deleted WHERE id = ?", [fid]),
        ("UPDATE finding SET inspection_id = ? WHERE id = ?", [iid, fid]),
        ("UPDATE inspection SET deleted = 1 - deleted WHERE id = ?", [iid]),
        ("UPDATE inspection SET started_at = ?, inspectors = ? WHERE id = ?",
         ["2027-05-05T10:00:00+08:00", json.dumps([{"name": rng.choice(NAMES)}] * 2), iid]),
        ("UPDATE inspection SET enterprise_id = ?, equipment_id = ? WHERE id = ?",
         [rng.choice(ids["enterprise"]), rng.choice([None, *ids["equipment"]]), iid]),
        ("UPDATE enterprise SET district = ? WHERE id = ?",
         [rng.choice(DISTRICTS), rng.choice(ids["enterprise"])]),
        ("UPDATE equipment SET kind = ? WHERE id = ?", [rng.choice(KINDS), rng.choice(ids["equipment"])]),
        ("UPDATE finding SET description = '改' WHERE id = ?", [fid]),
    ]
    sql, params = rng.choice(changes)
    with ws.transaction():
        ws.execute(sql, params)


@pytest.mark.parametrize("seed", range(4))
def test_random_writes_keep_the_summary_equal_to_the_scan(ws, seed):
    rng = random.Random(seed)
    ws.execute("PRAGMA foreign_keys = OFF")     # as merges run: rows of any order, any gaps
    ids = _random_world(ws, rng)
    assert_equal_to_scan(ws)
    for n in range(120):
        _random_change(ws, rng, ids)
        if n % 20 == 19:
            assert_equal_to_scan(ws)
    with ws.transaction():                      # rows removed outright (not tombstoned)
        ws.execute("DELETE FROM finding WHERE id IN (?, ?)", ids["finding"][:2])
        ws.execute("DELETE FROM equipment WHERE id = ?", [ids["equipment"][0]])
        ws.execute("DELETE FROM enterprise WHERE id = ?", [ids["enterprise"][0]])
    assert_equal_to_scan(ws)


def test_a_rolled_back_write_leaves_the_summary_as_it_was(ws):
    demo.fill(ws, inspections=10)
    before = ledger.statistics(ws, by="month")
    with pytest.raises(RuntimeError), ws.transaction():
        ws.execute("UPDATE finding SET state = 'closed'")
        raise RuntimeError("stop")
    assert ledger.statistics(ws, by="month") == before
    assert_equal_to_scan(ws)


def test_migration_fills_the_summary_of_an_existing_workspace(tmp_path):
    path = tmp_path / "old.sitecheck"
    with Workspace.open(path) as ws:
        demo.fill(ws, inspections=20)
        expected = {by: ledger.statistics_scan(ws, by=by) for by in ledger.GROUPS}
        names = [r[0] for r in ws.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%_stat_%' "
            "OR name LIKE 'finding_district_%')")]
        ws.execute("BEGIN IMMEDIATE")           # back to schema 5, as an older program left it
        for name in names:
            ws.execute(f"DROP TRIGGER {name}")
        for table in ("finding_stat", "inspection_stat", "summary_state", "stat_key"):
            ws.execute(f"DROP TABLE {table}")
        for (index,) in ws.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql "
                                   "IS NOT NULL").fetchall():
            if index not in V4_INDEXES:
                ws.execute(f"DROP INDEX {index}")
        ws.execute("ALTER TABLE finding DROP COLUMN enterprise_district")
        ws.execute("PRAGMA user_version = 5")
        ws.execute("COMMIT")
    with Workspace.open(path) as ws:
        assert {by: ledger.statistics(ws, by=by) for by in ledger.GROUPS} == expected
        assert_equal_to_scan(ws)
        assert_districts_copied(ws)


def assert_districts_copied(ws: Workspace) -> None:
    """Each finding's copy of its enterprise's district equals the enterprise's."""
    assert ws.execute("SELECT COUNT(*) FROM finding f LEFT JOIN enterprise e "
                      "ON e.id = f.enterprise_id WHERE f.enterprise_district IS NOT e.district"
                      ).fetchone()[0] == 0
