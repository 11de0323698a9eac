"""Bundles (.scbundle) and packs (.scpack) are told apart from workspaces (.sitecheck):
their own endings, a specific message for each mix-up, and old names still imported."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checklists.common.errors import BundleRejected, InvalidInput, WorkspaceError
from checklists.common.sizes import format_size
from export.sync.bundle import export_bundle, import_bundles, inspect_file, write_device_card
from export.sync.pack import export_pack, import_pack
from storage import filekind
from storage.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
INSPECTORS = [{"name": "王建国", "cert_no": "33010020230001"},
              {"name": "李晓燕", "cert_no": "33010020230002"}]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def field(tmp_path):
    with Workspace.open(tmp_path / "field.sitecheck") as ws:
        ent = ws.add_enterprise(name="杭州堃喆机械制造有限公司", district="西湖区")
        checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
        insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS)
        ws.add_finding(insp.id, description="配电箱门锁损坏")
        yield ws


def test_exports_get_their_own_endings_and_never_the_workspaces(field, tmp_path):
    result = export_bundle(field, tmp_path / "2026-11-20")
    assert result.path == tmp_path / "2026-11-20.scbundle" and result.path.is_file()
    export_pack(field, tmp_path / "下发包")
    assert (tmp_path / "下发包.scpack").is_file()
    assert export_bundle(field, tmp_path / "b.zip", everything=True).path.suffix == ".zip"
    for export, name in ((export_bundle, "b.sitecheck"), (export_pack, "p.SiteCheck")):
        with pytest.raises(InvalidInput, match="工作区文件的扩展名"):
            export(field, tmp_path / name)
        assert not (tmp_path / name).exists()
    assert "，" + format_size(result.size) in result.summary() and "字节" not in result.summary()


def test_a_bundle_opened_as_a_workspace_says_what_it_is(field, tmp_path):
    bundle = export_bundle(field, tmp_path / "b.scbundle").path
    old_name = tmp_path / "2026-11-20.sitecheck"          # how older versions named bundles
    shutil.copyfile(bundle, old_name)
    export_pack(field, tmp_path / "p.scpack")
    write_device_card(field, tmp_path / "me.card")
    expected = {old_name: "是数据包", tmp_path / "p.scpack": "是局机关下发包",
                tmp_path / "me.card": "是设备卡"}
    for path, what in expected.items():
        before = digest(path)
        with pytest.raises(WorkspaceError, match=what + r".*不是工作区文件") as caught:
            Workspace.open(path)
        assert "导入" in caught.value.hint or "sync trust" in caught.value.hint
        assert digest(path) == before                      # nothing was written into it
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--workspace", str(old_name),
                           "ledger", "stats", "--by", "district"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "是数据包" in done.stderr and "sync import" in done.stderr


def test_a_workspace_imported_as_a_bundle_says_what_it_is(field, tmp_path):
    other = tmp_path / "other.sitecheck"
    Workspace.open(other).close()
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        before = hq.count_findings()
        with pytest.raises(BundleRejected, match="其实是工作区文件") as caught:
            import_bundles(hq, [other], trust=True)
        assert "打开其他工作区" in caught.value.hint
        with pytest.raises(BundleRejected, match="其实是工作区文件"):
            import_pack(hq, other, trust=True)
        with pytest.raises(BundleRejected, match="当前打开的工作区本身"):
            inspect_file(hq, hq.path)
        assert hq.count_findings() == before


def test_a_bundle_with_the_old_name_is_still_imported(field, tmp_path):
    bundle = export_bundle(field, tmp_path / "b.scbundle").path
    old_name = tmp_path / "王建国.sitecheck"
    shutil.copyfile(bundle, old_name)
    assert filekind.sniff(old_name) == filekind.BUNDLE
    assert filekind.sniff(field.path) == filekind.WORKSPACE
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        [report] = import_bundles(hq, [old_name], trust=True)
        assert report.added["finding"] == 1
        assert [f.description for f in hq.findings()] == ["配电箱门锁损坏"]


def test_cli_exports_default_to_the_new_endings(field, tmp_path):
    field.close()
    for args, pattern in ((["sync", "export"], "*.scbundle"), (["pack", "export"], "局机关下发包-*.scpack")):
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--workspace",
                               str(tmp_path / "field.sitecheck"), *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                   "SITECHECK_HOME": str(tmp_path / "home")})
        assert done.returncode == 0, done.stderr
        made = list(tmp_path.glob(pattern))
        assert len(made) == 1 and filekind.sniff(made[0]) in (filekind.BUNDLE, filekind.PACK)


@pytest.mark.parametrize("size, text", [
    (0, "0 B"), (1023, "1023 B"), (1024, "1 KB"), (1536, "1.5 KB"), (1258291, "1.2 MB"),
    (2 * 1024 ** 3, "2 GB"), (5 * 1024 ** 4, "5 TB")])
def test_sizes_read_as_kb_and_mb(size, text):
    assert format_size(size) == text
