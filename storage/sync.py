"""The SQL side of sync: what a device exports, and how headquarters merges it.

The container (zip, manifest, signatures) is ``export/bundle.py``; what a device
exports is read by ``storage/sync_export.py``; this module checks incoming rows
(``Rows``: column names once, each row a list) and merges them into a workspace.

Merge rules (see docs/sync.md):
* records: insert if the id is new; if it exists, the row with the later
  ``updated_at`` wins.  The same id from another device, or two different rows
  with the same ``updated_at``, is a conflict: reported, existing row kept.
* finding events: union by id; ``finding.state``/``state_at`` are recomputed
  from the events (latest ``at``, ties by id), so arrival order does not matter.
* audit events: inserted by id and kept in each device's ``device_seq`` order
  (re-sequenced locally when an older bundle arrives after a newer one); where a
  merged row differs from the last event about it, this workspace appends its
  own audit event with the new row hash, so ``audit verify`` stays clean.
* blobs by SHA-256, checklists by hash; settings never travel.
"""
from __future__ import annotations

import json
import operator
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from checklists.errors import BundleRejected, SiteCheckError

from . import audit
from .workspace import Workspace

RECORD_TABLES = ("enterprise", "equipment", "inspection", "answer", "finding", "photo", "document")
EVENT_TABLES = ("finding_event", "audit_event")
CHECKLIST_COLUMNS = ("hash", "id", "version", "title", "family", "applies_to", "item_count", "yaml")
BUNDLE_TABLES = (*RECORD_TABLES, *EVENT_TABLES, "checklist")
TABLE_ZH = {"enterprise": "企业", "equipment": "设备", "inspection": "检查", "answer": "检查项答题",
            "finding": "隐患", "photo": "照片", "document": "文书", "finding_event": "隐患状态事件",
            "audit_event": "审计事件", "checklist": "检查表", "blob": "数据块",
            "number_block": "文书编号段"}

MERGE_CACHE_KIB = 64 * 1024
ROWS_PER_INSERT = 200       # rows per multi-row INSERT (see insert_rows)
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class SyncCancelled(SiteCheckError):
    """The user cancelled an export or import; nothing was changed."""


# ----- rows as they travel -------------------------------------------------------------
def columns(ws: Workspace, table: str) -> list[str]:
    if table == "checklist":
        return list(CHECKLIST_COLUMNS)
    cols = [r[1] for r in ws.execute(f"PRAGMA table_info([{table}])")]
    return [c for c in cols if c != "seq"]


@dataclass
class Rows:
    """One table's rows as a bundle carries them: column names once, each row a list."""

    columns: list[str]
    rows: list[list[Any]]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        return list(map(operator.itemgetter(self.columns.index(name)), self.rows))

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r)) for r in self.rows]


Tables = dict[str, Rows]


@contextmanager
def read_snapshot(ws: Workspace) -> Iterator[None]:
    """A consistent read of the whole workspace (WAL snapshot) while writing a file."""
    ws.execute("BEGIN")
    try:
        ws.execute("SELECT 1 FROM device LIMIT 1").fetchone()
        yield
    finally:
        ws.execute("COMMIT")


def mark_exported(ws: Workspace, destination: str, until_seq: int, bundle_id: str) -> None:
    """Advance the export mark (only after the bundle file is safely in place)."""
    with ws.transaction():
        ws.execute(
            "INSERT INTO sync_state (destination, last_seq, exported_at, bundle_id) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(destination) DO UPDATE SET "
            "last_seq = MAX(last_seq, excluded.last_seq), exported_at = excluded.exported_at, "
            "bundle_id = excluded.bundle_id",
            [destination, until_seq, ws.now(), bundle_id])


