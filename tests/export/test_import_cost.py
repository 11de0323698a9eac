"""What a `documents render` process does not load (the document path's start-up,
docs/benchmarks.md, Documents): checked in a fresh process that issues an order
from a workspace, as the user runs it, so that the path does not grow back.
These are facts about the process, never timings."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from checklists.common.vocabulary import FindingState
from storage.ledger import FindingQuery
from storage.workspace import Workspace
from tests.export import samples

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, re, sys
import main
code = main.main(sys.argv[1:])
import reportlab.lib.textsplit as textsplit
import reportlab.platypus.paragraph as paragraph
print(json.dumps({
    "code": code,
    "modules": sorted(sys.modules),
    "uri_pattern_compiled": isinstance(paragraph.uri_pat, re.Pattern) or paragraph.uri_pat._compiled is not None,
    "cjk_pattern_compiled": isinstance(textsplit.rx, re.Pattern) or textsplit.rx._compiled is not None,
}))
"""

# Loaded by nothing an order needs: the barcode widgets and graphics (the footer's QR
# encoder is loaded on its own), Pillow's image module run (reportlab imports it, but
# print-size photos are embedded by their JPEG header: its C core and tag tables stay
# out) and its JPEG reader, the thread pool (every photo is already at print size), the
# search module, the data and layout of the other documents, the other commands, the
# areas the facade imports on first use (storage/lazy.py: the plan and its draw, the
# enterprise file, the reports, penalties), cryptography's key serialization (only
# headquarters' own key needs it; a device signs with its raw Ed25519 key) and the
# checklist loader (the checklists come parsed from the cache folder) and the parser of
# their conditions (the order's checklist has none).
NOT_LOADED = ("reportlab.graphics", "PIL._imaging", "PIL.ExifTags", "PIL.JpegImagePlugin", "PIL.ImageOps",
              "concurrent.futures",
              "storage.search", "export.docmodel_other", "export.servicemodel", "export.pdf.decisions",
              "export.pdf.interview", "export.pdf.service", "export.ledger_cli", "export.sync.cli",
              "export.demo_cli", "storage.cli", "checklists.cli",
              "storage.plan", "storage.draw", "storage.dossier", "storage.reports", "storage.penalty",
              "cryptography.hazmat.primitives.serialization", "checklists.loader", "yaml",
              "checklists.condition_language")


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """An inspection with two findings and a photo each, ready for its order; the
    checklists parsed once into the cache folder the probe uses, as on a user's
    machine after the first start (so the probe reads them without the loader)."""
    monkeypatch.setenv("SITECHECK_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "w.sitecheck"
    with Workspace.open(path) as ws:
        ws.set_settings({"department": {"name": "杭州市应急管理局", "abbr": "杭", "government": "杭州市人民政府",
                                        "court": "杭州市西湖区人民法院"}})
        checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
        ent = ws.add_enterprise(name=samples.RARE_UNIT, address="佛山市南海区狮山镇科技工业园B区12号")
        insp = ws.start_inspection(ent.id, [checklist.hash], [{"name": "李建国", "cert_no": "44010612001"},
                                                          {"name": samples.RARE_PERSON, "cert_no": "44010612017"}],
                                   site="抛光车间", site_manager="周永康")
        for n, item in enumerate(list(checklist.items())[:2]):
            ws.set_answer(insp.id, checklist.hash, item.id, result="fail", note="现场查见")
            finding = ws.add_finding(insp.id, description=f"第{n + 1}处通道堵塞", level="general",
                                     rectification="deadline", deadline=date.today() + timedelta(days=15),
                                     checklist_hash=checklist.hash, item_id=item.id, measure="清理通道")
            ws.add_photo(insp.id, samples.jpeg(1600, 1200), name=f"IMG_{n}.jpg", finding_id=finding.id,
                         checklist_hash=checklist.hash, item_id=item.id)
        ws.finish_inspection(insp.id)
    with Workspace.open(path) as ws:  # a later start: parses the installed checklists and keeps them
        ws.checklists()
    assert list((tmp_path / "cache" / "checklists").glob("*.json"))
    return path, insp.id


def test_documents_render_loads_only_what_a_document_needs(workspace, tmp_path):
    path, inspection_id = workspace
    env = {**os.environ, "SITECHECK_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    out = tmp_path / "order.pdf"
    done = subprocess.run([sys.executable, "-c", PROBE, "--workspace", str(path), "documents", "render",
                           inspection_id, "--kind", "order", "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["code"] == 0 and out.read_bytes().startswith(b"%PDF")
    loaded = [m for m in probe["modules"] if m.startswith(NOT_LOADED)]
    assert loaded == []
    # and the process did all it did before: signed, numbered, stored, findings moved
    with Workspace.open(path) as ws:
        (order,) = ws.documents(inspection_id=inspection_id, kind="order")
        assert ws.document_pdf(order.id) == out.read_bytes() and "应急责改" in order.number
        assert all(f.state == FindingState.ORDERED for f in ws.findings(FindingQuery(inspection_id=inspection_id)))
    assert b"/SiteCheckStatement (SC1:" in out.read_bytes()
    # reportlab's two costly patterns wait for a use that a document never makes
    assert not probe["uri_pattern_compiled"] and not probe["cjk_pattern_compiled"]


def test_deferred_patterns_work_when_used():
    import re

    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    import export.pdf  # noqa: F401  (imports reportlab's paragraph module its way)

    assert paragraph.uri_pat.match("https://example.com/a?b=1")
    assert not paragraph.uri_pat.match("第三十五条")
    assert textsplit.rx.sub(r"\1\0 ", "中文ab") == "中\0 文\0 ab"
    assert isinstance(re.compile("x"), re.Pattern)  # everyone else compiles as always


def test_the_other_documents_data_comes_from_docmodel_as_before():
    """The 送达回证, 询问笔录 and decision data live in export/docmodel_other.py and are
    still named through export.docmodel, which imports them when asked."""
    from export import docmodel, docmodel_other

    assert docmodel.MeasureDoc is docmodel_other.MeasureDoc
    assert docmodel.decision_title is docmodel_other.decision_title
    assert docmodel_other.ServiceDoc in docmodel.Document.__args__
    with pytest.raises(AttributeError):
        docmodel.NoSuchDoc  # noqa: B018


PILLOW_PROBE = """
import json, sys, threading, types
import export.pdf
from PIL import Image
import PIL.Image
deferred = type(Image) is not types.ModuleType and "PIL._imaging" not in sys.modules
results = []
threads = [threading.Thread(target=lambda: results.append(Image.new("RGB", (3, 2)).size)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps({"deferred": deferred, "same": Image is PIL.Image is sys.modules["PIL.Image"],
                  "plain": type(Image) is types.ModuleType, "sizes": results}))
"""


def test_pillow_image_runs_on_first_use_and_is_the_module_as_always():
    """export.pdf puts PIL.Image in place without running it; the first name read
    from it runs it (once, whichever thread asks first) and it is Pillow's module."""
    done = subprocess.run([sys.executable, "-c", PILLOW_PROBE], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout)
    assert probe == {"deferred": True, "same": True, "plain": True, "sizes": [[3, 2]] * 4}
