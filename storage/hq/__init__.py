"""The headquarters storage interface, with two engines: SQLite (a workspace file, the
embedded default) and PostgreSQL (``storage/hq/postgres/``, for many clerks).

``open_hq(target)`` takes a workspace path or a ``postgresql://`` address and returns
an object with the same reading methods either way: ``page``, ``count_findings``,
``estimate_findings``, ``ledger_rows``, ``statistics`` (of a period too), ``totals``,
``hazard_counts``, ``search``, ``report``, ``conflicts``, ``blob``, ``today``, ``close``, and
the ledger's filter lists ``enterprise_choices``, ``districts``, ``checklist_titles``.
Importing bundles goes through
``export.sync.hq.import_to_hq``, which verifies every file the same way for both
and merges with the engine's own SQL.  psycopg is imported only for a
``postgresql://`` address (the optional extra ``hq-postgres``).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from checklists.common.errors import WorkspaceError

from ..ledger import FindingQuery, LedgerLine, LedgerRow, StatRow
from ..records import Finding
from ..reports import Report, Scope
from ..sync.merging import Conflict
from ..workspace import Workspace

ENV = "SITECHECK_HQ_URL"


def verified_blob(sha256: str, data: bytes) -> bytes:
    """``data`` if its SHA-256 is ``sha256`` (a content-addressed store checks every read)."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise WorkspaceError("局机关数据库中的文件 {sha256} 已损坏（内容与哈希不符）",
                             hint="请从备份恢复数据库，或让该设备重新导出", sha256=sha256)
    return data


class SqliteHQ:
    """Headquarters in one workspace file: the workspace's own ledger and statistics."""

    engine = "sqlite"

    def __init__(self, ws: Workspace, *, owned: bool = True):
        self.ws, self.owned = ws, owned

    def close(self) -> None:
        if self.owned:
            self.ws.close()

    def __enter__(self) -> SqliteHQ:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def today(self) -> date:
        return self.ws.today()

    def page(self, query: FindingQuery, *, limit: int, offset: int = 0,
             after: tuple[Any, str] | None = None) -> list[LedgerRow]:
        from .. import ledger

        return ledger.page(self.ws, query, limit=limit, offset=offset, after=after)

    def count_findings(self, query: FindingQuery) -> int:
        return self.ws.count_findings(query)

    def estimate_findings(self, query: FindingQuery) -> int | None:
        return self.ws.estimate_findings(query)

    def enterprise_choices(self, *, limit: int = 5000) -> list[tuple[str, str]]:
        """(id, name) of the enterprises by name: the ledger's 单位 filter."""
        return [(e.id, e.name) for e in self.ws.enterprises(limit=limit)]

    def districts(self) -> list[str]:
        return self.ws.report_districts()

    def checklist_titles(self) -> list[tuple[str, str]]:
        return self.ws.checklist_titles()

    def ledger_rows(self, query: FindingQuery = FindingQuery(), *,
                    today: date | None = None) -> Iterator[LedgerLine]:
        from .. import ledger

        return ledger.ledger_rows(self.ws, query, today=today)

    def statistics(self, *, by: str, today: date | None = None,
                   period: tuple[date, date] | None = None, **options: Any) -> list[StatRow]:
        """Figures per group; with ``period`` (first and last day) only of the
        inspections started in it (``storage.reports.period_statistics``)."""
        from .. import ledger, reports

        if period is not None:
            return reports.period_statistics(reports.Reader.of(self.ws), by=by,
                                             today=today or self.today(), period=period)
        return ledger.statistics(self.ws, by=by, today=today, **options)

    def statistics_scan(self, *, by: str, today: date | None = None) -> list[StatRow]:
        from .. import ledger

        return ledger.statistics_scan(self.ws, by=by, today=today)

    def totals(self, *, today: date | None = None, period: tuple[date, date] | None = None) -> StatRow:
        from .. import ledger, reports

        if period is not None:
            return reports.period_totals(reports.Reader.of(self.ws), today=today or self.today(), period=period)
        return ledger.totals(self.ws, today=today)

    def report(self, where: Scope, today: date | None = None) -> Report:
        """The report of a period and area (``storage.reports``, docs/reports.md)."""
        from .. import reports

        return reports.build(self.ws, where, today)

    def hazard_counts(self, today: date) -> dict[str, int]:
        from .. import ledger

        return ledger.hazard_counts(self.ws, today)

    def search(self, text: str, *, limit: int) -> list[Finding]:
        from .. import ledger

        return ledger.search(self.ws, text, limit=limit)

    def audit_verify(self) -> list[Any]:
        return self.ws.audit_verify()

    def audit_events(self) -> int:
        return self.ws.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]

    def conflicts(self) -> list[Conflict]:
        from ..sync import merging

        return merging.conflicts(self.ws)

    def blob(self, sha256: str) -> bytes:
        return verified_blob(sha256, self.ws.blob(sha256))


def is_url(target: object) -> bool:
    from .postgres.connection import is_url as url

    return url(target)


def target(hq: str | None, workspace: Path | None) -> str | Path | None:
    """Where a headquarters command works: ``--hq``, else ``--workspace``, else
    SITECHECK_HQ_URL, else None (the default workspace)."""
    return hq or workspace or os.environ.get(ENV) or None


def open_hq(where: str | Path) -> SqliteHQ | Any:
    """The headquarters at ``where``: a ``postgresql://`` address or a workspace file."""
    if is_url(where):
        from .postgres import PostgresHQ

        return PostgresHQ(str(where))
    return SqliteHQ(Workspace.open(where))


def as_hq(source: Workspace | Any) -> SqliteHQ | Any:
    """A workspace seen through the headquarters interface (an HQ stays as it is)."""
    return SqliteHQ(source, owned=False) if isinstance(source, Workspace) else source


def reading(url: str, ws: Workspace) -> SqliteHQ | Any:
    """What a reader in a thread of its own reads: the PostgreSQL headquarters at
    ``url`` (a connection of its own, closed on leaving ``with``), or "" = ``ws``
    (left open)."""
    return open_hq(with_timeout(url)) if url else as_hq(ws)


def with_timeout(url: str, seconds: int = 10) -> str:
    """``url`` with a connection timeout (unless it names one), so that an unreachable
    server is reported in seconds rather than after the system's TCP timeout."""
    if "connect_timeout=" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}connect_timeout={seconds}"


def shown(url: str) -> str:
    """A ``postgresql://`` address as the program shows it: user@host/database, no password."""
    from .postgres.connection import shown as without_password

    return without_password(url)
