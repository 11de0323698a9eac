"""The audit chain: every change appends an event that carries the hash of the
previous event of the same device, and the hash of the row it wrote.

``verify`` recomputes the chain of every device and compares each record with
the last event that wrote it, so an edited, reordered or removed event, or a
record changed behind the program's back, is reported.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .ids import uuid7

GENESIS = "0" * 64
# Tables whose rows the chain vouches for (one event per write).
AUDITED_TABLES = ("enterprise", "equipment", "inspection", "answer", "finding", "photo", "document",
                  "signature", "penalty", "supervision")


# One encoder, made once: json.dumps with these options builds a new one per call, which
# was a quarter of the hashing time of a sync import.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def canonical(value: Any) -> str:
    return _ENCODER.encode(value)


# Columns added to a table after rows of it were audited: there NULL is hashed as
# if the column were absent, so a row written before the column existed (or sent
# by a device that does not have it yet) still matches the event that wrote it.
ADDED_COLUMNS = frozenset({"taken_by", "sector", "task_source", "task_source_note",
                           "for_equipment", "equipment_tables",
                           "task_id", "risk_set_by", "risk_reason", "risk_set_at"})


# Columns kept locally for reads (a copy of another row's value): never hashed, never
# sent in a bundle (storage/sync/merging.py: columns).
LOCAL_COLUMNS = frozenset({"enterprise_district"})


def row_hash(row: dict[str, Any]) -> str:
    if not LOCAL_COLUMNS.isdisjoint(row):
        row = {k: v for k, v in row.items() if k not in LOCAL_COLUMNS}
    if not ADDED_COLUMNS.isdisjoint(row):
        row = {k: v for k, v in row.items() if v is not None or k not in ADDED_COLUMNS}
    return hashlib.sha256(canonical(row).encode("utf-8")).hexdigest()


def event_hash(prev_hash: str, fields: list[Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(fields)).encode("utf-8")).hexdigest()


def append(
    db: sqlite3.Connection,
    *,
    device_id: str,
    at: str,
    action: str,
    entity: str,
    entity_id: str,
    payload: dict[str, Any],
) -> str:
    """Append one event to this device's chain (inside the caller's transaction)."""
    last = db.execute(
        "SELECT device_seq, hash FROM audit_event WHERE device_id = ? "
        "ORDER BY device_seq DESC LIMIT 1",
        [device_id],
    ).fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    body = canonical(payload)
    digest = event_hash(prev, [device_id, seq, at, action, entity, entity_id, body])
    db.execute(
        "INSERT INTO audit_event (id, device_id, device_seq, at, action, entity, entity_id, "
        "payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [uuid7(), device_id, seq, at, action, entity, entity_id, body, prev, digest],
    )
    return digest


def append_rows(db: sqlite3.Connection, *, device_id: str, at: str, action: str, entity: str,
                where: str, params: Iterable[Any] = ()) -> int:
    """Append one event per row of ``entity`` matching ``where`` (SQL), each vouching for
    the row as it is now; returns how many (inside the caller's transaction).

    The chain is computed here and the events written with ``executemany``, so
    a batch costs one read of its rows, not one ``append`` (two statements) per row.
    """
    last = db.execute("SELECT device_seq, hash FROM audit_event WHERE device_id = ? "
                      "ORDER BY device_seq DESC LIMIT 1", [device_id]).fetchone()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS)
    found = db.execute(f"SELECT * FROM [{entity}] WHERE {where} ORDER BY rowid", list(params))
    names = [c[0] for c in found.description]
    added = 0
    while batch := found.fetchmany(5000):
        events = []
        for row in batch:
            values = dict(zip(names, row))
            seq += 1
            body = f'{{"row":"{row_hash(values)}"}}'        # == canonical({"row": …})
            digest = event_hash(prev, [device_id, seq, at, action, entity, values["id"], body])
            events.append((uuid7(), device_id, seq, at, action, entity, values["id"], body, prev,
                           digest))
            prev = digest
        db.executemany(
            "INSERT INTO audit_event (id, device_id, device_seq, at, action, entity, entity_id, "
            "payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        added += len(events)
    return added


@dataclass(frozen=True)
class AuditProblem:
    device_id: str
    device_seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"设备 {self.device_id[:8]}" + (f" 事件 #{self.device_seq}" if self.device_seq else "")
        return f"{where}: {self.message}"


def verify(db: sqlite3.Connection,
           misplaced: Callable[[], list[tuple[str, str, str]]] | None = None) -> list[AuditProblem]:
    """Every problem with the chains and the records they vouch for.  ``misplaced``: the
    signatures' check in another engine's SQL (headquarters on PostgreSQL)."""
    from .signatures import misplaced as moved  # signatures build on this module

    problems = _verify_chains(db)
    problems += _verify_rows(db)
    problems += [AuditProblem(device, None, f"签名 {sid} 不是文书 {doc} 所列的签名（签名被移到了别的文书）")
                 for sid, device, doc in (misplaced() if misplaced else moved(db))]
    return problems


def _verify_chains(db: sqlite3.Connection) -> list[AuditProblem]:
    problems: list[AuditProblem] = []
    devices = [r[0] for r in db.execute("SELECT DISTINCT device_id FROM audit_event")]
    for device in devices:
        prev, expected_seq = GENESIS, 1
        rows = db.execute(
            "SELECT device_seq, at, action, entity, entity_id, payload, prev_hash, hash "
            "FROM audit_event WHERE device_id = ? ORDER BY seq",
            [device],
        )
        for seq, at, action, entity, entity_id, payload, prev_hash, digest in rows:
            if seq != expected_seq:
                what = "缺失" if seq > expected_seq else "顺序错乱"
                problems.append(AuditProblem(device, seq, f"事件编号应为 #{expected_seq}（{what}）"))
            if prev_hash != prev:
                problems.append(AuditProblem(device, seq, "前一事件哈希不符（事件被删除、插入或调换）"))
            fields = [device, seq, at, action, entity, entity_id, payload]
            if event_hash(prev_hash, fields) != digest:
                problems.append(AuditProblem(device, seq, f"事件内容被修改（{action} {entity}）"))
            prev, expected_seq = digest, seq + 1
    return problems


def _verify_rows(db: sqlite3.Connection) -> list[AuditProblem]:
    problems: list[AuditProblem] = []
    for table in AUDITED_TABLES:
        last_events = db.execute(
            "SELECT e.entity_id, e.device_id, e.device_seq, e.payload FROM audit_event e "
            "JOIN (SELECT entity_id, MAX(seq) AS seq FROM audit_event WHERE entity = ? "
            "GROUP BY entity_id) m ON e.seq = m.seq",
            [table],
        )
        for entity_id, device, seq, payload in last_events:
            expected = json.loads(payload).get("row")
            if expected is None:
                continue
            found = db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])
            cols = [c[0] for c in found.description]
            row = found.fetchone()
            if row is None:
                problems.append(AuditProblem(device, seq, f"{table} 记录 {entity_id} 已不存在"))
            elif row_hash(dict(zip(cols, row))) != expected:
                problems.append(AuditProblem(device, seq, f"{table} 记录 {entity_id} 在审计之外被修改"))
    return problems
