"""The inspections of a workspace with their enterprise's name, newest first (for ``inspections list``)."""
from __future__ import annotations

from dataclasses import dataclass

from .records import Inspection
from .validate import search_text
from .workspace import Workspace, _escape_like


@dataclass(frozen=True, slots=True)
class InspectionRow:
    inspection: Inspection
    enterprise: str


def inspection_rows(ws: Workspace, *, enterprise: str = "", limit: int = 50) -> list[InspectionRow]:
    """Inspections newest first; ``enterprise`` is an enterprise's id or part of its name."""
    rows = ws.query(
        "SELECT i.*, e.name AS enterprise_name FROM inspection i "
        "JOIN enterprise e ON e.id = i.enterprise_id WHERE i.deleted = 0 "
        "AND (:id = '' OR e.id = :id OR e.name LIKE :like ESCAPE '\\') "
        "ORDER BY i.started_at DESC, i.id DESC LIMIT :limit",
        {"id": enterprise, "like": f"%{_escape_like(search_text(enterprise))}%", "limit": limit})
    return [InspectionRow(Inspection.from_row(r), r["enterprise_name"]) for r in rows]
