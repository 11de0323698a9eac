"""The statistics summary: finding and inspection counts kept up to date by triggers,
so the headquarters statistics and the home figures never scan the findings.

``finding_stat`` holds, for each grouping (``dim``: district, enterprise,
equipment_kind, month, inspector, and ``all`` for the home figures) and each key
of it, the number of live findings per (level, state, deadline).  The deadline
is kept only for outstanding findings (open, ordered; '' otherwise), so
"overdue on day D" is the sum over deadline < D: bounded by the number of
distinct deadline days, never by the number of findings.  ``inspection_stat``
holds the inspections per (dim, key).

What the statistics query joins is mirrored exactly (``storage.ledger``'s
full-scan form, kept as ``statistics_scan``): a finding counts under its
*inspection's* enterprise, district, equipment kind, month and inspectors, only
while the finding and the inspection are live and the enterprise exists;
``all`` counts every live finding.  So every input of those joins has a
trigger: findings (insert, delete; update of inspection, level, state,
deadline, deleted), inspections (insert, delete; update of enterprise,
equipment, start, inspectors, deleted), enterprises (insert, delete, district)
and equipment (insert, delete, kind).  The triggers run inside the statement
that wrote the row, so every write path (the facade, bulk inserts, merges)
keeps the summary in its own transaction and a rollback undoes both.

This text builds migration 6 (``storage.migrations.V6_SUMMARY``): once shipped,
change it only through a new migration.
"""
from __future__ import annotations

import sqlite3

from checklists.common.vocabulary import OUTSTANDING

_OUT = ", ".join(f"'{s}'" for s in sorted(OUTSTANDING))
DIMS = ("district", "enterprise", "equipment_kind", "month", "inspector")
_PLAIN_DIMS = ("district", "enterprise", "equipment_kind", "month")
_UPSERT = "ON CONFLICT DO UPDATE SET n = n + excluded.n"


def _deadline_key(f: str) -> str:
    return f"(CASE WHEN {f}.state IN ({_OUT}) THEN COALESCE({f}.deadline, '') ELSE '' END)"


def _dims(row: str, *, where: str, district: str = "e.district", kind: str = "q.kind",
          only: str | None = None) -> str:
    """(dim, key, inspection_id) of the live inspections ``row`` (an alias of the
    inspection table, or NEW / OLD) matching ``where``; ``district`` and ``kind`` may be
    overridden (an enterprise's or equipment's value before a change)."""
    keys = {"district": f"COALESCE({district}, '')", "enterprise": "e.id",
            "equipment_kind": f"COALESCE({kind}, '')", "month": f"substr({row}.started_at, 1, 7)"}
    dims = [d for d in _PLAIN_DIMS if only in (None, d)]
    if row in ("NEW", "OLD"):       # the trigger's own row
        base, live = "FROM enterprise e ", f"{row}.deleted = 0 AND {where} AND e.id = {row}.enterprise_id"
    else:
        base = f"FROM inspection {row} JOIN enterprise e ON e.id = {row}.enterprise_id "
        live = f"{row}.deleted = 0 AND {where}"
    parts = []
    if dims:
        case = " ".join(f"WHEN '{d}' THEN {keys[d]}" for d in dims)
        consts = " UNION ALL ".join(f"SELECT '{d}' AS dim" for d in dims)
        parts.append(f"SELECT k.dim AS dim, CASE k.dim {case} END AS key, {row}.id AS inspection_id "
                     f"{base}LEFT JOIN equipment q ON q.id = {row}.equipment_id "
                     f"JOIN ({consts}) k WHERE {live}")
    if only in (None, "inspector"):
        parts.append(f"SELECT 'inspector', COALESCE(CASE WHEN p.type = 'object' THEN "
                     f"json_extract(p.value, '$.name') END, ''), {row}.id "
                     f"{base}JOIN json_each({row}.inspectors) p WHERE {live}")
    return " UNION ALL ".join(parts)


W_I = "(SELECT last_rowid FROM summary_state WHERE name = 'inspection')"
W_F = "(SELECT last_rowid FROM summary_state WHERE name = 'finding')"
FOLDED_I = f"i.rowid <= {W_I}"
FOLDED_F = f"f.rowid <= {W_F}"


