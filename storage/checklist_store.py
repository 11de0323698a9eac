"""Checklists installed in a workspace: every version kept, by the hash of its content.

Each inspection stores the hash of the checklist version it used, and the
workspace keeps that version's YAML, so any inspection can be replayed.  Parsing
a checklist is the slow part; a parsed checklist is an immutable value, cached
per process by its text and per workspace by its hash, and across processes in
the user's cache folder as JSON (``checklists.compiled``), accepted only when it
rebuilds to the hash the workspace recorded when the YAML was validated.
"""
from __future__ import annotations

import dataclasses
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from checklists import Checklist, builtin_dir
from checklists.common.errors import NotFound, SiteCheckError

from .files import atomic_write
from .paths import cache_dir

if TYPE_CHECKING:
    from .workspace import Workspace


@lru_cache(maxsize=64)
def parse(yaml_text: str, source: str) -> Checklist:
    """Parse (and validate) a checklist; the same text is parsed once per process."""
    from checklists import load_text

    return load_text(yaml_text, source)


def install(ws: Workspace, yaml_text: str, source: str) -> Checklist:
    """Store a checklist (validated) so inspections can use it; returns it."""
    checklist = parse(yaml_text, source)
    with ws.transaction():
        ws.execute(
            "INSERT OR IGNORE INTO checklist (hash, id, version, title, family, applies_to, "
            "item_count, yaml, source, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [checklist.hash, checklist.id, checklist.version, checklist.title,
             str(checklist.family), checklist.applies_to and str(checklist.applies_to),
             checklist.item_count, yaml_text, source, ws.now()],
        )
    ws.checklist_cache[checklist.hash] = checklist
    return checklist


def install_builtin(ws: Workspace, *, only_if_changed: bool) -> list[Checklist]:
    """Install the shipped checklists; with ``only_if_changed``, nothing is parsed when
    the shipped files are the ones installed last time."""
    files = sorted(builtin_dir().glob("*.yaml"))
    digest = hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()
    if only_if_changed and ws.setting("builtin_checklists_digest") == digest:
        return []
    installed = [install(ws, f.read_text(encoding="utf-8"), "builtin:" + f.name) for f in files]
    ws.set_settings({"builtin_checklists_digest": digest})
    return installed


def by_hash(ws: Workspace, checklist_hash: str) -> Checklist:
    cached = ws.checklist_cache.get(checklist_hash)
    if cached:
        return cached
    row = ws.execute("SELECT yaml, source FROM checklist WHERE hash = ?",
                     [checklist_hash]).fetchone()
    if row is None:
        raise NotFound("找不到检查表（版本哈希 {hash}）",
                       hint="请先导入该检查表或局机关下发的数据包", hash=checklist_hash[:12])
    checklist = _compiled(checklist_hash, row[1])
    if checklist is None:
        checklist = parse(row[0], row[1])
        _save_compiled(checklist)
    ws.checklist_cache[checklist_hash] = checklist
    return checklist


def _compiled_path(checklist_hash: str) -> Path:
    return cache_dir() / "checklists" / f"{checklist_hash}.json"


def _compiled(checklist_hash: str, source: str) -> Checklist | None:
    """The parsed checklist from the cache folder, or None (absent, unreadable, wrong)."""
    from checklists.compiled import from_json

    try:
        checklist = from_json(_compiled_path(checklist_hash).read_bytes(), checklist_hash)
    except (OSError, ValueError):
        return None
    return checklist if checklist.source == source else dataclasses.replace(checklist, source=source)


def _save_compiled(checklist: Checklist) -> None:
    """Keep the parse for the next process; a cache that cannot be written costs only the parse."""
    from checklists.compiled import to_json

    path = _compiled_path(checklist.hash)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda fh: fh.write(to_json(checklist)), doing="写入检查表缓存")
    except (OSError, SiteCheckError):
        pass


def newest(ws: Workspace) -> list[Checklist]:
    """The newest installed version of every checklist, by id."""
    rows = ws.execute(
        "SELECT hash FROM checklist c WHERE installed_at = "
        "(SELECT MAX(installed_at) FROM checklist WHERE id = c.id) ORDER BY id").fetchall()
    return [by_hash(ws, r[0]) for r in rows]


def titles(ws: Workspace) -> list[tuple[str, str]]:
    """(id, title) of the newest installed version of every checklist, by id: what a
    filter list shows, read without parsing any checklist."""
    return [(r[0], r[1]) for r in ws.execute(
        "SELECT id, title FROM checklist c WHERE installed_at = "
        "(SELECT MAX(installed_at) FROM checklist WHERE id = c.id) ORDER BY id")]
