"""SIGKILL at random moments: every write a process reported as done survives.

Each trial runs ``tests/faults/worker.py`` doing one kind of work in a loop, kills
it after a random number of acknowledged writes plus a random delay, and then
checks: each acknowledged write is there, ``PRAGMA integrity_check`` is ok and
``audit verify`` is clean.  The trials are seeded, so a failure can be replayed.
"""
from __future__ import annotations

import hashlib
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from export.sync.bundle import export_bundle, import_bundles, inspect_file
from storage.demo import fill
from storage.files import PARTIAL
from storage.sync import merging
from storage.workspace import Workspace

from .conftest import ROOT, integrity_ok

TRIALS = 3


def _kill_during(trial: int, operation: str, workspace: Path, *args: str | Path) -> list[str]:
    """Run the worker, SIGKILL it mid-work; returns what it acknowledged."""
    rng = random.Random(f"{operation}-{trial}")
    proc = subprocess.Popen([sys.executable, "-m", "tests.faults.worker", operation, str(workspace),
                             *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    acked: list[str] = []
    try:
        wanted = rng.randint(1, 3)
        while len(acked) < wanted:
            line = proc.stdout.readline()
            if not line or line.startswith("done"):
                break
            acked += _acknowledged(line)
        time.sleep(rng.uniform(0, 0.05))
    finally:
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
    acked += [what for line in rest.splitlines(keepends=True) for what in _acknowledged(line)]
    assert acked, f"{operation}: the worker acknowledged nothing before it was killed"
    assert integrity_ok(workspace)
    return acked


def _acknowledged(line: str) -> list[str]:
    """What a whole ``ok <what>`` line acknowledges (a line cut short by the kill does not)."""
    if line.startswith("ok ") and line.endswith("\n") and line[3:].strip():
        return [line[3:].strip()]
    return []


def _clean(ws: Workspace) -> None:
    assert ws.audit_verify() == []


@pytest.fixture(scope="module")
def field_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("field") / "field.sitecheck"
    with Workspace.open(path) as ws:
        fill(ws, inspections=3, photos=False, seed=11)
    return path


@pytest.fixture
def field(field_file, tmp_path):
    path = tmp_path / "field.sitecheck"
    shutil.copyfile(field_file, path)
    return path


def _inspection(path: Path) -> str:
    with Workspace.open(path) as ws:
        return ws.execute("SELECT id FROM inspection ORDER BY id LIMIT 1").fetchone()[0]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_edits(field, trial):
    acked = _kill_during(trial, "edit", field)
    with Workspace.open(field) as ws:
        for ent_id in acked:
            assert ws.enterprise(ent_id).contact.startswith("王")
        _clean(ws)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_photo_import(field, trial):
    insp = _inspection(field)
    acked = _kill_during(trial, "photo", field, insp, trial)
    with Workspace.open(field) as ws:
        stored = {p.id for p in ws.photos(inspection_id=insp)}
        assert set(acked) <= stored
        _clean(ws)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_document_issue(field, trial):
    insp = _inspection(field)
    acked = _kill_during(trial, "document", field, insp)
    with Workspace.open(field) as ws:
        docs = {d.id: d for d in ws.documents(inspection_id=insp)}
        assert set(acked) <= set(docs)
        assert len({d.number for d in docs.values()}) == len(docs)      # no number used twice
        for doc in docs.values():
            assert hashlib.sha256(ws.document_pdf(doc.id)).hexdigest() == doc.pdf_sha256
        _clean(ws)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_export(field, tmp_path, trial):
    out = tmp_path / "out"
    out.mkdir()
    acked = _kill_during(trial, "export", field, out)
    with Workspace.open(field) as ws:
        for name in acked:
            assert inspect_file(ws, name).kind == "bundle"
        _clean(ws)
        export_bundle(ws, out / "after.scbundle", everything=True)   # cleans what the kill left
    assert not [p.name for p in out.iterdir() if p.name.endswith(PARTIAL)]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundles")
    made = []
    for n in range(4):
        with Workspace.open(folder / f"f{n}.sitecheck") as ws:
            fill(ws, inspections=2, photos=n % 2 == 0, seed=100 + n)
            made.append(export_bundle(ws, folder / f"f{n}.scbundle", everything=True).path)
    return made


def _table_counts(ws: Workspace) -> dict[str, int]:
    return {t: ws.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
            for t in (*merging.RECORD_TABLES, "finding_event", "blob")}


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_import(bundles, tmp_path, trial):
    hq, reference = tmp_path / "hq.sitecheck", tmp_path / "reference.sitecheck"
    Workspace.open(hq).close()
    acked = _kill_during(trial, "import", hq, *bundles)
    with Workspace.open(hq) as ws:
        for bundle_id in acked:
            assert merging.previous_import(ws, bundle_id) is not None
        _clean(ws)
        import_bundles(ws, bundles, trust=True)          # the rest arrives later
        got = _table_counts(ws)
        _clean(ws)
    with Workspace.open(reference) as ws:
        import_bundles(ws, bundles, trust=True)
        assert _table_counts(ws) == got
