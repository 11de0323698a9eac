"""The SQL side of sync: what a device exports, and how headquarters merges it.

The container (zip, manifest, signatures) is ``export/sync/container.py``; what a device
exports is read by ``storage/sync/selection.py``; this module checks incoming rows
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

from checklists.common.errors import BundleRejected
from checklists.common.messages import Msg
from checklists.common.progress import Progress, Steps
from checklists.common.vocabulary import RECORD_LABELS

from .. import audit
from ..workspace import Workspace
from . import rules

RECORD_TABLES = ("enterprise", "equipment", "inspection", "answer", "finding", "photo", "document",
                 "signature", "penalty", "supervision")
EVENT_TABLES = ("finding_event", "audit_event")
CHECKLIST_COLUMNS = ("hash", "id", "version", "title", "family", "applies_to", "item_count", "yaml")
BUNDLE_TABLES = (*RECORD_TABLES, *EVENT_TABLES, "checklist")

MERGE_CACHE_KIB = 64 * 1024
ROWS_PER_INSERT = 200       # rows per multi-row INSERT (see insert_rows)
IMPORT_CANCELLED = Msg("导入已取消，工作区未作任何更改")


# ----- rows as they travel -------------------------------------------------------------
def columns(ws: Workspace, table: str) -> list[str]:
    if table == "checklist":
        return list(CHECKLIST_COLUMNS)
    cols = [r[1] for r in ws.execute(f"PRAGMA table_info([{table}])")]
    return [c for c in cols if c != "seq" and c not in audit.LOCAL_COLUMNS]


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
@dataclass
class RecordsPart:
    """One table's records part, read in batches of rows (never whole): the merge
    keeps memory flat however many rows a bundle holds."""

    columns: list[str]
    batches: Callable[[], Iterator[list[list[Any]]]]
    count: int                  # rows, as the signed manifest says


Parts = dict[str, RecordsPart]


def check_columns(ws: Workspace, table: str, cols: list[str],
                  allowed: tuple[str, ...] = BUNDLE_TABLES) -> None:
    if table not in allowed:
        raise BundleRejected("文件含有未知的数据表 {table}", hint="文件版本不符或已被篡改", table=table)
    if len(set(cols)) != len(cols) or set(cols) != set(columns(ws, table)):
        raise BundleRejected("{table} 记录的字段与本程序不符", hint="文件版本不符或已被篡改", table=table)


def check_shape(table: str, cols: list[str], rows: list[Any], device_id: str | None,
                first_line: int = 1) -> None:
    """Every row a list as wide as the header; every device_id the signer's."""
    width = len(cols)
    if not _all_lists_of(rows, width):
        bad = next(n for n, r in enumerate(rows) if type(r) is not list or len(r) != width)
        raise BundleRejected("{table} 第 {line} 条记录的字段与本程序不符",
                             hint="文件版本不符或已被篡改", table=table, line=first_line + bad)
    if device_id is not None and "device_id" in cols:
        _check_device(table, Rows(cols, rows), device_id)


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
            "{what}记录 {id} 声称属于另一台设备 {claimed}（签名设备为 {device}）",
            hint="文件可能被篡改；请向发送方索取原始文件", what=Msg(RECORD_LABELS[table]), id=rid,
            claimed=row[claimed], device=device_id)


# ----- merging ------------------------------------------------------------------------
@dataclass(frozen=True)
class Conflict:
    kind: str          # document_number | answer_item | foreign_id | concurrent_edit | audit_fork
    entity: str
    entity_id: str
    detail: str

    def __str__(self) -> str:
        return f"冲突（{RECORD_LABELS.get(self.entity, self.entity)} {self.entity_id}）：{self.detail}"


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
    def summary(self) -> str:
        if self.already_imported:
            return f"数据包 {self.bundle_id} 已导入过，无变化"
        parts = [f"{RECORD_LABELS.get(t, t)} {n}" for t, n in self.added.items() if n]
        text = "新增：" + ("，".join(parts) if parts else "无")
        changed = [f"{RECORD_LABELS.get(t, t)} {n}" for t, n in self.updated.items() if n]
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


