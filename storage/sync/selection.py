"""What a device exports, read straight out of SQLite in the bundle's record format.

A records part is NDJSON: the first line is the JSON array of column names,
then one JSON array of values per row, in that order.  SQLite renders each row
(``json_array``) so no Python object is made per value; the export streams the
text into the zip in chunks.  SQLite prints a REAL with only 15 significant
digits, which would change the value (and the audit row hash) at headquarters,
so REAL values are rendered by Python's ``repr`` (shortest exact form) instead.

Blobs are listed with their rowid and read in chunks (``blob_chunks``), never
held twice in memory.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .. import audit
from ..workspace import Workspace
from .merging import CHECKLIST_COLUMNS, RECORD_TABLES, columns

CHUNK_ROWS = 2000
BLOB_CHUNK = 1 << 20
_NUMERIC = ("INT", "REAL", "FLOA", "DOUB", "NUM")


@dataclass(frozen=True)
class TableSource:
    """One table's rows for a records part: ``SELECT <row_sql> FROM … WHERE … ORDER BY …``."""

    table: str
    columns: list[str]
    row_sql: str                  # the row as a JSON array (``json_row_sql``)
    where: str
    order: str
    params: dict[str, Any] = field(default_factory=dict)

    def select(self, values: str) -> str:
        return f"SELECT {values} FROM [{self.table}] WHERE {self.where} ORDER BY {self.order}"


@dataclass(frozen=True)
class BlobRef:
    rowid: int
    sha256: str
    size: int


@dataclass
class ExportSelection:
    """Rows to put in a bundle: everything of this device after ``since_seq``."""

    since_seq: int
    until_seq: int
    tables: list[TableSource]
    blobs: list[BlobRef]
    first_at: str | None
    last_at: str | None
    inspectors: list[str]


def _real_json(value: float) -> str:
    if math.isfinite(value):
        return repr(value)
    return "1e999" if value > 0 else "-1e999"     # JSON has no infinity; 1e999 reads back as inf


def json_row_sql(ws: Workspace, table: str, cols: Sequence[str], alias: str = "") -> str:
    """SQL rendering a row of ``table`` as a JSON array of ``cols``, values exact."""
    ws.conn.create_function("sync_real_json", 1, _real_json, deterministic=True)
    types = {r[1]: (r[2] or "").upper() for r in ws.execute(f"PRAGMA table_info([{table}])")}
    prefix = f"{alias}." if alias else ""
    parts = []
    for col in cols:
        ref = f"{prefix}[{col}]"
        if types.get(col, "") == "" or any(t in types[col] for t in _NUMERIC):
            ref = f"CASE WHEN typeof({ref}) = 'real' THEN json(sync_real_json({ref})) ELSE {ref} END"
        parts.append(ref)
    return f"json_array({', '.join(parts)})"


def source(ws: Workspace, table: str, where: str, params: dict[str, Any] | None = None, *,
           order: str = "id", cols: Sequence[str] | None = None) -> TableSource:
    """Rows of ``table`` matching ``where`` (SQL, with :named params), in ``order``."""
    cols = list(cols or columns(ws, table))
    return TableSource(table, cols, json_row_sql(ws, table, cols), where, order, params or {})


def ndjson_chunks(ws: Workspace, src: TableSource) -> Iterator[bytes]:
    """The records part of ``src``: header line, then one line per row, in chunks."""
    yield (json.dumps(src.columns) + "\n").encode("utf-8")
    cur = ws.conn.execute(src.select(src.row_sql), src.params)
    while batch := cur.fetchmany(CHUNK_ROWS):
        yield ("\n".join([r[0] for r in batch]) + "\n").encode("utf-8")


def plain_rows(ws: Workspace, src: TableSource) -> list[tuple]:
    """The same rows as plain tuples (the benchmark's baseline: read, no encoding)."""
    return ws.conn.execute(src.select(", ".join(f"[{c}]" for c in src.columns)),
                           src.params).fetchall()


def blob_chunks(ws: Workspace, ref: BlobRef) -> Iterator[bytes]:
    with ws.conn.blobopen("blob", "data", ref.rowid, readonly=True) as blob:
        while chunk := blob.read(BLOB_CHUNK):
            yield chunk


def export_mark(ws: Workspace, destination: str) -> int:
    row = ws.execute("SELECT last_seq FROM sync_state WHERE destination = ?",
                        [destination]).fetchone()
    return row[0] if row else 0


# ----- the bundle's selection ----------------------------------------------------------
_OUT = "(SELECT id FROM temp.sync_out WHERE entity = '{t}')"
_SELECTED = "device_id = :me AND id IN " + _OUT