# ----- checking incoming rows ---------------------------------------------------------
def check_records(ws: Workspace, device_id: str, tables: Tables,
                  allowed: tuple[str, ...] = BUNDLE_TABLES, *, own_rows_only: bool = True) -> None:
    """Refuse rows of unknown tables or columns, and rows that claim another device."""
    for table, rows in tables.items():
        if table not in allowed:
            raise BundleRejected(f"文件含有未知的数据表 {table}", hint="文件版本不符或已被篡改")
        expected = columns(ws, table)
        if len(set(rows.columns)) != len(rows.columns) or set(rows.columns) != set(expected):
            raise BundleRejected(f"{table} 记录的字段与本程序不符", hint="文件版本不符或已被篡改")
        width = len(rows.columns)
        if not _all_lists_of(rows.rows, width):
            bad = next(n for n, r in enumerate(rows.rows, start=1)
                       if type(r) is not list or len(r) != width)
            raise BundleRejected(f"{table} 第 {bad} 条记录的字段与本程序不符",
                                 hint="文件版本不符或已被篡改")
        if own_rows_only and "device_id" in rows.columns:
            _check_device(table, rows, device_id)


def _all_lists_of(rows: list[Any], width: int) -> bool:
    """Every row a list of ``width`` values (checked with C-level loops: one pass each)."""
    return (not rows or set(map(type, rows)) == {list}) and set(map(len, rows)) <= {width}


def _check_device(table: str, rows: Rows, device_id: str) -> None:
    claimed = rows.columns.index("device_id")
    if set(rows.column("device_id")) <= {device_id}:
        return
    row = next((r for r in rows.rows if r[claimed] != device_id), None)
    if row is not None:
        rid = row[rows.columns.index("id")] if "id" in rows.columns else ""
        raise BundleRejected(
            f"{TABLE_ZH[table]}记录 {rid} 声称属于另一台设备 {row[claimed]}"
            f"（签名设备为 {device_id}）", hint="文件可能被篡改；请向发送方索取原始文件")


# ----- merging ------------------------------------------------------------------------
@dataclass(frozen=True)
class Conflict:
    kind: str          # document_number | answer_item | foreign_id | concurrent_edit | audit_fork
    entity: str
    entity_id: str
    detail: str

    def __str__(self) -> str:
        return f"冲突（{TABLE_ZH.get(self.entity, self.entity)} {self.entity_id}）：{self.detail}"


@dataclass
class MergeReport:
    bundle_id: str
    device_id: str
    device_name: str
    kind: str = "bundle"
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    already_imported: bool = False
    new_device: bool = False
    states_recomputed: int = 0
    # rows written exactly as the bundle carries them: their last audit event
    # (from the same bundle) already vouches for them
    applied: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def mark_applied(self, table: str, ids: list[str]) -> None:
        self.applied.setdefault(table, set()).update(ids)

    def not_applied(self, entities: set[tuple[str, str]]) -> set[tuple[str, str]]:
        none: set[str] = set()
        return {(t, i) for t, i in entities if i not in self.applied.get(t, none)}

    def summary(self) -> str:
        if self.already_imported:
            return f"数据包 {self.bundle_id} 已导入过，无变化"
        parts = [f"{TABLE_ZH.get(t, t)} {n}" for t, n in self.added.items() if n]
        text = "新增：" + ("，".join(parts) if parts else "无")
        changed = [f"{TABLE_ZH.get(t, t)} {n}" for t, n in self.updated.items() if n]
        if changed:
            text += "；更新：" + "，".join(changed)
        if self.conflicts:
            text += f"；冲突 {len(self.conflicts)} 处"
        return text

    def to_json(self) -> str:
        return json.dumps({"added": self.added, "updated": self.updated,
                           "conflicts": [c.__dict__ for c in self.conflicts],
                           "states_recomputed": self.states_recomputed}, ensure_ascii=False)


def previous_import(ws: Workspace, bundle_id: str) -> MergeReport | None:
    """The report of an earlier import of the same bundle, if any."""
    row = ws.execute("SELECT device_id, kind FROM sync_import WHERE bundle_id = ?",
                        [bundle_id]).fetchone()
    if row is None:
        return None
    name = ws.execute("SELECT name FROM device WHERE id = ?", [row[0]]).fetchone()
    return MergeReport(bundle_id, row[0], name[0] if name else "", kind=row[1],
                       already_imported=True)


