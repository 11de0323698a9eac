"""Parsed checklists are kept in the user's cache folder for the next process, and a
cache file is used only when it rebuilds to the hash the workspace recorded."""
from __future__ import annotations

import json

import pytest

from checklists.compiled import from_json, to_json
from storage import checklist_store
from storage.workspace import Workspace


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.setenv("SITECHECK_CACHE", str(tmp_path / "cache"))
    with Workspace.open(tmp_path / "w.sitecheck") as workspace:
        yield workspace


class Parses:
    """Counts the YAML parses of checklist_store (the real parse still runs)."""

    def __init__(self, monkeypatch):
        self.count, real = 0, checklist_store.parse

        def counting(text, source):
            self.count += 1
            return real.__wrapped__(text, source)

        monkeypatch.setattr(checklist_store, "parse", counting)


def fresh(ws, h: str):
    """The checklist as a new process gets it (nothing cached in memory)."""
    ws.checklist_cache.clear()
    return checklist_store.by_hash(ws, h)


def general(ws):
    return next(c for c in ws.checklists() if c.id == "general-sbls")


def test_a_second_process_reads_the_parsed_checklist(ws, monkeypatch):
    first = fresh(ws, general(ws).hash)
    path = checklist_store._compiled_path(first.hash)
    assert path.is_file()
    parses = Parses(monkeypatch)
    again = fresh(ws, first.hash)
    assert parses.count == 0 and again == first          # the same immutable model, no YAML parsed


@pytest.mark.parametrize("damage", ["truncated", "empty", "flipped", "other_checklist", "wrong_type",
                                    "unknown_code", "deep"])
def test_a_damaged_or_foreign_cache_file_is_not_used(ws, monkeypatch, damage):
    right = fresh(ws, general(ws).hash)
    other = next(c for c in ws.checklists() if c.id != "general-sbls")
    path = checklist_store._compiled_path(right.hash)
    data = path.read_bytes()
    changed = {
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "flipped": data.replace("消防".encode(), "消访".encode(), 1),
        "other_checklist": to_json(other),
        "wrong_type": data.replace(b'"rectification_days":7', b'"rectification_days":"7"', 1),
        "unknown_code": data.replace(b'"hazard_level":"major"', b'"hazard_level":"apocalyptic"', 1),
        "deep": b"[" * 100_000 + b"]" * 100_000,
    }[damage]
    assert changed != data
    path.write_bytes(changed)
    parses = Parses(monkeypatch)
    assert fresh(ws, right.hash) == right and parses.count == 1  # parsed again, not taken from the file
    assert from_json(path.read_bytes(), right.hash) == right      # and the cache rewritten


def test_from_json_refuses_a_checklist_under_another_hash(ws):
    checklist = general(ws)
    with pytest.raises(ValueError, match="does not match"):
        from_json(to_json(checklist), "0" * 64)
    tampered = json.loads(to_json(checklist))
    tampered["checklist"]["sections"][0]["items"][0]["question"] += "（改）"
    with pytest.raises(ValueError):
        from_json(json.dumps(tampered).encode(), checklist.hash)


def test_an_unwritable_cache_folder_costs_only_the_parse(ws, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("SITECHECK_CACHE", str(blocked))
    h = general(ws).hash
    assert fresh(ws, h) == general(ws)
