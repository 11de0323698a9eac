"""Quarterly and annual reports as the bureaus publish them, for any date range and area.

Every figure is one query over the ledger's rows, defined in docs/reports.md: which
record counts, and which of its dates must fall in the period (an inspection's
start, a hazard's closing, a document's issue, a penalty's 立案 or decision).  The
statistics summary (storage/summary.py) holds counts per district *or* per month
and the current state only, never a district within a date range nor the day a
hazard was closed, so the report reads the rows (indexed by date) instead.

Dates are the stored Asia/Shanghai wall-clock dates (the first ten characters of
every stored time, written by ``storage.ids.iso``): a time is in the period when it
is at or after its first day and before the day after its last, a range of the
time's index.  The area is the district of the inspection's enterprise and,
optionally, the 执法系统 (``Family``) of the inspection; a period is ``start`` to
``end``, both included.

The same queries run on a workspace and on a PostgreSQL headquarters
(storage/hq/postgres/reports.py): they are written in the SQL both engines share,
with named parameters (``:start``) and the little that differs, reading JSON,
taken from the engine's ``Dialect``.  ``build`` takes a ``Reader``: the engine's
``execute`` and its dialect.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from checklists.common.errors import InvalidInput
from checklists.common.vocabulary import (
    DocumentKind,
    Family,
    FindingState,
    HazardLevel,
    InspectionMode,
    OnSiteMeasure,
    PenaltyKind,
)

from .ledger import StatRow, _check_group, _label, overdue_sql
from .validate import parse_date

if TYPE_CHECKING:
    from .workspace import Workspace

# The three levels a report shows: 一般; 重大 (应急管理); 严重 (特种设备: the same stored
# level ``major``, called 严重事故隐患 in the market-regulation system).
LEVELS = ("general", "major", "serious")
MAX_DAYS = 366 * 5


@dataclass(frozen=True)
class Dialect:
    """What the report's SQL says differently on an engine: reading the JSON of a
    document's ``data`` (d) and of a penalty's ``kinds`` (x)."""

    measures: str       # FROM item: the measures of a 现场处理措施决定书 ``d``, each ``m.value``
    measure: str        # a measure's code, of ``m.value``
    items: str          # the number of items a 查封（扣押）决定书 ``d`` lists (NULL: none)
    kinds: str          # FROM item: the kinds of a penalty ``x``, each ``k.value``
    inspectors: str     # FROM item: the inspectors of an inspection ``i``, each ``p.value``
    inspector: str      # an inspector's name, of ``p.value``


SQLITE = Dialect("json_each(d.data, '$.measures') m", "json_extract(m.value, '$.measure')",
                 "json_array_length(d.data, '$.items')", "json_each(x.kinds) k",
                 "json_each(i.inspectors) p", "json_extract(p.value, '$.name')")


@dataclass(frozen=True)
class Reader:
    """Where the report's queries run: ``execute(sql, params)`` taking SQLite's named
    parameters (``:start``), and the engine's ``Dialect``."""

    execute: Callable[[str, dict[str, Any]], Any]
    dialect: Dialect = SQLITE

    @classmethod
    def of(cls, ws: Workspace) -> Reader:
        return cls(ws.execute, SQLITE)

    def one(self, sql: str, p: dict[str, Any]) -> int:
        """The one number ``sql`` gives (0 for NULL)."""
        return int(self.execute(sql, p).fetchone()[0] or 0)

    def counts(self, sql: str, p: dict[str, Any]) -> dict[Any, int]:
        """(code, count) rows as a dict."""
        return {k: int(n or 0) for k, n in self.execute(sql, p).fetchall()}


# The area (a parameter's type given, as PostgreSQL cannot tell it from "IS NULL").
_AREA = ("(CAST(:district AS TEXT) IS NULL OR e.district = :district) "
         "AND (CAST(:family AS TEXT) IS NULL OR i.family = :family)")
# The inspections of the area; every figure starts from these (inlined where it is read,
# so that each use reads its own index range, never every inspection of the area).
_SCOPED = f"""WITH scoped AS NOT MATERIALIZED (
    SELECT i.* FROM inspection i JOIN enterprise e ON e.id = i.enterprise_id
    WHERE i.deleted = 0 AND {_AREA})
"""
_LEVEL = (f"CASE WHEN f.level = '{HazardLevel.MAJOR}' AND i.family = '{Family.SAMR}' THEN 'serious' "
          "ELSE f.level END")


def within(column: str) -> str:
    """``column`` (a stored time) on a day of the period: a range of its index."""
    return f"{column} >= :start AND {column} < :after"


def when(condition: str) -> str:
    """1 where ``condition`` holds, else 0 (a sum counts; both engines read it alike)."""
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