def _add_findings(dims: str, sign: int, findings: str = FOLDED_F) -> str:
    """Add (sign +1) or remove (-1) the live findings (``findings``: which) of the
    inspections in ``dims``."""
    return (f"INSERT INTO finding_stat (dim, key, level, state, deadline, n) "
            f"SELECT d.dim, d.key, f.level, f.state, {_deadline_key('f')}, {sign} * COUNT(*) "
            f"FROM ({dims}) d JOIN finding f ON f.inspection_id = d.inspection_id "
            f"WHERE f.deleted = 0 AND {findings} GROUP BY 1, 2, 3, 4, 5 {_UPSERT};")


def _add_inspections(dims: str, sign: int) -> str:
    """Count the inspections of ``dims`` once per (dim, key)."""
    return (f"INSERT INTO inspection_stat (dim, key, n) "
            f"SELECT dim, key, {sign} * COUNT(DISTINCT inspection_id) FROM ({dims}) "
            f"GROUP BY 1, 2 {_UPSERT};")


def _finding_rows(f: str, sign: int) -> str:
    """One finding (NEW or OLD) under 'all' and under its inspection's keys."""
    values = f"{f}.level, {f}.state, {_deadline_key(f)}, {sign}"
    dims = _dims("i", where=f"i.id = {f}.inspection_id AND {FOLDED_I}")
    return (f"INSERT INTO finding_stat (dim, key, level, state, deadline, n) "
            f"SELECT 'all', '', {values} WHERE {f}.deleted = 0 {_UPSERT};\n"
            f"  INSERT INTO finding_stat (dim, key, level, state, deadline, n) "
            f"SELECT d.dim, d.key, {values} FROM ({dims}) d WHERE {f}.deleted = 0 {_UPSERT};")


def _inspection_rows(row: str, sign: int) -> str:
    dims = _dims(row, where="1")
    return f"{_add_inspections(dims, sign)}\n  {_add_findings(dims, sign)}"


def _inspection_rows_where(where: str, sign: int) -> str:
    dims = _dims("i", where=f"{where} AND {FOLDED_I}")
    return f"{_add_inspections(dims, sign)}\n  {_add_findings(dims, sign)}"


def _move(dim: str, where: str, old: str, new: str) -> str:
    """Move ``dim``'s counts of the inspections matching ``where`` from the key they had
    with ``old`` to the key with ``new`` (an enterprise's district, an equipment's kind)."""
    name = "district" if dim == "district" else "kind"
    where = f"{where} AND {FOLDED_I}"
    before = _dims("i", where=where, only=dim, **{name: old})
    after = _dims("i", where=where, only=dim, **{name: new})
    return "\n  ".join([_add_inspections(before, -1), _add_findings(before, -1),
                        _add_inspections(after, 1), _add_findings(after, 1)])


def _trigger(name: str, when: str, body: str, condition: str = "") -> str:
    cond = f" WHEN {condition}" if condition else ""
    return f"CREATE TRIGGER {name} {when}{cond} BEGIN\n  {body}\nEND;"


_FINDING_KEYS = ("inspection_id", "level", "state", "deadline", "deleted")
_INSPECTION_KEYS = ("enterprise_id", "equipment_id", "started_at", "inspectors", "deleted")


def _changed(columns: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns) + ")"


