"""A full disk: every operation says so, changes nothing, and never calls the file damaged.

The workspaces live on a small tmpfs mounted for the test (root, as in CI), filled
up to the last byte before the operations run.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from checklists.common.errors import StorageFailure
from export.sync.bundle import export_bundle
from storage.demo import fill
from storage.workspace import Workspace
from tests.export.test_issue import later_deadlines, settle

from .conftest import integrity_ok, run_cli

PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "photos"


@pytest.fixture
def small_disk(tmp_path):
    """A 48 MiB file system of its own, unmounted afterwards."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root (CI runs as root)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill_disk(folder: Path, leave: int = 0) -> Path:
    """Take every free byte (but ``leave``) of the file system holding ``folder``."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        if leave:
            stat = os.statvfs(folder)
            os.write(fd, b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
            return filler
        for size in (1 << 20, 4096, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def _content(path: Path) -> str:
    """A digest of every table's rows: what the user's data is, byte layout aside."""
    conn = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        conn.close()


@pytest.fixture
def full_disk(small_disk, tmp_path):
    field, hq = small_disk / "field.sitecheck", small_disk / "hq.sitecheck"
    with Workspace.open(field) as ws:
        fill(ws, inspections=12, photos=True, seed=7)
        bundle = export_bundle(ws, tmp_path / "field.scbundle", everything=True).path
        insp = ws.conn.execute("SELECT id FROM inspection LIMIT 1").fetchone()[0]
    Workspace.open(hq).close()
    before = {p: _content(p) for p in (field, hq)}
    filler = small_disk / "filler"
    yield {"field": field, "hq": hq, "bundle": bundle, "inspection": insp, "out": small_disk,
           "elsewhere": tmp_path}
    filler.unlink(missing_ok=True)
    for path, digest in before.items():
        assert integrity_ok(path)
        assert _content(path) == digest, f"{path.name} changed on a full disk"
        with Workspace.open(path) as ws:
            assert ws.audit_verify() == []
            ws.add_enterprise(name="空间释放后写入的单位")      # it works again once there is room
    assert not [p.name for p in small_disk.iterdir() if p.name.endswith(".partial")]


def _refused(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "磁盘已满" in done.stderr, done.stderr
    assert "损坏" not in done.stderr
    return done.stderr


@pytest.mark.parametrize("room", [0, 40 * 1024], ids=["no-byte-free", "40KiB-free"])
def test_commands_on_a_full_disk_say_so_and_change_nothing(full_disk, room):
    f = full_disk
    _fill_disk(f["out"], leave=room)
    field, hq, out, elsewhere = f["field"], f["hq"], f["out"], f["elsewhere"]
    _refused(run_cli("demo", "--inspections", "20", workspace=field))
    _refused(run_cli("documents", "render", f["inspection"], "--kind", "record",
                     "--out", elsewhere / "r.pdf", workspace=field))
    _refused(run_cli("sync", "export", "--out", out / "b.scbundle", workspace=field))
    _refused(run_cli("sync", "import", f["bundle"], "--trust", workspace=hq))
    _refused(run_cli("pack", "export", "--out", out / "p.scpack", workspace=hq))
    verified = run_cli("audit", "verify", workspace=field)
    assert "Traceback" not in verified.stderr and "损坏" not in verified.stderr


def test_opening_on_a_full_disk_says_so(full_disk):
    _fill_disk(full_disk["out"])
    with pytest.raises(StorageFailure) as err:
        Workspace.open(full_disk["field"]).close()
    assert err.value.cause == "disk-full" and "损坏" not in str(err.value)


def test_writes_of_an_open_workspace_when_the_disk_fills(small_disk):
    path = small_disk / "field.sitecheck"
    with Workspace.open(path) as ws:
        fill(ws, inspections=1, photos=False, seed=3)
        insp = ws.conn.execute("SELECT id FROM inspection LIMIT 1").fetchone()[0]
        before = _content(path)
        filler = _fill_disk(small_disk)
        with pytest.raises(StorageFailure) as err:
            for n in range(200):          # the WAL has some room left in its last page
                ws.add_enterprise(name=f"磁盘满时新增的单位{n}")
        assert err.value.cause == "disk-full" and "磁盘已满" in str(err.value)
        added = len(ws.enterprises())
        if PHOTOS.is_dir():
            photo = sorted((PHOTOS / "jpg").glob("*.jp*g"))[0]
            with pytest.raises(StorageFailure):
                ws.add_photo(insp, photo)
        filler.unlink()
        ws.add_enterprise(name="空间释放后写入的单位")
        assert len(ws.enterprises()) == added + 1
        assert ws.audit_verify() == []
    assert integrity_ok(path) and before != _content(path)


def test_a_ledger_export_onto_a_full_disk_leaves_no_partial_file(full_disk):
    _fill_disk(full_disk["out"], leave=40 * 1024)
    _refused(run_cli("ledger", "export", "--out", full_disk["out"] / "台账.xlsx",
                     workspace=full_disk["field"]))


def test_a_document_issued_onto_a_full_stick_is_reprinted_later(small_disk, tmp_path):
    path = tmp_path / "field.sitecheck"             # the workspace has room; the USB stick has none
    with Workspace.open(path) as ws:
        fill(ws, inspections=1, photos=False, seed=5)
        insp = ws.conn.execute("SELECT id FROM inspection LIMIT 1").fetchone()[0]
        later_deadlines(ws)
        settle(ws, ws.inspection(insp))          # a major hazard is ordered before the record
    filler = _fill_disk(small_disk)
    stderr = _refused(run_cli("documents", "render", insp, "--kind", "record",
                              "--out", small_disk / "记录.pdf", workspace=path))
    assert "已出具并保存在工作区" in stderr and "重印" in stderr
    assert not list(small_disk.glob("*.partial")) and not (small_disk / "记录.pdf").exists()
    filler.unlink()
    again = run_cli("documents", "render", insp, "--kind", "record", "--out", small_disk / "记录.pdf",
                    workspace=path)
    assert again.returncode == 0 and "按原文重印" in again.stdout
    with Workspace.open(path) as ws:
        assert len(ws.documents(inspection_id=insp)) == 1


def test_a_workspace_on_a_read_only_medium_is_called_read_only(small_disk):
    path = small_disk / "field.sitecheck"
    with Workspace.open(path) as ws:
        ws.add_enterprise(name="杭州瑞丰食品有限公司")
    before = _content(path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        done = run_cli("demo", "--inspections", "1", workspace=path)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "只读" in done.stderr and "损坏" not in done.stderr
        with pytest.raises(StorageFailure) as err:
            Workspace.open(path)
        assert err.value.cause == "read-only"
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert _content(path) == before
