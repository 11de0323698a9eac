"""Merging a verified bundle into the headquarters database on PostgreSQL.

The rules are the workspace's (storage/sync/merging.py, docs/sync.md), and so is
the checking: every row is checked by the same code, against the same schema
(``storage.sync.merging``'s staging, run on an in-memory workspace: shape,
signer, ``storage/sync/rules.py``, the event chain, each record against its
signed audit event).  Only then are the rows copied (COPY) into temporary tables
here and merged with set-based SQL: new ids inserted, later ``updated_at`` wins,
conflicts (another device's id, two versions at one time stamp, a document
number or answer item taken) reported and the existing row kept; finding events
unioned and states recomputed from them; audit events kept in each device's
order (re-sequenced when an older bundle arrives late); where a merged row
differs from the last event about it, headquarters appends its own audit event.
All in one transaction per bundle, the statistics summary included.

The temporary tables a merge works in (``in_<table>``, ``applied``, ``fix`` and the
summary's) are made once per connection (``Session``), ON COMMIT DELETE ROWS, and
reused by every bundle merged over it: a bundle costs no DDL, its empty tables no
statement, and its statements are few (round trips, not rows, are most of a
month-sized bundle's time on a busy server).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from checklists.common.errors import BundleRejected
from checklists.common.messages import Msg
from checklists.common.progress import Progress, Steps
from checklists.common.vocabulary import RECORD_LABELS

from ... import audit
from ...ids import uuid7
from ...sync import merging
from ...sync.merging import Conflict, MergeReport
from . import summary

if TYPE_CHECKING:
    from . import PostgresHQ

STATE_COLUMNS = ("state", "state_at")
# The merge's joins go from a bundle's few rows to the headquarters' many, whose indexes a
# headquarters server keeps in memory: an index probe costs about a page read in memory,
# not a disk seek (the default 4 made the planner read a whole table to hash it).
PLANNING = "SET LOCAL random_page_cost = 1.1"


def q(name: str) -> str:
    """A column or table name of the schema, quoted."""
    return '"' + name.replace('"', '""') + '"'


def listed(cols: list[str], alias: str = "") -> str:
    return ", ".join(f"{alias}{q(c)}" for c in cols)


def stage(hq: PostgresHQ, manifest: dict, parts: merging.Parts, step: Steps,
          label: str) -> merging._Incoming:
    """Check every row of the bundle with the workspace's own staging (on the reference
    workspace, inside its open transaction); the staged rows stay there for ``copy_in``."""
    ref = hq.reference
    for table, part in parts.items():
        merging.check_columns(ref, table, part.columns)
    incoming = merging._Incoming(ref, label, manifest["device"]["id"])
    for table in sorted(parts):
        incoming.stage(table, parts[table], step)
    incoming.check_vouched()
    return incoming


def check_rows(hq: PostgresHQ, manifest: dict, parts: merging.Parts, *, label: str) -> None:
    """Every row checked as ``merge`` checks it; nothing written."""
    with hq.reference_transaction():
        stage(hq, manifest, parts, Steps(None, 0), label)


def merge(hq: PostgresHQ, manifest: dict, parts: merging.Parts, blob_names: list[str],
          read_blob: Callable[[str], bytes], *, register: tuple[str, bytes] | None = None,
          progress: Progress | None = None, pause_hook: Callable[[], None] | None = None,
          label: str | None = None) -> MergeReport:
    """Merge one verified bundle in one transaction (see the module docstring)."""
    device_id = manifest["device"]["id"]
    report = MergeReport(manifest["bundle_id"], device_id, manifest["device"]["name"],
                         kind=manifest["kind"])
    step = Steps(progress, sum(p.count for p in parts.values()) + len(blob_names),
                 cancelled=merging.IMPORT_CANCELLED)
    label = label or Msg("数据包 {id}", id=report.bundle_id)
    with hq.reference_transaction():
        incoming = stage(hq, manifest, parts, step, label)
        with hq.writing(bundle_id=report.bundle_id):
            ses = session(hq)
            with ses.analyzing(), hq.conn.transaction(), hq.conn.cursor() as cur:
                if register:
                    hq.register_device(device_id, *register, cur=cur)
                    report.new_device = True
                staged = copy_in(cur, ses, hq.reference, incoming.staged)
                cur.execute("; ".join([PLANNING, summary.affected(staged), summary.take_out()]))
                _merge_rows(cur, ses, incoming.staged, staged, report)
                _merge_blobs(cur, blob_names, read_blob, report, step)
                _check_references(cur, ses, staged, device_id, label)
                _check_signatures(cur, staged, label)
                if pause_hook:
                    pause_hook()
                summary.put_back(cur)
                _fix_audit(cur, hq, report)
                _record_import(cur, hq, manifest, report)
                step.check()
    return report


@dataclass
class Session:
    """What one connection keeps across the bundles merged over it: its temporary tables
    (made once, ON COMMIT DELETE ROWS: every commit or rollback leaves them empty), the
    rows each was last analyzed at, and facts of the schema read once."""

    analyzed: dict[str, int] = field(default_factory=dict)
    nullable: dict[str, set[str]] = field(default_factory=dict)
    references: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    pending: dict[str, int] = field(default_factory=dict)

    def analyzing(self) -> Any:
        """Statistics of the temporary tables count once the transaction that took them
        commits (a rollback takes them back)."""
        return _Analyzing(self)


class _Analyzing:
    def __init__(self, ses: Session):
        self.ses = ses

    def __enter__(self) -> None:
        self.ses.pending = {}

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.ses.analyzed.update(self.ses.pending)
        self.ses.pending = {}


_SESSIONS: WeakKeyDictionary[Any, Session] = WeakKeyDictionary()


def session(hq: PostgresHQ) -> Session:
    """The connection's merge tables, made (in their own transaction) the first time."""
    found = _SESSIONS.get(hq.conn)
    if found is None:
        ref = hq.reference
        ddl = [f"CREATE TEMP TABLE IF NOT EXISTS in_{table} ON COMMIT DELETE ROWS AS SELECT "
               f"{listed(merging.columns(ref, table))} FROM {q(table)} WITH NO DATA; "
               f"CREATE INDEX IF NOT EXISTS in_{table}_key ON in_{table} "
               f"({'hash' if table == 'checklist' else 'id'})" for table in merging.BUNDLE_TABLES]
        ddl += [f"CREATE TEMP TABLE IF NOT EXISTS {name} (entity text COLLATE \"C\", "
                "id text COLLATE \"C\", PRIMARY KEY (entity, id)) ON COMMIT DELETE ROWS"
                for name in ("applied", "fix")]
        with hq.conn.transaction():
            hq.conn.execute("; ".join([*ddl, summary.TABLES]))
        found = _SESSIONS[hq.conn] = Session(references=_references(ref))
    return found


