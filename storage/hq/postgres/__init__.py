"""Headquarters on PostgreSQL: the schema (``schema``), the merge (``merge``), the
ledger and statistics (``ledger``), the summary (``summary``) and blobs, behind the
interface of ``storage.hq``.  See docs/headquarters.md.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from typing import Any

from checklists.common.errors import WorkspaceError
from checklists.common.progress import Progress
from checklists.common.vocabulary import local_time

from ...ids import now, uuid7
from ...sync.devices import DeviceInfo, fingerprint
from ...sync.importlock import wait_for
from ...sync.merging import Conflict, MergeReport
from .. import verified_blob
from . import connection, schema
from .connection import translated

# pg_advisory_lock key of "one import at a time" (any constant, the same in every process).
IMPORT_LOCK = 0x53_43_48_51   # "SCHQ"


class PostgresHQ:
    """One connection to a headquarters database (not shared between threads)."""

    engine = "postgresql"

    def __init__(self, url: str, *, check_schema: bool = True):
        self.url = url
        self.conn = connection.connect(url)
        self._reference = None
        self._device_id: str | None = None
        if check_schema:
            self._check_schema()

    # ----- opening --------------------------------------------------------------------
    def _check_schema(self) -> None:
        with translated(doing="读取"):
            found = self.conn.execute("SELECT to_regclass('hq_schema') IS NOT NULL").fetchone()[0]
            version = found and self.conn.execute("SELECT MAX(version) FROM hq_schema").fetchone()[0]
        if not version:
            raise WorkspaceError("局机关数据库 {target} 尚未初始化", target=connection.shown(self.url),
                                 hint="请先运行 python main.py hq init 地址")
        if version > schema.LATEST:
            raise WorkspaceError(
                "局机关数据库由较新版本的 SiteCheck 创建（架构版本 {current}，本程序支持 {latest}）",
                hint="请升级 SiteCheck 后再连接", current=version, latest=schema.LATEST)
        if version < schema.LATEST:
            raise WorkspaceError("局机关数据库的架构版本 {current} 较旧（本程序为 {latest}）",
                                 hint="请先运行 python main.py hq init 地址 升级", current=version,
                                 latest=schema.LATEST)

    def close(self) -> None:
        self.conn.close()
        if self._reference is not None:
            self._reference.close()

    def __enter__(self) -> PostgresHQ:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def today(self) -> date:
        return local_time(now()).date()

    @property
    def reference(self) -> Any:
        """An in-memory workspace: the schema every incoming row is checked against, and
        where a bundle's rows are staged and checked before they come here."""
        if self._reference is None:
            from ...workspace import Workspace

            self._reference = Workspace.open(None, install_builtin=False)
        return self._reference

    @contextmanager
    def reference_transaction(self) -> Iterator[None]:
        """The reference workspace's staging, rolled back afterwards (nothing kept)."""
        ref = self.reference
        ref.execute("BEGIN")
        try:
            yield
        finally:
            ref.execute("ROLLBACK")

    @property
    def device_id(self) -> str:
        """Headquarters' own device id (its audit events); made by ``hq init``."""
        if self._device_id is None:
            row = self.conn.execute("SELECT id FROM device WHERE is_self = 1").fetchone()
            self._device_id = row[0]
        return self._device_id

    # ----- writing --------------------------------------------------------------------
    @contextmanager
    def writing(self, *, bundle_id: str | None = None) -> Iterator[None]:
        with translated(doing="导入数据包", bundle_id=bundle_id):
            yield

    def check_writable(self) -> None:
        """Refuse at once, with the reason, a user who may only read."""
        with translated(doing="导入数据包"):
            ok = self.conn.execute("SELECT has_table_privilege('finding', 'INSERT') AND "
                                   "has_table_privilege('audit_event', 'UPDATE')").fetchone()[0]
        if not ok:
            raise connection.read_only(doing="导入数据包")

    @contextmanager
    def import_lock(self, *, progress: Progress | None = None,
                    waiting: Callable[[str], None] | None = None) -> Iterator[None]:
        """One import at a time across every clerk's PC: a session advisory lock (let go
        when this connection ends, so a killed importer never leaves it held)."""
        self.check_writable()
        wait_for(lambda: self.conn.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK]).fetchone()[0],
                 progress, waiting)
        try:
            yield
        finally:
            with suppress(Exception):       # a lost connection has let go of it already
                self.conn.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK])

    # ----- devices --------------------------------------------------------------------
    def device(self, device_id: str) -> DeviceInfo | None:
        row = self.conn.execute("SELECT id, name, public_key, trusted, is_self FROM device "
                                "WHERE id = %s", [device_id]).fetchone()
        if row is None:
            return None
        return DeviceInfo(row[0], row[1], bytes(row[2]) if row[2] is not None else None,
                          bool(row[3]), bool(row[4]))

    def devices(self) -> list[DeviceInfo]:
        ids = [r[0] for r in self.conn.execute("SELECT id FROM device ORDER BY is_self DESC, name")]
        return [self.device(i) for i in ids]  # type: ignore[misc]

    def register_device(self, device_id: str, name: str, public_key: bytes, *, cur: Any = None) -> None:
        (cur or self.conn).execute(
            "INSERT INTO device (id, name, created_at, is_self, public_key, trusted) "
            "VALUES (%s, %s, %s, 0, %s, 1) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            "public_key = excluded.public_key, trusted = 1",
            [device_id, name, _now(), public_key])

    def previous_import(self, bundle_id: str) -> MergeReport | None:
        row = self.conn.execute("SELECT s.device_id, s.kind, d.name FROM sync_import s LEFT JOIN "
                                "device d ON d.id = s.device_id WHERE s.bundle_id = %s",
                                [bundle_id]).fetchone()
        if row is None:
            return None
        return MergeReport(bundle_id, row[0], row[2] or "", kind=row[1], already_imported=True)

    # ----- merging (storage/hq/postgres/merge.py) --------------------------------------
    def merge(self, manifest: dict, parts: Any, blob_names: list[str],
              read_blob: Callable[[str], bytes], **options: Any) -> MergeReport:
        from .merge import merge

        return merge(self, manifest, parts, blob_names, read_blob, **options)

    def check_rows(self, manifest: dict, parts: Any, *, label: str) -> None:
        from .merge import check_rows

        check_rows(self, manifest, parts, label=label)

    def audit_verify(self) -> list[Any]:
        """The audit check of a workspace (``storage.audit.verify``), run here as it is."""
        from ... import audit
        from .merge import misplaced

        with translated(doing="读取"):
            return audit.verify(_QmarkConnection(self.conn), lambda: misplaced(self.conn))

    def audit_events(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]

    def conflicts(self) -> list[Conflict]:
        return [Conflict(*r) for r in self.conn.execute(
            "SELECT kind, entity, entity_id, detail FROM sync_conflict ORDER BY id")]

    # ----- the registries a pack carries (storage/hq/postgres/registry.py) ----------------
    def registry_snapshot(self) -> Any:
        """A context manager: one REPEATABLE READ, read-only transaction whose reader
        streams the enterprises and equipment by id (``RegistryReader.rows``)."""
        from .registry import snapshot

        return snapshot(self.conn)

    # ----- blobs (photos, documents) -------------------------------------------------------
    def blob(self, sha256: str) -> bytes:
        """A blob's bytes, checked against its SHA-256 on every read."""
        row = self.conn.execute("SELECT data FROM blob WHERE sha256 = %s", [sha256]).fetchone()
        if row is None:
            from checklists.common.errors import NotFound

            raise NotFound("局机关数据库中没有文件 {sha256}", sha256=sha256)
        return verified_blob(sha256, bytes(row[0]))

    # ----- reports and the statistics of a period (storage/hq/postgres/reports.py) --------
    def report(self, where: Any, today: date | None = None) -> Any:
        """The report of a period and area (``storage.reports``), as a workspace gives it."""
        from . import reports

        return reports.report(self, where, today or self.today())

    def statistics(self, *, by: str, today: date | None = None,
                   period: tuple[date, date] | None = None, **options: Any) -> Any:
        """The summary's figures (``ledger.statistics``); with ``period``, only of the
        inspections started in it (the report's queries)."""
        from . import ledger, reports

        if period is not None:
            return reports.statistics(self, by=by, today=today or self.today(), period=period)
        with translated(doing="读取"):
            return ledger.statistics(self, by=by, today=today, **options)

    def totals(self, *, today: date | None = None, period: tuple[date, date] | None = None) -> Any:
        from . import ledger, reports

        if period is not None:
            return reports.totals(self, today=today or self.today(), period=period)
        with translated(doing="读取"):
            return ledger.totals(self, today=today)

    # ----- reading (storage/hq/postgres/ledger.py) --------------------------------------
    def __getattr__(self, name: str) -> Any:
        """The reading methods of ``ledger`` (``ledger.READERS``), their errors the user's."""
        from . import ledger

        if name not in ledger.READERS:
            raise AttributeError(name)
        method = getattr(ledger, name)

        def read(*args: Any, **kwargs: Any) -> Any:
            with translated(doing="读取"):
                result = method(self, *args, **kwargs)
            return _read_rows(result) if name == "ledger_rows" else result
        return read


