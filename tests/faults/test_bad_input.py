"""Bad input in fields, searches, photos and documents: refused with a Chinese
message naming the field (nothing written), or handled without an exception."""
from __future__ import annotations

import dataclasses
import io
import os
import random
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from checklists.common.errors import DocumentError, InvalidInput, PhotoRejected
from export.documents import render
from storage import demo, ledger
from storage.ledger import FindingQuery
from storage.photos import MAX_DECODED_BYTES, MAX_PIXELS, process_file, process_photo
from storage.validate import TEXT_RULES, check_column, clean_text
from storage.workspace import Workspace
from tests.export import samples

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the form test, before pytest-qt makes the app
INSPECTORS = [{"name": "王建国", "cert_no": "33010020230001"},
              {"name": "李晓燕", "cert_no": "33010020230002"}]


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(tmp_path / "w.sitecheck") as workspace:
        demo.sample_departments(workspace)      # documents are issued under a configured department only
        yield workspace


@pytest.fixture
def finding(ws):
    ent = ws.add_enterprise(name="杭州堃喆机械制造有限公司", district="西湖区")
    checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
    insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS)
    return ws.add_finding(insp.id, description="配电箱前堆放杂物 \"A*\" (NEAR)", deadline="2026-12-31",
                          measure="立即清理")


def _audit_count(ws) -> int:
    return ws.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]


# ---------------------------------------------------------------- text rules

def test_control_character_in_a_name_is_refused_and_nothing_is_written(ws):
    before = _audit_count(ws)
    with pytest.raises(InvalidInput) as err:
        ws.add_enterprise(name="公司\x07名")
    assert err.value.field == "单位名称"
    assert "第 3 个字" in err.value.message and "U+0007" in err.value.message
    assert ws.enterprises() == [] and _audit_count(ws) == before


def test_overlong_name_names_the_limit_and_the_length(ws):
    with pytest.raises(InvalidInput) as err:
        ws.add_enterprise(name="安" * 8000)
    assert "不能超过 100 个字（现有 8000 个字）" in err.value.message
    assert ws.enterprises() == []


def test_invisible_troublemakers_are_refused():
    for bad in ("\u202e反向", "a\ufffe", "a\uffff", "a\ud800", "a\u2066b", "a\x85b", "a\x00b"):
        with pytest.raises(InvalidInput):
            clean_text(bad, "单位名称", limit=100)


def test_line_breaks_stay_in_notes_and_become_spaces_in_names():
    assert clean_text(" 第一行\r\n第二行\t完 ", "隐患描述", limit=10, multiline=True) == "第一行\n第二行\t完"
    assert clean_text("杭州\t某某\r\n公司", "单位名称", limit=100) == "杭州 某某 公司"
    with pytest.raises(InvalidInput):
        clean_text("a\x0bb", "隐患描述", limit=100, multiline=True)


def test_rules_are_callable_per_table_and_column():
    assert check_column("enterprise", "name", " 公司 ") == "公司"
    assert check_column("finding", "deleted", 1) == 1 and check_column("nope", "x", "\x07") == "\x07"
    with pytest.raises(InvalidInput, match="隐患描述"):
        check_column("finding", "description", "x" * 2001)
    assert all(rule.limit > 0 and rule.label for rule in TEXT_RULES.values())


def _writes(ws, finding):
    """Each text entry point of the workspace, given a bad value."""
    insp_id = finding.inspection_id
    return {
        "update_enterprise": lambda v: ws.update_enterprise(finding.enterprise_id, address=v),
        "add_equipment": lambda v: ws.add_equipment(finding.enterprise_id, kind="elevator", location=v),
        "start_inspection": lambda v: ws.start_inspection(finding.enterprise_id, [], INSPECTORS,
                                                          mode="reinspection", parent_id=insp_id, site=v),
        "inspector": lambda v: ws.update_inspection(insp_id, inspectors=[{"name": v, "cert_no": "1"},
                                                                         INSPECTORS[1]]),
        "inspection_note": lambda v: ws.update_inspection(insp_id, note=v),
        "answer_note": lambda v: ws.set_answer(insp_id, finding.checklist_hash or _hash(ws, insp_id),
                                               _item(ws, insp_id), result="fail", note=v),
        "add_finding": lambda v: ws.add_finding(insp_id, description=v),
        "basis": lambda v: ws.update_finding(finding.id, basis=[v]),
        "measure": lambda v: ws.update_finding(finding.id, measure=v),
        "transition_note": lambda v: ws.transition(finding.id, "closed", note=v),
        "department": lambda v: ws.set_settings({"department": {"name": v}}),
        "department_samr": lambda v: ws.set_settings({"department_samr": {"court": v}}),
        "review_draft": lambda v: ws.set_settings({"review_draft:x": {finding.id: {"note": v}}}),
    }


