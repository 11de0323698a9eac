"""Reports (``storage.reports``) and the statistics of a period on a PostgreSQL
headquarters: the workspace's own queries, read through a ``Reader`` that spells
their named parameters as psycopg's (``:start`` -> ``%(start)s``) and their JSON as
PostgreSQL's (``POSTGRES``).  The data is stored as text, as in the workspace, so
each JSON value is cast to jsonb where it is read; what SQLite's json functions
make of an unexpected shape (a missing list: no rows, a length of NULL) is what
these give too, never an error.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from ... import reports
from ...ledger import StatRow
from ...reports import Dialect, Reader, Report, Scope
from .connection import psycopg_module, translated

if TYPE_CHECKING:
    from . import PostgresHQ

_MEASURES = "d.data::jsonb -> 'measures'"
_ITEMS = "d.data::jsonb -> 'items'"
POSTGRES = Dialect(
    measures=(f"jsonb_array_elements(CASE jsonb_typeof({_MEASURES}) "
              f"WHEN 'object' THEN jsonb_path_query_array({_MEASURES}, '$.*') "
              f"WHEN 'array' THEN {_MEASURES} ELSE '[]'::jsonb END) m(value)"),
    measure="m.value ->> 'measure'",
    items=f"CASE WHEN jsonb_typeof({_ITEMS}) = 'array' THEN jsonb_array_length({_ITEMS}) END",
    kinds="jsonb_array_elements_text(x.kinds::jsonb) k(value)",
    inspectors="jsonb_array_elements(i.inspectors::jsonb) p(value)",
    inspector="p.value ->> 'name'")

# ``:name`` (not ``::type``, not inside a word) -> ``%(name)s``
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def spelled(sql: str) -> str:
    """SQLite's named parameters in psycopg's spelling (a literal % doubled)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def reader(hq: PostgresHQ) -> Reader:
    def execute(sql: str, params: dict[str, Any]) -> Any:
        return hq.conn.execute(spelled(sql), params)
    return Reader(execute, POSTGRES)


def report(hq: PostgresHQ, where: Scope, today: date) -> Report:
    """The report of ``where`` (``storage.reports.build``), in one snapshot of the
    database: a merge committing meanwhile changes no figure half-way."""
    with translated(doing="读取"), _snapshot(hq):
        return reports.build(reader(hq), where, today)


def statistics(hq: PostgresHQ, *, by: str, today: date, period: tuple[date, date]) -> list[StatRow]:
    with translated(doing="读取"), _snapshot(hq):
        return reports.period_statistics(reader(hq), by=by, today=today, period=period)


def totals(hq: PostgresHQ, *, today: date, period: tuple[date, date]) -> StatRow:
    with translated(doing="读取"), _snapshot(hq):
        return reports.period_totals(reader(hq), today=today, period=period)


@contextmanager
def _snapshot(hq: PostgresHQ) -> Iterator[None]:
    """One read-only REPEATABLE READ transaction (inside one already open: that one)."""
    idle = hq.conn.info.transaction_status == psycopg_module().pq.TransactionStatus.IDLE
    with hq.conn.transaction():
        if idle:
            hq.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
