"""The statistics summary on PostgreSQL, kept inside each merge.

The same two tables as a workspace's (storage/summary.py: ``finding_stat``,
``inspection_stat``), with the same meaning: a finding counts under its
inspection's district, enterprise, equipment kind, month and inspectors while the
finding and the inspection are live and the enterprise exists; ``all`` counts
every live finding.  Instead of triggers, a merge names the rows it may change
(``affected``: the inspections and findings of the bundle, and the inspections
of its enterprises and equipment with their findings), counts their part of the
summary before it writes (``take_out``) and after (``put_back``), and adds the
difference in one statement per table, in the merge's transaction: never a full
scan, and a row of the summary is written once per bundle and only if its count
changes (readers of the summary meet fewer row versions, autovacuum has less to do).
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


# The merge's temporary tables of the summary (made once per connection with the merge's
# own, storage/hq/postgres/merge.py ``session``): the affected ids and the counts taken
# out (negative) and put back.
_C = 'COLLATE "C"'
TABLES = "; ".join([
    f"CREATE TEMP TABLE IF NOT EXISTS aff_i (id text {_C} PRIMARY KEY) ON COMMIT DELETE ROWS",
    f"CREATE TEMP TABLE IF NOT EXISTS aff_f (id text {_C} PRIMARY KEY) ON COMMIT DELETE ROWS",
    f"CREATE TEMP TABLE IF NOT EXISTS delta_f (dim text {_C}, key text {_C}, level text {_C}, "
    f"state text {_C}, deadline text {_C}, n bigint) ON COMMIT DELETE ROWS",
    f"CREATE TEMP TABLE IF NOT EXISTS delta_i (dim text {_C}, key text {_C}, n bigint) "
    "ON COMMIT DELETE ROWS",
])


def affected(staged: dict[str, list[str]]) -> str:
    """Statements filling temp aff_i, aff_f: the inspections and findings whose part of the
    summary the staged rows (temp in_<table>, the tables with rows) may change.  Each
    lookup goes by id from the staged rows (LATERAL, OFFSET 0 keeping it a lookup), so it
    reads the index whatever the planner guesses of a temporary table and of findings per
    inspection (as a join it hashed a scan of every finding: 1.3 s at 1M)."""
    inspections = [f"SELECT id FROM {t}" for t in ("in_inspection",) if "inspection" in staged]
    for table, column in (("enterprise", "enterprise_id"), ("equipment", "equipment_id")):
        if table in staged:
            inspections.append(f"SELECT x.id FROM in_{table} s CROSS JOIN LATERAL "
                               f"(SELECT id FROM inspection WHERE {column} = s.id OFFSET 0) x")
    statements = [f"INSERT INTO aff_i {' UNION '.join(inspections)} ON CONFLICT DO NOTHING"] if inspections else []
    findings = ["SELECT x.id FROM aff_i a CROSS JOIN LATERAL "
                "(SELECT id FROM finding WHERE inspection_id = a.id OFFSET 0) x"]
    if "finding" in staged:
        findings.append("SELECT id FROM in_finding")
    if "finding_event" in staged:
        findings.append("SELECT finding_id FROM in_finding_event")
    statements.append(f"INSERT INTO aff_f {' UNION '.join(findings)} ON CONFLICT DO NOTHING")
    return "; ".join(statements)


def _counts(sign: int) -> list[str]:
    """The affected rows' part of the summary as they are now, times ``sign``, into the
    deltas (statements without parameters: sent together)."""
    findings = "f.deleted = 0 AND f.id IN (SELECT id FROM aff_f)"
    out = []
    for dims in (_PLAIN, _INSPECTOR):
        out.append(
            f"INSERT INTO delta_f SELECT d.dim, d.key, f.level, f.state, {_DEADLINE}, {sign:d} * COUNT(*) "
            f"FROM finding f JOIN inspection i ON i.id = f.inspection_id AND i.deleted = 0 "
            f"JOIN enterprise e ON e.id = i.enterprise_id {dims} WHERE {findings} GROUP BY 1, 2, 3, 4, 5")
        out.append(
            f"INSERT INTO delta_i SELECT d.dim, d.key, {sign:d} * COUNT(DISTINCT i.id) {_LIVE_I} {dims} "
            "WHERE i.deleted = 0 AND i.id IN (SELECT id FROM aff_i) GROUP BY 1, 2")
    out.append(f"INSERT INTO delta_f SELECT 'all', '', f.level, f.state, {_DEADLINE}, {sign:d} * COUNT(*) "
               f"FROM finding f WHERE {findings} GROUP BY 3, 4, 5")
    return out


# The deltas into the summary: a row only where its count changes, then the rows that
# came to nothing deleted (only among those the deltas name).
_FOLD = [
    "INSERT INTO finding_stat (dim, key, level, state, deadline, n) SELECT dim, key, level, state, "
    f"deadline, SUM(n) FROM delta_f GROUP BY 1, 2, 3, 4, 5 HAVING SUM(n) <> 0 {_UPSERT_F}",
    "DELETE FROM finding_stat s USING delta_f d WHERE s.n = 0 AND s.dim = d.dim AND s.key = d.key "
    "AND s.level = d.level AND s.state = d.state AND s.deadline = d.deadline",
    f"INSERT INTO inspection_stat (dim, key, n) SELECT dim, key, SUM(n) FROM delta_i GROUP BY 1, 2 "
    f"HAVING SUM(n) <> 0 {_UPSERT_I}",
    "DELETE FROM inspection_stat s USING delta_i d WHERE s.n = 0 AND s.dim = d.dim AND s.key = d.key",
]


def take_out() -> str:
    """Before the merge writes: the affected rows' part of the summary, to take out."""
    return "; ".join(_counts(-1))


def put_back(cur: Any) -> None:
    """After the merge wrote: their part as it is now, and the difference into the summary."""
    cur.execute("; ".join([*_counts(1), *_FOLD]))


def rebuild(cur: Any) -> None:
    """The summary from the tables (a repair, and the tests' reference)."""
    cur.execute(f"DELETE FROM finding_stat; DELETE FROM inspection_stat; {TABLES}")
    cur.execute("INSERT INTO aff_i SELECT id FROM inspection ON CONFLICT DO NOTHING; "
                "INSERT INTO aff_f SELECT id FROM finding ON CONFLICT DO NOTHING")
    put_back(cur)
