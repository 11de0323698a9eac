"""Inserting many new records at once (demo data, benchmarks, registries).

One transaction and one ``executemany`` per table.  Every record gets its own
audit event carrying its row hash (``audit.append_rows``, chained in one pass),
like a record written through the Workspace: sync export follows audit events,
and headquarters checks every incoming row against the event that vouches for
it, so a record without one would never travel.  Finding events (not audited
row by row anywhere) get one event for the batch with the count and a digest
of the ids.  The full-text index is brought up to date in one statement at
commit.  Use the Workspace methods for anything a person does: they validate
each record.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any

from . import audit
from .workspace import Workspace

BULK_TABLES = ("enterprise", "equipment", "inspection", "answer", "finding", "finding_event")


def bulk_insert(ws: Workspace, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (dicts with the same keys, new ids) into ``table``; returns the count."""
    if table not in BULK_TABLES:
        raise ValueError(f"bulk_insert does not handle table {table!r}")
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    stamp = ws.now()
    defaults = {"device_id": ws.device_id, "created_at": stamp}
    if table != "finding_event":
        defaults["updated_at"] = stamp
    columns = list(first) + [k for k in defaults if k not in first]
    extra = [defaults[k] for k in columns[len(first):]]
    ids: list[str] = []

    def tuples():
        for row in chain([first], iterator):
            ids.append(row["id"])
            yield (*row.values(), *extra)

    sql = (f"INSERT INTO [{table}] ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    with ws.transaction():
        before = ws.conn.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM [{table}]").fetchone()[0]
        ws.conn.executemany(sql, tuples())
        if table in audit.AUDITED_TABLES:
            audit.append_rows(ws.conn, device_id=ws.device_id, at=stamp, action="bulk_insert",
                              entity=table, where="rowid > ?", params=[before])
        else:
            digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()
            audit.append(ws.conn, device_id=ws.device_id, at=stamp, action="bulk_insert",
                         entity=table, entity_id="*",
                         payload={"count": len(ids), "ids_sha256": digest})
    return len(ids)
