"""Inserting many new records at once (demo data, benchmarks, registries).

One transaction, one ``executemany`` per table, and one audit event for the
batch that carries the count and a digest of the ids; the full-text index is
brought up to date in one statement at commit.  Use the Workspace methods for
anything a person does: they validate and audit each record.
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
        ws.db.conn.executemany(sql, tuples())
        digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()
        audit.append(ws.db, device_id=ws.device_id, at=stamp, action="bulk_insert",
                     entity=table, entity_id="*", payload={"count": len(ids), "ids_sha256": digest})
    return len(ids)