_STARTED = within("i.started_at")
_CLOSED = f"f.state = '{FindingState.CLOSED}' AND {within('f.state_at')}"
_CLOSED_BY_END = f"f.state = '{FindingState.CLOSED}' AND f.state_at < :after"
_MAJOR = f"f.level = '{HazardLevel.MAJOR}'"
_SHUT = f"f.state = '{FindingState.CLOSED}'"
_DONE = f"f.state IN ('{FindingState.RECTIFIED}', '{FindingState.CLOSED}')"
# The documents issued in the period: read first (``document_issued``; SQLite keeps a CROSS
# JOIN's order, PostgreSQL plans it as any join), then each one's inspection.
_CURRENT_DOC = (f"d.deleted = 0 AND {within('d.issued_at')} AND NOT EXISTS "
                "(SELECT 1 FROM document n WHERE n.supersedes_id = d.id AND n.deleted = 0)")


@dataclass(frozen=True)
class Scope:
    start: date
    end: date
    district: str | None = None
    family: Family | None = None

    def params(self, today: date) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "after": (self.end + timedelta(days=1)).isoformat(), "district": self.district,
                "family": None if self.family is None else str(self.family), "today": today.isoformat()}


@dataclass(frozen=True)
class HazardFigures:
    found: int = 0
    closed: int = 0              # closed within the period, whenever found
    closed_of_found: int = 0     # found in the period and closed by its end
    overdue: int = 0             # found in the period, outstanding and past the deadline today

    @property
    def closure_rate(self) -> float | None:
        return self.closed_of_found / self.found if self.found else None


@dataclass(frozen=True)
class Report:
    scope: Scope
    today: date
    enterprises: int
    inspections: dict[InspectionMode, int]
    hazards: dict[str, HazardFigures]              # by LEVELS
    months: list[tuple[str, int, int]]             # (YYYY-MM, found, closed)
    documents: dict[DocumentKind, int]
    measures: dict[OnSiteMeasure, int]
    seized_items: int
    supervision: tuple[int, int]                   # (listed, 摘牌)
    filed: int
    decided: int
    amount_fen: int
    penalty_kinds: dict[PenaltyKind, int] = field(default_factory=dict)

    @property
    def total_inspections(self) -> int:
        return sum(self.inspections.values())

    @property
    def total_hazards(self) -> HazardFigures:
        parts = self.hazards.values()
        return HazardFigures(*(sum(getattr(h, f) for h in parts)
                               for f in ("found", "closed", "closed_of_found", "overdue")))


def scope(start: Any, end: Any, district: str | None = None, family: Any = None) -> Scope:
    """A checked scope: real dates, start not after end, at most five years."""
    first, last = parse_date(start, "起始日期"), parse_date(end, "截止日期")
    if last < first:
        raise InvalidInput("截止日期", "截止日期 {end} 早于起始日期 {start}", hint="请改正日期范围",
                           start=first.isoformat(), end=last.isoformat())
    if (last - first).days > MAX_DAYS:
        raise InvalidInput("截止日期", "统计期间超过五年", hint="请缩短日期范围")
    fam = None
    if family:
        try:
            fam = Family(str(family))
        except ValueError:
            raise InvalidInput("执法系统", "未知的执法系统：{value}", hint="可选 ems 或 samr",
                               value=str(family)) from None
    return Scope(first, last, (district or "").strip() or None, fam)


def build(source: Workspace | Reader, where: Scope, today: date | None = None) -> Report:
    """The report of ``where`` (figures as of ``today`` where the state matters), read
    from a workspace (``today`` by default its day) or through a ``Reader`` (a
    PostgreSQL headquarters: ``today`` given)."""
    if isinstance(source, Reader):
        db = source
    else:
        db, today = Reader.of(source), today or source.today()
    assert today is not None
    p = where.params(today)
    hazards, months = _hazards_and_months(db, p)
    return Report(where, today, _enterprises(db, p), _inspections(db, p), hazards, months, _documents(db, p),
                  _measures(db, p), _seized_items(db, p), supervision(db, p), _count(db, p, "filed_on"),
                  _count(db, p, "decided_on"), _amount(db, p), _penalty_kinds(db, p))


# ----- the figures: one query each (the hazards and the months: one) ---------------------------
def _enterprises(db: Reader, p: dict) -> int:
    return db.one(f"{_SCOPED} SELECT COUNT(DISTINCT i.enterprise_id) FROM scoped i WHERE {_STARTED}", p)


