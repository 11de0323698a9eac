"""Imports of many bundles: one transaction per bundle, progress per bundle, the
statistics summary kept by merges, and one importer at a time (a second waits,
told so, never a traceback) — with real processes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from export.sync import container
from export.sync.bundle import export_bundle, import_bundles
from storage import ledger
from storage.demo import fill
from storage.sync.importlock import WAITING
from storage.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("devices")
    out = []
    for seed in range(3):
        with Workspace.open(folder / f"device{seed}.sitecheck") as ws:
            fill(ws, inspections=4, seed=seed, today=TODAY)
            out.append(export_bundle(ws, folder / f"device{seed}.scbundle").path)
    return out


class Recorder:
    def __init__(self):
        self.texts: list[str] = []

    def report(self, done: int, total: int, text: str = "") -> None:
        if not self.texts or self.texts[-1] != text:
            self.texts.append(str(text))

    def check(self) -> None:
        pass


def test_each_bundle_commits_alone_and_reports_its_progress(bundles, tmp_path):
    recorder = Recorder()
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        reports = import_bundles(hq, bundles, trust=True, progress=recorder)
        assert [r.added["finding"] > 0 for r in reports] == [True] * 3
        assert hq.execute("SELECT COUNT(*) FROM sync_import").fetchone()[0] == 3
        # the summary the statistics read was kept by the merges
        for by in ledger.GROUPS:
            assert ledger.statistics(hq, by=by, today=TODAY) == \
                ledger.statistics_scan(hq, by=by, today=TODAY)
        assert ledger.hazard_counts(hq, TODAY) == ledger.hazard_counts_scan(hq, TODAY)
    names = [f"数据包 {n}/3：{p.name}" for n, p in enumerate(bundles, start=1)]
    assert [t for t in recorder.texts if t.startswith("数据包")] == names


def cli(*args, env=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})


def wait_for_line(stream, text: str) -> list[str]:
    seen = []
    for line in stream:
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"{text!r} never came: {''.join(seen)}")


def test_a_second_importer_waits_for_the_first_and_says_so(bundles, tmp_path):
    hq = tmp_path / "hq.sitecheck"
    Workspace.open(hq).close()
    first = cli("--workspace", hq, "sync", "import", "--trust", bundles[0],
                env={container.PAUSE_ENV: "import"})
    second = None
    try:
        wait_for_line(first.stderr, "SITECHECK-PAUSED import")   # mid-merge, holding the lock
        second = cli("--workspace", hq, "sync", "import", "--trust", bundles[1])
        told = wait_for_line(second.stderr, str(WAITING))
        assert "Another import is running" in told[-1]
        first.send_signal(signal.SIGKILL)      # the first dies: its lock goes with it
        first.wait()
        out, err = second.communicate(timeout=120)
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    assert second.returncode == 0, err
    assert "Traceback" not in err and "database is locked" not in err
    assert bundles[1].name in out
    with Workspace.open(hq) as ws:      # the second's bundle only: the first rolled back
        assert ws.execute("SELECT COUNT(*) FROM sync_import").fetchone()[0] == 1
        assert ws.audit_verify() == []