def foreign_keys_off(ws: Workspace):
    """Bundles may arrive in any order: a finding can come before its inspection."""
    return _pragma(ws, "foreign_keys", 0)


@contextmanager
def one_transaction(ws: Workspace) -> Iterator[None]:
    """Merge several files all or nothing (each ``merge`` inside becomes a savepoint)."""
    with _checkpoint_deferred(ws), _large_cache(ws), foreign_keys_off(ws), ws.transaction():
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


@contextmanager
def _large_cache(ws: Workspace) -> Iterator[None]:
    """While merging, keep the pages a bundle touches in memory (64 MiB each for the
    workspace and the temporary tables the rows are staged in; default 2 MiB):
    inserting thousands of rows into five indexes otherwise re-reads evicted pages.
    Beyond that the staged rows live in SQLite's temporary file, not in memory."""
    with _pragma(ws, "cache_size", min(ws.execute("PRAGMA cache_size").fetchone()[0],
                                       -MERGE_CACHE_KIB)), \
            _pragma(ws, "temp.cache_size", -MERGE_CACHE_KIB):
        yield


def merge(ws: Workspace, manifest: dict, parts: Parts, blob_names: list[str],
          read_blob: Callable[[str], bytes], *, register: tuple[str, bytes] | None = None,
          progress: Progress | None = None,
          pause_hook: Callable[[], None] | None = None, label: str | None = None) -> MergeReport:
    """Merge a verified bundle's rows and blobs into ``ws`` in one transaction.

    Each records part is read in batches: every batch is checked (shape, signer,
    ``rules``) and copied into a temporary table, so memory stays flat
    however many rows the bundle holds.  Every record must then match the row
    hash of the bundle's latest signed audit event about it, before anything
    is merged.  References that resolve neither in the bundle nor here refuse
    the bundle (unless an earlier bundle of the device is still missing).

    ``register`` = (name, public key) trusts the signing device in the same
    transaction.  ``read_blob(name)`` returns the blob's bytes after checking
    them against the signed manifest (it raises BundleRejected otherwise): each
    blob, needed or not, is read and hashed exactly once, here.  Any exception
    (including cancel, a refused row or a bad blob) rolls everything back.
    """
    device_id = manifest["device"]["id"]
    report = MergeReport(manifest["bundle_id"], device_id, manifest["device"]["name"],
                         kind=manifest["kind"])
    step = Steps(progress, sum(p.count for p in parts.values()) + len(blob_names),
                 cancelled=IMPORT_CANCELLED)
    for table, part in parts.items():
        check_columns(ws, table, part.columns)
    incoming = _Incoming(ws, label or Msg("数据包 {id}", id=report.bundle_id), device_id)
    with unwritable_refused(report.bundle_id), _checkpoint_deferred(ws), _large_cache(ws), \
            foreign_keys_off(ws), ws.transaction():
        if register:
            from .devices import register_device

            register_device(ws, device_id, *register)
            report.new_device = True
        try:
            for table in sorted(parts):
                incoming.stage(table, parts[table], step)
            incoming.check_vouched()
            _merge_incoming(ws, incoming, report)
            # last of the inserts, so a reader hashing blobs ahead has had the most time
            _merge_blobs(ws, blob_names, read_blob, report, step)
            incoming.check_references()
            incoming.check_signatures()
            if pause_hook:
                pause_hook()
            _fix_audit_queued(ws, report)
            record_import(ws, manifest, report)
            step.check()
        finally:
            incoming.drop()
    return report


def check_rows(ws: Workspace, manifest: dict, parts: Parts, *, label: str | None = None) -> None:
    """Read and check every row of a bundle as ``merge`` does, without merging it
    (the same bundle given twice to one import); changes nothing."""
    incoming = _Incoming(ws, label or Msg("数据包 {id}", id=manifest['bundle_id']), manifest["device"]["id"])
    ws.execute("SAVEPOINT sync_check_rows")
    try:
        for table in sorted(parts):
            check_columns(ws, table, parts[table].columns)
            incoming.stage(table, parts[table], Steps(None, 0))
        incoming.check_vouched()
    finally:
        ws.execute("ROLLBACK TO sync_check_rows")
        ws.execute("RELEASE sync_check_rows")


