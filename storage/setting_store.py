"""This device's identity and the workspace settings (JSON values by key).

Settings hold what the user configured (departments, inspectors, number prefix
and blocks, language) and small state (re-inspection drafts); they never travel
in sync bundles.  Every change is one transaction with one audit event.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from checklists.common.vocabulary import Family

from . import audit, inputs
from .ids import uuid7

if TYPE_CHECKING:
    from .workspace import Workspace

SELF_NAME = "本机"      # until the user names the device
SETUP_DONE = "setup_done"       # set by the first-run set-up once it was finished
# The setting that holds each family's issuing department (see docs/documents.md).
DEPARTMENT_SETTINGS = {Family.EMS: "department", Family.SAMR: "department_samr"}


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


def department(ws: Workspace, family: str) -> dict[str, Any]:
    """The issuing department configured for a family's documents, {} when none.

    ``department`` holds the 应急管理 department and ``department_samr`` the
    市场监督管理 one; a 市场监督管理 department saved as ``department`` by older
    versions still serves 市场监管 documents (and never 应急 ones)."""
    own = get(ws, "department") or {}
    older_samr = "市场监" in str(own.get("name") or "")
    if family == Family.SAMR:
        samr = get(ws, "department_samr") or {}
        return samr if samr.get("name") else own if older_samr else {}
    return {} if older_samr else own


def setup_done(ws: Workspace) -> bool:
    return bool(get(ws, SETUP_DONE))


def save_setup(ws: Workspace, *, departments: Mapping[str, Mapping[str, str] | None],
               inspectors: list[Mapping[str, str]], device_name: str) -> None:
    """What the first-run set-up asks for, checked as a whole and written in one
    transaction: the departments by family (None: the user does not work for
    one), the inspectors, this device's name; then the set-up counts as done."""
    from .sync.devices import set_device_name

    values = inputs.setup_values(departments, inspectors)
    name = inputs.device_name(device_name, SELF_NAME)
    with ws.transaction():
        put(ws, {**{DEPARTMENT_SETTINGS[f]: d for f, d in values["departments"].items()},
                 "inspectors": values["inspectors"], SETUP_DONE: True})
        set_device_name(ws, name)
