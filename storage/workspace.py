"""The Workspace: the one facade over a SiteCheck SQLite file.

The GUI, the command line and headquarters open a ``Workspace`` and call it;
nobody else holds a cursor or writes SQL.  Every write is one transaction that
appends to the audit chain and returns the new snapshot of what it changed.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

    from .printsize import PrintPhoto
    from .search import SearchResults

from checklists import Checklist
from checklists.common.errors import (
    InvalidInput,
    NotFound,
)
from checklists.common.messages import Msg
from checklists.common.vocabulary import (
    RECORD_LABELS,
    DocumentKind,
    EquipmentKind,
    Family,
    FindingState,
    HazardLevel,
    InspectionMode,
    Rectification,
    Result,
    SupervisionState,
    local_time,
)
from checklists.conditions import Part

from . import (
    audit,
    checklist_store,
    connection,
    equipment_tables,
    findings,
    fts,
    inputs,
    ioerrors,
    issued,
    ledger,
    photo_store,
    setting_store,
    signatures,
    summary,
)
from .ids import iso, now, uuid7
from .ledger import FindingQuery, LedgerRow
from .records import (
    Answer,
    Document,
    Enterprise,
    Equipment,
    Finding,
    FindingEvent,
    Inspection,
    Judgement,
    Photo,
)
from .validate import (
    check_column,
    search_text,
)

# ----- areas imported on first use (storage/lazy.py) ---------------------------------
# The facade's methods for them read like those of any other area, but a process that
# never calls them (a document's render, most commands) does not import them.
# storage.search is imported the same way, by Workspace.search_all itself.
if TYPE_CHECKING:
    from . import dossier, penalty, plan, reports, supervision
else:
    from .lazy import LazyModule

    dossier = LazyModule("storage.dossier")          # 一企一档: risk grade, score, time line
    penalty = LazyModule("storage.penalty")          # 行政处罚 decisions
    plan = LazyModule("storage.plan")                # the annual plan and its draw
    reports = LazyModule("storage.reports")          # quarterly and annual reports
    supervision = LazyModule("storage.supervision")  # 挂牌督办 (the ledger's reads import it themselves)


class Workspace:
    """An open workspace file.  Use ``Workspace.open(path)``; close it when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, clock: Callable[[], datetime]):
        self.conn = conn
        self._db: Any = None
        self.path = path
        self.clock = clock
        self.checklist_cache: dict[str, Checklist] = {}     # by hash; see checklist_store
        self.device_id = self._ensure_device()

    # ----- opening -------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path | None,
        *,
        clock: Callable[[], datetime] = now,
        install_builtin: bool = True,
        create: bool = True,
    ) -> Workspace:
        """Open the workspace at ``path`` (``None`` = in memory), creating it if it
        does not exist, unless ``create`` is False."""
        file = Path(path) if path is not None else None
        if file is not None:
            connection.prepare_folder(file, create)
        conn = connection.connect(file)
        try:
            workspace = cls(conn, file, clock)
            if install_builtin:
                workspace.install_builtin_checklists(only_if_changed=True)
        except BaseException:
            conn.close()
            raise
        return workspace

    def close(self) -> None:
        self.conn.close()

    @property
    def db(self) -> sqlite_utils.Database:
        """A sqlite-utils view of the connection, for bulk and schema work in storage/.

        Created on first use: importing sqlite-utils costs about 0.1 s, which the
        desktop program's start-up does not need to pay.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement (storage/ modules only; SQL never leaves storage/)."""
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Iterator[dict]:
        """Rows of a query as dicts (storage/ modules only)."""
        cursor = self.conn.execute(sql, params)
        names = [c[0] for c in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))

    def _insert_row(self, table: str, row: Mapping[str, Any]) -> None:
        columns = ", ".join(f"[{k}]" for k in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))

    def _update_row(self, table: str, record_id: str, changes: Mapping[str, Any]) -> None:
        sets = ", ".join(f"[{k}] = ?" for k in changes)
        self.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*changes.values(), record_id])

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- transactions and the audit chain -------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested calls become savepoints)."""
        if self.conn.in_transaction:
            name = f"sp{uuid7().replace('-', '')}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                raise
            self.conn.execute(f"RELEASE {name}")
            return
        with ioerrors.translated("保存", self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                fts.index_new_findings(self.conn)
                summary.fold(self.conn)
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def now(self) -> str:
        return iso(self.clock())

    def today(self) -> date:
        """Today in Asia/Shanghai (``checklists.common.vocabulary.local_time``)."""
        return local_time(self.clock()).date()

    def _row(self, table: str, record_id: str) -> dict[str, Any]:
        cur = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", [record_id])
        row = cur.fetchone()
        if row is None:
            raise NotFound("找不到{what}记录 {id}", what=Msg(RECORD_LABELS.get(table, table)), id=record_id)
        return dict(zip([c[0] for c in cur.description], row))

    def _audit(self, action: str, table: str, record_id: str, extra: dict | None = None) -> dict:
        row = self._row(table, record_id)
        payload = {"row": audit.row_hash(row), **(extra or {})}
        audit.append(self.conn, device_id=self.device_id, at=self.now(), action=action,
                     entity=table, entity_id=record_id, payload=payload)
        return row

    def _insert(self, table: str, values: Mapping[str, Any], action: str = "insert") -> dict:
        stamp = self.now()
        row = {"id": uuid7(), "device_id": self.device_id, "created_at": stamp,
               "updated_at": stamp, **values}
        with self.transaction():
            self._insert_row(table, row)
            return self._audit(action, table, row["id"])

    def _update(self, table: str, record_id: str, changes: Mapping[str, Any],
                action: str = "update", extra: dict | None = None) -> dict:
        with self.transaction():
            current = self._row(table, record_id)
            if current.get("deleted"):
                raise NotFound("{what}记录 {id} 已删除", what=Msg(RECORD_LABELS.get(table, table)), id=record_id)
            changes = {k: v for k, v in changes.items() if current.get(k) != v}
            if not changes:
                return current
            self._update_row(table, record_id, {**changes, "updated_at": self.now()})
            return self._audit(action, table, record_id, extra)

    def audit_verify(self) -> list[audit.AuditProblem]:
        return audit.verify(self.conn)

    # ----- device and settings --------------------------------------------------------
    def _ensure_device(self) -> str:
        return setting_store.ensure_device(self)

    def setting(self, key: str, default: Any = None) -> Any:
        return setting_store.get(self, key, default)

    def settings(self) -> dict[str, Any]:
        return setting_store.all_of(self)

    def set_settings(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Set settings (JSON values); a value of None removes the key."""
        setting_store.put(self, values)
        return self.settings()

    # ----- checklists -----------------------------------------------------------------
    def install_checklist(self, yaml_text: str, source: str) -> Checklist:
        """Store a checklist (validated) so inspections can use it; returns it."""
        return checklist_store.install(self, yaml_text, source)

    def install_builtin_checklists(self, *, only_if_changed: bool = False) -> list[Checklist]:
        """Install the checklists shipped with the program (new versions are added,
        old ones kept for the inspections that used them).  With ``only_if_changed``
        nothing is parsed when the shipped files are the ones installed last time."""
        return checklist_store.install_builtin(self, only_if_changed=only_if_changed)

    def checklist(self, checklist_hash: str) -> Checklist:
        return checklist_store.by_hash(self, checklist_hash)

    def checklists(self) -> list[Checklist]:
        """The newest installed version of every checklist, by id."""
        return checklist_store.newest(self)

    def checklist_titles(self) -> list[tuple[str, str]]:
        """(id, title) of the newest version of every checklist, nothing parsed."""
        return checklist_store.titles(self)

    # ----- enterprises and equipment --------------------------------------------------
    def add_enterprise(self, **values: Any) -> Enterprise:
        clean = inputs.enterprise_values(values, require_name=True)
        return Enterprise.from_row(self._insert("enterprise", clean))

    def update_enterprise(self, enterprise_id: str, **values: Any) -> Enterprise:
        clean = inputs.enterprise_values(values, require_name=False)
        return Enterprise.from_row(self._update("enterprise", enterprise_id, clean))

    def enterprise(self, enterprise_id: str) -> Enterprise:
        return Enterprise.from_row(self._row("enterprise", enterprise_id))

    def enterprises(self, search: str = "", limit: int = 500) -> list[Enterprise]:
        """Enterprises whose name, code, address or district contains ``search``."""
        like = f"%{_escape_like(search_text(search))}%"
        rows = self.query(
            "SELECT * FROM enterprise WHERE deleted = 0 AND (name LIKE :q ESCAPE '\\' "
            "OR credit_code LIKE :q ESCAPE '\\' OR address LIKE :q ESCAPE '\\' "
            "OR district LIKE :q ESCAPE '\\') ORDER BY name LIMIT :limit",
            {"q": like, "limit": limit},
        )
        return [Enterprise.from_row(r) for r in rows]

    def add_equipment(self, enterprise_id: str, **values: Any) -> Equipment:
        self.enterprise(enterprise_id)
        clean = inputs.equipment_values(values, require_kind=True)
        return Equipment.from_row(self._insert("equipment", {"enterprise_id": enterprise_id, **clean}))

    def update_equipment(self, equipment_id: str, **values: Any) -> Equipment:
        clean = inputs.equipment_values(values, require_kind=False)
        return Equipment.from_row(self._update("equipment", equipment_id, clean))

    def equipment(self, equipment_id: str) -> Equipment:
        return Equipment.from_row(self._row("equipment", equipment_id))

    def equipment_list(self, enterprise_id: str | None = None) -> list[Equipment]:
        where, params = "deleted = 0", []
        if enterprise_id:
            where, params = where + " AND enterprise_id = ?", [enterprise_id]
        rows = self.query(f"SELECT * FROM equipment WHERE {where} ORDER BY kind, name", params)
        return [Equipment.from_row(r) for r in rows]

    def equipment_due(self, within_days: int = 30, today: date | None = None) -> list[Equipment]:
        """Equipment whose periodic inspection is overdue or due within ``within_days``."""
        day = today or self.today()
        limit = date.fromordinal(day.toordinal() + within_days).isoformat()
        rows = self.query(
            "SELECT * FROM equipment WHERE deleted = 0 AND next_inspection_date IS NOT NULL "
            "AND next_inspection_date <= ? ORDER BY next_inspection_date", [limit])
        return [Equipment.from_row(r) for r in rows]

    # ----- inspections ----------------------------------------------------------------
    def start_inspection(
        self,
        enterprise_id: str,
        checklist_hashes: Sequence[str],
        inspectors: Sequence[Mapping[str, str]],
        *,
        mode: InspectionMode | str = InspectionMode.UNANNOUNCED,
        equipment_id: str | None = None,
        parent_id: str | None = None,
        site: str | None = None,
        site_manager: str | None = None,
        started_at: datetime | None = None,
        family: Family | str | None = None,
        task_source: str | None = None,
        task_source_note: str | None = None,
        require_source: bool = False,
        task_id: str | None = None,
    ) -> Inspection:
        """Begin an inspection of an enterprise with one or more checklists; ``task_source``
        is a ``TaskSource`` code with ``task_source_note`` beside it (``require_source``: a
        市场监管 inspection must give it, as the GUI's new inspection does); ``task_id``:
        the plan task it is started for (source and note default to the plan's)."""
        self.enterprise(enterprise_id)
        if task_id:
            task_source, task_source_note = plan.task_source_for(
                self, task_id, enterprise_id, task_source, task_source_note)
        if equipment_id:
            self.equipment(equipment_id)
        if parent_id:
            self.inspection(parent_id)
        used = [self.checklist(h) for h in checklist_hashes]
        values = inputs.new_inspection(
            mode=mode, inspectors=inspectors, site=site, site_manager=site_manager, used=used,
            family=family, started_at=iso(started_at) if started_at else self.now(),
            source=task_source, source_note=task_source_note, require_source=require_source)
        values.update(enterprise_id=enterprise_id, equipment_id=equipment_id, parent_id=parent_id)
        first = equipment_tables.first_table(self, equipment_id, used)
        if first:
            values["equipment_tables"] = first
        if task_id:
            values["task_id"] = task_id
        return Inspection.from_row(self._insert("inspection", values))

    def update_inspection(self, inspection_id: str, **values: Any) -> Inspection:
        values = inputs.inspection_changes(values)
        return Inspection.from_row(self._update("inspection", inspection_id, values))

    def finish_inspection(self, inspection_id: str, at: datetime | None = None) -> Inspection:
        stamp = iso(at) if at else self.now()
        return Inspection.from_row(self._update("inspection", inspection_id,
                                                {"finished_at": stamp}, action="finish"))

    def inspection(self, inspection_id: str) -> Inspection:
        return Inspection.from_row(self._row("inspection", inspection_id))

    def inspections(self, *, enterprise_id: str | None = None, limit: int = 50) -> list[Inspection]:
        where, params = "deleted = 0", []
        if enterprise_id:
            where, params = where + " AND enterprise_id = ?", [enterprise_id]
        rows = self.query(
            f"SELECT * FROM inspection WHERE {where} ORDER BY started_at DESC LIMIT ?",
            [*params, limit])
        return [Inspection.from_row(r) for r in rows]

    # ----- answers ----------------------------------------------------------------------
    def set_answer(
        self,
        inspection_id: str,
        checklist_hash: str,
        item_id: str,
        *,
        result: Result | str | None = None,
        value: str | float | None = None,
        note: str | None = None,
        equipment_id: str | None = None,
    ) -> Answer:
        """Record (or change) the answer to one item; saved at once.  ``equipment_id``: the
        piece of equipment of a per-equipment table the answer is for."""
        inspection = self.inspection(inspection_id)
        if checklist_hash not in inspection.checklist_hashes:
            raise InvalidInput("检查表", "该检查表不属于本次检查")
        checklist = self.checklist(checklist_hash)
        item = checklist.item(item_id)
        equipment_tables.check_answerable(self, inspection, checklist, item_id, equipment_id)
        res = inputs.enum_value(Result, result, "检查结果") if result is not None else None
        text_value = inputs.answer_value(item, value)
        existing = self.conn.execute(
            "SELECT id FROM answer WHERE inspection_id = ? AND checklist_hash = ? AND item_id = ? "
            "AND for_equipment IS ?", [inspection_id, checklist_hash, item_id, equipment_id]).fetchone()
        values = {"result": res and str(res), "value": text_value,
                  "note": check_column("answer", "note", note) or None}
        if existing:
            return Answer.from_row(self._update("answer", existing[0], values))
        return Answer.from_row(self._insert("answer", {
            "inspection_id": inspection_id, "checklist_hash": checklist_hash,
            "item_id": item_id, "for_equipment": equipment_id, **values}))

    def record_result(self, inspection_id: str, checklist_hash: str, item_id: str, *,
                      result: Result | str | None, value: str | float | None = None,
                      note: str | None = None, equipment_id: str | None = None) -> Judgement:
        """Answer an item and keep its finding in step, in one transaction: 不符合 opens
        a finding preset from the item, any other result withdraws an open one; items
        the answer hides lose their answers (``storage/equipment_tables.py``)."""
        return findings.record_result(self, inspection_id, checklist_hash, item_id,
                                      result=result, value=value, note=note, equipment_id=equipment_id)

    def answers(self, inspection_id: str) -> dict[tuple[str, str], Answer]:
        """The unit-level answers (not those of per-equipment tables: ``answer_map``)."""
        rows = self.query("SELECT * FROM answer WHERE inspection_id = ? AND deleted = 0 "
                          "AND for_equipment IS NULL", [inspection_id])
        return {(r["checklist_hash"], r["item_id"]): Answer.from_row(r) for r in rows}

    def answer_map(self, inspection_id: str) -> dict[tuple[str, str | None, str], Answer]:
        """Every answer: (checklist hash, equipment id or None, item id) -> answer."""
        rows = self.query("SELECT * FROM answer WHERE inspection_id = ? AND deleted = 0", [inspection_id])
        return {(r["checklist_hash"], r["for_equipment"], r["item_id"]): Answer.from_row(r) for r in rows}

    # ----- per-equipment tables and conditional items ----------------------------------
    def set_equipment_tables(self, inspection_id: str,
                             selected: Sequence[Mapping[str, Any]]) -> Inspection:
        """Select the equipment inspected per table: ``[{"id", "attributes": {...}}]``."""
        return equipment_tables.set_tables(self, inspection_id, selected)

    def walk_parts(self, inspection_id: str, checklist_hash: str) -> list[Part]:
        """The checklist's sections as walked: once for the unit, then per selected
        equipment, each with the items shown (their conditions hold)."""
        return equipment_tables.parts(self, inspection_id, checklist_hash)

    def missing_equipment_kinds(self, inspection_id: str) -> list[EquipmentKind]:
        """Kinds inspected per equipment that the enterprise has but none is selected."""
        return equipment_tables.missing_kinds(self, inspection_id)

    # ----- findings and their closed loop ---------------------------------------------
    def add_finding(
        self,
        inspection_id: str,
        *,
        description: str,
        level: HazardLevel | str = HazardLevel.GENERAL,
        rectification: Rectification | str = Rectification.DEADLINE,
        deadline: date | str | None = None,
        checklist_hash: str | None = None,
        item_id: str | None = None,
        basis: Sequence[str] = (),
        measure: str | None = None,
        note: str | None = None,
        equipment_id: str | None = None,
    ) -> Finding:
        """Record a hazard found during an inspection (state: open); ``equipment_id``: the
        equipment it concerns (default: the inspection's)."""
        return findings.add(self, inspection_id, checklist_hash=checklist_hash, item_id=item_id,
                            equipment_id=equipment_id, values=dict(description=description, level=level, basis=basis,
                                        rectification=rectification, deadline=deadline,
                                        measure=measure, note=note))

    def update_finding(self, finding_id: str, **values: Any) -> Finding:
        unknown = set(values) - set(inputs.FINDING_EDITABLE)
        if unknown:
            raise InvalidInput(sorted(unknown)[0], "不能修改该字段")
        with self.transaction():
            current = self.finding(finding_id).deadline
            given = values.get("deadline")
            changed = "deadline" in values and str(given or "")[:10] != (current or "")
            clean = inputs.finding_values(values, require=False, today=self.today() if changed else None)
            return Finding.from_row(self._update("finding", finding_id, clean))

    def finding_for_item(self, inspection_id: str, checklist_hash: str, item_id: str, *,
                         equipment_id: str | None = None) -> Finding | None:
        """The item's live finding; of one piece of equipment with ``equipment_id`` (an item
        of a per-equipment table), else the item's only one."""
        mine = " AND equipment_id = ?" if equipment_id else ""
        rows = list(self.query(
            "SELECT * FROM finding WHERE inspection_id = ? AND checklist_hash = ? AND item_id = ? "
            f"AND deleted = 0{mine} LIMIT 1",
            [inspection_id, checklist_hash, item_id, *([equipment_id] if equipment_id else [])]))
        return Finding.from_row(rows[0]) if rows else None

    def delete_finding(self, finding_id: str) -> None:
        """Withdraw a finding recorded by mistake (a tombstone; only while still open)."""
        findings.withdraw(self, finding_id)

    def transition(
        self,
        finding_id: str,
        state: FindingState | str,
        *,
        at: datetime | None = None,
        note: str | None = None,
        document_id: str | None = None,
        inspection_id: str | None = None,
    ) -> Finding:
        """Move a finding along its closed loop; the change is appended as an event."""
        return findings.transition(self, finding_id, state, at=at, note=note,
                                   document_id=document_id, inspection_id=inspection_id)

    def finding(self, finding_id: str) -> Finding:
        return Finding.from_row(self._row("finding", finding_id))

    def finding_events(self, finding_id: str) -> list[FindingEvent]:
        rows = self.query("SELECT * FROM finding_event WHERE finding_id = ? ORDER BY at, id",
                             [finding_id])
        return [FindingEvent.from_row(r) for r in rows]

    def findings(self, query: FindingQuery = FindingQuery(), *, limit: int = 1000,
                 offset: int = 0) -> list[Finding]:
        return [row.finding for row in self.ledger(query, limit=limit, offset=offset)]

    def ledger(self, query: FindingQuery = FindingQuery(), *, limit: int = 1000,
               offset: int = 0, after: tuple[Any, str] | None = None) -> list[LedgerRow]:
        """Findings with enterprise name and district, filtered and sorted, one page
        (the next one: ``after=`` the last row's ``cursor``)."""
        return ledger.page(self, query, limit=limit, offset=offset, after=after)

    def count_findings(self, query: FindingQuery = FindingQuery()) -> int:
        return ledger.count(self, query)

    def estimate_findings(self, query: FindingQuery = FindingQuery()) -> int | None:
        """A count at once from the statistics summary, or None (``ledger.estimate``)."""
        return ledger.estimate(self, query)

    def search_findings(self, text: str, *, limit: int = 100) -> list[Finding]:
        """The newest findings whose description or note contains ``text`` (any length)."""
        return ledger.search(self, text, limit=limit)

    def search_all(self, text: str, *, limit: int | None = None) -> SearchResults:
        """Enterprises (name, credit code, address), equipment (codes, type, location) and
        findings (description, note, checklist item) containing ``text``, at most
        ``limit`` of each kind (default ``search.DEFAULT_LIMIT``; the window's Ctrl+F;
        ``storage/search.py``, imported here only: a command that never searches skips it)."""
        from . import search

        return search.search_all(self, text, limit=search.DEFAULT_LIMIT if limit is None else limit)

    # ----- photos ---------------------------------------------------------------------
    def add_photo(
        self,
        inspection_id: str,
        source: str | Path | bytes,
        *,
        name: str | None = None,
        finding_id: str | None = None,
        checklist_hash: str | None = None,
        item_id: str | None = None,
        caption: str | None = None,
    ) -> Photo:
        """Import a photo file (or bytes) and attach it to an inspection, item or finding;
        the workspace's current inspector is recorded as adding it."""
        from .photos import process_file, process_photo

        inspection = self.inspection(inspection_id)
        if finding_id:
            self.finding(finding_id)
        if isinstance(source, bytes):
            processed = process_photo(source, name or "photo.jpg")
        else:
            processed = process_file(Path(source))
        caption = check_column("photo", "caption", caption) or None
        return photo_store.store(self, processed, inspection_id=inspection_id,
                                 finding_id=finding_id, checklist_hash=checklist_hash,
                                 item_id=item_id, caption=caption,
                                 taken_by=photo_store.taken_by(self, inspection))

    def add_annotated_photo(self, photo_id: str, jpeg: bytes, caption: str | None = None) -> Photo:
        """Store an annotated copy of a photo as a new photo; the original stays."""
        caption = check_column("photo", "caption", caption)
        return photo_store.store_annotated(self, self.photo(photo_id), jpeg, caption)

    def blob(self, digest: str) -> bytes:
        row = self.conn.execute("SELECT data FROM blob WHERE sha256 = ?", [digest]).fetchone()
        if row is None:
            raise NotFound("缺少数据块 {digest}", hint="工作区可能不完整，请重新同步", digest=digest[:12])
        return bytes(row[0])

    def print_photo(self, normal_sha256: str) -> PrintPhoto | None:
        """The print-size rendition of a stored normal photo, made when it was imported
        (None for one imported before, or received from another device)."""
        return photo_store.print_photo(self, normal_sha256)

    def photo(self, photo_id: str) -> Photo:
        return Photo.from_row(self._row("photo", photo_id))

    def photos(self, *, inspection_id: str | None = None, finding_id: str | None = None,
               item_id: str | None = None, latest: bool = False) -> list[Photo]:
        """Live photos, oldest first; ``latest``: only the newest version of each
        (an annotated copy in place of the photo it was drawn on, and in its place
        in the order)."""
        clauses, params = ["deleted = 0"], []
        if latest:
            clauses.append(photo_store.LATEST_SQL)
        for column, value in (("inspection_id", inspection_id), ("finding_id", finding_id),
                              ("item_id", item_id)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        rows = self.query(f"SELECT * FROM photo WHERE {' AND '.join(clauses)} "
                             "ORDER BY created_at", params)
        found = [Photo.from_row(r) for r in rows]
        return photo_store.first_added(self, found) if latest else found

    def photo_bytes(self, photo_id: str, variant: str = "normal") -> bytes:
        photo = self.photo(photo_id)
        digest = {"normal": photo.normal_sha256, "thumb": photo.thumb_sha256,
                  "original": photo.original_sha256}[variant]
        return self.blob(digest)

    def update_photo(self, photo_id: str, *, caption: str | None = None,
                     finding_id: str | None = None) -> Photo:
        changes: dict[str, Any] = {}
        if caption is not None:
            changes["caption"] = check_column("photo", "caption", caption) or None
        if finding_id is not None:
            self.finding(finding_id)
            changes["finding_id"] = finding_id
        return Photo.from_row(self._update("photo", photo_id, changes))

    def remove_photo(self, photo_id: str) -> None:
        """Detach a photo (a tombstone: the bytes stay for the audit trail)."""
        self._update("photo", photo_id, {"deleted": 1}, action="delete")

    # ----- documents: numbered, immutable ---------------------------------------------
    def issue_document(
        self,
        inspection_id: str,
        kind: DocumentKind | str,
        *,
        series: str,
        format_number: Callable[[int, int], str],
        render: Callable[[str, datetime], tuple[bytes, str]],
        data: Mapping[str, Any] | None = None,
        transitions: Sequence[tuple[str, FindingState]] = (),
        supersedes_id: str | None = None,
        issued_at: datetime | None = None,
    ) -> Document:
        """Issue a document: take the next number, render, store the PDF, move findings.

        All in one transaction, so a number is used exactly once: a crash before
        the commit leaves neither the number nor the document behind.
        ``format_number(seq, year)`` makes the printed number; ``render(number,
        issued_at)`` returns the PDF bytes and the content hash of what it shows;
        ``transitions`` are the finding moves the document carries out.
        """
        return issued.issue(self, inspection_id, kind, series=series,
                            format_number=format_number, render=render, data=data,
                            transitions=transitions, supersedes_id=supersedes_id,
                            issued_at=issued_at)

    def document(self, document_id: str) -> Document:
        return Document.from_row(self._row("document", document_id))

    def documents(self, *, inspection_id: str | None = None, kind: str | None = None,
                  limit: int = 200) -> list[Document]:
        clauses, params = ["deleted = 0"], []
        for column, value in (("inspection_id", inspection_id), ("kind", kind)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(str(value))
        rows = self.query(f"SELECT * FROM document WHERE {' AND '.join(clauses)} "
                             "ORDER BY issued_at DESC LIMIT ?", [*params, limit])
        return [Document.from_row(r) for r in rows]

    def document_pdf(self, document_id: str) -> bytes:
        """The exact bytes issued (reprinting prints these, never a re-render)."""
        return self.blob(self.document(document_id).pdf_sha256)

    def superseded_by(self, document_id: str) -> Document | None:
        rows = list(self.query("SELECT * FROM document WHERE supersedes_id = ? AND deleted = 0",
                                  [document_id]))
        return Document.from_row(rows[0]) if rows else None

    # ----- the enterprise file (一企一档) and risk grades (storage/dossier.py) ----------------
    def set_risk_grade(self, enterprise_id: str, colour: str, *, set_by: str, reason: str) -> Enterprise:
        """Grade an enterprise 红/橙/黄/蓝 with who set it and why."""
        return dossier.set_risk_grade(self, enterprise_id, colour, set_by, reason)

    def risk_score(self, enterprise_id: str, today: date | None = None) -> dossier.RiskScore:
        """The score from the ledger, each factor with its points."""
        return dossier.risk_score(self, enterprise_id, today or self.today())

    def enterprise_file(self, enterprise_id: str, today: date | None = None) -> dossier.EnterpriseFile:
        """Everything about one enterprise, its events in time order."""
        return dossier.enterprise_file(self, enterprise_id, today)

    # ----- the annual plan and the 双随机 draw (storage/plan.py, storage/draw.py) -----------
    def create_plan(self, **values: Any) -> plan.Plan:
        """A new plan (headquarters): title, family, period_start, period_end, districts,
        industries, ratio_percent, key_colours, team_size, inspectors (default: the
        settings' inspectors), note."""
        return plan.create(self, values)

    def plan(self, plan_id: str) -> plan.Plan:
        return plan.get(self, plan_id)

    def plans(self) -> list[plan.Plan]:
        return plan.all_plans(self)

    def declare_conflict(self, cert_no: str, enterprise_id: str, reason: str) -> dict:
        """An inspector's declared conflict (回避) with an enterprise."""
        return plan.declare_conflict(self, cert_no, enterprise_id, reason)

    def withdraw_conflict(self, conflict_id: str) -> None:
        plan.withdraw_conflict(self, conflict_id)

    def conflicts(self) -> list[dict]:
        return plan.conflicts(self)

    def draw_inputs(self, plan_id: str, draw_date: date | str, public_value: str) -> Any:
        """The inputs of a plan's draw as they are published before it (``draw.DrawInputs``)."""
        return plan.draw_inputs(self, plan_id, draw_date, public_value)

    def run_draw(self, plan_id: str, *, draw_date: date | str, public_value: str,
                 drawn_by: str) -> plan.DrawResult:
        """Draw a plan's enterprises and teams; the record and tasks stored in one transaction."""
        return plan.run_draw(self, plan_id, draw_date=draw_date, public_value=public_value,
                             drawn_by=drawn_by)

    def plan_draw(self, plan_id: str) -> dict | None:
        return plan.drawn(self, plan_id)

    def plan_tasks(self, *, plan_id: str | None = None, mine: bool = False,
                   enterprise_id: str | None = None) -> list[plan.Task]:
        """Tasks of a plan or of all; ``mine``: those of the inspectors in the settings."""
        certs = [p.get("cert_no") for p in self.setting("inspectors") or []] if mine else []
        if mine and not certs:
            return []
        return plan.tasks(self, plan_id=plan_id, cert_nos=certs, enterprise_id=enterprise_id)

    def plan_task(self, task_id: str) -> plan.Task:
        return plan.task(self, task_id)

    def plan_progress(self, plan_id: str) -> plan.Progress:
        """Tasks in total, started and done (an inspection for it finished)."""
        return plan.progress(self, plan_id)

    # ----- signatures on screen (storage/signatures.py) ---------------------------------
    def add_signature(self, inspection_id: str, kind: DocumentKind | str, role: str, signer: str,
                      ink: signatures.Ink) -> signatures.Signature:
        """A draft signature for the inspection's next document of ``kind``."""
        return signatures.add(self, inspection_id, kind, role, signer, ink)

    def discard_signature(self, signature_id: str) -> None:
        signatures.discard(self, signature_id)

    def signature_drafts(self, inspection_id: str, kind: DocumentKind | str) -> list[signatures.Signature]:
        return signatures.drafts(self, inspection_id, kind)

    def document_signatures(self, document_id: str) -> list[dict]:
        """The ordered signature digests an issued document carries (empty: signed on paper)."""
        return signatures.document_signatures(self, document_id)
    # ----- 行政处罚 decisions (storage/penalty.py) ----------------------------------------
    def record_penalty(self, inspection_id: str, **values: Any) -> penalty.Penalty:
        """A 行政处罚 record for an inspection: filed_on (立案), decision_number, decided_on,
        kinds (``PenaltyKind`` codes), amount (yuan as text or Decimal), note."""
        return penalty.record(self, inspection_id, values)

    def update_penalty(self, penalty_id: str, **values: Any) -> penalty.Penalty:
        """Change the fields given (e.g. the decision once made); the rules hold for the whole."""
        return penalty.update(self, penalty_id, values)

    def delete_penalty(self, penalty_id: str) -> None:
        penalty.delete(self, penalty_id)

    def penalty(self, penalty_id: str) -> penalty.Penalty:
        return penalty.get(self, penalty_id)

    def penalties(self, *, inspection_id: str | None = None,
                  enterprise_id: str | None = None) -> list[penalty.Penalty]:
        return penalty.listed(self, inspection_id=inspection_id, enterprise_id=enterprise_id)

    # ----- reports as the bureaus publish them (storage/reports.py) ---------------------
    def report(self, start: date | str, end: date | str, *, district: str | None = None,
               family: str | None = None, today: date | None = None) -> reports.Report:
        """The figures of a period (both days included) and area; see docs/reports.md."""
        return reports.build(self, reports.scope(start, end, district, family), today)

    def report_districts(self) -> list[str]:
        return reports.districts(self)

    # ----- home view figures ----------------------------------------------------------
    # ----- 挂牌督办 (storage/supervision.py) --------------------------------------------------
    def list_supervision(self, finding_id: str, *, deadline: date | str,
                         listed_on: date | str | None = None) -> supervision.Supervision:
        """Put a 重大/严重 finding under supervision (督办单位 from the settings)."""
        return supervision.list_finding(self, finding_id, deadline=deadline, listed_on=listed_on)

    def delist_supervision(self, supervision_id: str, *, delisted_on: date | str | None = None,
                           basis: str | None = None) -> supervision.Supervision:
        """摘牌, once the finding was closed by a 整改复查意见书."""
        return supervision.delist(self, supervision_id, delisted_on=delisted_on, basis=basis)

    def attach_supervision_notice(self, supervision_id: str, document_id: str) -> supervision.Supervision:
        return supervision.attach_notice(self, supervision_id, document_id)

    def supervision(self, supervision_id: str) -> supervision.Supervision:
        return supervision.get(self, supervision_id)

    def finding_supervision(self, finding_id: str) -> supervision.Supervision | None:
        """The finding's listing not yet 摘牌, or None."""
        return supervision.current(self, finding_id)

    def supervisions(self, *, state: SupervisionState | None = None, enterprise_id: str | None = None,
                     today: date | None = None) -> list[supervision.Supervision]:
        """Every listing, newest first; ``state``: only those in it on ``today``."""
        return supervision.listings(self, today=today or self.today(), state=state, enterprise_id=enterprise_id)

    def supervision_reminders(self, *, within_days: int | None = None,
                              today: date | None = None) -> list[supervision.Supervision]:
        """Listings due within the reminder window (setting) or past their deadline."""
        return supervision.reminders(self, today=today or self.today(), within_days=within_days)

    def supervision_counts(self, today: date | None = None) -> dict[str, int]:
        return supervision.counts(self, today or self.today())

    def supervisor_for(self, finding_id: str) -> str:
        return supervision.supervisor_for(self, finding_id)

    def closing_review(self, finding_id: str) -> str | None:
        """The number of the 整改复查意见书 that closed the finding (the 摘牌 basis), or None."""
        return supervision.closing_review(self, finding_id)

    def hazard_counts(self, today: date | None = None) -> dict[str, int]:
        return ledger.hazard_counts(self, today or self.today())


# ----- helpers ---------------------------------------------------------------------------

def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