@contextmanager
def bundle_selection(ws: Workspace, destination: str, *,
                     everything: bool) -> Iterator[ExportSelection]:
    """This device's records changed since the last export to ``destination`` (or all).

    Run inside ``sync.read_snapshot``; the selection's queries are valid until exit.
    The selection follows this device's audit events; rows no event vouches for
    get one first (``vouch_unaudited``), so every row of this device travels.
    """
    since = 0 if everything else export_mark(ws, destination)
    me = ws.device_id
    vouch_unaudited(ws)
    until = ws.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_event WHERE device_id = ?",
                          [me]).fetchone()[0]
    params = {"me": me, "since": since, "until": until}
    ws.execute("DROP TABLE IF EXISTS temp.sync_out")
    ws.execute("CREATE TEMP TABLE sync_out (entity TEXT, id TEXT, PRIMARY KEY (entity, id)) "
                  "WITHOUT ROWID")
    try:
        ws.execute("INSERT OR IGNORE INTO temp.sync_out SELECT entity, entity_id FROM audit_event "
                      "WHERE seq > :since AND seq <= :until AND device_id = :me", params)
        first, last = ws.execute(
            "SELECT MIN(at), MAX(at) FROM audit_event WHERE seq > :since AND seq <= :until "
            "AND device_id = :me", params).fetchone()
        yield ExportSelection(since, until, _bundle_sources(ws, params), _bundle_blobs(ws, me),
                              first, last, _inspectors(ws, me))
    finally:
        ws.execute("DROP TABLE IF EXISTS temp.sync_out")


def _unaudited(table: str) -> str:
    return (f"device_id = ? AND NOT EXISTS (SELECT 1 FROM audit_event a "
            f"WHERE a.entity = '{table}' AND a.entity_id = [{table}].id)")


def vouch_unaudited(ws: Workspace) -> int:
    """Give every row of this device that no audit event vouches for an ``attest`` event.

    A bulk insert by an older program wrote one event per batch (a count and a
    digest of ids), so its rows were neither exported (the export follows audit
    events) nor checkable at headquarters (which compares every row with its
    event's row hash).  This runs once per such row: afterwards the query finds
    nothing and writes nothing.
    """
    me, added = ws.device_id, 0
    for table in audit.AUDITED_TABLES:
        if ws.execute(f"SELECT 1 FROM [{table}] WHERE {_unaudited(table)} LIMIT 1",
                      [me]).fetchone() is None:
            continue
        with ws.transaction():
            added += audit.append_rows(ws.conn, device_id=me, at=ws.now(), action="attest",
                                       entity=table, where=_unaudited(table), params=[me])
    return added


def _bundle_sources(ws: Workspace, params: dict[str, Any]) -> list[TableSource]:
    me = {"me": params["me"]}
    out = [source(ws, t, _SELECTED.format(t=t), me) for t in RECORD_TABLES]
    out.append(source(ws, "finding_event",
                      f"device_id = :me AND finding_id IN {_OUT.format(t='finding')}", me))
    out.append(source(ws, "audit_event", "seq > :since AND seq <= :until AND +device_id = :me",
                      params, order="seq"))
    out.append(source(ws, "checklist", f"hash IN ({_checklist_hashes()})", me,
                      order="hash", cols=CHECKLIST_COLUMNS))
    return out


def _checklist_hashes() -> str:
    used = [f"SELECT checklist_hash FROM [{t}] WHERE {_SELECTED.format(t=t)}"
            for t in ("answer", "finding", "photo")]
    listed = ("SELECT json_extract(c.value, '$.hash') FROM inspection i, json_each(i.checklists) c "
              f"WHERE i.device_id = :me AND i.id IN {_OUT.format(t='inspection')}")
    return " UNION ".join([listed, *used])


def _bundle_blobs(ws: Workspace, me: str) -> list[BlobRef]:
    used = [f"SELECT {c} FROM photo WHERE {_SELECTED.format(t='photo')}"
            for c in ("original_sha256", "normal_sha256", "thumb_sha256")]
    used.append(f"SELECT pdf_sha256 FROM document WHERE {_SELECTED.format(t='document')}")
    rows = ws.execute(f"SELECT rowid, sha256, size FROM blob WHERE sha256 IN "
                         f"({' UNION '.join(used)}) ORDER BY sha256", {"me": me})
    return [BlobRef(*r) for r in rows]


def _inspectors(ws: Workspace, me: str) -> list[str]:
    rows = ws.execute(
        "SELECT DISTINCT json_extract(p.value, '$.name') AS name FROM inspection i, "
        f"json_each(i.inspectors) p WHERE i.device_id = :me AND i.id IN {_OUT.format(t='inspection')} "
        "AND name IS NOT NULL ORDER BY name", {"me": me})
    return [r[0] for r in rows]
