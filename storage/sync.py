"""The SQL side of sync: what a device exports, and how headquarters merges it.

The container (zip, manifest, signatures) is ``export/bundle.py``; this module
only reads rows for an export and merges verified rows into a workspace.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class SyncCancelled(SiteCheckError):
    """The user cancelled an export or import; nothing was changed."""


# ----- reading for export ------------------------------------------------------------
def columns(ws: Workspace, table: str) -> list[str]:
    if table == "checklist":
        return list(CHECKLIST_COLUMNS)
    cols = [r[1] for r in ws.db.execute(f"PRAGMA table_info([{table}])")]
    return [c for c in cols if c != "seq"]


@contextmanager
def read_snapshot(ws: Workspace) -> Iterator[None]:
    """A consistent read of the whole workspace (WAL snapshot) while writing a file."""
    ws.db.execute("BEGIN")
    try:
        ws.db.execute("SELECT 1 FROM device LIMIT 1").fetchone()
        yield
    finally:
        ws.db.execute("COMMIT")


@dataclass
class ExportSelection:
    """Rows to put in a bundle: everything of this device after ``since_seq``."""

    since_seq: int
    until_seq: int
    tables: dict[str, list[dict[str, Any]]]
    blobs: list[tuple[str, int]]            # (sha256, size)
    first_at: str | None
    last_at: str | None
    inspectors: list[str]

    @property
    def record_count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def export_mark(ws: Workspace, destination: str) -> int:
    row = ws.db.execute("SELECT last_seq FROM sync_state WHERE destination = ?",
                        [destination]).fetchone()
    return row[0] if row else 0


def select_for_export(ws: Workspace, destination: str, *, everything: bool) -> ExportSelection:
    """This device's records changed since the last export to ``destination`` (or all)."""
    since = 0 if everything else export_mark(ws, destination)
    me = ws.device_id
    until = ws.db.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_event WHERE device_id = ?",
                          [me]).fetchone()[0]
    changed = ("SELECT entity_id FROM audit_event WHERE device_id = :me AND seq > :since "
               "AND seq <= :until AND entity = :entity")
    params = {"me": me, "since": since, "until": until}
    tables: dict[str, list[dict]] = {}
    for table in RECORD_TABLES:
        tables[table] = _rows(ws, f"SELECT * FROM [{table}] WHERE device_id = :me AND id IN "
                                  f"({changed}) ORDER BY id", {**params, "entity": table})
    tables["finding_event"] = _rows(
        ws, f"SELECT * FROM finding_event WHERE device_id = :me AND finding_id IN ({changed}) "
            "ORDER BY id", {**params, "entity": "finding"})
    cols = ", ".join(columns(ws, "audit_event"))
    tables["audit_event"] = _rows(
        ws, f"SELECT {cols} FROM audit_event WHERE device_id = :me AND seq > :since "
            "AND seq <= :until ORDER BY seq", params)
    tables["checklist"] = _checklists_for(ws, tables)
    at = [e["at"] for e in tables["audit_event"]]
    return ExportSelection(since, until, tables, _blobs_for(ws, tables), min(at, default=None),
                           max(at, default=None), _inspectors(tables["inspection"]))


def _rows(ws: Workspace, sql: str, params: Any) -> list[dict[str, Any]]:
    cur = ws.db.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row)) for row in cur]


def _checklists_for(ws: Workspace, tables: dict[str, list[dict]]) -> list[dict]:
    hashes = {c["hash"] for i in tables["inspection"] for c in json.loads(i["checklists"])}
    hashes |= {r["checklist_hash"] for t in ("answer", "finding", "photo")
               for r in tables[t] if r.get("checklist_hash")}
    cols = ", ".join(CHECKLIST_COLUMNS)
    return [r for h in sorted(hashes)
            for r in _rows(ws, f"SELECT {cols} FROM checklist WHERE hash = ?", [h])]


def _blobs_for(ws: Workspace, tables: dict[str, list[dict]]) -> list[tuple[str, int]]:
    wanted = {r[k] for r in tables["photo"]
              for k in ("original_sha256", "normal_sha256", "thumb_sha256")}
    wanted |= {r["pdf_sha256"] for r in tables["document"]}
    out = []
    for digest in sorted(wanted):
        row = ws.db.execute("SELECT size FROM blob WHERE sha256 = ?", [digest]).fetchone()
        if row is not None:
            out.append((digest, row[0]))
    return out


