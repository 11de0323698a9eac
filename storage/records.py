"""Plain, immutable views of the workspace's records, as the facade returns them.

They are snapshots: a write returns the new snapshot, and callers refresh from
that.  JSON columns are decoded; codes stay the StrEnum values of
``checklists.common.vocabulary``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, ClassVar, Self

from checklists.common.vocabulary import (
    EquipmentKind,
    Family,
    FindingState,
    HazardLevel,
    InspectionMode,
    Rectification,
    Result,
    TaskSource,
    is_overdue,
)


class _Record:
    _json_fields: ClassVar[tuple[str, ...]] = ()
    _enums: ClassVar[dict[str, type]] = {}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        values = {}
        for f in fields(cls):  # type: ignore[arg-type]
            value = row.get(f.name)
            if value is not None and f.name in cls._json_fields:
                value = json.loads(value)
                value = tuple(value) if isinstance(value, list) else value
            elif value is not None and f.name in cls._enums:
                value = cls._enums[f.name](value)
            values[f.name] = value
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Enterprise(_Record):
    id: str
    name: str
    credit_code: str | None = None
    address: str | None = None
    district: str | None = None
    legal_rep: str | None = None
    legal_rep_title: str | None = None
    contact: str | None = None
    phone: str | None = None
    industry: str | None = None
    risk_colour: str | None = None
    sector: str | None = None       # checklists.common.vocabulary.Sector; None: not known
    risk_set_by: str | None = None  # who set risk_colour with a reason (storage/dossier.py)
    risk_reason: str | None = None
    risk_set_at: str | None = None
    device_id: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class Equipment(_Record):
    id: str
    enterprise_id: str
    kind: EquipmentKind
    name: str | None = None
    register_code: str | None = None
    registration_no: str | None = None
    location: str | None = None
    next_inspection_date: str | None = None
    device_id: str = ""
    created_at: str = ""
    updated_at: str = ""
    _enums: ClassVar[dict[str, type]] = {"kind": EquipmentKind}

    def overdue(self, today: date) -> bool:
        return bool(self.next_inspection_date) and self.next_inspection_date < today.isoformat()


@dataclass(frozen=True, slots=True)
class Inspection(_Record):
    id: str
    enterprise_id: str
    mode: InspectionMode
    family: Family
    checklists: tuple[dict, ...]
    inspectors: tuple[dict, ...]
    started_at: str
    equipment_id: str | None = None
    parent_id: str | None = None
    site: str | None = None
    site_manager: str | None = None
    finished_at: str | None = None
    note: str | None = None
    task_source: TaskSource | None = None
    task_source_note: str | None = None
    equipment_tables: tuple[dict, ...] | None = None   # [{"id", "attributes"}]: per-equipment tables
    task_id: str | None = None      # the plan task it was started for (storage/plan.py)
    device_id: str = ""
    created_at: str = ""
    updated_at: str = ""
    _json_fields: ClassVar[tuple[str, ...]] = ("checklists", "inspectors", "equipment_tables")
    _enums: ClassVar[dict[str, type]] = {"mode": InspectionMode, "family": Family, "task_source": TaskSource}

    @property
    def checklist_hashes(self) -> tuple[str, ...]:
        return tuple(c["hash"] for c in self.checklists)


@dataclass(frozen=True, slots=True)
class Answer(_Record):
    id: str
    inspection_id: str
    checklist_hash: str
    item_id: str
    result: Result | None = None
    value: str | None = None
    note: str | None = None
    for_equipment: str | None = None     # the equipment of a per-equipment table; None: the unit
    updated_at: str = ""
    _enums: ClassVar[dict[str, type]] = {"result": Result}


@dataclass(frozen=True, slots=True)
class Finding(_Record):
    id: str
    inspection_id: str
    enterprise_id: str
    level: HazardLevel
    description: str
    rectification: Rectification
    state: FindingState
    state_at: str
    basis: tuple[str, ...] = ()
    measure: str | None = None
    deadline: str | None = None
    equipment_id: str | None = None
    checklist_hash: str | None = None
    item_id: str | None = None
    note: str | None = None
    device_id: str = ""
    created_at: str = ""
    updated_at: str = ""
    _json_fields: ClassVar[tuple[str, ...]] = ("basis",)
    _enums: ClassVar[dict[str, type]] = {"level": HazardLevel, "rectification": Rectification, "state": FindingState}

    def overdue(self, today: date) -> bool:
        return is_overdue(self.state, self.deadline, today)


@dataclass(frozen=True, slots=True)
class FindingEvent(_Record):
    id: str
    finding_id: str
    state: FindingState
    at: str
    device_id: str
    created_at: str
    inspection_id: str | None = None
    document_id: str | None = None
    note: str | None = None
    _enums: ClassVar[dict[str, type]] = {"state": FindingState}


@dataclass(frozen=True, slots=True)
class Photo(_Record):
    id: str
    inspection_id: str
    original_sha256: str
    normal_sha256: str
    thumb_sha256: str
    finding_id: str | None = None
    checklist_hash: str | None = None
    item_id: str | None = None
    derived_from: str | None = None
    original_name: str | None = None
    mime: str | None = None
    width: int | None = None
    height: int | None = None
    taken_at: str | None = None
    gps_lat: float | None = None
    gps_lon: float | None = None
    caption: str | None = None
    taken_by: str | None = None
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class Document(_Record):
    id: str
    inspection_id: str
    kind: str
    number: str
    issued_at: str
    pdf_sha256: str
    content_hash: str
    supersedes_id: str | None = None
    data: dict | None = None
    device_id: str = ""
    created_at: str = ""
    _json_fields: ClassVar[tuple[str, ...]] = ("data",)


@dataclass(frozen=True)
class Judgement:
    """What ``Workspace.record_result`` did: the answer, the item's finding after it
    (None: the item has none), and whether the finding was opened or withdrawn."""

    answer: Answer
    finding: Finding | None
    finding_changed: bool