def _inspections(db: Reader, p: dict) -> dict[InspectionMode, int]:
    rows = db.counts(f"{_SCOPED} SELECT i.mode, COUNT(*) FROM scoped i WHERE {_STARTED} GROUP BY i.mode", p)
    return {m: rows.get(str(m), 0) for m in InspectionMode}


def _hazards_and_months(db: Reader, p: dict) -> tuple[dict[str, HazardFigures], list[tuple[str, int, int]]]:
    """The hazards by level and by month, from one query: the findings found in the
    period (through its inspections: ``finding_inspection``) and those closed in it
    whenever found (through the closing's time: ``finding_closed``), never every
    finding; grouped by level, month found and month closed."""
    rows = db.execute(
        f"{_SCOPED} SELECT lv, found_in, closed_in, SUM(found), COUNT(*), SUM(closed_of_found), SUM(overdue) "
        f"FROM (SELECT {_LEVEL} AS lv, substr(i.started_at, 1, 7) AS found_in, "
        f"CASE WHEN {_CLOSED} THEN substr(f.state_at, 1, 7) END AS closed_in, 1 AS found, "
        f"{when(_CLOSED_BY_END)} AS closed_of_found, "
        f"{when(overdue_sql('f').replace('?', ':today'))} AS overdue "
        f"FROM scoped i JOIN finding f ON f.inspection_id = i.id WHERE f.deleted = 0 AND {_STARTED} "
        f"UNION ALL SELECT {_LEVEL}, NULL, substr(f.state_at, 1, 7), 0, 0, 0 "
        f"FROM finding f JOIN scoped i ON i.id = f.inspection_id "
        f"WHERE f.deleted = 0 AND {_CLOSED} AND NOT ({_STARTED})) t GROUP BY lv, found_in, closed_in", p)
    levels = {lv: [0, 0, 0, 0] for lv in LEVELS}
    months = {m: [0, 0] for m in _month_keys(p["start"], p["end"])}
    for lv, found_in, closed_in, found, rows_n, closed_of_found, overdue in rows:
        closed = int(rows_n) if closed_in is not None else 0
        figures = levels.setdefault(lv, [0, 0, 0, 0])
        for n, value in enumerate((int(found), closed, int(closed_of_found), int(overdue))):
            figures[n] += value
        if found_in is not None:
            months[found_in][0] += int(found)
        if closed_in is not None:
            months[closed_in][1] += closed
    hazards = {lv: HazardFigures(*levels[lv]) for lv in LEVELS}
    return hazards, [(m, found, closed) for m, (found, closed) in months.items()]


def _month_keys(start: str, end: str) -> list[str]:
    year, month = int(start[:4]), int(start[5:7])
    keys = []
    while f"{year:04d}-{month:02d}" <= end[:7]:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _documents(db: Reader, p: dict) -> dict[DocumentKind, int]:
    rows = db.counts(f"{_SCOPED} SELECT d.kind, COUNT(*) FROM document d "
                     f"CROSS JOIN scoped i WHERE i.id = d.inspection_id AND {_CURRENT_DOC} GROUP BY d.kind", p)
    return {k: rows.get(str(k), 0) for k in DocumentKind}


def _measures(db: Reader, p: dict) -> dict[OnSiteMeasure, int]:
    rows = db.counts(
        f"{_SCOPED} SELECT {db.dialect.measure}, COUNT(*) FROM document d "
        f"CROSS JOIN scoped i, {db.dialect.measures} "
        f"WHERE i.id = d.inspection_id AND d.kind = '{DocumentKind.MEASURE}' AND {_CURRENT_DOC} GROUP BY 1", p)
    return {m: rows.get(str(m), 0) for m in OnSiteMeasure}


def _seized_items(db: Reader, p: dict) -> int:
    return db.one(
        f"{_SCOPED} SELECT SUM({db.dialect.items}) FROM document d "
        f"CROSS JOIN scoped i WHERE i.id = d.inspection_id AND d.kind = '{DocumentKind.SEIZURE}' "
        f"AND {_CURRENT_DOC}",
        p)


def _count(db: Reader, p: dict, column: str) -> int:
    """Penalty records with ``column`` (filed_on: 立案; decided_on: 决定) in the period."""
    return db.one(f"{_SCOPED} SELECT COUNT(*) FROM penalty x JOIN scoped i ON i.id = x.inspection_id "
                  f"WHERE x.deleted = 0 AND x.{column} BETWEEN :start AND :end", p)


def _amount(db: Reader, p: dict) -> int:
    return db.one(f"{_SCOPED} SELECT SUM(x.amount_fen) FROM penalty x "
                  "JOIN scoped i ON i.id = x.inspection_id "
                  "WHERE x.deleted = 0 AND x.decided_on BETWEEN :start AND :end", p)