def _hash(ws, inspection_id):
    return ws.inspection(inspection_id).checklist_hashes[0]


def _item(ws, inspection_id):
    return ws.checklist(_hash(ws, inspection_id)).sections[0].items[0].id


@pytest.mark.parametrize("entry", ["update_enterprise", "add_equipment", "start_inspection", "inspector",
                                   "inspection_note", "answer_note", "add_finding", "basis", "measure",
                                   "transition_note", "department", "department_samr", "review_draft"])
@pytest.mark.parametrize("bad", ["含\x07控制字符", "长" * 20_001])
def test_every_text_entry_point_refuses_bad_text(ws, finding, entry, bad):
    before = _audit_count(ws), ws.settings()
    with pytest.raises(InvalidInput):
        _writes(ws, finding)[entry](bad)
    assert (_audit_count(ws), ws.settings()) == before


def test_photo_caption_and_file_name(ws, finding):
    from storage.demo import sample_photo

    with pytest.raises(InvalidInput, match="照片说明"):
        ws.add_photo(finding.inspection_id, sample_photo(random.Random(0), "x"), caption="说明\x1b[31m")
    assert ws.photos() == []
    photo = ws.add_photo(finding.inspection_id, sample_photo(random.Random(0), "x"), name="现场\x07照片.jpg")
    assert photo.original_name == "现场照片.jpg"
    with pytest.raises(InvalidInput, match="照片说明"):
        ws.update_photo(photo.id, caption="x" * 201)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999"])
def test_a_number_answer_must_be_finite(ws, value):
    ent = ws.add_enterprise(name="某公司")
    checklist = next(c for c in ws.checklists()
                     if any(i.answer.kind == "number" for s in c.sections for i in s.items))
    item = next(i for s in checklist.sections for i in s.items if i.answer.kind == "number")
    insp = ws.start_inspection(ent.id, [checklist.hash], INSPECTORS)
    with pytest.raises(InvalidInput, match="不是有限的数"):
        ws.set_answer(insp.id, checklist.hash, item.id, value=value)


# ---------------------------------------------------------------- searches

SEARCHES = ["\x00", "a\x00b", "配电\x00箱", '"', '""', "*", "(", ")", "NEAR(", "AND", "配电箱 OR",
            "\ud800", "\x07", "^", "-", ":", "x" * 5000]


@pytest.mark.parametrize("text", SEARCHES)
def test_no_search_text_raises_in_any_full_text_path(ws, finding, text):
    ws.search_findings(text)
    ws.ledger(FindingQuery(text=text))
    ws.count_findings(FindingQuery(text=text))
    list(ledger.ledger_rows(ws, FindingQuery(text=text)))
    ws.enterprises(text)


def test_search_syntax_characters_are_searched_as_text(ws, finding):
    assert [f.id for f in ws.search_findings('"A*"')] == [finding.id]
    assert ws.count_findings(FindingQuery(text="(NEAR)")) == 1
    assert [f.id for f in ws.search_findings("配电\x00箱")] == [finding.id]  # the NUL is dropped


# ---------------------------------------------------------------- ledger export of old data

