"""The registries (enterprises, equipment) of a PostgreSQL headquarters, read for a pack.

A pack is made at the issuing desk: its workspace holds the signing key and what only
the desk writes; the enterprises and equipment the field registered were merged here.
``snapshot`` opens one REPEATABLE READ, READ ONLY transaction, so every table read in it
sees the same database however long the pack takes to write, and a read-only clerk
(``sitecheck_clerk``) may run it.  ``RegistryReader.rows`` streams a table by id through a
server-side cursor, each row rendered as a JSON array by the server: memory stays flat
however many rows there are.  See docs/headquarters.md, Packs and the signing key.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from typing import Any

from .connection import translated

FETCH_ROWS = 2000        # rows fetched from the server at a time
_cursors = count(1)


class RegistryReader:
    """Reads inside one snapshot transaction (``snapshot``)."""

    def __init__(self, conn: Any):
        self.conn = conn

    def rows(self, table: str, cols: Sequence[str]) -> Iterator[tuple[str, str, str, int, str]]:
        """``(id, device_id, updated_at, 1, row)`` of every row of ``table`` by id, ``row``
        the JSON array of ``cols`` (the 1 says: from headquarters' database)."""
        listed = ", ".join(_quoted(c) for c in cols)
        sql = (f"SELECT id, device_id, updated_at, 1, json_build_array({listed})::text "
               f"FROM {_quoted(table)} ORDER BY id")
        with translated(doing="读取"), self.conn.cursor(name=f"pack_{table}_{next(_cursors)}") as cur:
            cur.itersize = FETCH_ROWS
            cur.execute(sql)
            while batch := cur.fetchmany(FETCH_ROWS):
                yield from batch


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def snapshot(conn: Any) -> Iterator[RegistryReader]:
    """One consistent, read-only view of the database for as long as the block runs."""
    with translated(doing="读取"), conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield RegistryReader(conn)
