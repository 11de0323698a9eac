"""The PostgreSQL merge's temporary tables, made once per connection and reused by every
bundle merged over it (storage/hq/postgres/merge.py ``session``): no table is made per
bundle, a bundle refused after its rows were copied in leaves nothing behind, and the
bundles after it merge as into a headquarters that never saw it."""
from __future__ import annotations

import pytest

from checklists.common.errors import BundleRejected
from export.sync.bundle import export_bundle
from export.sync.hq import import_to_hq
from storage.demo import fill
from storage.hq import open_hq
from storage.sync import merging
from storage.workspace import Workspace
from tests.export.test_sync import resign

from .conftest import TODAY
from .test_rules import GROUPS, _drop_part, snapshot

STAGING = [f"in_{t}" for t in merging.BUNDLE_TABLES] + ["applied", "fix", "aff_i", "aff_f",
                                                         "delta_f", "delta_i"]


def temp_relations(hq) -> dict[str, int]:
    """This connection's temporary tables and indexes: name -> oid."""
    return dict(hq.conn.execute(
        "SELECT relname, oid::bigint FROM pg_class WHERE relnamespace = pg_my_temp_schema()").fetchall())


def staged_rows(hq) -> dict[str, int]:
    return {name: hq.conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in STAGING}


@pytest.fixture
def nowhere(tmp_path):
    """A device's first bundle whose inspections point to an enterprise it does not carry:
    checked row by row, copied in, then refused at the references (inside the merge)."""
    with Workspace.open(tmp_path / "d.sitecheck") as ws:
        fill(ws, inspections=1, seed=8, today=TODAY)
        bundle = export_bundle(ws, tmp_path / "d.scbundle").path
        return resign(ws, bundle, tmp_path / "nowhere.scbundle",
                      part_edit=_drop_part("records/enterprise.ndjson"),
                      manifest_edit=lambda m: m["counts"].pop("enterprise"))


def test_the_merge_tables_are_made_once_and_left_empty(pg_url, bundles):
    with open_hq(pg_url) as hq:
        import_to_hq(hq, [bundles["a1"]], trust=True)
        made = temp_relations(hq)
        assert set(STAGING) <= set(made)
        import_to_hq(hq, [bundles["b1"], bundles["a2"]], trust=True)
        import_to_hq(hq, [bundles["c1"]], trust=True)
        assert temp_relations(hq) == made               # the same tables: none made, none dropped
        assert set(staged_rows(hq).values()) == {0}
        assert hq.audit_verify() == []
        for by in GROUPS:
            assert hq.statistics(by=by, today=TODAY) == hq.statistics_scan(by=by, today=TODAY)


def test_a_bundle_refused_inside_the_merge_leaves_nothing_for_the_next(pg_url, bundles, nowhere,
                                                                        tmp_path, pg_cluster):
    with open_hq(pg_url) as hq:
        import_to_hq(hq, [bundles["b1"]], trust=True)
        before = snapshot(hq)
        with pytest.raises(BundleRejected, match="在数据包和本工作区中都不存在"):
            import_to_hq(hq, [nowhere], trust=True)
        assert snapshot(hq) == before
        assert set(staged_rows(hq).values()) == {0}
        import_to_hq(hq, [bundles["c1"], bundles["b2"]], trust=True)
        got = snapshot(hq)
        assert hq.audit_verify() == []
    pg_cluster.sql("CREATE DATABASE fresh")
    try:
        from storage.hq.postgres import init

        init(pg_cluster.url("fresh"))
        with open_hq(pg_cluster.url("fresh")) as fresh:
            import_to_hq(fresh, [bundles["b1"], bundles["c1"], bundles["b2"]], trust=True)
            assert snapshot(fresh) == got
    finally:
        pg_cluster.sql("DROP DATABASE fresh WITH (FORCE)")


def test_a_second_connection_makes_its_own_tables(pg_url, bundles):
    """Temporary tables belong to a connection: a new one (another importer, or the same
    program after a lost connection) makes them again and merges alike."""
    with open_hq(pg_url) as first:
        import_to_hq(first, [bundles["a1"]], trust=True)
    with open_hq(pg_url) as second:
        assert not set(STAGING) & set(temp_relations(second))
        reports = import_to_hq(second, [bundles["b1"], bundles["a1"]], trust=True)
        assert [r.already_imported for r in reports] == [False, True]
        assert reports[0].added["finding"] > 0
        assert set(staged_rows(second).values()) == {0}


def test_a_device_restored_from_a_backup_is_reported_alike_on_both_engines(tmp_path, pg_url):
    """A device restored from a copy of its workspace numbers its new audit events as the
    lost ones were: both engines report each such event as a fork (audit_fork), keep the
    events they had, and merge the same rows."""
    device, backup = tmp_path / "d.sitecheck", tmp_path / "backup.sitecheck"
    with Workspace.open(device) as ws:
        fill(ws, inspections=1, seed=31, today=TODAY)
        files = [export_bundle(ws, tmp_path / "first.scbundle").path]
    import shutil

    shutil.copyfile(device, backup)
    for name, seed in (("lost", 32), ("restored", 33)):
        if name == "restored":
            shutil.copyfile(backup, device)
        with Workspace.open(device) as ws:
            fill(ws, inspections=1, seed=seed, today=TODAY)
            files.append(export_bundle(ws, tmp_path / f"{name}.scbundle").path)
    seen = {}
    for target in (tmp_path / "hq.sitecheck", pg_url):
        with open_hq(target) as hq:
            reports = import_to_hq(hq, files, trust=True)
            forks = sorted((c.entity_id, c.detail) for c in hq.conflicts() if c.kind == "audit_fork")
            seen[hq.engine] = (forks, [r.added.get("audit_event") for r in reports], snapshot(hq))
    assert seen["sqlite"][0]                            # the restored device's events, reported
    assert seen["postgresql"] == seen["sqlite"]