def triggers() -> list[str]:
    """The triggers that keep the summary equal to the full-scan statistics of the rows
    folded in so far (new rows are folded in at commit: ``fold``)."""
    f_old, f_new = f"OLD.rowid <= {W_F}", f"NEW.rowid <= {W_F}"
    i_old, i_new = f"OLD.rowid <= {W_I}", f"NEW.rowid <= {W_I}"
    return [
        # a rowid at or below the mark only when the newest row was deleted and its rowid reused
        _trigger("finding_stat_ai", "AFTER INSERT ON finding", _finding_rows("NEW", 1), f_new),
        _trigger("finding_stat_ad", "AFTER DELETE ON finding", _finding_rows("OLD", -1), f_old),
        _trigger("finding_stat_au", f"AFTER UPDATE OF {', '.join(_FINDING_KEYS)} ON finding",
                 _finding_rows("OLD", -1) + "\n  " + _finding_rows("NEW", 1),
                 f"{_changed(_FINDING_KEYS)} AND {f_old}"),
        _trigger("inspection_stat_ai", "AFTER INSERT ON inspection", _inspection_rows("NEW", 1), i_new),
        _trigger("inspection_stat_ad", "AFTER DELETE ON inspection", _inspection_rows("OLD", -1), i_old),
        _trigger("inspection_stat_au", f"AFTER UPDATE OF {', '.join(_INSPECTION_KEYS)} ON inspection",
                 _inspection_rows("OLD", -1) + "\n  " + _inspection_rows("NEW", 1),
                 f"{_changed(_INSPECTION_KEYS)} AND {i_old}"),
        _trigger("enterprise_stat_ai", "AFTER INSERT ON enterprise",
                 _inspection_rows_where("i.enterprise_id = NEW.id", 1)),
        _trigger("enterprise_stat_bd", "BEFORE DELETE ON enterprise",
                 _inspection_rows_where("i.enterprise_id = OLD.id", -1)),
        _trigger("enterprise_stat_au", "AFTER UPDATE OF district ON enterprise",
                 _move("district", "i.enterprise_id = NEW.id", "OLD.district", "NEW.district"),
                 "OLD.district IS NOT NEW.district"),
        _trigger("equipment_stat_ai", "AFTER INSERT ON equipment",
                 _move("equipment_kind", "i.equipment_id = NEW.id", "NULL", "NEW.kind")),
        _trigger("equipment_stat_bd", "BEFORE DELETE ON equipment",
                 _move("equipment_kind", "i.equipment_id = OLD.id", "OLD.kind", "NULL")),
        _trigger("equipment_stat_au", "AFTER UPDATE OF kind ON equipment",
                 _move("equipment_kind", "i.equipment_id = NEW.id", "OLD.kind", "NEW.kind"),
                 "OLD.kind IS NOT NEW.kind"),
    ]


_KEYS = {"district": "COALESCE(e.district, '')", "enterprise": "e.id",
         "equipment_kind": "COALESCE(q.kind, '')", "month": "substr(i.started_at, 1, 7)"}
_INSPECTOR = "COALESCE(CASE WHEN p.type = 'object' THEN json_extract(p.value, '$.name') END, '')"
_JOINS = ("JOIN enterprise e ON e.id = i.enterprise_id LEFT JOIN equipment q ON q.id = i.equipment_id")


def _per_dim(select: str, source: str, where: str, group: str) -> list[str]:
    """One statement per grouping: ``select`` with ``{dim}`` and ``{key}`` filled in."""
    out = []
    for dim, key in [*_KEYS.items(), ("inspector", _INSPECTOR)]:
        people = " JOIN json_each(i.inspectors) p" if dim == "inspector" else ""
        out.append(select.format(dim=dim, key=key) + f" FROM {source} {_JOINS}{people} "
                   f"WHERE i.deleted = 0 AND {where} GROUP BY {group} {_UPSERT}")
    return out


def _fold_staged() -> list[str]:
    """temp.summary_new (findings per inspection, level, state, deadline) under the
    keys of their inspections (those folded in); then emptied."""
    return [*_per_dim("INSERT INTO finding_stat (dim, key, level, state, deadline, n) "
                      "SELECT '{dim}', {key}, a.level, a.state, a.deadline, SUM(a.n)",
                      "temp.summary_new a JOIN inspection i ON i.id = a.inspection_id",
                      FOLDED_I, "2, 3, 4, 5"),
            "DELETE FROM temp.summary_new"]


def _stage(where: str) -> str:
    return (f"INSERT INTO temp.summary_new SELECT f.inspection_id, f.level, f.state, "
            f"{_deadline_key('f')}, COUNT(*) FROM finding f WHERE f.deleted = 0 AND {where} "
            f"GROUP BY 1, 2, 3, 4")


