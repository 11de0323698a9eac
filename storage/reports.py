"""Quarterly and annual reports as the bureaus publish them, for any date range and area.

Every figure is one query over the ledger's rows, defined in docs/reports.md: which
record counts, and which of its dates must fall in the period (an inspection's
start, a hazard's closing, a document's issue, a penalty's 立案 or decision).  The
statistics summary (storage/summary.py) holds counts per district *or* per month
and the current state only, never a district within a date range nor the day a
hazard was closed, so the report reads the rows (indexed by date) instead.

Dates are the stored Asia/Shanghai wall-clock dates (the first ten characters of
every stored time, written by ``storage.ids.iso``).  The area is the district of
the inspection's enterprise and, optionally, the 执法系统 (``Family``) of the
inspection; a period is ``start`` to ``end``, both included.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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

from .ledger import overdue_sql
from .validate import parse_date

if TYPE_CHECKING:
    from .workspace import Workspace

# The three levels a report shows: 一般; 重大 (应急管理); 严重 (特种设备: the same stored
# level ``major``, called 严重事故隐患 in the market-regulation system).
LEVELS = ("general", "major", "serious")
MAX_DAYS = 366 * 5

# The inspections of the area; every figure starts from these.
_SCOPED = """WITH scoped AS (
    SELECT i.* FROM inspection i JOIN enterprise e ON e.id = i.enterprise_id
    WHERE i.deleted = 0 AND (:district IS NULL OR e.district = :district)
      AND (:family IS NULL OR i.family = :family))
