"""Bulk synthetic findings for benchmarks (the GUI start-up and ledger at 100k rows).

Copies the shape of findings already in the workspace (made by ``demo.fill``)
and inserts ``count`` more in one transaction with ``executemany``.  For
benchmarks only: these rows bypass the audit chain on purpose.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from .ids import uuid7
from .workspace import Workspace

STATES = ("open", "ordered", "rectified", "closed", "closed")
COLUMNS = ("id", "device_id", "created_at", "updated_at", "inspection_id", "enterprise_id",
           "equipment_id", "checklist_hash", "item_id", "level", "description", "basis",
           "rectification", "deadline", "state", "state_at")


def add_findings(ws: Workspace, count: int, *, seed: int = 7, today: date | None = None) -> int:
    """Insert ``count`` findings modelled on the existing ones; returns how many were added."""
    templates = list(ws.db.query(
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
            if t["rectification"] == "deadline" else None
        rows.append((uuid7(), ws.device_id, stamp, stamp, t["inspection_id"], t["enterprise_id"],
                     t["equipment_id"], t["checklist_hash"], t["item_id"], t["level"],
                     f"{t['description']}（{n}）", t["basis"], t["rectification"], deadline,
                     rng.choice(STATES), stamp))
    sql = (f"INSERT INTO finding ({', '.join(COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in COLUMNS)})")
    with ws.transaction():
        ws.db.conn.executemany(sql, rows)
    return count