def _merge_incoming(ws: Workspace, incoming: _Incoming, report: MergeReport) -> None:
    """Merge the staged rows (temp.in_<table>) by the merge rules; queue rows to re-audit."""
    staged = incoming.staged
    _merge_checklists(ws, "checklist" in staged, incoming.device_id, report)
    for table in RECORD_TABLES:
        if table in staged:
            _merge_staged(ws, table, staged[table], report)
    touched = ["SELECT id FROM temp.in_finding"] if "finding" in staged else []
    if "finding_event" in staged:
        report.added["finding_event"] = ws.execute(
            f"INSERT OR IGNORE INTO finding_event ({_listed(staged['finding_event'])}) "
            f"SELECT {_listed(staged['finding_event'])} FROM temp.in_finding_event").rowcount
        touched.append("SELECT finding_id FROM temp.in_finding_event")
    else:
        report.added["finding_event"] = 0
    recomputed = _recompute_states(ws, " UNION ".join(touched))
    report.states_recomputed = len(recomputed)
    _merge_audit(ws, incoming, report)
    _queue_fix(ws, [("finding", f) for f in recomputed])


def _listed(cols: list[str], alias: str = "") -> str:
    return ", ".join(f"{alias}[{c}]" for c in cols)


@contextmanager
def unwritable_refused(bundle_id: str) -> Iterator[None]:
    """Rows SQLite will not take (NOT NULL, a JSON list as a value, a huge number) refuse the file."""
    try:
        yield
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError,
            OverflowError) as err:
        raise BundleRejected("数据包 {id} 中的记录无法写入（{error}）",
                             hint="文件版本不符或已被篡改；工作区未作任何更改", id=bundle_id, error=err) from None


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


# ----- incoming rows, staged in temporary tables ----------------------------------------
def refuse_bad_values(label: str, table: str, checks: dict, cols: list[str],
                      rows: list[list], *, hint: str) -> None:
    """BundleRejected naming the record, column and value of the first value of ``rows``
    that breaks a rule of ``checks`` (``rules.checks_for``)."""
    bad = rules.first_bad(checks, cols, rows) or rules.first_bad_row(table, cols, rows)
    if bad is None:
        return
    rid = rows[bad.row][cols.index("id")] if "id" in cols else \
        rows[bad.row][cols.index("hash")] if "hash" in cols else ""
    raise BundleRejected(
        "{label}中{what}记录 {id} 的字段 {column} 的值 {value} 无效（应为{expect}）", hint=hint,
        label=Msg(label), what=Msg(RECORD_LABELS[table]), id=str(rid)[:64], column=bad.column,
        value=_shown(bad.value), expect=Msg(bad.expect))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