def fold_sql(*, analyze: bool = False) -> list[str]:
    """Fold the rows inserted since the last fold into the summary, set-based: first the
    new inspections (and the findings already folded that waited for them), then the
    new findings (under 'all' and their inspections' keys), moving the marks.  Findings
    are first summed per inspection (temp.summary_new), so each grouping reads one row
    per inspection and state, not one per finding.

    ``analyze``: measure temp.summary_new once it is filled (``fold`` does).  Without
    statistics SQLite takes the temporary table for a million rows and builds a Bloom
    filter over every inspection before joining them: a scan of all inspections per
    grouping at every commit, 0.4 s each at two million findings."""
    new_i, new_f = f"i.rowid > {W_I}", f"f.rowid > {W_F}"
    measured = ["ANALYZE temp.summary_new"] if analyze else []
    return [
        "CREATE TEMP TABLE IF NOT EXISTS summary_new (inspection_id TEXT, level TEXT, "
        "state TEXT, deadline TEXT, n INTEGER)",
        *_per_dim("INSERT INTO inspection_stat (dim, key, n) SELECT '{dim}', {key}, "
                  "COUNT(DISTINCT i.id)", "inspection i", new_i, "2"),
        _stage(f"{FOLDED_F} AND f.inspection_id IN (SELECT id FROM inspection i WHERE {new_i})"),
        "UPDATE summary_state SET last_rowid = (SELECT COALESCE(MAX(rowid), 0) FROM inspection) "
        "WHERE name = 'inspection'",
        *measured,
        *_fold_staged(),
        _stage(new_f),
        f"INSERT INTO finding_stat (dim, key, level, state, deadline, n) SELECT 'all', '', "
        f"level, state, deadline, SUM(n) FROM temp.summary_new GROUP BY 3, 4, 5 {_UPSERT}",
        *measured,
        *_fold_staged(),
        "UPDATE summary_state SET last_rowid = (SELECT COALESCE(MAX(rowid), 0) FROM finding) "
        "WHERE name = 'finding'",
    ]


TABLES = """
CREATE TABLE finding_stat (
    dim TEXT NOT NULL,             -- all | district | enterprise | equipment_kind | month | inspector
    key TEXT NOT NULL,             -- '' for all, a missing district, no equipment
    level TEXT NOT NULL,
    state TEXT NOT NULL,
    deadline TEXT NOT NULL,        -- outstanding findings only; '' otherwise
    n INTEGER NOT NULL,
    PRIMARY KEY (dim, key, level, state, deadline)
) WITHOUT ROWID;
CREATE TABLE inspection_stat (
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (dim, key)
) WITHOUT ROWID;
CREATE TABLE summary_state (
    name TEXT PRIMARY KEY,         -- finding | inspection
    last_rowid INTEGER NOT NULL    -- rows up to here are counted in the summary
);
INSERT INTO summary_state (name, last_rowid) VALUES ('finding', 0), ('inspection', 0);
CREATE INDEX inspection_equipment ON inspection(equipment_id) WHERE equipment_id IS NOT NULL;
"""


def fold(db) -> None:
    """Fold new rows into the summary (``Workspace.transaction`` calls it before COMMIT)."""
    try:
        marks = dict(db.execute("SELECT name, last_rowid FROM summary_state").fetchall())
    except sqlite3.OperationalError:    # a schema before 5 (only while migrating, or in tests)
        return
    top_i = db.execute("SELECT MAX(rowid) FROM inspection").fetchone()[0] or 0
    top_f = db.execute("SELECT MAX(rowid) FROM finding").fetchone()[0] or 0
    if top_f > marks.get("finding_district", top_f):       # schema 8 on
        db.execute(DISTRICT_FOLD, [marks["finding_district"]])
        db.execute("UPDATE summary_state SET last_rowid = ? WHERE name = 'finding_district'", [top_f])
    if top_i <= marks["inspection"] and top_f <= marks["finding"]:
        return
    for statement in fold_sql(analyze=True):
        db.execute(statement)


def script() -> str:
    """Migration 5 as one script (tables, triggers, then everything folded in)."""
    return "\n".join([TABLES, *triggers(), *(s + ";" for s in fold_sql())])


# ----- migration 14: per-key totals, and each finding's district for the ledger ----------
_KEY_FIGURES = ("inspections", "hazards", "major", "rectified", "closed", "dated")


def _key_values(table: str, row: str, n: str) -> list[str]:
    """A ``table`` row's counts (finding_stat, inspection_stat) as the figures of
    stat_key (``n``: the change of the row's n)."""
    if table == "inspection_stat":
        return [n, "0", "0", "0", "0", "0"]
    return ["0", n, f"CASE WHEN {row}.level = 'major' THEN {n} ELSE 0 END",
            f"CASE WHEN {row}.state IN ('rectified', 'closed') THEN {n} ELSE 0 END",
            f"CASE WHEN {row}.state = 'closed' THEN {n} ELSE 0 END",
            f"CASE WHEN {row}.deadline != '' THEN {n} ELSE 0 END"]


