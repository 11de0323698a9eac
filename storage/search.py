"""One search over the workspace (the window's Ctrl+F): enterprises, equipment and
findings at once, grouped by kind, each group bounded.

- enterprises: name, unified social credit code, address (``LIKE`` with the
  wildcards ``%`` and ``_`` escaped, so they are searched for as text);
- equipment: equipment code, registration number, name, location, and its type
  (``kind`` is a stored code: the types whose Chinese or English label contains
  the text are looked up here and compared through ``EquipmentKind``);
- findings: description and note through the full-text index (``storage/fts.py``,
  which finds one or two Chinese characters too), and the question of the
  checklist item a finding was recorded on.

Deleted rows (tombstones), and rows of a deleted enterprise, are never found.
``Workspace.search_all`` calls :func:`search_all`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checklists.common.errors import NotFound
from checklists.common.vocabulary import EquipmentKind, FindingState, HazardLevel

from . import fts
from .validate import search_text

if TYPE_CHECKING:
    from .workspace import Workspace

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class EnterpriseHit:
    id: str
    name: str
    credit_code: str | None
    address: str | None
    district: str | None


@dataclass(frozen=True)
class EquipmentHit:
    id: str
    enterprise_id: str
    enterprise_name: str
    kind: EquipmentKind
    name: str | None
    register_code: str | None
    registration_no: str | None
    location: str | None


@dataclass(frozen=True)
class FindingHit:
    id: str
    inspection_id: str
    enterprise_id: str
    enterprise_name: str
    description: str
    level: HazardLevel
    state: FindingState
    created_at: str
    checklist_hash: str | None
    item_id: str | None
    item_question: str | None       # the checklist item it was recorded on, if any


@dataclass(frozen=True)
class Group:
    """The hits of one kind, at most ``limit`` of them; ``more`` when others matched too."""

    hits: tuple
    more: bool = False


@dataclass(frozen=True)
class SearchResults:
    text: str                       # the search as run (trimmed, invisible characters removed)
    enterprises: Group = Group(())
    equipment: Group = Group(())
    findings: Group = Group(())

    @property
    def count(self) -> int:
        return len(self.enterprises.hits) + len(self.equipment.hits) + len(self.findings.hits)


def escape_like(text: str) -> str:
    """``text`` for ``LIKE … ESCAPE '\\'``: ``%``, ``_`` and ``\\`` match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_all(ws: Workspace, text: str, *, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """Enterprises, equipment and findings matching ``text``; nothing for an empty search."""
    text = search_text(text)
    if not text or limit < 1:
        return SearchResults(text)
    return SearchResults(text, enterprises=_enterprises(ws, text, limit),
                         equipment=_equipment(ws, text, limit), findings=_findings(ws, text, limit))


def _group(rows: list, limit: int, make) -> Group:
    return Group(tuple(make(r) for r in rows[:limit]), more=len(rows) > limit)


def _enterprises(ws: Workspace, text: str, limit: int) -> Group:
    rows = list(ws.query(
        "SELECT id, name, credit_code, address, district FROM enterprise WHERE deleted = 0 "
        "AND (name LIKE :q ESCAPE '\\' OR credit_code LIKE :q ESCAPE '\\' "
        "OR address LIKE :q ESCAPE '\\') ORDER BY name, id LIMIT :n",
        {"q": f"%{escape_like(text)}%", "n": limit + 1}))
    return _group(rows, limit, lambda r: EnterpriseHit(**r))


def matching_kinds(text: str) -> list[EquipmentKind]:
    """The equipment types whose Chinese or English label contains ``text``."""
    folded = text.casefold()
    return [kind for kind in EquipmentKind
            if folded in kind.label_zh.casefold() or folded in kind.label_en.casefold()]


def _equipment(ws: Workspace, text: str, limit: int) -> Group:
    kinds = [str(k) for k in matching_kinds(text)]
    rows = list(ws.query(
        "SELECT q.id, q.enterprise_id, e.name AS enterprise_name, q.kind, q.name, q.register_code, "
        "q.registration_no, q.location FROM equipment q JOIN enterprise e ON e.id = q.enterprise_id "
        "WHERE q.deleted = 0 AND e.deleted = 0 AND (q.register_code LIKE :q ESCAPE '\\' "
        "OR q.registration_no LIKE :q ESCAPE '\\' OR q.name LIKE :q ESCAPE '\\' "
        "OR q.location LIKE :q ESCAPE '\\' OR q.kind IN (SELECT value FROM json_each(:kinds))) "
        "ORDER BY e.name, q.kind, q.name, q.id LIMIT :n",
        {"q": f"%{escape_like(text)}%", "kinds": json.dumps(kinds), "n": limit + 1}))
    return _group(rows, limit, lambda r: EquipmentHit(**{**r, "kind": EquipmentKind(r["kind"])}))


def _matching_items(ws: Workspace, text: str) -> dict[str, list[str]]:
    """checklist hash -> ids of its items whose question contains ``text``, for every
    checklist version installed (a few; each is parsed once and cached)."""
    folded = text.casefold()
    hashes = [r[0] for r in ws.execute("SELECT hash FROM checklist ORDER BY hash")]
    found: dict[str, list[str]] = {}
    for checklist_hash in hashes:
        items = [item.id for item in ws.checklist(checklist_hash).items()
                 if folded in item.question.casefold()]
        if items:
            found[checklist_hash] = items
    return found


def _findings(ws: Workspace, text: str, limit: int) -> Group:
    clauses = ["f.rowid IN (SELECT rowid FROM finding_fts WHERE finding_fts MATCH ?)"]
    params: list[Any] = [fts.match_expression(text)]
    for checklist_hash, items in _matching_items(ws, text).items():
        clauses.append("(f.checklist_hash = ? AND f.item_id IN (SELECT value FROM json_each(?)))")
        params += [checklist_hash, json.dumps(items)]
    rows = list(ws.query(
        "SELECT f.id, f.inspection_id, f.enterprise_id, e.name AS enterprise_name, f.description, "
        "f.level, f.state, f.created_at, f.checklist_hash, f.item_id "
        "FROM finding f JOIN enterprise e ON e.id = f.enterprise_id "
        f"WHERE f.deleted = 0 AND e.deleted = 0 AND ({' OR '.join(clauses)}) "
        "ORDER BY f.rowid DESC LIMIT ?", [*params, limit + 1]))
    return _group(rows, limit, lambda r: _finding_hit(ws, r))


def _finding_hit(ws: Workspace, row: dict) -> FindingHit:
    question = None
    if row["checklist_hash"] and row["item_id"]:
        try:
            question = ws.checklist(row["checklist_hash"]).item(row["item_id"]).question
        except NotFound:                # a checklist version or item this workspace lacks
            question = None
    return FindingHit(**{**row, "level": HazardLevel(row["level"]), "state": FindingState(row["state"]),
                         "item_question": question})