class _Incoming:
    """A bundle's rows, checked batch by batch and copied into ``temp.in_<table>``.

    Record tables get an extra column ``__row``: the audit row hash of each row
    as it arrived, compared in ``check_vouched`` with the bundle's own events.
    """

    REFUSED = Msg("工作区未作任何更改。文件可能被篡改或来自不兼容的版本，请让对方用 SiteCheck 重新导出")

    def __init__(self, ws: Workspace, label: str, device_id: str):
        self.ws, self.label, self.device_id = ws, label, device_id
        self.staged: dict[str, list[str]] = {}
        self.last_event: tuple[int, str] | None = None
        self.events_ascending = True

    def stage(self, table: str, part: RecordsPart, step: Steps) -> None:
        cols, audited = part.columns, table in audit.AUDITED_TABLES
        head = _staging_table(self.ws, table, cols, with_hash=audited)
        self.staged[table] = cols
        checks = rules.checks_for(self.ws, table)
        done = 0
        for batch in part.batches():
            check_shape(table, cols, batch, self.device_id, first_line=done + 1)
            self._check_values(table, checks, cols, batch)
            if table == "audit_event":
                self._check_events(cols, batch)
            if audited:
                batch = [[*r, audit.row_hash(dict(zip(cols, r)))] for r in batch]
            insert_rows(self.ws, head, batch)
            done += len(batch)
            step.advance(len(batch))

    def _check_values(self, table: str, checks: dict, cols: list[str], batch: list[list]) -> None:
        refuse_bad_values(self.label, table, checks, cols, batch, hint=self.REFUSED)

    def _check_events(self, cols: list[str], batch: list[list]) -> None:
        """Each event's hash matches its content and links to the one before it."""
        fields = [cols.index(c) for c in ("device_id", "device_seq", "at", "action", "entity",
                                          "entity_id", "payload")]
        seq_at, prev_at, hash_at = (cols.index(c) for c in ("device_seq", "prev_hash", "hash"))
        for row in batch:
            seq, prev, digest = row[seq_at], row[prev_at], row[hash_at]
            broken = audit.event_hash(prev, [row[i] for i in fields]) != digest
            if self.last_event and self.last_event[0] + 1 == seq and self.last_event[1] != prev:
                broken = True
            if broken:
                raise BundleRejected("{label} 中审计事件 #{seq} 的哈希与其内容或前一事件不符",
                                     hint=self.REFUSED, label=Msg(self.label), seq=seq)
            if self.last_event and seq <= self.last_event[0]:
                self.events_ascending = False
            self.last_event = (seq, digest)

    def check_vouched(self) -> None:
        """Every record equals what the bundle's latest signed audit event about it says."""
        tables = [t for t in audit.AUDITED_TABLES if t in self.staged]
        if not tables:
            return
        self.ws.execute("DROP TABLE IF EXISTS temp.vouch")
        self.ws.execute("CREATE TEMP TABLE vouch (entity TEXT, id TEXT, row TEXT, "
                        "PRIMARY KEY (entity, id)) WITHOUT ROWID")
        if "audit_event" in self.staged:
            self.ws.execute("INSERT INTO temp.vouch SELECT entity, entity_id, row FROM ("
                            "SELECT entity, entity_id, json_extract(payload, '$.row') AS row, "
                            "MAX(device_seq) FROM temp.in_audit_event GROUP BY entity, entity_id)")
        for table in tables:
            found = self.ws.execute(
                f"SELECT i.id, i.__row, v.row FROM temp.in_{table} i LEFT JOIN temp.vouch v "
                f"ON v.entity = ? AND v.id = i.id WHERE v.row IS NOT i.__row LIMIT 1",
                [table]).fetchone()
            if found:
                rid, got, expected = found
                what = (Msg("没有任何审计事件为其作证") if expected is None else
                        Msg("与签名的审计事件不符（内容哈希 {got}…，审计事件记录的是 {expected}…）",
                            got=got[:12], expected=str(expected)[:12]))
                raise BundleRejected(
                    "{label} 中{table}记录 {id} {what}",
                    hint="该记录在设备写入后被改动过（即使文件重新签名也能发现）；{refused}",
                    label=Msg(self.label), table=Msg(RECORD_LABELS[table]), id=rid, what=what,
                    refused=self.REFUSED)

    def check_references(self) -> None:
        """Each reference resolves (to a row of the bundle, now merged, or one already here).

        While an earlier bundle of the same device is still missing here, a
        reference may point into it, so the check waits for that bundle."""
        if not self._chain_complete():
            return
        for table in (*RECORD_TABLES, "finding_event"):
            if table not in self.staged:
                continue
            for ref in self.ws.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
                target, col, key = ref[2], ref[3], ref[4]
                found = self.ws.execute(
                    f"SELECT i.id, i.[{col}] FROM temp.in_{table} i WHERE i.[{col}] IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM main.[{target}] r WHERE r.[{key}] = i.[{col}]) "
                    "LIMIT 1").fetchone()
                if found:
                    raise BundleRejected(
                        "{label} 中{table}记录 {id} 的字段 {column} 引用的{target} {value} "
                        "在数据包和本工作区中都不存在",
                        hint="数据包不完整或被篡改；工作区未作任何更改。请让对方用 sync export --all 重新导出",
                        label=Msg(self.label), table=Msg(RECORD_LABELS[table]), id=found[0], column=col,
                        target=Msg(RECORD_LABELS.get(target, target)), value=_shown(found[1]))

    def check_signatures(self) -> None:
        """Each incoming signature on a document is one that document lists, as it is
        (a signature moved to another document is refused, even in a re-signed file)."""
        if "signature" not in self.staged:
            return
        from ..signatures import misplaced

        found = misplaced(self.ws.conn, "s.id IN (SELECT id FROM temp.in_signature)")
        if found:
            raise BundleRejected("{label} 中签名 {id} 不是文书 {document} 所列的签名", hint=self.REFUSED,
                                 label=Msg(self.label), id=found[0][0], document=found[0][2])

    def _chain_complete(self) -> bool:
        """All of the device's audit events before this bundle's first one are here."""
        if "audit_event" not in self.staged:
            return True
        first = self.ws.execute("SELECT MIN(device_seq) FROM temp.in_audit_event").fetchone()[0]
        if first is None:
            return True
        have = self.ws.execute("SELECT COUNT(*) FROM audit_event WHERE device_id = ? "
                               "AND device_seq < ?", [self.device_id, first]).fetchone()[0]
        return have == first - 1

    def drop(self) -> None:
        if not self.ws.conn.in_transaction:
            return
        for name in [*(f"in_{t}" for t in self.staged), "vouch", "applied", "fix"]:
            self.ws.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _merge_checklists(ws: Workspace, staged: bool, device_id: str, report: MergeReport) -> None:
    if not staged:
        report.added["checklist"] = 0
        return
    listed = _listed(list(CHECKLIST_COLUMNS))
    report.added["checklist"] = ws.execute(
        f"INSERT OR IGNORE INTO checklist ({listed}, source, installed_at) "
        f"SELECT {listed}, ?, ? FROM temp.in_checklist", [f"sync:{device_id}", ws.now()]).rowcount