@contextmanager
def _pragma(ws: Workspace, name: str, value: int) -> Iterator[None]:
    """Set a connection PRAGMA for the duration of a block, then restore it."""
    before = ws.execute(f"PRAGMA {name}").fetchone()[0]
    ws.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        ws.execute(f"PRAGMA {name} = {int(before)}")


def _foreign_keys_off(ws: Workspace):
    """Bundles may arrive in any order: a finding can come before its inspection."""
    return _pragma(ws, "foreign_keys", 0)


@contextmanager
def one_transaction(ws: Workspace) -> Iterator[None]:
    """Merge several files all or nothing (each ``merge`` inside becomes a savepoint)."""
    with _checkpoint_deferred(ws), _large_cache(ws), _foreign_keys_off(ws), ws.transaction():
        yield


def _checkpoint_deferred(ws: Workspace):
    """No automatic WAL checkpoint inside the merge's COMMIT.

    With ``synchronous = FULL`` the commit fsyncs the WAL, so the import is
    durable then; copying its pages into the database file (the checkpoint,
    a second write of every page) is left to ``checkpoint``, which the caller
    runs afterwards, or to SQLite's next automatic checkpoint.
    """
    return _pragma(ws, "wal_autocheckpoint", 0)


def checkpoint(ws: Workspace) -> None:
    """Copy committed pages from the WAL into the database file (PASSIVE: never waits
    for readers; what it cannot copy now, a later checkpoint will)."""
    ws.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _large_cache(ws: Workspace):
    """While merging, keep the pages a bundle touches in memory (64 MiB; default 2 MiB):
    inserting thousands of rows into five indexes otherwise re-reads evicted pages."""
    return _pragma(ws, "cache_size", min(ws.execute("PRAGMA cache_size").fetchone()[0],
                                         -MERGE_CACHE_KIB))


def merge(ws: Workspace, manifest: dict, tables: Tables, blob_names: list[str],
          read_blob: Callable[[str], bytes], *, register: tuple[str, bytes] | None = None,
          progress: Progress | None = None, cancel: Cancel | None = None,
          pause_hook: Callable[[], None] | None = None) -> MergeReport:
    """Merge verified rows and blobs into ``ws`` in one transaction.

    ``register`` = (name, public key) trusts the signing device in the same
    transaction.  ``read_blob(name)`` returns the blob's bytes after checking
    them against the signed manifest (it raises BundleRejected otherwise): each
    blob, needed or not, is read and hashed exactly once, here.  Any exception
    (including cancel or a bad blob) rolls everything back.
    """
    device_id = manifest["device"]["id"]
    report = MergeReport(manifest["bundle_id"], device_id, manifest["device"]["name"],
                         kind=manifest["kind"])
    step = _Stepper(sum(len(r) for r in tables.values()) + len(blob_names), progress, cancel)
    with _unwritable_refused(report.bundle_id), _checkpoint_deferred(ws), _large_cache(ws), \
            _foreign_keys_off(ws), ws.transaction():
        if register:
            from .sync_devices import register_device

            register_device(ws, device_id, *register)
            report.new_device = True
        _merge_checklists(ws, tables.get("checklist"), device_id, report)
        step.advance(len(tables.get("checklist") or ()))
        for table in RECORD_TABLES:
            _merge_records(ws, table, tables.get(table), report)
            step.advance(len(tables.get(table) or ()))
        touched = _merge_finding_events(ws, tables, report)
        step.advance(len(tables.get("finding_event") or ()))
        recomputed = _recompute_states(ws, touched)
        report.states_recomputed = len(recomputed)
        fix, resequenced = _merge_audit(ws, tables.get("audit_event"), report)
        step.advance(len(tables.get("audit_event") or ()))
        # last of the inserts, so a reader hashing blobs ahead has had the most time
        _merge_blobs(ws, blob_names, read_blob, report, step)
        if pause_hook:
            pause_hook()
        if not resequenced:
            fix = report.not_applied(fix)
        fix |= {("finding", f) for f in recomputed}
        fix |= {(c.entity, c.entity_id) for c in report.conflicts}
        _fix_audit_rows(ws, fix, report.bundle_id)
        _record_import(ws, manifest, report)
        step.check()
    return report


