"""This device's identity and the workspace settings (JSON values by key).

Settings hold what the user configured (departments, inspectors, number prefix
and blocks, language) and small state (re-inspection drafts); they never travel
in sync bundles.  Every change is one transaction with one audit event.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import audit, inputs
from .ids import uuid7

if TYPE_CHECKING:
    from .workspace import Workspace

SELF_NAME = "本机"      # until the user names the device


def ensure_device(ws: Workspace) -> str:
    """This device's id, created (and trusted) on first use."""
    row = ws.execute("SELECT id FROM device WHERE is_self = 1").fetchone()
    if row:
        return row[0]
    device_id = uuid7()
    with ws.transaction():
        ws._insert_row("device", {"id": device_id, "name": SELF_NAME, "created_at": ws.now(),
                                  "is_self": 1, "trusted": 1})
    return device_id


def get(ws: Workspace, key: str, default: Any = None) -> Any:
    row = ws.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def all_of(ws: Workspace) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in ws.execute("SELECT key, value FROM setting")}


def put(ws: Workspace, values: Mapping[str, Any]) -> None:
    """Set settings, each value checked (``inputs.setting_value``); None removes a key."""
    values = {key: inputs.setting_value(key, value) for key, value in values.items()}
    with ws.transaction():
        for key, value in values.items():
            if value is None:
                ws.execute("DELETE FROM setting WHERE key = ?", [key])
                continue
            ws.execute("INSERT INTO setting (key, value) VALUES (?, ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       [key, json.dumps(value, ensure_ascii=False)])
        audit.append(ws.conn, device_id=ws.device_id, at=ws.now(), action="settings",
                     entity="setting", entity_id="*", payload={"keys": sorted(values)})