def _staging_table(ws: Workspace, table: str, cols: list[str], *, with_hash: bool = False) -> str:
    """Create temp.in_<table> with ``cols`` (types as in ``table``), plus ``__row`` for the
    row hashes if asked; returns the head of an INSERT into it."""
    ws.execute(f"DROP TABLE IF EXISTS temp.in_{table}")
    ws.execute(f"CREATE TEMP TABLE in_{table} AS SELECT {_listed(cols)} FROM main.[{table}] WHERE 0")
    if with_hash:
        ws.execute(f"ALTER TABLE temp.in_{table} ADD COLUMN __row TEXT")
    return f"INSERT INTO temp.in_{table} ({_listed(cols)}{', __row' if with_hash else ''})"


# Unique keys besides the id that two devices could both claim.
_UNIQUE = {
    "document": ("document_number", ("number",), "文书编号 {number} 已被 {other_device} 的文书 {other} 使用"),
    "answer": ("answer_item", ("inspection_id", "checklist_hash", "item_id", "for_equipment"),
               "同一检查项已有另一答题记录 {other}"),
}


def _insert_new(ws: Workspace, head: str, select: str) -> int | None:
    """The fast path: insert every staged row as new (``head`` ``select``).

    None, with nothing inserted, if any row clashes with a row already here (same
    id, document number, answer item, audit sequence): then the caller takes the
    slow path, which sorts out and reports each conflict.
    """
    ws.execute("SAVEPOINT sync_insert_new")
    try:
        count = ws.execute(f"{head} {select}").rowcount
    except sqlite3.IntegrityError:
        ws.execute("ROLLBACK TO sync_insert_new")
        ws.execute("RELEASE sync_insert_new")
        return None
    ws.execute("RELEASE sync_insert_new")
    return count


def merge_records(ws: Workspace, table: str, rows: Rows | None, report: MergeReport) -> None:
    """Merge rows held in memory (a pack's registries) by the record rules."""
    if not rows:
        return
    insert_rows(ws, _staging_table(ws, table, rows.columns), rows.rows)
    try:
        _merge_staged(ws, table, rows.columns, report)
    finally:
        ws.execute(f"DROP TABLE IF EXISTS temp.in_{table}")
        ws.execute("DROP TABLE IF EXISTS temp.applied")


