"""The statistics summary on PostgreSQL, kept inside each merge.

The same two tables as a workspace's (storage/summary.py: ``finding_stat``,
``inspection_stat``), with the same meaning: a finding counts under its
inspection's district, enterprise, equipment kind, month and inspectors while the
finding and the inspection are live and the enterprise exists; ``all`` counts
every live finding.  Instead of triggers, a merge names the rows it may change
(``affected``: the inspections and findings of the bundle, and the inspections
of its enterprises and equipment with their findings), takes their part out of
the summary before it writes (``apply(cur, -1)``) and puts it back after
(``apply(cur, +1)``), in the merge's transaction: never a full scan.
"""
from __future__ import annotations

from typing import Any

from checklists.common.vocabulary import OUTSTANDING

_OUT = ", ".join(f"'{s}'" for s in sorted(OUTSTANDING))
_DEADLINE = f"(CASE WHEN f.state IN ({_OUT}) THEN COALESCE(f.deadline, '') ELSE '' END)"
_PLAIN = ("LEFT JOIN equipment q ON q.id = i.equipment_id CROSS JOIN LATERAL (VALUES "
          "('district', COALESCE(e.district, '')), ('enterprise', e.id), "
          "('equipment_kind', COALESCE(q.kind, '')), ('month', substr(i.started_at, 1, 7))) "
          "AS d(dim, key)")
_INSPECTOR = ("CROSS JOIN LATERAL (SELECT 'inspector' AS dim, COALESCE(CASE WHEN "
              "jsonb_typeof(p) = 'object' THEN p ->> 'name' END, '') AS key "
              "FROM jsonb_array_elements(i.inspectors::jsonb) AS p) AS d")
_LIVE_I = "FROM inspection i JOIN enterprise e ON e.id = i.enterprise_id"
_UPSERT_F = ("ON CONFLICT (dim, key, level, state, deadline) "
             "DO UPDATE SET n = finding_stat.n + excluded.n")
_UPSERT_I = "ON CONFLICT (dim, key) DO UPDATE SET n = inspection_stat.n + excluded.n"


def affected(cur: Any, staged: dict[str, list[str]]) -> None:
    """temp aff_i, aff_f: the inspections and findings whose part of the summary the
    staged rows (temp in_<table>) may change."""
    inspections = [f"SELECT id FROM {t}" for t in ("in_inspection",) if "inspection" in staged]
    if "enterprise" in staged:
        inspections.append("SELECT id FROM inspection WHERE enterprise_id IN (SELECT id FROM in_enterprise)")
    if "equipment" in staged:
        inspections.append("SELECT id FROM inspection WHERE equipment_id IN (SELECT id FROM in_equipment)")
    cur.execute("CREATE TEMP TABLE aff_i (id text COLLATE \"C\" PRIMARY KEY) ON COMMIT DROP")
    cur.execute("CREATE TEMP TABLE aff_f (id text COLLATE \"C\" PRIMARY KEY) ON COMMIT DROP")
    if inspections:
        cur.execute(f"INSERT INTO aff_i {' UNION '.join(inspections)} ON CONFLICT DO NOTHING")
    findings = ["SELECT id FROM finding WHERE inspection_id IN (SELECT id FROM aff_i)"]
    if "finding" in staged:
        findings.append("SELECT id FROM in_finding")
    if "finding_event" in staged:
        findings.append("SELECT finding_id FROM in_finding_event")
    cur.execute(f"INSERT INTO aff_f {' UNION '.join(findings)} ON CONFLICT DO NOTHING")


def apply(cur: Any, sign: int) -> None:
    """Add (+1) or take out (-1) the affected rows' part of the summary as they are now."""
    findings = ("f.deleted = 0 AND f.id IN (SELECT id FROM aff_f)")
    for dims in (_PLAIN, _INSPECTOR):
        cur.execute(
            "INSERT INTO finding_stat (dim, key, level, state, deadline, n) "
            f"SELECT d.dim, d.key, f.level, f.state, {_DEADLINE}, %s * COUNT(*) "
            f"FROM finding f JOIN inspection i ON i.id = f.inspection_id AND i.deleted = 0 "
            f"JOIN enterprise e ON e.id = i.enterprise_id {dims} WHERE {findings} "
            f"GROUP BY 1, 2, 3, 4, 5 {_UPSERT_F}", [sign])
        cur.execute(
            "INSERT INTO inspection_stat (dim, key, n) SELECT d.dim, d.key, "
            f"%s * COUNT(DISTINCT i.id) {_LIVE_I} {dims} "
            f"WHERE i.deleted = 0 AND i.id IN (SELECT id FROM aff_i) GROUP BY 1, 2 {_UPSERT_I}",
            [sign])
    cur.execute(
        "INSERT INTO finding_stat (dim, key, level, state, deadline, n) "
        f"SELECT 'all', '', f.level, f.state, {_DEADLINE}, %s * COUNT(*) FROM finding f "
        f"WHERE {findings} GROUP BY 3, 4, 5 {_UPSERT_F}", [sign])
    if sign > 0:
        cur.execute("DELETE FROM finding_stat WHERE n = 0")
        cur.execute("DELETE FROM inspection_stat WHERE n = 0")


def rebuild(cur: Any) -> None:
    """The summary from the tables (a repair, and the tests' reference)."""
    cur.execute("DELETE FROM finding_stat")
    cur.execute("DELETE FROM inspection_stat")
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS aff_i (id text COLLATE \"C\" PRIMARY KEY) ON COMMIT DROP")
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS aff_f (id text COLLATE \"C\" PRIMARY KEY) ON COMMIT DROP")
    cur.execute("INSERT INTO aff_i SELECT id FROM inspection ON CONFLICT DO NOTHING")
    cur.execute("INSERT INTO aff_f SELECT id FROM finding ON CONFLICT DO NOTHING")
    apply(cur, 1)