def copy_in(cur: Any, ses: Session, ref: Any, staged: dict[str, list[str]]) -> dict[str, list[str]]:
    """COPY each staged table that has rows from the reference workspace into temp
    in_<table> here; returns those tables (an empty one needs no statement)."""
    present = {}
    for table, cols in staged.items():
        rows = ref.execute(f"SELECT {listed(cols)} FROM temp.in_{table} ORDER BY rowid")
        first = rows.fetchone()
        if first is None:
            continue
        count = 1
        with cur.copy(f"COPY in_{table} ({listed(cols)}) FROM STDIN") as copy:
            copy.write_row(first)
            for row in rows:
                copy.write_row(row)
                count += 1
        present[table] = cols
        if count > 4 * ses.analyzed.get(table, 0):       # the planner's sizes, once in a while
            cur.execute(f"ANALYZE in_{table}")
            ses.pending[table] = count
    return present


def _merge_rows(cur: Any, ses: Session, every: dict[str, list[str]], staged: dict[str, list[str]],
                report: MergeReport) -> None:
    """``staged``: the tables with rows; ``every``: all the bundle carries (reported, if
    empty, as nothing added or updated).  The conflicts of every table in one query, then
    every table's rows in one statement (see ``_writes``)."""
    tables = [t for t in merging.RECORD_TABLES if t in staged]
    found = _conflicts(cur, ses, {t: staged[t] for t in tables})
    if found:
        for table in tables:
            ids = [c.entity_id for c in found if c.entity == table]
            if ids:
                cur.execute(f"DELETE FROM in_{table} WHERE id = ANY(%s)", [ids])
    sql, params, counted = _writes(tables, staged, report.device_id)
    counts = dict(zip(counted, cur.execute(sql, params).fetchone())) if counted else {}
    report.added["checklist"] = counts.get("checklist", 0)
    for table in merging.RECORD_TABLES:
        if table in every:
            report.added[table] = counts.get(table, 0)
            report.updated[table] = counts.get(f"{table}.updated", 0)
    report.conflicts += found
    report.added["finding_event"] = counts.get("finding_event", 0)
    touched = ["SELECT id FROM in_finding"] if "finding" in staged else []
    if "finding_event" in staged:
        touched.append("SELECT finding_id FROM in_finding_event")
    recomputed = _recompute_states(cur, " UNION ".join(touched))
    report.states_recomputed = len(recomputed)
    if "audit_event" in staged:
        _merge_audit(cur, staged["audit_event"], report)
    elif "audit_event" in every:
        report.added["audit_event"] = 0
    _queue(cur, [("finding", f) for f in recomputed])