def _applied_table(ws: Workspace) -> None:
    ws.execute("CREATE TEMP TABLE IF NOT EXISTS applied (entity TEXT, id TEXT, "
               "PRIMARY KEY (entity, id)) WITHOUT ROWID")


def _merge_staged(ws: Workspace, table: str, cols: list[str], report: MergeReport) -> None:
    """Merge temp.in_<table> into ``table``; rows written as they arrived go to temp.applied
    (their last audit event from the same bundle already vouches for them)."""
    temp, listed = f"in_{table}", _listed(cols)
    _applied_table(ws)
    added = _insert_new(ws, f"INSERT INTO [{table}] ({listed})", f"SELECT {listed} FROM temp.{temp}")
    if added is not None:
        report.added[table], report.updated[table] = added, 0
        ws.execute(f"INSERT OR IGNORE INTO temp.applied SELECT ?, id FROM temp.{temp}", [table])
        return
    ws.execute(f"CREATE INDEX temp.{temp}_id ON {temp}(id)")
    _drop_conflicts(ws, table, temp, cols, report)
    new = f"FROM temp.{temp} i WHERE NOT EXISTS (SELECT 1 FROM [{table}] t WHERE t.id = i.id)"
    ws.execute(f"INSERT OR IGNORE INTO temp.applied SELECT ?, id {new}", [table])
    report.added[table] = ws.execute(
        f"INSERT INTO [{table}] ({listed}) SELECT {listed} {new}").rowcount
    later = (f"FROM temp.{temp} i JOIN [{table}] t ON t.id = i.id "
             "WHERE i.updated_at > t.updated_at")
    ws.execute(f"INSERT OR IGNORE INTO temp.applied SELECT ?, i.id {later}", [table])
    others = [c for c in cols if c != "id"]
    report.updated[table] = ws.execute(
        f"UPDATE [{table}] SET ({_listed(others)}) = ({_listed(others, 'i.')}) "
        f"FROM temp.{temp} AS i WHERE i.id = [{table}].id AND i.updated_at > [{table}].updated_at"
    ).rowcount


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
        match = " AND ".join(f"t.[{k}] IS i.[{k}]" for k in keys)    # IS: a NULL equipment matches
        for row in ws.execute(
                f"SELECT i.id, t.id, t.device_id, {', '.join(f'i.[{k}]' for k in keys)} "
                f"FROM temp.{temp} i JOIN [{table}] t ON {match} AND t.id != i.id"):
            names = dict(zip(keys, row[3:]))
            found.append(Conflict(kind, table, row[0],
                                  text.format(other=row[1], other_device=row[2], **names)))
    for conflict in found:
        ws.execute(f"DELETE FROM temp.{temp} WHERE id = ?", [conflict.entity_id])
    report.conflicts += found


def _recompute_states(ws: Workspace, finding_ids: str) -> list[str]:
    """Set each finding's state to that of its latest event; returns the ids changed.

    ``finding_ids`` is a query giving the findings to look at."""
    if not finding_ids:
        return []
    ws.execute("DROP TABLE IF EXISTS temp.touched")
    ws.execute("CREATE TEMP TABLE touched (id TEXT PRIMARY KEY)")
    ws.execute(f"INSERT OR IGNORE INTO temp.touched (id) {finding_ids}")
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
                 report: MergeReport, step: Steps) -> None:
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



