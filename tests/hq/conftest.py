"""Headquarters tests: a throwaway PostgreSQL cluster (session-wide), a fresh database
per test, and the ``hq`` fixture that runs a test on both engines."""
from __future__ import annotations

import itertools
import os
import tempfile
from datetime import date
from pathlib import Path

import pytest

from export.sync.bundle import export_bundle
from storage.demo import fill
from storage.workspace import Workspace

from .pgcluster import Cluster, bin_dir

TODAY = date(2026, 11, 20)
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    binaries = bin_dir()
    if binaries is None and os.environ.get("CI"):
        pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are missing on CI: .ci/setup --test "
                    "installs postgresql")
    if binaries is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed: "
                    "apt-get install postgresql (.ci/setup --test does)")
    pytest.importorskip("psycopg", reason="the hq-postgres extra (psycopg) is not installed")
    with tempfile.TemporaryDirectory(prefix="sitecheck-pg-") as folder:
        cluster = Cluster(Path(folder), binaries)
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A new, initialised headquarters database."""
    from storage.hq.postgres import init

    name = f"hq{next(_numbers)}"
    pg_cluster.sql(f"CREATE DATABASE {name}")
    url = pg_cluster.url(name)
    init(url, roles=True)
    yield url
    pg_cluster.sql(f"DROP DATABASE {name} WITH (FORCE)")     # keeps the cluster's folder small


@pytest.fixture(params=["sqlite", "postgresql"])
def hq_target(request, tmp_path) -> str | Path:
    """Where a headquarters lives, once per engine."""
    if request.param == "sqlite":
        return tmp_path / "hq.sitecheck"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def hq(hq_target):
    from storage.hq import open_hq

    opened = open_hq(hq_target)
    yield opened
    opened.close()


def advance_some(ws: Workspace) -> None:
    from checklists.common.vocabulary import FindingState

    for finding in ws.findings():
        if finding.state == FindingState.OPEN:
            ws.transition(finding.id, FindingState.ORDERED)
        elif finding.state == FindingState.ORDERED:
            ws.transition(finding.id, FindingState.RECTIFIED)


@pytest.fixture(scope="session")
def bundles(tmp_path_factory) -> dict[str, Path]:
    """Three devices' bundles: a first one, a later one, and everything again."""
    base = tmp_path_factory.mktemp("hq-devices")
    out = {}
    for name, seed, photos in (("a", 11, True), ("b", 22, False), ("c", 33, False)):
        with Workspace.open(base / f"{name}.sitecheck") as ws:
            fill(ws, inspections=2, photos=photos, seed=seed, today=TODAY)
            export_bundle(ws, base / f"{name}1.scbundle")
            advance_some(ws)
            export_bundle(ws, base / f"{name}2.scbundle")
            export_bundle(ws, base / f"{name}-all.scbundle", everything=True)
        for key in (f"{name}1", f"{name}2", f"{name}-all"):
            out[key] = base / f"{key}.scbundle"
    return out