def _writes(tables: list[str], staged: dict[str, list[str]], device_id: str
            ) -> tuple[str, list[Any], list[str]]:
    """One statement writing every staged table (one snapshot: each table's rows as they
    were before it): checklists by hash; for each record table the rows written as they
    arrived noted in ``applied``, new ids inserted, later versions written over older
    ones (see storage/sync/merging.py); finding events by id.  Returns the statement,
    its parameters and what each of the counts it selects is."""
    parts, params, counted = [], [], []
    if "checklist" in staged:
        cols = listed(list(merging.CHECKLIST_COLUMNS))
        parts.append(f"checklist AS (INSERT INTO checklist ({cols}, source, installed_at) SELECT {cols}, "
                     "%s, %s FROM in_checklist ON CONFLICT DO NOTHING RETURNING 1)")
        params += [f"sync:{device_id}", _now()]
        counted.append("checklist")
    for n, table in enumerate(tables):
        temp, t, cols = f"in_{table}", q(table), staged[table]
        others = [c for c in cols if c != "id"]
        parts += [f"noted{n} AS (INSERT INTO applied SELECT %s, i.id FROM {temp} i LEFT JOIN {t} t "
                  "ON t.id = i.id WHERE t.id IS NULL OR i.updated_at > t.updated_at ON CONFLICT DO NOTHING)",
                  f"added{n} AS (INSERT INTO {t} ({listed(cols)}) SELECT {listed(cols)} FROM {temp} "
                  "ON CONFLICT (id) DO NOTHING RETURNING 1)",
                  f"changed{n} AS (UPDATE {t} AS t SET ({listed(others)}) = ({listed(others, 'i.')}) "
                  f"FROM {temp} i WHERE i.id = t.id AND i.updated_at > t.updated_at RETURNING 1)"]
        params.append(table)
        counted += [table, f"{table}.updated"]
    if "finding_event" in staged:
        cols = listed(staged["finding_event"])
        parts.append(f"finding_event AS (INSERT INTO finding_event ({cols}) SELECT {cols} "
                     "FROM in_finding_event ON CONFLICT DO NOTHING RETURNING 1)")
        counted.append("finding_event")
    names = {"checklist": "checklist", "finding_event": "finding_event"}
    names.update({t: f"added{n}" for n, t in enumerate(tables)})
    names.update({f"{t}.updated": f"changed{n}" for n, t in enumerate(tables)})
    select = ", ".join(f"(SELECT COUNT(*) FROM {names[c]})" for c in counted)
    return f"WITH {', '.join(parts)} SELECT {select}", params, counted