def _merge_audit(ws: Workspace, incoming: _Incoming, report: MergeReport) -> None:
    """Insert the staged audit events in device order; queue the entities to re-check
    (all of a device's whose events had to be re-sequenced)."""
    if "audit_event" not in incoming.staged:
        return
    listed = ", ".join(columns(ws, "audit_event"))
    device_id = incoming.device_id
    before = ws.execute("SELECT MAX(device_seq) FROM audit_event WHERE device_id = ?",
                        [device_id]).fetchone()[0]
    if incoming.events_ascending:
        added = _insert_new(ws, f"INSERT INTO audit_event ({listed})",
                            f"SELECT {listed} FROM temp.in_audit_event ORDER BY rowid")
        if added is not None:
            report.added["audit_event"] = added
            first = ws.execute("SELECT MIN(device_seq) FROM temp.in_audit_event").fetchone()[0]
            if before is not None and first is not None and first < before:
                _resequence(ws, device_id, listed)
            else:
                _queue_unapplied_events(ws)
            return
    temp = "in_audit_event"
    ws.execute(f"CREATE INDEX IF NOT EXISTS temp.{temp}_id ON {temp}(id)")
    for rid, dev, dseq in ws.execute(
            f"SELECT i.id, i.device_id, i.device_seq FROM temp.{temp} i JOIN audit_event a "
            "ON a.device_id = i.device_id AND a.device_seq = i.device_seq AND a.id != i.id"
    ).fetchall():
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
    for device in late:
        _resequence(ws, device, listed)
    if not late:
        _queue_unapplied_events(ws)


def _resequence(ws: Workspace, device_id: str, listed: str) -> None:
    """Put a device's events back in ``device_seq`` order after an older bundle arrived
    late; queues every entity of the device for re-checking."""
    ws.execute("DROP TABLE IF EXISTS temp.reseq")
    ws.execute(f"CREATE TEMP TABLE reseq AS SELECT {listed} FROM audit_event "
               "WHERE device_id = ?", [device_id])
    ws.execute("DELETE FROM audit_event WHERE device_id = ?", [device_id])
    ws.execute(f"INSERT INTO audit_event ({listed}) SELECT {listed} FROM temp.reseq "
               "ORDER BY device_seq")
    _fix_table(ws)
    ws.execute("INSERT OR IGNORE INTO temp.fix SELECT DISTINCT entity, entity_id FROM temp.reseq")
    ws.execute("DROP TABLE temp.reseq")


def _fix_table(ws: Workspace) -> None:
    ws.execute("CREATE TEMP TABLE IF NOT EXISTS fix (entity TEXT, id TEXT, "
               "PRIMARY KEY (entity, id)) WITHOUT ROWID")


def _queue_unapplied_events(ws: Workspace) -> None:
    """Entities of the bundle's events whose row was not written as the bundle carries it
    (an older version, a conflict): their last event no longer describes the row here."""
    _fix_table(ws)
    _applied_table(ws)
    ws.execute("INSERT OR IGNORE INTO temp.fix SELECT DISTINCT entity, entity_id "
               "FROM temp.in_audit_event e WHERE NOT EXISTS (SELECT 1 FROM temp.applied a "
               "WHERE a.entity = e.entity AND a.id = e.entity_id)")


def _queue_fix(ws: Workspace, entities: list[tuple[str, str]]) -> None:
    _fix_table(ws)
    insert_rows(ws, "INSERT OR IGNORE INTO temp.fix (entity, id)", [list(e) for e in entities])


def _fix_audit_queued(ws: Workspace, report: MergeReport) -> None:
    """Re-audit the queued entities, conflicts included (see ``fix_audit_rows``)."""
    _queue_fix(ws, [(c.entity, c.entity_id) for c in report.conflicts])
    for table in audit.AUDITED_TABLES:
        ids = [r[0] for r in ws.execute("SELECT id FROM temp.fix WHERE entity = ? ORDER BY id",
                                        [table])]
        _fix_audit_ids(ws, table, ids, report.bundle_id)


def fix_audit_rows(ws: Workspace, entities: set[tuple[str, str]], bundle_id: str) -> None:
    """Append this workspace's audit event where a merged row differs from the last event."""
    for table in audit.AUDITED_TABLES:
        _fix_audit_ids(ws, table, sorted(e for t, e in entities if t == table), bundle_id)


def _fix_audit_ids(ws: Workspace, table: str, ids: list[str], bundle_id: str) -> None:
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


def record_import(ws: Workspace, manifest: dict, report: MergeReport) -> None:
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