def _penalty_kinds(db: Reader, p: dict) -> dict[PenaltyKind, int]:
    rows = db.counts(f"{_SCOPED} SELECT k.value, COUNT(*) FROM penalty x "
                     f"JOIN scoped i ON i.id = x.inspection_id, {db.dialect.kinds} "
                     "WHERE x.deleted = 0 AND x.decided_on BETWEEN :start AND :end GROUP BY 1", p)
    return {k: rows.get(str(k), 0) for k in PenaltyKind}


def supervision(db: Reader, p: dict) -> tuple[int, int]:
    """(挂牌督办 listed, 摘牌) in the period: listed_on / delisted_on within it, the area
    through finding -> enterprise.district and the finding's inspection."""
    row = db.execute(
        "SELECT SUM(CASE WHEN s.listed_on BETWEEN :start AND :end THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN s.delisted_on BETWEEN :start AND :end THEN 1 ELSE 0 END) FROM supervision s "
        "JOIN finding f ON f.id = s.finding_id JOIN enterprise e ON e.id = f.enterprise_id "
        "JOIN inspection i ON i.id = f.inspection_id "
        f"WHERE s.deleted = 0 AND f.deleted = 0 AND i.deleted = 0 AND {_AREA} "
        "AND (s.listed_on BETWEEN :start AND :end OR s.delisted_on BETWEEN :start AND :end)",
        p).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


# ----- the statistics view's period filter ------------------------------------------------------
# by -> (key, label) as ``storage.ledger.GROUPS`` (the inspector's name from the dialect)
_GROUPS = {
    "district": ("COALESCE(e.district, '')", "COALESCE(e.district, '未填写区域')"),
    "enterprise": ("e.id", "e.name"),
    "equipment_kind": ("COALESCE(q.kind, '')", "COALESCE(q.kind, '')"),
    "inspector": ("{inspector}", "{inspector}"),
    "month": ("substr(i.started_at, 1, 7)", "substr(i.started_at, 1, 7)"),
}
_FIGURES = ("hazards", "major", "rectified", "closed", "overdue")


def period_statistics(db: Reader, *, by: str, today: date, period: tuple[date, date]) -> list[StatRow]:
    """The statistics of ``storage.ledger.statistics`` of only the inspections started
    in ``period`` (first and last day) and their findings, on either engine: two scans
    of the period's inspections (``inspection_started``), grouped as the statistics
    are; equal to ``storage.ledger.statistics_scan(period=…)``, its reference."""
    _check_group(by)
    key, label = (part.format(inspector=db.dialect.inspector) for part in _GROUPS[by])
    base = ("FROM inspection i JOIN enterprise e ON e.id = i.enterprise_id "
            "LEFT JOIN equipment q ON q.id = i.equipment_id")
    each = f", {db.dialect.inspectors}" if by == "inspector" else ""
    p = Scope(*period).params(today)
    rows: dict[str, dict] = {}
    for k, lab, n in db.execute(f"SELECT {key}, MIN({label}), COUNT(DISTINCT i.id) {base}{each} "
                                f"WHERE i.deleted = 0 AND {_STARTED} GROUP BY 1", p):
        rows[k] = {"key": k, "label": _label(by, lab), "inspections": int(n)}
    for k, lab, *figures in db.execute(
            f"SELECT {key}, MIN({label}), COUNT(*), SUM({when(_MAJOR)}), "
            f"SUM({when(_DONE)}), SUM({when(_SHUT)}), "
            f"SUM({when(overdue_sql('f').replace('?', ':today'))}) {base} "
            f"JOIN finding f ON f.inspection_id = i.id{each} WHERE i.deleted = 0 AND f.deleted = 0 "
            f"AND {_STARTED} GROUP BY 1", p):
        entry = rows.setdefault(k, {"key": k, "label": _label(by, lab), "inspections": 0})
        entry.update(zip(_FIGURES, (int(v or 0) for v in figures)))
    stats = [StatRow(**r) for r in rows.values()]
    return sorted(stats, key=lambda s: (-s.hazards, -s.inspections, s.label))


def period_totals(db: Reader, *, today: date, period: tuple[date, date]) -> StatRow:
    """Every district of ``period_statistics`` together (the headline figures)."""
    rows = period_statistics(db, by="district", today=today, period=period)
    return StatRow("", "合计", *(sum(getattr(r, f) for r in rows) for f in ("inspections", *_FIGURES)))


def districts(ws: Workspace) -> list[str]:
    """The districts enterprises are in (for the area filter)."""
    return [r[0] for r in ws.execute("SELECT DISTINCT district FROM enterprise WHERE deleted = 0 "
                                     "AND district IS NOT NULL AND district != '' ORDER BY district")]