def _conflicts(cur: Any, ses: Session, staged: dict[str, list[str]]) -> list[Conflict]:
    """Another device's id, two versions at one time stamp, a unique key taken: of every
    staged record table, in one query (each table as ``storage.sync.merging`` finds them)."""
    parts = []
    for n, (table, cols) in enumerate(staged.items()):
        temp, t = f"in_{table}", q(table)
        same = [c for c in cols if c not in STATE_COLUMNS]
        parts += [f"SELECT {n}, 0, i.id, t.device_id, NULL, NULL, NULL, NULL, NULL FROM {temp} i "
                  f"JOIN {t} t ON t.id = i.id WHERE t.device_id <> i.device_id",
                  f"SELECT {n}, 1, i.id, NULL, NULL, NULL, NULL, NULL, NULL FROM {temp} i "
                  f"JOIN {t} t ON t.id = i.id WHERE t.device_id = i.device_id AND t.updated_at = i.updated_at "
                  f"AND ({listed(same, 'i.')}) IS DISTINCT FROM ({listed(same, 't.')})"]
        if table in merging._UNIQUE:
            keys = merging._UNIQUE[table][1]
            values = [f"i.{q(k)}::text" for k in keys] + ["NULL"] * (4 - len(keys))
            parts.append(f"SELECT {n}, 2, i.id, t.device_id, t.id, {', '.join(values)} FROM {temp} i "
                         f"JOIN {t} t ON {_key_match(cur, ses, table, keys)} AND t.id <> i.id")
    if not parts:
        return []
    tables = list(staged)
    found = []
    for n, part, rid, other_device, other, *values in sorted(
            cur.execute(" UNION ALL ".join(parts)).fetchall(), key=lambda r: (r[0], r[1])):
        table = tables[n]
        if part == 0:
            found.append(Conflict("foreign_id", table, rid, f"该编号已属于设备 {other_device}，保留已有记录"))
        elif part == 1:
            found.append(Conflict("concurrent_edit", table, rid,
                                  "同一时间戳的两个不同版本（在两处被修改），保留已有版本"))
        else:
            kind, keys, text = merging._UNIQUE[table]
            found.append(Conflict(kind, table, rid, text.format(
                other=other, other_device=other_device, **dict(zip(keys, values)))))
    return found