"""
_LEVEL = (f"CASE WHEN f.level = '{HazardLevel.MAJOR}' AND i.family = '{Family.SAMR}' THEN 'serious' "
          "ELSE f.level END")
_CURRENT_DOC = ("d.deleted = 0 AND substr(d.issued_at, 1, 10) BETWEEN :start AND :end AND NOT EXISTS "
                "(SELECT 1 FROM document n WHERE n.supersedes_id = d.id AND n.deleted = 0)")


@dataclass(frozen=True)
class Scope:
    start: date
    end: date
    district: str | None = None
    family: Family | None = None

    def params(self, today: date) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "district": self.district,
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


def build(ws: Workspace, where: Scope, today: date | None = None) -> Report:
    """The report of ``where`` (figures as of ``today`` where the state matters)."""
    day = today or ws.today()
    p = where.params(day)
    return Report(where, day, _enterprises(ws, p), _inspections(ws, p), _hazards(ws, p), _months(ws, p),
                  _documents(ws, p), _measures(ws, p), _seized_items(ws, p), supervision(ws, p),
                  _count(ws, p, "filed_on"), _count(ws, p, "decided_on"), _amount(ws, p),
                  _penalty_kinds(ws, p))


# ----- the figures: one query each ------------------------------------------------------------
_STARTED = "substr(i.started_at, 1, 10) BETWEEN :start AND :end"


def _enterprises(ws: Workspace, p: dict) -> int:
    return ws.execute(f"{_SCOPED} SELECT COUNT(DISTINCT i.enterprise_id) FROM scoped i WHERE {_STARTED}",
                      p).fetchone()[0]


def _inspections(ws: Workspace, p: dict) -> dict[InspectionMode, int]:
    rows = dict(ws.execute(f"{_SCOPED} SELECT i.mode, COUNT(*) FROM scoped i WHERE {_STARTED} "
                           "GROUP BY i.mode", p).fetchall())
    return {m: rows.get(str(m), 0) for m in InspectionMode}


def _hazards(ws: Workspace, p: dict) -> dict[str, HazardFigures]:
    closed_at = f"f.state = '{FindingState.CLOSED}' AND substr(f.state_at, 1, 10)"
    rows = ws.execute(
        f"{_SCOPED} SELECT {_LEVEL} AS lv, "
        f"SUM({_STARTED}), SUM({closed_at} BETWEEN :start AND :end), "
        f"SUM({_STARTED} AND {closed_at} <= :end), "
        f"SUM({_STARTED} AND {overdue_sql('f').replace('?', ':today')}) "
        "FROM finding f JOIN scoped i ON i.id = f.inspection_id WHERE f.deleted = 0 GROUP BY lv", p)
    found = {lv: HazardFigures(*(int(n or 0) for n in figures)) for lv, *figures in rows}
    return {lv: found.get(lv, HazardFigures()) for lv in LEVELS}


def _months(ws: Workspace, p: dict) -> list[tuple[str, int, int]]:
    rows = ws.execute(
        f"{_SCOPED} SELECT month, SUM(found), SUM(closed) FROM ("
        f"SELECT substr(i.started_at, 1, 7) AS month, 1 AS found, 0 AS closed FROM finding f "
        f"JOIN scoped i ON i.id = f.inspection_id WHERE f.deleted = 0 AND {_STARTED} UNION ALL "
        "SELECT substr(f.state_at, 1, 7), 0, 1 FROM finding f JOIN scoped i ON i.id = f.inspection_id "
        f"WHERE f.deleted = 0 AND f.state = '{FindingState.CLOSED}' "
        "AND substr(f.state_at, 1, 10) BETWEEN :start AND :end) GROUP BY month", p)
    found = {m: (a, b) for m, a, b in rows}
    return [(m, *found.get(m, (0, 0))) for m in _month_keys(p["start"], p["end"])]


def _month_keys(start: str, end: str) -> list[str]:
    year, month = int(start[:4]), int(start[5:7])
    keys = []
    while f"{year:04d}-{month:02d}" <= end[:7]:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _documents(ws: Workspace, p: dict) -> dict[DocumentKind, int]:
    rows = dict(ws.execute(f"{_SCOPED} SELECT d.kind, COUNT(*) FROM document d "
                           f"JOIN scoped i ON i.id = d.inspection_id WHERE {_CURRENT_DOC} GROUP BY d.kind",
                           p).fetchall())
    return {k: rows.get(str(k), 0) for k in DocumentKind}


def _measures(ws: Workspace, p: dict) -> dict[OnSiteMeasure, int]:
    rows = dict(ws.execute(
        f"{_SCOPED} SELECT json_extract(m.value, '$.measure'), COUNT(*) FROM document d "
        "JOIN scoped i ON i.id = d.inspection_id, json_each(d.data, '$.measures') m "
        f"WHERE d.kind = '{DocumentKind.MEASURE}' AND {_CURRENT_DOC} GROUP BY 1", p).fetchall())
    return {m: rows.get(str(m), 0) for m in OnSiteMeasure}


def _seized_items(ws: Workspace, p: dict) -> int:
    return ws.execute(
        f"{_SCOPED} SELECT COALESCE(SUM(json_array_length(d.data, '$.items')), 0) FROM document d "
        f"JOIN scoped i ON i.id = d.inspection_id WHERE d.kind = '{DocumentKind.SEIZURE}' AND {_CURRENT_DOC}",
        p).fetchone()[0]


def _count(ws: Workspace, p: dict, column: str) -> int:
    """Penalty records with ``column`` (filed_on: 立案; decided_on: 决定) in the period."""
    return ws.execute(f"{_SCOPED} SELECT COUNT(*) FROM penalty x JOIN scoped i ON i.id = x.inspection_id "
                      f"WHERE x.deleted = 0 AND x.{column} BETWEEN :start AND :end", p).fetchone()[0]


def _amount(ws: Workspace, p: dict) -> int:
    return ws.execute(f"{_SCOPED} SELECT COALESCE(SUM(x.amount_fen), 0) FROM penalty x "
                      "JOIN scoped i ON i.id = x.inspection_id "
                      "WHERE x.deleted = 0 AND x.decided_on BETWEEN :start AND :end", p).fetchone()[0]


def _penalty_kinds(ws: Workspace, p: dict) -> dict[PenaltyKind, int]:
    rows = dict(ws.execute(f"{_SCOPED} SELECT k.value, COUNT(*) FROM penalty x "
                           "JOIN scoped i ON i.id = x.inspection_id, json_each(x.kinds) k "
                           "WHERE x.deleted = 0 AND x.decided_on BETWEEN :start AND :end GROUP BY 1",
                           p).fetchall())
    return {k: rows.get(str(k), 0) for k in PenaltyKind}


def supervision(ws: Workspace, p: dict) -> tuple[int, int]:
    """(挂牌督办 listed, 摘牌) in the period: listed_on / delisted_on within it, the area
    through finding -> enterprise.district and the finding's inspection."""
    row = ws.execute(
        "SELECT COALESCE(SUM(s.listed_on BETWEEN :start AND :end), 0), "
        "COALESCE(SUM(s.delisted_on BETWEEN :start AND :end), 0) FROM supervision s "
        "JOIN finding f ON f.id = s.finding_id JOIN enterprise e ON e.id = f.enterprise_id "
        "JOIN inspection i ON i.id = f.inspection_id "
        "WHERE s.deleted = 0 AND f.deleted = 0 AND i.deleted = 0 "
        "AND (:district IS NULL OR e.district = :district) AND (:family IS NULL OR i.family = :family)",
        p).fetchone()
    return int(row[0]), int(row[1])


def districts(ws: Workspace) -> list[str]:
    """The districts enterprises are in (for the area filter)."""
    return [r[0] for r in ws.execute("SELECT DISTINCT district FROM enterprise WHERE deleted = 0 "
                                     "AND district IS NOT NULL AND district != '' ORDER BY district")]
