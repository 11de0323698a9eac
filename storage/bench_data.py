"""Bulk synthetic findings for benchmarks (the GUI start-up and ledger at 100k rows).

Copies the shape of findings already in the workspace (made by ``demo.fill``)
and inserts ``count`` more through ``storage.bulk`` (one transaction, one
audit event for the batch).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from checklists.common.vocabulary import Rectification

from .bulk import bulk_insert
from .ids import uuid7
from .workspace import Workspace

STATES = ("open", "ordered", "rectified", "closed", "closed")


def add_findings(ws: Workspace, count: int, *, seed: int = 7, today: date | None = None) -> int:
    """Insert ``count`` findings modelled on the existing ones; returns how many were added."""
    templates = list(ws.query(
        "SELECT inspection_id, enterprise_id, equipment_id, checklist_hash, item_id, level, "
        "description, basis, rectification FROM finding WHERE deleted = 0 LIMIT 500"))
    if not templates:
        raise ValueError("add_findings needs some findings to copy; run demo.fill first")
    rng = random.Random(seed)
    day = today or ws.today()
    rows = []
    for n in range(count):
        t = rng.choice(templates)
        created = day - timedelta(days=rng.randint(0, 1500))
        stamp = f"{created.isoformat()}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00+08:00"
        deadline = (created + timedelta(days=rng.choice((7, 15, 30)))).isoformat() \
            if t["rectification"] == Rectification.DEADLINE else None
        rows.append({
            "id": uuid7(), "created_at": stamp, "updated_at": stamp,
            **{k: t[k] for k in ("inspection_id", "enterprise_id", "equipment_id",
                                 "checklist_hash", "item_id", "level")},
            "description": f"{t['description']}（{n}）", "basis": t["basis"],
            "rectification": t["rectification"], "deadline": deadline,
            "state": rng.choice(STATES), "state_at": stamp,
        })
    return bulk_insert(ws, "finding", rows)