def _key_match(cur: Any, ses: Session, table: str, keys: tuple[str, ...]) -> str:
    """``t`` and ``i`` share the unique key ``keys``: a NULL matches a NULL, as SQLite's
    ``IS`` (a unit-level answer's ``for_equipment``), written as the unique index's own
    COALESCE (no key column may hold '': they are ids) so the index serves the join."""
    if table not in ses.nullable:
        ses.nullable[table] = {r[0] for r in cur.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attnotnull", [table]).fetchall()}
    nullable = ses.nullable[table]
    return " AND ".join(f"COALESCE(t.{q(k)}, '') = COALESCE(i.{q(k)}, '')" if k in nullable
                        else f"t.{q(k)} = i.{q(k)}" for k in keys)


def _recompute_states(cur: Any, finding_ids: str) -> list[str]:
    """Each touched finding's state from its latest event (``at``, ties by id)."""
    if not finding_ids:
        return []
    rows = cur.execute(
        "UPDATE finding f SET state = ev.state, state_at = ev.at FROM ("
        " SELECT DISTINCT ON (finding_id) finding_id, state, at FROM finding_event"
        f" WHERE finding_id IN ({finding_ids}) ORDER BY finding_id, at DESC, id DESC) ev "
        "WHERE f.id = ev.finding_id AND (f.state IS DISTINCT FROM ev.state "
        "OR f.state_at IS DISTINCT FROM ev.at) RETURNING f.id").fetchall()
    return [r[0] for r in rows]


# Each incoming audit event: another version of a device's event already here (a fork),
# or the same event already here; of the others, the devices whose events here go further.
_AUDIT_SORTED = """
WITH x AS (SELECT i.id, i.device_id, i.device_seq,
                  EXISTS (SELECT 1 FROM audit_event a WHERE a.device_id = i.device_id
                          AND a.device_seq = i.device_seq AND a.id <> i.id) AS fork,
                  EXISTS (SELECT 1 FROM audit_event a WHERE a.id = i.id) AS here
           FROM in_audit_event i)
SELECT 'fork', id, device_id, device_seq FROM x WHERE fork
UNION ALL SELECT DISTINCT 'late', NULL::text, x.device_id, NULL::bigint FROM x WHERE NOT fork AND NOT here
    AND x.device_seq < (SELECT MAX(device_seq) FROM audit_event a WHERE a.device_id = x.device_id)
UNION ALL SELECT 'new', NULL::text, NULL::text, COUNT(*) FROM x WHERE NOT fork AND NOT here
"""
_AUDIT_DROP = ("DELETE FROM in_audit_event i WHERE EXISTS (SELECT 1 FROM audit_event a WHERE a.id = i.id) "
               "OR EXISTS (SELECT 1 FROM audit_event a WHERE a.device_id = i.device_id "
               "AND a.device_seq = i.device_seq AND a.id <> i.id)")
_AUDIT_UNAPPLIED = ("INSERT INTO fix SELECT DISTINCT entity, entity_id FROM in_audit_event e "
                    "WHERE NOT EXISTS (SELECT 1 FROM applied a WHERE a.entity = e.entity "
                    "AND a.id = e.entity_id) ON CONFLICT DO NOTHING")


def _merge_audit(cur: Any, cols: list[str], report: MergeReport) -> None:
    """The bundle's audit events, in device order; forks reported; a late bundle's
    device re-sequenced, and its entities queued for re-checking.  Two round trips: what
    each event is, then the forks and those here dropped and the rest inserted."""
    late, added = [], 0
    for what, rid, dev, dseq in cur.execute(_AUDIT_SORTED).fetchall():
        if what == "fork":
            report.conflicts.append(Conflict("audit_fork", "audit_event", rid,
                                             f"设备 {dev} 的审计事件 #{dseq} 有两个不同版本（设备数据可能被还原过）"))
        elif what == "late":
            late.append(dev)
        else:
            added = dseq
    insert = (f"INSERT INTO audit_event (seq, {listed(cols)}) SELECT (SELECT COALESCE(MAX(seq), 0) "
              "FROM audit_event) + row_number() OVER (ORDER BY device_id, device_seq), "
              f"{listed(cols)} FROM in_audit_event")
    cur.execute("; ".join([_AUDIT_DROP, insert, *([] if late else [_AUDIT_UNAPPLIED])]))
    report.added["audit_event"] = added
    for device in late:
        _resequence(cur, device)


def _resequence(cur: Any, device_id: str) -> None:
    """Put a device's events back in ``device_seq`` order (new ``seq`` numbers after
    every other event); queues every entity of the device for re-checking."""
    base = cur.execute("SELECT MAX(seq) FROM audit_event").fetchone()[0]
    cur.execute("UPDATE audit_event a SET seq = %s + r.n FROM (SELECT id, row_number() OVER "
                "(ORDER BY device_seq) AS n FROM audit_event WHERE device_id = %s) r "
                "WHERE a.id = r.id", [base, device_id])
    cur.execute("INSERT INTO fix SELECT DISTINCT entity, entity_id FROM audit_event "
                "WHERE device_id = %s ON CONFLICT DO NOTHING", [device_id])


def _queue(cur: Any, entities: list[tuple[str, str]]) -> None:
    if entities:
        cur.executemany("INSERT INTO fix VALUES (%s, %s) ON CONFLICT DO NOTHING", entities)


def _merge_blobs(cur: Any, names: list[str], read_blob: Callable[[str], bytes],
                 report: MergeReport, step: Steps) -> None:
    """Every blob is read (and so verified) once; only those not here yet are stored."""
    report.added["blob"] = 0
    if not names:
        return
    have = {r[0] for r in cur.execute("SELECT sha256 FROM blob WHERE sha256 = ANY(%s)",
                                      [names]).fetchall()}
    added = 0
    with cur.copy("COPY blob (sha256, size, data) FROM STDIN") as copy:
        for name in names:
            data = read_blob(name)
            if name not in have:
                copy.write_row((name, len(data), data))
                have.add(name)
                added += 1
            step.advance(1)
    report.added["blob"] = added


def _check_references(cur: Any, ses: Session, staged: dict[str, list[str]], device_id: str,
                      label: str) -> None:
    """Each reference resolves (as ``merging._Incoming.check_references``), once all of
    the device's earlier events are here: every reference in one query, the first
    failing one (in the workspace's order of tables and references) reported."""
    if not _chain_complete(cur, staged, device_id):
        return
    checks, parts = [], []
    for table in (*merging.RECORD_TABLES, "finding_event"):
        if table in staged:
            for target, col, key in ses.references[table]:
                parts.append(f"(SELECT {len(checks)} AS n, i.id, i.{q(col)}::text FROM in_{table} i "
                             f"WHERE i.{q(col)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {q(target)} r "
                             f"WHERE r.{q(key)} = i.{q(col)}) LIMIT 1)")
                checks.append((table, col, target))
    if not parts:
        return
    found = cur.execute("SELECT * FROM (" + " UNION ALL ".join(parts) + ") AS broken ORDER BY n LIMIT 1").fetchone()
    if found:
        table, col, target = checks[found[0]]
        raise BundleRejected(
            "{label} 中{table}记录 {id} 的字段 {column} 引用的{target} {value} "
            "在数据包和本工作区中都不存在",
            hint="数据包不完整或被篡改；工作区未作任何更改。请让对方用 sync export --all 重新导出",
            label=Msg(label), table=Msg(RECORD_LABELS[table]), id=found[1], column=col,
            target=Msg(RECORD_LABELS.get(target, target)), value=merging._shown(found[2]))


def _references(ref: Any) -> dict[str, list[tuple[str, str, str]]]:
    """(target table, column, target column) of each reference of each merged table:
    the reference workspace's foreign keys."""
    return {table: [(r[2], r[3], r[4]) for r in ref.execute(
        f"PRAGMA foreign_key_list([{table}])").fetchall()]
        for table in (*merging.RECORD_TABLES, "finding_event")}


# storage/signatures.py MISPLACED_SQL in PostgreSQL's JSON: a live signature on a
# document that does not list it as it is.  The listed entries are the elements of
# ``data.signatures`` as SQLite's json_each gives them (an array's elements, an
# object's values, nothing for anything else).
MISPLACED_SQL = """
SELECT s.id, s.device_id, s.document_id FROM signature s JOIN document d ON d.id = s.document_id
WHERE {where} AND s.deleted = 0 AND (d.inspection_id <> s.inspection_id OR d.kind <> s.kind OR NOT EXISTS (
    SELECT 1 FROM (SELECT d.data::jsonb -> 'signatures' AS j) x CROSS JOIN LATERAL (
        SELECT value FROM jsonb_array_elements(CASE jsonb_typeof(x.j) WHEN 'array' THEN x.j ELSE '[]' END)
        UNION ALL
        SELECT value FROM jsonb_each(CASE jsonb_typeof(x.j) WHEN 'object' THEN x.j ELSE '{{}}' END)) e
    WHERE e.value ->> 'id' = s.id AND e.value ->> 'sha256' = s.sha256 AND e.value ->> 'role' = s.role
      AND e.value ->> 'signer' = s.signer AND e.value ->> 'signed_at' = s.signed_at))
ORDER BY s.id
"""


def misplaced(cur: Any, where: str = "true") -> list[tuple[str, str, str]]:
    """(signature id, device, document id) of each signature whose document does not
    list it as it is (``storage.signatures.misplaced`` on PostgreSQL)."""
    return [tuple(r) for r in cur.execute(MISPLACED_SQL.format(where=where)).fetchall()]


def _check_signatures(cur: Any, staged: dict[str, list[str]], label: str) -> None:
    """Each incoming signature on a document is one that document lists, as it is
    (``merging._Incoming.check_signatures``): a signature moved to another document is
    refused, even in a re-signed file."""
    if "signature" not in staged:
        return
    found = misplaced(cur, "s.id IN (SELECT id FROM in_signature)")
    if found:
        raise BundleRejected("{label} 中签名 {id} 不是文书 {document} 所列的签名",
                             hint=merging._Incoming.REFUSED, label=Msg(label), id=found[0][0],
                             document=found[0][2])


def _chain_complete(cur: Any, staged: dict[str, list[str]], device_id: str) -> bool:
    if "audit_event" not in staged:
        return True
    first, have = cur.execute(
        "SELECT f.first, (SELECT COUNT(*) FROM audit_event WHERE device_id = %s AND device_seq < f.first) "
        "FROM (SELECT MIN(device_seq) AS first FROM in_audit_event) f", [device_id]).fetchone()
    return first is None or have == first - 1


def _fix_audit(cur: Any, hq: PostgresHQ, report: MergeReport) -> None:
    """Headquarters' own audit event wherever a merged row differs from the last event
    about it (conflicts, recomputed states, rows older than what is here)."""
    _queue(cur, [(c.entity, c.entity_id) for c in report.conflicts])
    queued: dict[str, list[str]] = {}
    for entity, rid in cur.execute("SELECT entity, id FROM fix ORDER BY entity, id").fetchall():
        queued.setdefault(entity, []).append(rid)
    events = []
    for table in audit.AUDITED_TABLES:
        ids = queued.get(table, [])
        for start in range(0, len(ids), 1000):
            cur.execute(f"SELECT t.*, (SELECT payload FROM audit_event a WHERE a.entity = %s AND "
                        f"a.entity_id = t.id ORDER BY a.seq DESC LIMIT 1) AS __last FROM {q(table)} t "
                        "WHERE t.id = ANY(%s) ORDER BY t.id", [table, ids[start:start + 1000]])
            names = [c.name for c in cur.description]
            for values in cur.fetchall():
                row = dict(zip(names, values))
                last = row.pop("__last")
                digest = audit.row_hash(row)
                if last is None or json.loads(last).get("row") != digest:
                    events.append((table, row["id"], {"row": digest, "bundle": report.bundle_id}))
    append_events(cur, hq.device_id, "merge", events)


def append_events(cur: Any, device_id: str, action: str,
                  events: list[tuple[str, str, dict]]) -> None:
    """Append events to ``device_id``'s chain (as ``storage.audit.append`` does)."""
    if not events:
        return
    last = cur.execute("SELECT device_seq, hash FROM audit_event WHERE device_id = %s "
                       "ORDER BY device_seq DESC LIMIT 1", [device_id]).fetchone()
    seq, prev = (last[0], last[1]) if last else (0, audit.GENESIS)
    base = cur.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_event").fetchone()[0]
    at, rows = _now(), []
    for n, (entity, entity_id, payload) in enumerate(events, 1):
        body = audit.canonical(payload)
        digest = audit.event_hash(prev, [device_id, seq + n, at, action, entity, entity_id, body])
        rows.append((base + n, uuid7(), device_id, seq + n, at, action, entity, entity_id, body,
                     prev, digest))
        prev = digest
    with cur.copy("COPY audit_event (seq, id, device_id, device_seq, at, action, entity, entity_id, "
                  "payload, prev_hash, hash) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _record_import(cur: Any, hq: PostgresHQ, manifest: dict, report: MergeReport) -> None:
    now = _now()
    if report.conflicts:
        cur.executemany("INSERT INTO sync_conflict (bundle_id, kind, entity, entity_id, detail, seen_at) "
                        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                        [(report.bundle_id, c.kind, c.entity, c.entity_id, c.detail, now)
                         for c in report.conflicts])
    cur.execute("INSERT INTO sync_import (bundle_id, kind, device_id, imported_at, manifest, report) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                [report.bundle_id, report.kind, report.device_id, now,
                 json.dumps(manifest, ensure_ascii=False), report.to_json()])


def _now() -> str:
    from ...ids import iso, now

    return iso(now())