@contextmanager
def _unwritable_refused(bundle_id: str) -> Iterator[None]:
    """Rows SQLite will not take (NOT NULL, a JSON list as a value, a huge number) refuse the file."""
    try:
        yield
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError,
            OverflowError) as err:
        raise BundleRejected(f"数据包 {bundle_id} 中的记录无法写入（{err}）",
                             hint="文件版本不符或已被篡改；工作区未作任何更改") from None


class _Stepper:
    def __init__(self, total: int, progress: Progress | None, cancel: Cancel | None):
        self.total, self.done, self.progress, self.cancel = total, 0, progress, cancel

    def advance(self, n: int) -> None:
        self.done += n
        if self.progress:
            self.progress(min(self.done, self.total), self.total)
        self.check()

    def check(self) -> None:
        if self.cancel and self.cancel():
            raise SyncCancelled("导入已取消，工作区未作任何更改")


def insert_rows(ws: Workspace, head: str, rows: list[list[Any]]) -> int:
    """Run ``head`` (``INSERT … INTO t (a, b, …)``) for ``rows``; returns the rows changed.

    Rows go ``ROWS_PER_INSERT`` at a time in one multi-row ``VALUES`` statement:
    about a third less CPU than one ``executemany`` step per row, since SQLite
    and the sqlite3 module do their per-statement work once per 200 rows.
    """
    if not rows:
        return 0
    width = len(rows[0])
    values = "(" + ", ".join("?" * width) + ")"
    before = ws.conn.total_changes
    full = len(rows) - len(rows) % ROWS_PER_INSERT
    if full:
        ws.conn.executemany(f"{head} VALUES " + ", ".join([values] * ROWS_PER_INSERT),
                            [list(chain.from_iterable(rows[i:i + ROWS_PER_INSERT]))
                             for i in range(0, full, ROWS_PER_INSERT)])
    if full < len(rows):
        ws.conn.execute(f"{head} VALUES " + ", ".join([values] * (len(rows) - full)),
                        list(chain.from_iterable(rows[full:])))
    return ws.conn.total_changes - before


def _merge_checklists(ws: Workspace, rows: Rows | None, device_id: str,
                      report: MergeReport) -> None:
    if not rows:
        report.added["checklist"] = 0
        return
    listed = ", ".join(f"[{c}]" for c in rows.columns)
    extra = [f"sync:{device_id}", ws.now()]
    report.added["checklist"] = insert_rows(
        ws, f"INSERT OR IGNORE INTO checklist ({listed}, source, installed_at)",
        [[*r, *extra] for r in rows.rows])


def _temp_copy(ws: Workspace, table: str, rows: Rows) -> str:
    temp = f"in_{table}"
    ws.execute(f"DROP TABLE IF EXISTS temp.{temp}")
    select = ", ".join(f"[{c}]" for c in rows.columns)
    ws.execute(f"CREATE TEMP TABLE {temp} AS SELECT {select} FROM main.[{table}] WHERE 0")
    insert_rows(ws, f"INSERT INTO temp.{temp} ({select})", rows.rows)
    ws.execute(f"CREATE INDEX temp.{temp}_id ON {temp}(id)")
    return temp


# Unique keys besides the id that two devices could both claim.
_UNIQUE = {
    "document": ("document_number", ("number",), "文书编号 {number} 已被 {other_device} 的文书 {other} 使用"),
    "answer": ("answer_item", ("inspection_id", "checklist_hash", "item_id"),
               "同一检查项已有另一答题记录 {other}"),
}


