"""PostgreSQL only: several clerks at once (two importers, readers during a merge, a
read-only clerk), the schema's set-up and upgrade, and the field laptop without psycopg."""
from __future__ import annotations

import itertools
import subprocess
import sys
import threading

import pytest

from checklists.common.errors import WorkspaceError
from export.sync.container import open_signed
from export.sync.hq import import_to_hq
from storage.hq import open_hq
from storage.hq.postgres import init, schema
from storage.hq.postgres.merge import merge
from storage.ledger import FindingQuery
from storage.sync.importlock import WAITING
from tests.faults.hostile import REPO, run_cli

from .conftest import TODAY
from .test_rules import snapshot

_users = itertools.count(1)


def login(pg_cluster, url: str, role: str) -> str:
    """A new login user in ``role``; the address of the same database as that user."""
    name = f"{role.removeprefix('sitecheck_')}{next(_users)}"
    pg_cluster.sql(f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    return url.replace(f"//{pg_cluster.superuser}@", f"//{name}@")


def test_init_twice_and_an_uninitialised_database(pg_cluster, pg_url):
    assert init(pg_url)[0] == 0                     # already at the latest version
    pg_cluster.sql("CREATE DATABASE empty_hq")
    with pytest.raises(WorkspaceError, match="尚未初始化"):
        open_hq(pg_cluster.url("empty_hq"))
    done, _ = run_cli("hq", "init", pg_cluster.url("empty_hq"), "--roles")
    assert done.returncode == 0 and f"执行了 {schema.LATEST} 个架构迁移" in done.stdout, done.stderr
    with open_hq(pg_cluster.url("empty_hq")) as hq:
        assert hq.count_findings(FindingQuery()) == 0


def test_the_database_owner_sets_it_up_without_being_a_superuser(pg_cluster):
    pg_cluster.sql("CREATE ROLE hq_owner LOGIN")
    pg_cluster.sql("CREATE DATABASE owned_hq OWNER hq_owner")
    url = pg_cluster.url("owned_hq", user="hq_owner")
    with pytest.raises(WorkspaceError, match=r"没有初始化数据库的权限.*; 请用数据库的所有者连接；--roles 还需要 CREATEROLE"):
        init(url, roles=True)              # creating roles needs CREATEROLE
    assert init(url) == (schema.LATEST, "hq_owner@" + str(pg_cluster.root) + "/owned_hq")
    with open_hq(url) as hq:
        assert hq.statistics(by="district") == []


def test_a_reader_sees_the_state_before_or_after_a_merge_never_half(pg_url, bundles):
    with open_hq(pg_url) as hq, open_hq(pg_url) as reader:
        import_to_hq(hq, [bundles["a1"]], trust=True)
        before = snapshot(reader)
        seen = []
        signed = open_signed(bundles["b1"], kind="bundle")
        try:
            register = (signed.manifest["device"]["name"], signed.public_key)
            merge(hq, signed.manifest, signed.record_parts(), signed.blob_names(), signed.read_blob,
                  register=register, pause_hook=lambda: seen.append(snapshot(reader)))
        finally:
            signed.close()
        after = snapshot(reader)
    assert seen == [before]                 # everything written but not committed: not seen
    assert after != before and after["counts"]["total"] > before["counts"]["total"]


def test_two_importers_at_once_take_turns_and_both_land(pg_url, bundles, tmp_path):
    with open_hq(pg_url) as first, open_hq(pg_url) as second:
        results, told = {}, []

        def run(name, hq, files):
            results[name] = import_to_hq(hq, files, trust=True, waiting=told.append)
        threads = [threading.Thread(target=run, args=("a", first, [bundles["a1"], bundles["a2"]])),
                   threading.Thread(target=run, args=("b", second, [bundles["b1"], bundles["b2"]]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        both = snapshot(first)
    assert len(results["a"]) == 2 and len(results["b"]) == 2
    assert told in ([], [WAITING])
    with open_hq(tmp_path / "one-by-one.sitecheck") as reference:
        import_to_hq(reference, [bundles[k] for k in ("a1", "a2", "b1", "b2")], trust=True)
        assert snapshot(reference) == both


def test_a_second_importer_is_told_and_waits(pg_url, bundles):
    """While one import holds the lock, ``sync import`` says 另一个导入正在进行… and waits,
    then imports when the first is done."""
    with open_hq(pg_url) as holder, holder.import_lock():
        proc = subprocess.Popen([sys.executable, str(REPO / "main.py"), "--hq", pg_url, "sync", "import",
                                 "--trust", str(bundles["c1"])], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        line = proc.stderr.readline()       # blocks until the importer says it waits
        assert str(WAITING) in line
        assert proc.poll() is None
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "新增" in out and "Traceback" not in err


def test_a_read_only_clerk_reads_and_is_told_what_it_cannot_do(pg_cluster, pg_url, bundles):
    importer = login(pg_cluster, pg_url, "sitecheck_importer")
    clerk = login(pg_cluster, pg_url, "sitecheck_clerk")
    with open_hq(importer) as hq:
        import_to_hq(hq, [bundles["a1"]], trust=True)
        expected = snapshot(hq)
    from psycopg.conninfo import conninfo_to_dict

    pg_cluster.sql("ANALYZE finding", database=conninfo_to_dict(pg_url)["dbname"])
    with open_hq(clerk) as hq:
        assert snapshot(hq) == expected
        # a clerk's page of a common character is planned from the index statistics too
        assert hq.conn.execute("SELECT sc_char_share('未')").fetchone()[0] > 0.02
        with pytest.raises(WorkspaceError, match="只读用户（sitecheck_clerk）只能查看台账"):
            import_to_hq(hq, [bundles["b1"]], trust=True)
        assert snapshot(hq) == expected
    done, _ = run_cli("--hq", clerk, "sync", "import", "--trust", bundles["b1"])
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "没有导入数据包的权限" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    done, _ = run_cli("--hq", clerk, "ledger", "stats", "--today", TODAY.isoformat())
    assert done.returncode == 0 and len(done.stdout.splitlines()) >= 2, done.stderr


def test_the_address_can_come_from_the_environment(pg_url, bundles):
    import os

    env = {**os.environ, "SITECHECK_HQ_URL": pg_url, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "sync", "import", "--trust",
                           str(bundles["a1"])], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with open_hq(pg_url) as hq:
        assert hq.count_findings(FindingQuery()) > 0


FIELD_LAPTOP = """
import sys
import main, storage.hq, storage.hq.cli, export.sync.hq, export.ledger_cli, export.sync.cli
main.build_parser()
assert "psycopg" not in sys.modules, "psycopg imported without a postgresql:// address"
sys.modules["psycopg"] = None         # as if the hq-postgres extra were not installed
sys.exit(main.main(["--hq", "postgresql://clerk@hq.example/sitecheck", "ledger", "stats"]))
"""


def test_the_field_laptop_needs_no_psycopg():
    done = subprocess.run([sys.executable, "-c", FIELD_LAPTOP], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "未安装 PostgreSQL 支持（psycopg）" in done.stderr and "Traceback" not in done.stderr


def test_a_lost_connection_is_told_not_a_traceback(pg_cluster, pg_url, bundles):
    with open_hq(pg_url) as hq:
        pg_cluster.sql(f"SELECT pg_terminate_backend({hq.conn.info.backend_pid})")
        with pytest.raises(WorkspaceError, match="与局机关数据库的连接中断"):
            hq.statistics(by="district")
    with open_hq(pg_url) as hq:
        pg_cluster.sql(f"SELECT pg_terminate_backend({hq.conn.info.backend_pid})")
        with pytest.raises(WorkspaceError, match="与局机关数据库的连接中断"):
            import_to_hq(hq, [bundles["a1"]], trust=True)
    with open_hq(pg_url) as hq:
        assert hq.count_findings(FindingQuery()) == 0


def test_a_database_of_the_first_schema_is_upgraded_in_place(pg_cluster, bundles, monkeypatch):
    """A headquarters set up before workspace migrations 8-11 were mirrored: refused until
    ``hq init`` upgrades it; its rows are kept, and bundles with the new columns merge."""
    pg_cluster.sql("CREATE DATABASE old_hq")
    url = pg_cluster.url("old_hq")
    with monkeypatch.context() as patched:
        patched.setattr(schema, "LATEST", 1)
        assert init(url)[0] == 1
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO enterprise (id, device_id, created_at, updated_at, name) VALUES "
                     "('e1', 'd1', '2026-01-01T00:00:00', '2026-01-01T00:00:00', '老单位')")
    with pytest.raises(WorkspaceError, match="架构版本 1 较旧"):
        open_hq(url)
    done, _ = run_cli("hq", "init", url)
    assert done.returncode == 0 and f"执行了 {schema.LATEST - 1} 个架构迁移" in done.stdout, done.stderr
    with open_hq(url) as hq:
        assert hq.conn.execute("SELECT name, risk_set_by FROM enterprise").fetchall() == [("老单位", None)]
        assert [r[0] for r in hq.conn.execute("SELECT version FROM hq_schema ORDER BY version")] == \
            list(range(1, schema.LATEST + 1))
        import_to_hq(hq, [bundles["a1"]], trust=True)
        assert hq.count_findings(FindingQuery()) > 0 and hq.audit_verify() == []
    pg_cluster.sql("DROP DATABASE old_hq WITH (FORCE)")