def _key_triggers(table: str) -> list[str]:
    """Keep stat_key equal to the sums of ``table`` (an upsert there fires the insert or
    the update trigger)."""
    sets = ", ".join(f"{c} = {c} + excluded.{c}" for c in _KEY_FIGURES)
    out = []
    for name, when, row, n in (("ai", "AFTER INSERT", "NEW", "NEW.n"),
                               ("au", "AFTER UPDATE OF n", "NEW", "NEW.n - OLD.n"),
                               ("ad", "AFTER DELETE", "OLD", "-OLD.n")):
        values = ", ".join(_key_values(table, row, n))
        out.append(_trigger(f"{table}_key_{name}", f"{when} ON {table}",
                            f"INSERT INTO stat_key (dim, key, {', '.join(_KEY_FIGURES)}) "
                            f"VALUES ({row}.dim, {row}.key, {values}) ON CONFLICT DO UPDATE SET {sets};"))
    return out


def _key_fill() -> str:
    sums = ", ".join(f"SUM({c})" for c in _KEY_FIGURES)
    parts = []
    for table in ("inspection_stat", "finding_stat"):
        named = ", ".join(f"{v} AS {c}" for v, c in zip(_key_values(table, "s", "s.n"), _KEY_FIGURES))
        parts.append(f"SELECT s.dim AS dim, s.key AS key, {named} FROM {table} s")
    return (f"INSERT INTO stat_key SELECT dim, key, {sums} FROM ({' UNION ALL '.join(parts)}) "
            "GROUP BY dim, key;")


def _district_triggers() -> list[str]:
    """``finding.enterprise_district`` follows its enterprise: a new or changed district,
    an enterprise arriving after its findings (merges), a finding moved to another one."""
    def findings_of(ent: str, value: str) -> str:
        return f"UPDATE finding SET enterprise_district = {value} WHERE enterprise_id = {ent}.id;"
    return [
        _trigger("finding_district_ent_ai", "AFTER INSERT ON enterprise",
                 findings_of("NEW", "NEW.district"), "NEW.district IS NOT NULL"),
        _trigger("finding_district_ent_au", "AFTER UPDATE OF district ON enterprise",
                 findings_of("NEW", "NEW.district"), "OLD.district IS NOT NEW.district"),
        _trigger("finding_district_ent_ad", "AFTER DELETE ON enterprise", findings_of("OLD", "NULL")),
        _trigger("finding_district_au", "AFTER UPDATE OF enterprise_id ON finding",
                 "UPDATE finding SET enterprise_district = (SELECT district FROM enterprise "
                 "WHERE id = NEW.enterprise_id) WHERE rowid = NEW.rowid;",
                 "OLD.enterprise_id IS NOT NEW.enterprise_id"),
    ]


DISTRICT_FOLD = ("UPDATE finding SET enterprise_district = (SELECT district FROM enterprise e "
                 "WHERE e.id = finding.enterprise_id) WHERE rowid > ?")


def key_script() -> str:
    """Migration 8: ``stat_key`` (one row per grouping and key with the figures the
    statistics print, kept from ``finding_stat`` and ``inspection_stat`` by triggers, so
    a grouping of 20,000 enterprises reads 20,000 rows, not one per level, state and
    deadline day; ``dated``: outstanding findings with a deadline, so overdue = dated
    less those due on the day or later, read through ``finding_stat_dated``); and
    ``finding.enterprise_district`` (local, never audited nor sent), filled now, then
    at each commit for new findings (``fold``) and by triggers for changes."""
    figures = ", ".join(f"{c} INTEGER NOT NULL" for c in _KEY_FIGURES)
    return "\n".join([
        f"CREATE TABLE stat_key (dim TEXT NOT NULL, key TEXT NOT NULL, {figures}, "
        "PRIMARY KEY (dim, key)) WITHOUT ROWID;",
        _key_fill(),
        *_key_triggers("finding_stat"),
        *_key_triggers("inspection_stat"),
        "CREATE INDEX finding_stat_dated ON finding_stat(dim, deadline, key, n) WHERE deadline != '';",
        "ALTER TABLE finding ADD COLUMN enterprise_district TEXT;",
        DISTRICT_FOLD.replace("?", "0") + ";",
        "INSERT INTO summary_state (name, last_rowid) VALUES ('finding_district', "
        "(SELECT COALESCE(MAX(rowid), 0) FROM finding));",
        *_district_triggers(),
    ])