def _insert_new(ws: Workspace, table: str, rows: Rows) -> bool:
    """The fast path: insert every row as new (``insert_rows``).

    False, with nothing inserted, if any row clashes with a row already here (same
    id, document number, answer item, audit sequence): then the caller takes the
    slow path, which sorts out and reports each conflict.
    """
    listed = ", ".join(f"[{c}]" for c in rows.columns)
    ws.execute("SAVEPOINT sync_insert_new")
    try:
        insert_rows(ws, f"INSERT INTO [{table}] ({listed})", rows.rows)
    except sqlite3.IntegrityError:
        ws.execute("ROLLBACK TO sync_insert_new")
        ws.execute("RELEASE sync_insert_new")
        return False
    ws.execute("RELEASE sync_insert_new")
    return True


def _merge_records(ws: Workspace, table: str, rows: Rows | None, report: MergeReport) -> None:
    if not rows:
        return
    if _insert_new(ws, table, rows):
        report.added[table], report.updated[table] = len(rows), 0
        report.mark_applied(table, rows.column("id"))
        return
    cols = rows.columns
    temp = _temp_copy(ws, table, rows)
    _drop_conflicts(ws, table, temp, cols, report)
    listed = ", ".join(f"[{c}]" for c in cols)
    inserted = ws.execute(
        f"INSERT INTO [{table}] ({listed}) SELECT {listed} FROM temp.{temp} i "
        f"WHERE NOT EXISTS (SELECT 1 FROM [{table}] t WHERE t.id = i.id) RETURNING id").fetchall()
    report.added[table] = len(inserted)
    values = ", ".join(f"i.[{c}]" for c in cols if c != "id")
    updated = ws.execute(
        f"UPDATE [{table}] SET ({', '.join(f'[{c}]' for c in cols if c != 'id')}) = ({values}) "
        f"FROM temp.{temp} AS i WHERE i.id = [{table}].id AND i.updated_at > [{table}].updated_at "
        "RETURNING id").fetchall()
    report.updated[table] = len(updated)
    report.mark_applied(table, [r[0] for r in inserted + updated])
    ws.execute(f"DROP TABLE temp.{temp}")


def _drop_conflicts(ws: Workspace, table: str, temp: str, cols: list[str],
                    report: MergeReport) -> None:
    found: list[Conflict] = []
    for rid, other in ws.execute(
            f"SELECT i.id, t.device_id FROM temp.{temp} i JOIN [{table}] t ON t.id = i.id "
            "WHERE t.device_id != i.device_id"):
        found.append(Conflict("foreign_id", table, rid, f"该编号已属于设备 {other}，保留已有记录"))
    # state/state_at are derived from the events here, so they may differ legitimately.
    same = " AND ".join(f"t.[{c}] IS i.[{c}]" for c in cols if c not in ("state", "state_at"))
    for (rid,) in ws.execute(
            f"SELECT i.id FROM temp.{temp} i JOIN [{table}] t ON t.id = i.id "
            f"WHERE t.device_id = i.device_id AND t.updated_at = i.updated_at AND NOT ({same})"):
        found.append(Conflict("concurrent_edit", table, rid,
                              "同一时间戳的两个不同版本（在两处被修改），保留已有版本"))
    if table in _UNIQUE:
        kind, keys, text = _UNIQUE[table]
        match = " AND ".join(f"t.[{k}] = i.[{k}]" for k in keys)
        for row in ws.execute(
                f"SELECT i.id, t.id, t.device_id, {', '.join(f'i.[{k}]' for k in keys)} "
                f"FROM temp.{temp} i JOIN [{table}] t ON {match} AND t.id != i.id"):
            names = dict(zip(keys, row[3:]))
            found.append(Conflict(kind, table, row[0],
                                  text.format(other=row[1], other_device=row[2], **names)))
    for conflict in found:
        ws.execute(f"DELETE FROM temp.{temp} WHERE id = ?", [conflict.entity_id])
    report.conflicts += found


