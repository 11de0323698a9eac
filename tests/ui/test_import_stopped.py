"""The import dialog when a multi-file import stops part way: it names the files merged
and those not (never "nothing imported"), and the headquarters view shows the merged ones."""
from __future__ import annotations

from export.sync.bundle import export_bundle
from storage import demo
from storage.workspace import Workspace
from tests.export.test_import_partial import forged

from .conftest import NOW


def test_a_file_refused_after_another_was_merged(qtbot, window, tmp_path):
    folder = tmp_path / "field"
    folder.mkdir()
    paths = []
    for seed in range(2):
        with Workspace.open(folder / f"d{seed}.sitecheck", clock=lambda: NOW) as ws:
            demo.fill(ws, inspections=2, seed=seed)
            paths.append(export_bundle(ws, folder / f"d{seed}.scbundle").path)
    bad = forged(folder, paths[1], tmp_path / "bad.scbundle")
    view = window.show_view("hq")

    def run(dialog):
        qtbot.waitUntil(lambda: len(dialog.infos) == 2, timeout=10000)
        dialog.trust.setChecked(True)
        dialog.start_import()
        qtbot.waitUntil(lambda: "未导入" in dialog.result_text.toPlainText(), timeout=20000)

    dialog = view.import_bundles([str(paths[0]), str(bad)], run=run)
    text = dialog.result_text.toPlainText()
    assert "未导入任何内容" not in text
    assert f"已导入 1 个（{paths[0].name}），未导入 1 个（{bad.name}）" in text
    assert [r.added["finding"] > 0 for r in dialog.reports] == [True]
    assert window.ctx.ws.execute("SELECT COUNT(*) FROM sync_import").fetchone()[0] == 1