def _inspectors(inspections: list[dict]) -> list[str]:
    names = {p["name"] for i in inspections for p in json.loads(i["inspectors"])}
    return sorted(names)


def blob_data(ws: Workspace, digest: str) -> bytes:
    return ws.blob(digest)


def mark_exported(ws: Workspace, destination: str, until_seq: int, bundle_id: str) -> None:
    """Advance the export mark (only after the bundle file is safely in place)."""
    with ws.transaction():
        ws.db.execute(
            "INSERT INTO sync_state (destination, last_seq, exported_at, bundle_id) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(destination) DO UPDATE SET "
            "last_seq = MAX(last_seq, excluded.last_seq), exported_at = excluded.exported_at, "
            "bundle_id = excluded.bundle_id",
            [destination, until_seq, ws.now(), bundle_id])


# ----- checking incoming rows ---------------------------------------------------------
def check_records(ws: Workspace, device_id: str, tables: dict[str, list[dict]],
                  allowed: tuple[str, ...] = BUNDLE_TABLES, *, own_rows_only: bool = True) -> None:
    """Refuse rows of unknown tables or columns, and rows that claim another device."""
    for table, rows in tables.items():
        if table not in allowed:
            raise BundleRejected(f"文件含有未知的数据表 {table}", hint="文件版本不符或已被篡改")
        expected = set(columns(ws, table))
        for n, row in enumerate(rows, start=1):
            if not isinstance(row, dict) or set(row) != expected:
                raise BundleRejected(f"{table} 第 {n} 条记录的字段与本程序不符",
                                     hint="文件版本不符或已被篡改")
            if own_rows_only and "device_id" in row and row["device_id"] != device_id:
                raise BundleRejected(
                    f"{TABLE_ZH[table]}记录 {row.get('id')} 声称属于另一台设备 {row['device_id']}"
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
    applied: set[tuple[str, str]] = field(default_factory=set, repr=False)

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
    row = ws.db.execute("SELECT device_id, kind FROM sync_import WHERE bundle_id = ?",
                        [bundle_id]).fetchone()
    if row is None:
        return None
    name = ws.db.execute("SELECT name FROM device WHERE id = ?", [row[0]]).fetchone()
    return MergeReport(bundle_id, row[0], name[0] if name else "", kind=row[1],
                       already_imported=True)


@contextmanager
def _foreign_keys_off(ws: Workspace) -> Iterator[None]:
    """Bundles may arrive in any order: a finding can come before its inspection."""
    before = ws.db.execute("PRAGMA foreign_keys").fetchone()[0]
    ws.db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        ws.db.execute(f"PRAGMA foreign_keys = {int(before)}")


def merge(ws: Workspace, manifest: dict, tables: dict[str, list[dict]], blob_names: list[str],
          read_blob: Callable[[str], bytes], *, register: tuple[str, bytes] | None = None,
          progress: Progress | None = None, cancel: Cancel | None = None,
          pause_hook: Callable[[], None] | None = None) -> MergeReport:
    """Merge verified rows and blobs into ``ws`` in one transaction.

    ``register`` = (name, public key) trusts the signing device in the same
    transaction.  ``read_blob(name)`` returns verified bytes.  Any exception
    (including cancel) rolls everything back.
    """
    device_id = manifest["device"]["id"]
    report = MergeReport(manifest["bundle_id"], device_id, manifest["device"]["name"],
                         kind=manifest["kind"])
    total = sum(len(r) for r in tables.values()) + len(blob_names)
    step = _Stepper(total, progress, cancel)
    with _foreign_keys_off(ws), ws.transaction():
        if register:
            from .sync_devices import register_device

            register_device(ws, device_id, *register)
            report.new_device = True
        _merge_checklists(ws, tables.get("checklist", []), device_id, report)
        step.advance(len(tables.get("checklist", [])))
        for table in RECORD_TABLES:
            _merge_records(ws, table, tables.get(table, []), report)
            step.advance(len(tables.get(table, [])))
        touched = _merge_finding_events(ws, tables, report)
        step.advance(len(tables.get("finding_event", [])))
        recomputed = _recompute_states(ws, touched)
        report.states_recomputed = len(recomputed)
        _merge_blobs(ws, blob_names, read_blob, report, step)
        if pause_hook:
            pause_hook()
        fix, resequenced = _merge_audit(ws, tables.get("audit_event", []), report)
        step.advance(len(tables.get("audit_event", [])))
        if not resequenced:
            fix -= report.applied
        fix |= {("finding", f) for f in recomputed}
        fix |= {(c.entity, c.entity_id) for c in report.conflicts}
        _fix_audit_rows(ws, fix, report.bundle_id)
        _record_import(ws, manifest, report)
        step.check()
    return report


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


def _merge_checklists(ws: Workspace, rows: list[dict], device_id: str, report: MergeReport) -> None:
    cols = ", ".join(CHECKLIST_COLUMNS)
    before = ws.db.conn.total_changes
    ws.db.conn.executemany(
        f"INSERT OR IGNORE INTO checklist ({cols}, source, installed_at) "
        f"VALUES ({', '.join('?' for _ in CHECKLIST_COLUMNS)}, ?, ?)",
        [[r[c] for c in CHECKLIST_COLUMNS] + [f"sync:{device_id}", ws.now()] for r in rows])
    report.added["checklist"] = ws.db.conn.total_changes - before


def _temp_copy(ws: Workspace, table: str, rows: list[dict], cols: list[str]) -> str:
    temp = f"in_{table}"
    ws.db.execute(f"DROP TABLE IF EXISTS temp.{temp}")
    select = ", ".join(f"[{c}]" for c in cols)
    ws.db.execute(f"CREATE TEMP TABLE {temp} AS SELECT {select} FROM main.[{table}] WHERE 0")
    ws.db.conn.executemany(f"INSERT INTO temp.{temp} ({select}) VALUES "
                           f"({', '.join('?' for _ in cols)})", [[r[c] for c in cols] for r in rows])
    ws.db.execute(f"CREATE INDEX temp.{temp}_id ON {temp}(id)")
    return temp


# Unique keys besides the id that two devices could both claim.
_UNIQUE = {
    "document": ("document_number", ("number",), "文书编号 {number} 已被 {other_device} 的文书 {other} 使用"),
    "answer": ("answer_item", ("inspection_id", "checklist_hash", "item_id"),
               "同一检查项已有另一答题记录 {other}"),
}


def _merge_records(ws: Workspace, table: str, rows: list[dict], report: MergeReport) -> None:
    if not rows:
        return
    cols = columns(ws, table)
    temp = _temp_copy(ws, table, rows, cols)
    _drop_conflicts(ws, table, temp, cols, report)
    listed = ", ".join(f"[{c}]" for c in cols)
    inserted = ws.db.execute(
        f"INSERT INTO [{table}] ({listed}) SELECT {listed} FROM temp.{temp} i "
        f"WHERE NOT EXISTS (SELECT 1 FROM [{table}] t WHERE t.id = i.id) RETURNING id").fetchall()
    report.added[table] = len(inserted)
    values = ", ".join(f"i.[{c}]" for c in cols if c != "id")
    updated = ws.db.execute(
        f"UPDATE [{table}] SET ({', '.join(f'[{c}]' for c in cols if c != 'id')}) = ({values}) "
        f"FROM temp.{temp} AS i WHERE i.id = [{table}].id AND i.updated_at > [{table}].updated_at "
        "RETURNING id").fetchall()
    report.updated[table] = len(updated)
    report.applied |= {(table, r[0]) for r in inserted + updated}
    ws.db.execute(f"DROP TABLE temp.{temp}")


def _drop_conflicts(ws: Workspace, table: str, temp: str, cols: list[str],
                    report: MergeReport) -> None:
    found: list[Conflict] = []
    for rid, other in ws.db.execute(
            f"SELECT i.id, t.device_id FROM temp.{temp} i JOIN [{table}] t ON t.id = i.id "
            "WHERE t.device_id != i.device_id"):
        found.append(Conflict("foreign_id", table, rid, f"该编号已属于设备 {other}，保留已有记录"))
    # state/state_at are derived from the events here, so they may differ legitimately.
    same = " AND ".join(f"t.[{c}] IS i.[{c}]" for c in cols if c not in ("state", "state_at"))
    for (rid,) in ws.db.execute(
            f"SELECT i.id FROM temp.{temp} i JOIN [{table}] t ON t.id = i.id "
            f"WHERE t.device_id = i.device_id AND t.updated_at = i.updated_at AND NOT ({same})"):
        found.append(Conflict("concurrent_edit", table, rid,
                              "同一时间戳的两个不同版本（在两处被修改），保留已有版本"))
    if table in _UNIQUE:
        kind, keys, text = _UNIQUE[table]
        match = " AND ".join(f"t.[{k}] = i.[{k}]" for k in keys)
        for row in ws.db.execute(
                f"SELECT i.id, t.id, t.device_id, {', '.join(f'i.[{k}]' for k in keys)} "
                f"FROM temp.{temp} i JOIN [{table}] t ON {match} AND t.id != i.id"):
            names = dict(zip(keys, row[3:]))
            found.append(Conflict(kind, table, row[0],
                                  text.format(other=row[1], other_device=row[2], **names)))
    for conflict in found:
        ws.db.execute(f"DELETE FROM temp.{temp} WHERE id = ?", [conflict.entity_id])
    report.conflicts += found


def _merge_finding_events(ws: Workspace, tables: dict[str, list[dict]],
                          report: MergeReport) -> set[str]:
    rows = tables.get("finding_event", [])
    cols = columns(ws, "finding_event")
    listed = ", ".join(cols)
    cur = ws.db.conn.executemany(
        f"INSERT OR IGNORE INTO finding_event ({listed}) VALUES ({', '.join('?' for _ in cols)})",
        [[r[c] for c in cols] for r in rows])
    report.added["finding_event"] = cur.rowcount
    return {r["finding_id"] for r in rows} | {r["id"] for r in tables.get("finding", [])}


def _recompute_states(ws: Workspace, finding_ids: set[str]) -> list[str]:
    """Set each finding's state to that of its latest event; returns the ids changed."""
    if not finding_ids:
        return []
    ws.db.execute("DROP TABLE IF EXISTS temp.touched")
    ws.db.execute("CREATE TEMP TABLE touched (id TEXT PRIMARY KEY)")
    ws.db.conn.executemany("INSERT OR IGNORE INTO temp.touched VALUES (?)", [[f] for f in finding_ids])
    rows = ws.db.execute(
        "UPDATE finding SET state = ev.state, state_at = ev.at FROM ("
        " SELECT finding_id, state, at FROM (SELECT finding_id, state, at, ROW_NUMBER() OVER "
        " (PARTITION BY finding_id ORDER BY at DESC, id DESC) AS rn FROM finding_event "
        " WHERE finding_id IN (SELECT id FROM temp.touched)) WHERE rn = 1) AS ev "
        "WHERE finding.id = ev.finding_id "
        "AND (finding.state IS NOT ev.state OR finding.state_at IS NOT ev.at) "
        "RETURNING finding.id").fetchall()
    ws.db.execute("DROP TABLE temp.touched")
    return [r[0] for r in rows]


def _merge_blobs(ws: Workspace, names: list[str], read_blob: Callable[[str], bytes],
                 report: MergeReport, step: _Stepper) -> None:
    have: set[str] = set()
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        have |= {r[0] for r in ws.db.execute(
            f"SELECT sha256 FROM blob WHERE sha256 IN ({', '.join('?' for _ in chunk)})", chunk)}
    added = 0
    for name in names:
        if name not in have:
            data = read_blob(name)
            ws.db.execute("INSERT OR IGNORE INTO blob (sha256, size, data) VALUES (?, ?, ?)",
                          [name, len(data), data])
            added += 1
        step.advance(1)
    report.added["blob"] = added


def _merge_audit(ws: Workspace, rows: list[dict],
                 report: MergeReport) -> tuple[set[tuple[str, str]], bool]:
    """Insert new audit events in device order; returns the entities to re-check
    and whether a device's events had to be re-sequenced."""
    if not rows:
        return set(), False
    cols = columns(ws, "audit_event")
    temp = _temp_copy(ws, "audit_event", rows, cols)
    for rid, dev, dseq in ws.db.execute(
            f"SELECT i.id, i.device_id, i.device_seq FROM temp.{temp} i JOIN audit_event a "
            "ON a.device_id = i.device_id AND a.device_seq = i.device_seq AND a.id != i.id"):
        report.conflicts.append(Conflict("audit_fork", "audit_event", rid,
                                         f"设备 {dev} 的审计事件 #{dseq} 有两个不同版本（设备数据可能被还原过）"))
        ws.db.execute(f"DELETE FROM temp.{temp} WHERE id = ?", [rid])
    ws.db.execute(f"DELETE FROM temp.{temp} WHERE id IN (SELECT id FROM audit_event)")
    late = [r[0] for r in ws.db.execute(
        f"SELECT DISTINCT i.device_id FROM temp.{temp} i WHERE i.device_seq < "
        "(SELECT MAX(device_seq) FROM audit_event a WHERE a.device_id = i.device_id)")]
    listed = ", ".join(cols)
    cur = ws.db.execute(f"INSERT INTO audit_event ({listed}) SELECT {listed} FROM temp.{temp} "
                        "ORDER BY device_id, device_seq")
    report.added["audit_event"] = cur.rowcount
    entities = set(ws.db.execute(f"SELECT DISTINCT entity, entity_id FROM temp.{temp}").fetchall())
    ws.db.execute(f"DROP TABLE temp.{temp}")
    for device_id in late:
        entities |= _resequence(ws, device_id, listed)
    return entities, bool(late)


def _resequence(ws: Workspace, device_id: str, listed: str) -> set[tuple[str, str]]:
    """Put a device's events back in ``device_seq`` order after an older bundle arrived late."""
    ws.db.execute("DROP TABLE IF EXISTS temp.reseq")
    ws.db.execute(f"CREATE TEMP TABLE reseq AS SELECT {listed} FROM audit_event "
                  "WHERE device_id = ?", [device_id])
    ws.db.execute("DELETE FROM audit_event WHERE device_id = ?", [device_id])
    ws.db.execute(f"INSERT INTO audit_event ({listed}) SELECT {listed} FROM temp.reseq "
                  "ORDER BY device_seq")
    entities = set(ws.db.execute("SELECT DISTINCT entity, entity_id FROM temp.reseq").fetchall())
    ws.db.execute("DROP TABLE temp.reseq")
    return entities


def _fix_audit_rows(ws: Workspace, entities: set[tuple[str, str]], bundle_id: str) -> None:
    """Append this workspace's audit event where a merged row differs from the last event."""
    for table in audit.AUDITED_TABLES:
        ids = sorted(e for t, e in entities if t == table)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            cur = ws.db.execute(
                f"SELECT t.*, (SELECT payload FROM audit_event a WHERE a.entity = ? AND "
                f"a.entity_id = t.id ORDER BY a.seq DESC LIMIT 1) AS __last FROM [{table}] t "
                f"WHERE t.id IN ({', '.join('?' for _ in chunk)})", [table, *chunk])
            names = [c[0] for c in cur.description]
            for values in cur.fetchall():
                row = dict(zip(names, values))
                last = row.pop("__last")
                digest = audit.row_hash(row)
                if last is None or json.loads(last).get("row") != digest:
                    audit.append(ws.db, device_id=ws.device_id, at=ws.now(), action="merge",
                                 entity=table, entity_id=row["id"],
                                 payload={"row": digest, "bundle": bundle_id})


def _record_import(ws: Workspace, manifest: dict, report: MergeReport) -> None:
    for c in report.conflicts:
        ws.db.execute("INSERT OR IGNORE INTO sync_conflict (bundle_id, kind, entity, entity_id, "
                      "detail, seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                      [report.bundle_id, c.kind, c.entity, c.entity_id, c.detail, ws.now()])
    ws.db.execute("INSERT OR IGNORE INTO sync_import (bundle_id, kind, device_id, imported_at, "
                  "manifest, report) VALUES (?, ?, ?, ?, ?, ?)",
                  [report.bundle_id, report.kind, report.device_id, ws.now(),
                   json.dumps(manifest, ensure_ascii=False), report.to_json()])


def conflicts(ws: Workspace) -> list[Conflict]:
    """Every conflict seen while merging, oldest first."""
    return [Conflict(*r) for r in ws.db.execute(
        "SELECT kind, entity, entity_id, detail FROM sync_conflict ORDER BY id")]
