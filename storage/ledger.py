"""Headquarters views across all devices: the hazard ledger rows for export and
the statistics the work reports quote (排查隐患 N 项、整改销号 M 项、销号率).

``statistics(ws, by=..., today=...)`` returns plain ``StatRow``s for the GUI's
charts and tables; ``ledger_rows(ws, query, today)`` returns one flat
``LedgerLine`` per finding (the same filters as the GUI ledger, ``FindingQuery``).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from checklists.domain import EquipmentKind
from checklists.errors import InvalidInput

from .workspace import FindingQuery, Workspace, ledger_where

# by -> (key expression, label expression, extra FROM for inspections)
GROUPS = {
    "district": ("COALESCE(e.district, '')", "COALESCE(e.district, '未填写区域')"),
    "enterprise": ("e.id", "e.name"),
    "equipment_kind": ("COALESCE(q.kind, '')", "COALESCE(q.kind, '')"),
    "inspector": ("json_extract(p.value, '$.name')", "json_extract(p.value, '$.name')"),
    "month": ("substr(i.started_at, 1, 7)", "substr(i.started_at, 1, 7)"),
}
BY_ZH = {"district": "区域", "enterprise": "企业", "equipment_kind": "设备类别",
         "inspector": "执法人员", "month": "月份"}


@dataclass(frozen=True)
class StatRow:
    """One group's figures.  ``closure_rate`` = closed / hazards (0 when none)."""

    key: str
    label: str
    inspections: int = 0
    hazards: int = 0
    major: int = 0
    rectified: int = 0      # rectified or closed (整改完成)
    closed: int = 0         # closed (销号)
    overdue: int = 0        # open/ordered past the deadline on ``today``

    @property
    def closure_rate(self) -> float:
        return self.closed / self.hazards if self.hazards else 0.0


def _from(by: str) -> str:
    base = ("FROM inspection i JOIN enterprise e ON e.id = i.enterprise_id "
            "LEFT JOIN equipment q ON q.id = i.equipment_id")
    return base + (", json_each(i.inspectors) p" if by == "inspector" else "")


def statistics(ws: Workspace, *, by: str, today: date | None = None) -> list[StatRow]:
    """Figures per district, enterprise, equipment_kind, inspector or month.

    Inspections count once per group (for ``inspector``, once per inspector on
    it); hazards are the findings of those inspections.  Rows are sorted by
    hazards, then inspections, descending.
    """
    if by not in GROUPS:
        raise InvalidInput("分组", f"不支持按 {by!r} 统计", hint="可选：" + "、".join(GROUPS))
    key, label = GROUPS[by]
    day = (today or ws.today()).isoformat()
    rows: dict[str, dict] = {}
    for k, lab, n in ws.execute(
            f"SELECT {key}, {label}, COUNT(DISTINCT i.id) {_from(by)} WHERE i.deleted = 0 "
            f"GROUP BY 1", []):
        rows[k] = {"key": k, "label": _label(by, lab), "inspections": n}
    for k, lab, *figures in ws.execute(
            f"SELECT {key}, {label}, COUNT(*), SUM(f.level = 'major'), "
            "SUM(f.state IN ('rectified', 'closed')), SUM(f.state = 'closed'), "
            "SUM(f.state IN ('open', 'ordered') AND f.deadline IS NOT NULL AND f.deadline < ?) "
            f"{_from(by)} JOIN finding f ON f.inspection_id = i.id "
            "WHERE i.deleted = 0 AND f.deleted = 0 GROUP BY 1", [day]):
        entry = rows.setdefault(k, {"key": k, "label": _label(by, lab), "inspections": 0})
        entry.update(zip(("hazards", "major", "rectified", "closed", "overdue"),
                         (int(v or 0) for v in figures)))
    stats = [StatRow(**r) for r in rows.values()]
    return sorted(stats, key=lambda s: (-s.hazards, -s.inspections, s.label))


def totals(ws: Workspace, *, today: date | None = None) -> StatRow:
    """All devices together (the headline figures)."""
    rows = statistics(ws, by="district", today=today)
    return StatRow("", "合计", *(sum(getattr(r, f) for r in rows) for f in
                               ("inspections", "hazards", "major", "rectified", "closed", "overdue")))


def _label(by: str, value: str | None) -> str:
    if by == "equipment_kind":
        try:
            return EquipmentKind(value).label_zh
        except ValueError:
            return "综合（无设备）"
    return value or "未填写"


@dataclass(frozen=True)
class LedgerLine:
    """One finding as the ledger (台账) prints it."""

    finding_id: str
    enterprise: str
    credit_code: str | None
    district: str | None
    equipment_kind: str | None
    register_code: str | None
    inspected_on: str
    inspectors: str
    checklist: str | None
    item_id: str | None
    description: str
    level: str
    basis: str
    measure: str | None
    rectification: str
    deadline: str | None
    state: str
    state_at: str
    overdue: bool
    device: str


def ledger_rows(ws: Workspace, query: FindingQuery = FindingQuery(), *,
                today: date | None = None) -> Iterator[LedgerLine]:
    """Every finding matching ``query`` across all devices, oldest first."""
    from checklists.domain import FindingState, HazardLevel, Rectification

    where, params = ledger_where(query)
    day = (today or ws.today()).isoformat()
    cur = ws.execute(
        "SELECT f.id, e.name, e.credit_code, e.district, q.kind, q.register_code, i.started_at, "
        "i.inspectors, c.title, f.item_id, f.description, f.level, f.basis, f.measure, "
        "f.rectification, f.deadline, f.state, f.state_at, d.name "
        "FROM finding f JOIN enterprise e ON e.id = f.enterprise_id "
        "LEFT JOIN checklist c ON c.hash = f.checklist_hash "
        "LEFT JOIN inspection i ON i.id = f.inspection_id "
        "LEFT JOIN equipment q ON q.id = f.equipment_id "
        "LEFT JOIN device d ON d.id = f.device_id "
        f"WHERE {where} ORDER BY i.started_at, f.created_at, f.id", params)
    for (fid, ent, code, district, kind, reg, started, people, title, item, desc, level, basis,
         measure, rect, deadline, state, state_at, device) in cur:
        yield LedgerLine(
            fid, ent, code, district, kind and EquipmentKind(kind).label_zh, reg,
            (started or "")[:10], "、".join(p["name"] for p in json.loads(people or "[]")), title,
            item, desc, HazardLevel(level).label_zh, "；".join(json.loads(basis or "[]")), measure,
            Rectification(rect).label_zh, deadline, FindingState(state).label_zh, state_at[:10],
            state in ("open", "ordered") and bool(deadline) and deadline < day, device or "")
