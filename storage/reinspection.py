"""复查 (re-inspection): which inspection re-checks a finding, and the opinions an
inspector has given but not yet issued.

The draft of a re-inspection is kept in the workspace settings
(``review_draft:<re-inspection id>``) and saved at every change, so leaving the
view, switching language or restarting the program loses nothing; issuing the
整改复查意见书 (``export.issue.conclude_review``) clears it in the same transaction.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from checklists.common.vocabulary import InspectionMode, Opinion, TaskSource

from .records import Inspection

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass
class Verdict:
    """What the inspector decided about one finding (kept until the opinion is issued)."""

    opinion: Opinion | None = None
    note: str = ""
    deadline: date | None = None

    def to_json(self) -> dict:
        return {"opinion": self.opinion and str(self.opinion), "note": self.note,
                "deadline": self.deadline and self.deadline.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> Verdict:
        opinion, deadline = data.get("opinion"), data.get("deadline")
        return cls(Opinion(opinion) if opinion else None, data.get("note") or "",
                   date.fromisoformat(deadline) if deadline else None)

    @property
    def empty(self) -> bool:
        return self.opinion is None and not self.note


def draft_key(reinspection_id: str) -> str:
    return f"review_draft:{reinspection_id}"


# Beside the verdicts (keyed by finding id) the draft keeps the day the unit's 整改报告
# was received (not an id, so it never meets a finding's key).
REPORT_KEY = "report_received"


def _stored(ws: Workspace, reinspection_id: str) -> dict:
    return dict(ws.setting(draft_key(reinspection_id)) or {})


def load_draft(ws: Workspace, reinspection_id: str) -> dict[str, Verdict]:
    """The opinions given so far but not yet issued, by finding id."""
    stored = _stored(ws, reinspection_id)
    stored.pop(REPORT_KEY, None)
    return {fid: Verdict.from_json(data) for fid, data in stored.items()}


def _save(ws: Workspace, reinspection_id: str, draft: dict) -> None:
    if draft != _stored(ws, reinspection_id):
        ws.set_settings({draft_key(reinspection_id): draft or None})


def save_draft(ws: Workspace, reinspection_id: str, verdicts: Mapping[str, Verdict]) -> None:
    draft = {fid: v.to_json() for fid, v in verdicts.items() if not v.empty}
    report = _stored(ws, reinspection_id).get(REPORT_KEY)
    _save(ws, reinspection_id, {**draft, **({REPORT_KEY: report} if report else {})})


def load_report_received(ws: Workspace, reinspection_id: str) -> date | None:
    """The day the 整改报告 was received, as entered so far (None: not entered)."""
    value = _stored(ws, reinspection_id).get(REPORT_KEY)
    return date.fromisoformat(value) if value else None


def save_report_received(ws: Workspace, reinspection_id: str, day: date | None) -> None:
    """Keep the day the 整改报告 was received with the draft (None clears it)."""
    draft = _stored(ws, reinspection_id)
    draft.pop(REPORT_KEY, None)
    _save(ws, reinspection_id, {**draft, **({REPORT_KEY: day.isoformat()} if day else {})})


def clear_draft(ws: Workspace, reinspection_id: str) -> None:
    ws.set_settings({draft_key(reinspection_id): None})


def find_or_start(ws: Workspace, finding_id: str) -> Inspection:
    """The unfinished re-inspection of the finding's inspection, or a new one."""
    parent = ws.inspection(ws.finding(finding_id).inspection_id)
    if parent.parent_id and parent.mode == InspectionMode.REINSPECTION:
        parent = ws.inspection(parent.parent_id)
    for insp in ws.inspections(enterprise_id=parent.enterprise_id, limit=1000):
        if insp.parent_id == parent.id and not insp.finished_at:
            return insp
    return ws.start_inspection(parent.enterprise_id, [], [dict(p) for p in parent.inspectors],
                               mode=InspectionMode.REINSPECTION, parent_id=parent.id,
                               equipment_id=parent.equipment_id, site=parent.site,
                               family=parent.family, task_source=TaskSource.REVIEW)
