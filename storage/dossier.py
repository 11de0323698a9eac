"""The enterprise file (一企一档): an enterprise's data, equipment with due dates, and
every inspection, finding, state change, document, photo and 行政处罚 in time order; its
risk grade (红/橙/黄/蓝) with who set it, when and why; and a score computed from
the ledger, each factor shown.

The score is an aid to choosing where to look, not a legal grading: its weights
are the ``DEFAULT_WEIGHTS`` below unless the settings give others
(``risk_weights``), and an industry adds points only where the settings name it
(``risk_industry_points``); see docs/enterprise-file.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from checklists.common.messages import Listing, Msg
from checklists.common.vocabulary import (
    DocumentKind,
    FindingState,
    HazardLevel,
    InspectionMode,
    RiskColour,
    is_overdue,
    local_time,
)

from . import inputs
from .ids import parse_iso
from .records import Enterprise, Equipment, Inspection

if TYPE_CHECKING:
    from .workspace import Workspace

DEFAULT_WEIGHTS = {
    "open_major": 20,          # each 重大隐患 not closed
    "overdue_major": 10,       # more for each of them past its deadline
    "overdue_general": 3,      # each 一般隐患 past its deadline
    "equipment_overdue": 10,   # each piece of equipment past its periodic inspection
    "days_180": 5,             # last inspection more than 180 days ago
    "days_365": 10,            # more than 365 days ago, or never
}


@dataclass(frozen=True)
class Factor:
    key: str
    label: Msg
    detail: Msg
    points: int


@dataclass(frozen=True)
class RiskScore:
    factors: tuple[Factor, ...]

    @property
    def total(self) -> int:
        return sum(f.points for f in self.factors)


@dataclass(frozen=True)
class Event:
    """One thing that happened at the enterprise, for the time line."""

    at: str          # ISO time
    what: Msg
    text: str
    ref: str         # the record's id


@dataclass(frozen=True)
class EnterpriseFile:
    enterprise: Enterprise
    equipment: list[Equipment]
    inspections: list[Inspection]
    findings: list[dict]
    documents: list[dict]
    photos: int
    events: list[Event]
    score: RiskScore
    today: date


# ----- the risk grade --------------------------------------------------------------------
def set_risk_grade(ws: Workspace, enterprise_id: str, colour: Any, set_by: str, reason: str) -> Enterprise:
    """Grade an enterprise 红/橙/黄/蓝, saying who did and why (one transaction)."""
    ws.enterprise(enterprise_id)
    values = {"risk_colour": str(inputs.enum_value(RiskColour, colour, "风险等级")),
              "risk_set_by": inputs.required("enterprise", "risk_set_by", set_by, "评定人"),
              "risk_reason": inputs.required("enterprise", "risk_reason", reason, "评定理由"),
              "risk_set_at": ws.now()}
    return Enterprise.from_row(ws._update("enterprise", enterprise_id, values, action="risk_grade"))


def weights(ws: Workspace) -> dict[str, int]:
    given = ws.setting("risk_weights") or {}
    found = dict(DEFAULT_WEIGHTS)
    for key, value in given.items() if isinstance(given, dict) else ():
        if key in found and isinstance(value, int) and 0 <= value <= 1000:
            found[key] = value
    return found


def risk_score(ws: Workspace, enterprise_id: str, today: date) -> RiskScore:
    """The score from the ledger, factor by factor."""
    w, firm = weights(ws), ws.enterprise(enterprise_id)
    rows = list(ws.query("SELECT level, state, deadline FROM finding WHERE enterprise_id = ? "
                         "AND deleted = 0", [enterprise_id]))
    major = [r for r in rows if r["level"] == HazardLevel.MAJOR and r["state"] != FindingState.CLOSED]
    late_major = [r for r in major if is_overdue(r["state"], r["deadline"], today)]
    late_general = [r for r in rows if r["level"] == HazardLevel.GENERAL
                    and is_overdue(r["state"], r["deadline"], today)]
    due = [e for e in ws.equipment_list(enterprise_id) if e.overdue(today)]
    factors = [
        Factor("open_major", Msg("未销号的重大隐患"), Msg("{n} 项", n=len(major)), len(major) * w["open_major"]),
        Factor("overdue_major", Msg("其中已逾期"), Msg("{n} 项", n=len(late_major)),
               len(late_major) * w["overdue_major"]),
        Factor("overdue_general", Msg("逾期未整改的一般隐患"), Msg("{n} 项", n=len(late_general)),
               len(late_general) * w["overdue_general"]),
        Factor("equipment_overdue", Msg("超过定期检验日期的设备"), Msg("{n} 台", n=len(due)),
               len(due) * w["equipment_overdue"]),
        _since_last(ws, enterprise_id, today, w),
        _industry(ws, firm),
    ]
    return RiskScore(tuple(factors))


def _since_last(ws: Workspace, enterprise_id: str, today: date, w: dict[str, int]) -> Factor:
    row = ws.execute("SELECT MAX(started_at) FROM inspection WHERE enterprise_id = ? AND deleted = 0",
                     [enterprise_id]).fetchone()
    label = Msg("距上次检查")
    if not row[0]:
        return Factor("since_last", label, Msg("从未检查"), w["days_365"])
    days = (today - local_time(parse_iso(row[0])).date()).days
    points = w["days_365"] if days > 365 else w["days_180"] if days > 180 else 0
    return Factor("since_last", label, Msg("{days} 天", days=days), points)


def _industry(ws: Workspace, firm: Enterprise) -> Factor:
    table = ws.setting("risk_industry_points") or {}
    label = Msg("行业")
    if not firm.industry:
        return Factor("industry", label, Msg("未填写行业"), 0)
    points = table.get(firm.industry) if isinstance(table, dict) else None
    if not isinstance(points, int):
        return Factor("industry", label, Msg("{industry}（设置中未给该行业分值）", industry=firm.industry), 0)
    return Factor("industry", label, Msg("{industry}", industry=firm.industry), points)


# ----- the file --------------------------------------------------------------------------
def enterprise_file(ws: Workspace, enterprise_id: str, today: date | None = None) -> EnterpriseFile:
    day = today or ws.today()
    firm = ws.enterprise(enterprise_id)
    inspections = ws.inspections(enterprise_id=enterprise_id, limit=1_000_000)
    findings = list(ws.query("SELECT * FROM finding WHERE enterprise_id = ? AND deleted = 0 "
                             "ORDER BY created_at, id", [enterprise_id]))
    documents = list(ws.query(
        "SELECT d.* FROM document d JOIN inspection i ON i.id = d.inspection_id "
        "WHERE i.enterprise_id = ? AND d.deleted = 0 ORDER BY d.issued_at, d.id", [enterprise_id]))
    photos = ws.execute("SELECT COUNT(*) FROM photo p JOIN inspection i ON i.id = p.inspection_id "
                        "WHERE i.enterprise_id = ? AND p.deleted = 0", [enterprise_id]).fetchone()[0]
    return EnterpriseFile(firm, ws.equipment_list(enterprise_id), inspections, findings, documents,
                          photos, events(ws, enterprise_id, inspections, findings, documents),
                          risk_score(ws, enterprise_id, day), day)


def events(ws: Workspace, enterprise_id: str, inspections: list[Inspection], findings: list[dict],
           documents: list[dict]) -> list[Event]:
    """Everything in time order (at the same time: an inspection's start, findings, state
    changes, documents, photos, an inspection's end)."""
    found: list[tuple[str, int, Event]] = []
    for i in inspections:
        people = "、".join(p.get("name", "") for p in i.inspectors)
        found.append((i.started_at, 0, Event(i.started_at, Msg("开始检查（{mode}）", mode=InspectionMode(i.mode)),
                                              people, i.id)))
        if i.finished_at:
            found.append((i.finished_at, 5, Event(i.finished_at, Msg("完成检查"), people, i.id)))
    texts = {}
    for f in findings:
        texts[f["id"]] = f["description"]
        found.append((f["created_at"], 1, Event(f["created_at"], Msg("发现{level}", level=HazardLevel(f["level"])),
                                                f["description"], f["id"])))
    for e in ws.query("SELECT e.* FROM finding_event e JOIN finding f ON f.id = e.finding_id "
                      "WHERE f.enterprise_id = ? AND f.deleted = 0 AND e.state != ?",
                      [enterprise_id, str(FindingState.OPEN)]):
        found.append((e["at"], 2, Event(e["at"], Msg("隐患{state}", state=FindingState(e["state"])),
                                        texts.get(e["finding_id"], ""), e["finding_id"])))
    for d in documents:
        kind = DocumentKind(d["kind"]) if d["kind"] in set(DocumentKind) else d["kind"]
        found.append((d["issued_at"], 3, Event(d["issued_at"], Msg("出具{kind}", kind=kind), d["number"], d["id"])))
    for p in ws.query("SELECT p.id, COALESCE(p.taken_at, p.created_at) AS at, p.caption, p.original_name "
                      "FROM photo p JOIN inspection i ON i.id = p.inspection_id "
                      "WHERE i.enterprise_id = ? AND p.deleted = 0", [enterprise_id]):
        found.append((p["at"], 4, Event(p["at"], Msg("现场照片"), p["caption"] or p["original_name"] or "",
                                        p["id"])))
    found += _penalty_events(ws, enterprise_id)
    found.sort(key=lambda t: (_instant(t[0]), t[1], t[2].ref))
    return [e for _, _, e in found]


def _penalty_events(ws: Workspace, enterprise_id: str) -> list[tuple[str, int, Event]]:
    """立案 on its day, and the 行政处罚决定 (its kinds, amount and number) on the day it was made."""
    from . import penalty

    found = []
    for p in ws.penalties(enterprise_id=enterprise_id):
        found.append((p.filed_on, 6, Event(p.filed_on, Msg("行政处罚立案"), p.note or "", p.id)))
        if p.decided_on:
            what = (Msg("行政处罚决定：{kinds}，{amount} 元", kinds=Listing(p.kinds),
                        amount=penalty.yuan_text(p.amount_fen)) if p.amount_fen is not None
                    else Msg("行政处罚决定：{kinds}", kinds=Listing(p.kinds)))
            found.append((p.decided_on, 7, Event(p.decided_on, what, p.decision_number or "", p.id)))
    return found


def _instant(stamp: str) -> str:
    """A sortable form of a stored time: Asia/Shanghai (assumed where it names no zone); a
    day without a time (a penalty's dates) after every time of that day."""
    if len(stamp or "") == 10:
        return stamp + "T24"
    try:
        return local_time(parse_iso(stamp)).isoformat(timespec="microseconds")
    except (TypeError, ValueError):
        return stamp or ""