def test_ledger_export_cli_with_control_characters_stored_by_old_versions(tmp_path, finding, ws):
    ws.execute("UPDATE enterprise SET name = ?, district = ?", ["公司\x07名\x00", "西湖\x1b区"])
    ws.execute("UPDATE finding SET description = ?, note = ?", ["堆放\x0b杂物\r\n第二行", "\x01"])
    ws.close()
    out = tmp_path / "台账.xlsx"
    done = subprocess.run([sys.executable, "main.py", "--workspace", str(tmp_path / "w.sitecheck"), "ledger",
                           "export", "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已导出隐患台账" in done.stdout and "Traceback" not in done.stderr
    book = load_workbook(out, read_only=True)
    rows = list(book["隐患台账"].iter_rows(values_only=True))
    assert rows[1][1] == "公司名" and rows[1][3] == "西湖区" and rows[1][10] == "堆放杂物\n第二行"
    assert any(r and r[0] == "西湖区" for r in book["汇总"].iter_rows(values_only=True))


# ---------------------------------------------------------------- photos

def plain_png(width: int, height: int, colour_type: int = 6, channels: int = 4) -> bytes:
    """A PNG of one solid colour, written row by row (never held decoded here)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows, packer = b"\0" + bytes([200, 60, 30, 255][:channels]) * width, zlib.compressobj(9)
    body = b"".join(packer.compress(rows * 100) for _ in range(height // 100))
    body += packer.compress(rows * (height % 100)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


MEMORY_PROBE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
from checklists.common.errors import PhotoRejected
from storage.photos import process_file
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    process_file(sys.argv[1])
    print("accepted")
except PhotoRejected as err:
    print("refused", err)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def _import_in_subprocess(path: Path) -> tuple[str, int]:
    """What importing ``path`` says, and how many MB the process's peak grew by."""
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    verdict, grown_mb = done.stdout.strip().splitlines()
    return verdict, int(grown_mb)


def test_small_png_of_a_huge_rgba_picture_is_refused_by_memory(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(plain_png(8900, 8900))
    assert path.stat().st_size < 1_000_000 and MAX_PIXELS > 8900 * 8900  # passes the pixel count
    verdict, grown_mb = _import_in_subprocess(path)
    assert verdict.startswith("refused") and "8900×8900" in verdict and "RGBA" in verdict
    assert "302 MB" in verdict and f"上限 {MAX_DECODED_BYTES // 2**20} MB" in verdict
    assert grown_mb < 100  # refused from the header: nothing was decoded


def test_the_same_size_in_grey_is_imported_shrunk_before_conversion(tmp_path):
    path = tmp_path / "grey.png"
    path.write_bytes(plain_png(8900, 8900, colour_type=0, channels=1))  # 76 MB decoded
    verdict, grown_mb = _import_in_subprocess(path)
    assert verdict == "accepted"
    assert grown_mb < 250  # converted to RGB at full size first, it peaked at about 500 MB


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + b"\0" * 40, plain_png(50, 50)[:-40],
                                  b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 30, b"GIF89a" + b"\x10" * 20])
def test_refusals_carry_no_pillow_english(data):
    with pytest.raises(PhotoRejected) as err:
        process_photo(data, "坏.png")
    assert not re.search(r"[A-Za-z]{4,}", str(err.value).replace("JPEG", "").replace("PNG", "")
                         .replace("HEIC", "")), str(err.value)


def test_unreadable_file_reason_is_chinese(tmp_path):
    with pytest.raises(PhotoRejected, match="文件不存在") as err:
        process_file(tmp_path / "缺失.jpg")
    assert "No such file" not in str(err.value)
    with pytest.raises(PhotoRejected, match="文件夹"):
        process_file(tmp_path)


# ---------------------------------------------------------------- documents from old data

ISSUE_PROBE = """
import sys
from checklists.common.errors import DocumentError
from export import issue
from storage.workspace import Workspace
with Workspace.open(sys.argv[1]) as ws:
    try:
        doc = issue.issue_order(ws, sys.argv[2], photos=False)
        print("issued", doc.id)
    except DocumentError as err:
        print("refused", err)
"""


def _order_ready(ws, finding, name: str) -> str:
    ws.execute("UPDATE enterprise SET name = ? WHERE id = ?", [name, finding.enterprise_id])  # as an old version
    ws.close()
    return finding.inspection_id


def _issue_in_subprocess(tmp_path, inspection_id: str) -> str:
    done = subprocess.run([sys.executable, "-c", ISSUE_PROBE, str(tmp_path / "w.sitecheck"), inspection_id],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)  # liveness, not timing
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_order_for_a_64000_character_name_is_refused_clearly_and_in_bounded_time(tmp_path, ws, finding):
    inspection_id = _order_ready(ws, finding, "安全" * 32_000)
    verdict = _issue_in_subprocess(tmp_path, inspection_id)
    assert verdict == ("refused 被检查单位名称过长（64000 个字，上限 100 个字），无法出具文书; "
                       "请先精简被检查单位名称（可能是旧版本或其他设备录入的数据）后重试")
    with Workspace.open(tmp_path / "w.sitecheck") as again:
        assert again.documents() == [] and again.finding(finding.id).state == "open"


def test_order_for_a_name_at_the_limit_renders_it_in_full(tmp_path, ws, finding):
    name = ("杭州𠀾记" * 25)[:100]
    inspection_id = _order_ready(ws, finding, name)
    assert _issue_in_subprocess(tmp_path, inspection_id).startswith("issued")
    with Workspace.open(tmp_path / "w.sitecheck") as again:
        pdf = again.document_pdf(again.documents()[0].id)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert name + "：" in text and "配电箱前堆放杂物" in text


@pytest.mark.parametrize("kind", ["record", "order", "review"])
def test_overlong_stored_text_is_named_without_reportlab_internals(kind):
    doc = getattr(samples, kind)(unit=samples.unit(address="地址" * 4000))
    with pytest.raises(DocumentError) as err:
        render(doc)
    assert "被检查单位地址过长（8000 个字，上限 200 个字）" in err.value.message
    assert "Flowable" not in str(err.value) and "0x" not in str(err.value)


# ---------------------------------------------------------------- checklists

def test_checklist_refuses_escaped_control_characters_with_file_and_line():
    from checklists import builtin_dir, check_text

    text = (builtin_dir() / "boiler-user.yaml").read_text(encoding="utf-8")
    text = text.replace("title: 使用登记与设备合法性", 'title: "使用登记\\x07与设备合法性"', 1)
    text = text.replace("question: 使用登记标志是否", 'question: "使用登记\\u202e标志是否', 1).replace(
        "置于锅炉的显著位置？", '置于锅炉的显著位置？"', 1)
    checklist, problems = check_text(text, "boiler.yaml")
    assert checklist is None
    shown = [str(p) for p in problems]
    assert any(s.startswith("boiler.yaml:16: ") and "U+0007" in s for s in shown), shown
    assert any(s.startswith("boiler.yaml:33: ") and "U+202E" in s for s in shown), shown


def test_control_characters_in_old_data_do_not_print():
    doc = samples.record(unit=samples.unit(name="公司\x07名\x00称\x1b"), place="车间\x0b一号",
                         department=samples.department(name="某\x07应急管理局"))
    pdf = render(doc)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "公司名称" in text and "车间一号" in text and "某应急管理局" in text
    assert not re.search("[\x00-\x08\x0b-\x1f]", text)


# ---------------------------------------------------------------- the forms

def test_form_fields_stop_at_the_limit_and_show_the_refusal_under_the_field(qtbot, tmp_path):
    from ui.context import Context
    from ui.dialogs.enterprise import EnterpriseDialog

    ctx = Context.open(tmp_path / "ui.sitecheck")
    try:
        dialog = EnterpriseDialog(ctx)
        qtbot.addWidget(dialog)
        assert dialog.edits["name"].maxLength() == 100 and dialog.edits["address"].maxLength() == 200
        dialog.edits["name"].setText("安" * 300)
        assert len(dialog.edits["name"].text()) == 100
        dialog.edits["name"].setText("公司\x07名")
        dialog.save()
        assert "控制字符" in dialog.form.error_text("name") and ctx.ws.enterprises() == []
    finally:
        ctx.close()


def test_many_citations_in_one_table_cell_are_refused_before_layout():
    lines = samples.findings()
    many = (dataclasses.replace(lines[0], basis=("《某某安全规定》第十条" + "某" * 390,) * 100), *lines[1:])
    with pytest.raises(DocumentError, match=r"第1项的全部依据过长（40199 个字，上限 2000 个字）"):
        render(samples.order(findings=many))


def test_all_citations_of_a_finding_together_are_limited(ws, finding):
    with pytest.raises(InvalidInput, match="依据: 不能超过 2000 个字"):
        ws.update_finding(finding.id, basis=["《某某安全规定》第十条" + "某" * 390] * 6)
    assert ws.finding(finding.id).basis == ()
