"""A multi-file import stopped part way (cancelled, or a file refused while merging):
each file before it committed on its own, and the message names exactly the files
that are in the workspace now and those that are not."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from checklists.common.errors import BundleRejected
from checklists.common.progress import Cancelled
from export.sync.bundle import export_bundle, import_bundles
from storage.demo import fill
from storage.workspace import Workspace
from tests.faults.hostile import device_signer, replace_part, signed_zip, take_apart

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def devices(tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("devices")
    out = []
    for seed in range(3):
        with Workspace.open(folder / f"device{seed}.sitecheck") as ws:
            fill(ws, inspections=3, seed=seed, today=TODAY)
            out.append(export_bundle(ws, folder / f"device{seed}.scbundle").path)
    return folder, out


class CancelAt:
    """Cancels once the progress names file ``n`` (1-based)."""

    def __init__(self, n: int):
        self.mark, self.seen = f"数据包 {n}/", False

    def report(self, done: int, total: int, text: str = "") -> None:
        self.seen = self.seen or str(text).startswith(self.mark)

    def check(self) -> None:
        if self.seen:
            raise Cancelled("已取消")


def imported(hq: Workspace) -> int:
    return hq.execute("SELECT COUNT(*) FROM sync_import").fetchone()[0]


def test_a_cancel_names_the_files_merged_and_those_not(devices, tmp_path):
    _folder, bundles = devices
    names = [p.name for p in bundles]
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        with pytest.raises(Cancelled) as caught:
            import_bundles(hq, bundles, trust=True, progress=CancelAt(2))
        assert imported(hq) == 1
    err = caught.value
    assert str(err.message) == (f"导入已取消：已导入 1 个数据包（{names[0]}），"
                                f"未导入 2 个（{names[1]}、{names[2]}）")
    assert "再次导入全部文件" in str(err.hint)
    english = err.text("en")
    assert f"1 bundle(s) imported ({names[0]})" in english and names[2] in english
    assert [r.added["finding"] > 0 for r in err.reports] == [True]      # the one merged
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:   # the rest, later: the first is skipped
        reports = import_bundles(hq, bundles, trust=True)
        assert [r.already_imported for r in reports] == [True, False, False]
        assert imported(hq) == 3


def test_a_cancel_before_any_merge_says_nothing_changed(devices, tmp_path):
    _folder, bundles = devices
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        with pytest.raises(Cancelled) as caught:
            import_bundles(hq, bundles, trust=True, progress=CancelAt(1))
        assert imported(hq) == 0
    assert str(caught.value.message) == "导入已取消，工作区未作任何更改"


def forged(folder: Path, good: Path, out: Path) -> Path:
    """``good`` with a finding's level changed, signed again by its own device: it passes
    the checks before the merge and is refused while merging."""
    entries, manifest = take_apart(good)
    part = next(e for e in entries if e.name == "records/finding.ndjson")
    head, first, *rest = part.data.split(b"\n")
    row = json.loads(first)
    row[json.loads(head).index("level")] = "bogus"
    data = b"\n".join([head, json.dumps(row, ensure_ascii=False).encode(), *rest])
    with Workspace.open(folder / f"{good.stem}.sitecheck") as ws:
        return signed_zip(out, replace_part(entries, part.name, data), manifest, device_signer(ws))


def test_a_file_refused_while_merging_names_the_files_merged_and_those_not(devices, tmp_path):
    folder, bundles = devices
    bad = forged(folder, bundles[1], tmp_path / "forged.scbundle")
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        import_bundles(hq, [bundles[2]], trust=True)            # imported before
        with pytest.raises(BundleRejected) as caught:
            import_bundles(hq, [bundles[2], bundles[0], bad], trust=True)
        assert imported(hq) == 2
    err = caught.value
    message = str(err.message)
    assert message.startswith(f"第 3/3 个数据包 {bad.name} 未导入：")
    assert "bogus" in message
    assert message.endswith(f"已导入 1 个（{bundles[0].name}），未导入 1 个（{bad.name}）")
    assert str(err.hint).startswith(f"此前已导入、本次未变：{bundles[2].name}")


def test_the_local_district_copy_never_travels_and_is_kept_at_headquarters(devices, tmp_path):
    _folder, bundles = devices
    entries, _manifest = take_apart(bundles[0])
    head = next(e for e in entries if e.name == "records/finding.ndjson").data.split(b"\n")[0]
    assert "enterprise_district" not in json.loads(head)
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        import_bundles(hq, bundles, trust=True)
        assert hq.execute("SELECT COUNT(*) FROM finding f JOIN enterprise e ON e.id = f.enterprise_id "
                          "WHERE f.enterprise_district IS NOT e.district").fetchone()[0] == 0
        assert hq.execute("SELECT COUNT(*) FROM finding WHERE enterprise_district IS NOT NULL"
                          ).fetchone()[0] > 0
        assert hq.audit_verify() == []