def _merge_finding_events(ws: Workspace, tables: Tables, report: MergeReport) -> set[str]:
    touched = set(tables["finding"].column("id")) if tables.get("finding") else set()
    rows = tables.get("finding_event")
    if not rows:
        report.added["finding_event"] = 0
        return touched
    listed = ", ".join(f"[{c}]" for c in rows.columns)
    report.added["finding_event"] = insert_rows(
        ws, f"INSERT OR IGNORE INTO finding_event ({listed})", rows.rows)
    return touched | set(rows.column("finding_id"))


def _recompute_states(ws: Workspace, finding_ids: set[str]) -> list[str]:
    """Set each finding's state to that of its latest event; returns the ids changed."""
    if not finding_ids:
        return []
    ws.execute("DROP TABLE IF EXISTS temp.touched")
    ws.execute("CREATE TEMP TABLE touched (id TEXT PRIMARY KEY)")
    insert_rows(ws, "INSERT OR IGNORE INTO temp.touched (id)", [[f] for f in finding_ids])
    rows = ws.execute(
        "UPDATE finding SET state = ev.state, state_at = ev.at FROM ("
        " SELECT finding_id, state, at FROM (SELECT finding_id, state, at, ROW_NUMBER() OVER "
        " (PARTITION BY finding_id ORDER BY at DESC, id DESC) AS rn FROM finding_event "
        " WHERE finding_id IN (SELECT id FROM temp.touched)) WHERE rn = 1) AS ev "
        "WHERE finding.id = ev.finding_id "
        "AND (finding.state IS NOT ev.state OR finding.state_at IS NOT ev.at) "
        "RETURNING finding.id").fetchall()
    ws.execute("DROP TABLE temp.touched")
    return [r[0] for r in rows]


def _merge_blobs(ws: Workspace, names: list[str], read_blob: Callable[[str], bytes],
                 report: MergeReport, step: _Stepper) -> None:
    """Every blob is read (and so verified) once; only those not here yet are stored."""
    have: set[str] = set()
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        have |= {r[0] for r in ws.execute(
            f"SELECT sha256 FROM blob WHERE sha256 IN ({', '.join('?' for _ in chunk)})", chunk)}
    added = 0
    for name in names:
        data = read_blob(name)
        if name not in have:
            ws.execute("INSERT OR IGNORE INTO blob (sha256, size, data) VALUES (?, ?, ?)",
                          [name, len(data), data])
            have.add(name)
            added += 1
        step.advance(1)
    report.added["blob"] = added


def _merge_audit(ws: Workspace, rows: Rows | None,
                 report: MergeReport) -> tuple[set[tuple[str, str]], bool]:
    """Insert new audit events in device order; returns the entities to re-check
    and whether a device's events had to be re-sequenced."""
    if not rows:
        return set(), False
    cols = columns(ws, "audit_event")
    listed = ", ".join(cols)
    devices = set(rows.column("device_id"))
    if len(devices) == 1:
        device_id = devices.pop()
        before = ws.execute("SELECT MAX(device_seq) FROM audit_event WHERE device_id = ?",
                            [device_id]).fetchone()[0]
        if _ascending(rows.column("device_seq")) and _insert_new(ws, "audit_event", rows):
            report.added["audit_event"] = len(rows)
            entities = set(zip(rows.column("entity"), rows.column("entity_id")))
            late = before is not None and rows.rows[0][rows.columns.index("device_seq")] < before
            if late:
                entities |= _resequence(ws, device_id, listed)
            return entities, late
    temp = _temp_copy(ws, "audit_event", rows)
    for rid, dev, dseq in ws.execute(
            f"SELECT i.id, i.device_id, i.device_seq FROM temp.{temp} i JOIN audit_event a "
            "ON a.device_id = i.device_id AND a.device_seq = i.device_seq AND a.id != i.id"):
        report.conflicts.append(Conflict("audit_fork", "audit_event", rid,
                                         f"设备 {dev} 的审计事件 #{dseq} 有两个不同版本（设备数据可能被还原过）"))
        ws.execute(f"DELETE FROM temp.{temp} WHERE id = ?", [rid])
    ws.execute(f"DELETE FROM temp.{temp} WHERE id IN (SELECT id FROM audit_event)")
    late = [r[0] for r in ws.execute(
        f"SELECT DISTINCT i.device_id FROM temp.{temp} i WHERE i.device_seq < "
        "(SELECT MAX(device_seq) FROM audit_event a WHERE a.device_id = i.device_id)")]
    cur = ws.execute(f"INSERT INTO audit_event ({listed}) SELECT {listed} FROM temp.{temp} "
                        "ORDER BY device_id, device_seq")
    report.added["audit_event"] = cur.rowcount
    entities = set(ws.execute(f"SELECT DISTINCT entity, entity_id FROM temp.{temp}").fetchall())
    ws.execute(f"DROP TABLE temp.{temp}")
    for device_id in late:
        entities |= _resequence(ws, device_id, listed)
    return entities, bool(late)