class _QmarkConnection:
    """The few statements of ``storage.audit.verify`` in PostgreSQL's spelling
    (``?`` placeholders -> ``%s``, ``[table]`` -> ``"table"``)."""

    def __init__(self, conn: Any):
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql.replace("?", "%s").replace("[", '"').replace("]", '"'), params)


def _read_rows(rows: Iterator[Any]) -> Iterator[Any]:
    with translated(doing="读取"):
        yield from rows


def _now() -> str:
    from ...ids import iso

    return iso(now())


def init(url: str, *, roles: bool = False) -> tuple[int, str]:
    """Create or upgrade the schema (numbered migrations); with ``roles``, the clerk and
    importer roles and their grants.  Returns (migrations run, the database's address)."""
    hq = PostgresHQ(url, check_schema=False)
    try:
        with translated(doing="初始化数据库", setting_up=True), hq.conn.transaction():
            ran = _migrate(hq.conn)         # all or nothing, the roles included
            if roles:
                _create_roles(hq.conn)
        return ran, connection.shown(url)
    finally:
        hq.close()


def _migrate(conn: Any) -> int:
    encoding = conn.execute("SHOW server_encoding").fetchone()[0]
    if encoding.upper() not in ("UTF8", "UTF-8"):
        raise WorkspaceError("局机关数据库的编码为 {encoding}，需要 UTF8", encoding=encoding,
                             hint="请用 CREATE DATABASE … ENCODING 'UTF8' 新建数据库")
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        exists = conn.execute("SELECT to_regclass('hq_schema') IS NOT NULL").fetchone()[0]
        current = conn.execute("SELECT MAX(version) FROM hq_schema").fetchone()[0] if exists else 0
        current = current or 0
        if current > schema.LATEST:
            raise WorkspaceError(
                "局机关数据库由较新版本的 SiteCheck 创建（架构版本 {current}，本程序支持 {latest}）",
                hint="请升级 SiteCheck 后再连接", current=current, latest=schema.LATEST)
        for number in range(current + 1, schema.LATEST + 1):
            conn.execute(schema.MIGRATIONS[number - 1])
            conn.execute("INSERT INTO hq_schema (version) VALUES (%s)", [number])
        if current == 0:
            conn.execute("INSERT INTO device (id, name, created_at, is_self, trusted) "
                         "VALUES (%s, %s, %s, 1, 1)", [uuid7(), "局机关", _now()])
    return schema.LATEST - current


def _create_roles(conn: Any) -> None:
    from psycopg import sql

    database = conn.execute("SELECT current_database()").fetchone()[0]
    schema_name = conn.execute("SELECT current_schema()").fetchone()[0]
    with conn.transaction():
        for role, grants in schema.ROLES.items():
            conn.execute(f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; "
                         "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            conn.execute(sql.SQL(grants).format(schema=sql.Identifier(schema_name),
                                                database=sql.Identifier(database)))


__all__ = ["PostgresHQ", "fingerprint", "init"]