def _ascending(seqs: list[Any]) -> bool:
    """Whole numbers in strictly increasing order (as an export writes a device's events)."""
    return set(map(type, seqs)) <= {int} and all(map(operator.lt, seqs, seqs[1:]))


def _resequence(ws: Workspace, device_id: str, listed: str) -> set[tuple[str, str]]:
    """Put a device's events back in ``device_seq`` order after an older bundle arrived late."""
    ws.execute("DROP TABLE IF EXISTS temp.reseq")
    ws.execute(f"CREATE TEMP TABLE reseq AS SELECT {listed} FROM audit_event "
                  "WHERE device_id = ?", [device_id])
    ws.execute("DELETE FROM audit_event WHERE device_id = ?", [device_id])
    ws.execute(f"INSERT INTO audit_event ({listed}) SELECT {listed} FROM temp.reseq "
                  "ORDER BY device_seq")
    entities = set(ws.execute("SELECT DISTINCT entity, entity_id FROM temp.reseq").fetchall())
    ws.execute("DROP TABLE temp.reseq")
    return entities


def _fix_audit_rows(ws: Workspace, entities: set[tuple[str, str]], bundle_id: str) -> None:
    """Append this workspace's audit event where a merged row differs from the last event."""
    for table in audit.AUDITED_TABLES:
        ids = sorted(e for t, e in entities if t == table)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            cur = ws.execute(
                f"SELECT t.*, (SELECT payload FROM audit_event a WHERE a.entity = ? AND "
                f"a.entity_id = t.id ORDER BY a.seq DESC LIMIT 1) AS __last FROM [{table}] t "
                f"WHERE t.id IN ({', '.join('?' for _ in chunk)})", [table, *chunk])
            names = [c[0] for c in cur.description]
            for values in cur.fetchall():
                row = dict(zip(names, values))
                last = row.pop("__last")
                digest = audit.row_hash(row)
                if last is None or json.loads(last).get("row") != digest:
                    audit.append(ws.conn, device_id=ws.device_id, at=ws.now(), action="merge",
                                 entity=table, entity_id=row["id"],
                                 payload={"row": digest, "bundle": bundle_id})


def _record_import(ws: Workspace, manifest: dict, report: MergeReport) -> None:
    for c in report.conflicts:
        ws.execute("INSERT OR IGNORE INTO sync_conflict (bundle_id, kind, entity, entity_id, "
                      "detail, seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                      [report.bundle_id, c.kind, c.entity, c.entity_id, c.detail, ws.now()])
    ws.execute("INSERT OR IGNORE INTO sync_import (bundle_id, kind, device_id, imported_at, "
                  "manifest, report) VALUES (?, ?, ?, ?, ?, ?)",
                  [report.bundle_id, report.kind, report.device_id, ws.now(),
                   json.dumps(manifest, ensure_ascii=False), report.to_json()])


def conflicts(ws: Workspace) -> list[Conflict]:
    """Every conflict seen while merging, oldest first."""
    return [Conflict(*r) for r in ws.execute(
        "SELECT kind, entity, entity_id, detail FROM sync_conflict ORDER BY id")]
