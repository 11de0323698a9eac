"""The photo annex of an issued document, from a workspace holding real camera
photos: one image per photo (an annotated copy in place of its original), and
for each photo 拍摄时间, 拍摄地点, 拍摄人 and the finding it proves, read back
from the PDF with pypdf."""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from checklists.common.vocabulary import Rectification, Result
from export import issue
from export.documents import render
from export.pdf.photos import prescale, shorten
from storage import audit
from storage.photos import Arrow, Text, annotate
from storage.workspace import Workspace

PHOTOS = Path(__file__).resolve().parents[2] / ".." / "shared" / "testdata" / "photos" / "jpg"
GPS_PHOTO = PHOTOS / "gps" / "DSCN0010.jpg"        # EXIF 2008-10-22 16:28:39, N 43.4674483 E 11.8851267
CAMERA_PHOTO = PHOTOS / "Canon_40D.jpg"             # EXIF 2008-05-30 15:56:01, no GPS
pytestmark = pytest.mark.skipif(not GPS_PHOTO.exists(), reason="shared test photos are absent")

# 06:05 UTC is 14:05 in Shanghai, whatever the machine's own time zone
NOW = datetime(2026, 12, 2, 6, 5, tzinfo=UTC)
DEPARTMENT = {"name": "杭州市应急管理局", "abbr": "杭", "government": "杭州市人民政府",
              "court": "杭州市西湖区人民法院"}
# the workspace's inspectors: 李晓燕 first, so she is the current inspector
TEAM = [{"name": "李晓燕", "cert_no": "33010020230002"}, {"name": "王建国", "cert_no": "33010020230001"}]
ADDRESS = "杭州市西湖区文一西路588号"
SITE = "二号车间"
DESCRIPTION = ("二号车间东侧安全出口被成品纸箱堵塞，通道净宽不足0.5米；"
               "疏散指示标志损坏未及时修复，应急照明灯具不亮，夜班期间无法保证人员安全疏散")


def stripped(path: Path) -> bytes:
    """A real photo's pixels without its EXIF block (no time, no place)."""
    out = io.BytesIO()
    with Image.open(path) as im:
        im.convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def inspected(tmp_path):
    with Workspace.open(tmp_path / "w.sitecheck", clock=lambda: NOW) as ws:
        ws.set_settings({"department": DEPARTMENT, "inspectors": TEAM})
        ent = ws.add_enterprise(name="杭州瑞丰食品有限公司", address=ADDRESS)
        checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
        item = next(i for s in checklist.sections for i in s.items if i.rectification == Rectification.DEADLINE)
        # listed in another order on the inspection: the current inspector is still 李晓燕
        insp = ws.start_inspection(ent.id, [checklist.hash], list(reversed(TEAM)), site=SITE,
                                   site_manager="周明")
        finding = ws.record_result(insp.id, checklist.hash, item.id, result=Result.FAIL,
                                   note=DESCRIPTION).finding
        yield ws, insp, finding, item


def add(ws, insp, finding, source, name: str):
    data = source.read_bytes() if isinstance(source, Path) else source
    return ws.add_photo(insp.id, data, name=name, finding_id=finding.id, checklist_hash=finding.checklist_hash,
                        item_id=finding.item_id)


def record_pdf(ws, insp) -> bytes:
    """The 现场检查记录 as it would be issued now (a preview: no number taken)."""
    ws.finish_inspection(insp.id)
    return render(issue.build_record(ws, insp.id))


def annex_images(pdf: bytes) -> list[bytes]:
    """The JPEG bytes of every image the PDF embeds, as embedded."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                assert "/DCTDecode" in str(xobject["/Filter"])
                found.append(xobject.get_data())
    return found


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def figures(text: str) -> list[str]:
    """The annex text of each photo, from its 图n to the next one."""
    return re.split(r"(?=图\d+第\d+项)", text[text.index("附件：现场照片"):])[1:]


def test_each_photo_prints_when_where_who_and_what_it_proves(inspected):
    ws, insp, finding, item = inspected
    gps = add(ws, insp, finding, GPS_PHOTO, "DSCN0010.jpg")
    plain = add(ws, insp, finding, stripped(CAMERA_PHOTO), "现场.jpg")
    assert gps.taken_by == plain.taken_by == "李晓燕"
    ws.finish_inspection(insp.id)
    doc = issue.issue_record(ws, insp.id)
    text = flat(ws.document_pdf(doc.id))
    first, second = figures(text)

    assert "拍摄时间：2008年10月22日16:28" in first                     # EXIF time, as the camera kept it
    assert "拍摄地点：北纬43.46745°，东经11.88513°" in first             # GPS, 5 decimals
    assert ADDRESS not in first
    assert "拍摄时间：2026年12月2日14:05" in second                       # no EXIF: when it was added, Shanghai time
    assert f"拍摄地点：{ADDRESS}，{SITE}" in second                               # no GPS: the site's address
    for part in (first, second):
        assert "拍摄人：李晓燕" in part
        proof = re.sub(r"\s+", "", f"证明问题：{shorten(item.question, 24)}——{shorten(DESCRIPTION, 40)}")
        assert proof in part
    assert DESCRIPTION[:20] in text and "…" in first


def test_shorten_cuts_at_punctuation_and_marks_the_cut():
    assert shorten("短句", 10) == "短句"
    assert shorten("安全出口被纸箱堵塞，通道净宽不足；照明不亮", 16) == "安全出口被纸箱堵塞…"
    assert shorten("一二三四五六七八九十甲乙丙丁", 8) == "一二三四五六七…"
    assert shorten("换行\n  与   空格", 20) == "换行 与 空格"


def test_annotated_photo_replaces_its_original_in_the_annex(inspected):
    ws, insp, finding, _ = inspected
    original = add(ws, insp, finding, GPS_PHOTO, "DSCN0010.jpg")
    other = add(ws, insp, finding, CAMERA_PHOTO, "IMG_0002.JPG")
    shapes = [Arrow(0.1, 0.1, 0.5, 0.5), Text(0.05, 0.8, "安全出口堵塞")]
    first = ws.add_annotated_photo(original.id, annotate(ws.photo_bytes(original.id), shapes))
    again = ws.add_annotated_photo(first.id, annotate(ws.photo_bytes(first.id), [Arrow(0.9, 0.9, 0.6, 0.6)]))

    # the original stays as evidence, linked to the annotated versions
    assert (first.derived_from, again.derived_from) == (original.id, first.id)
    assert ws.photo_bytes(original.id, "original") == GPS_PHOTO.read_bytes()
    assert [p.id for p in ws.photos(inspection_id=insp.id)] == [original.id, other.id, first.id, again.id]
    assert [p.id for p in ws.photos(inspection_id=insp.id, latest=True)] == [again.id, other.id]
    # one extension, one suffix
    assert first.original_name == again.original_name == "DSCN0010-annotated.jpg"
    assert not any(".jpg.jpg" in (p.original_name or "").lower() for p in ws.photos(inspection_id=insp.id))
    # time, place and who took it carry over to the annotated copy
    assert (again.taken_at, again.gps_lat, again.taken_by) == (original.taken_at, original.gps_lat, "李晓燕")

    pdf = record_pdf(ws, insp)
    images = annex_images(pdf)
    assert len(images) == 2
    assert prescale(ws.photo_bytes(again.id)).jpeg in images
    assert prescale(ws.photo_bytes(original.id)).jpeg not in images
    assert prescale(ws.photo_bytes(first.id)).jpeg not in images
    assert "照片共2张" in flat(pdf)

    # removing the annotated copy brings the version before it back
    ws.remove_photo(again.id)
    images = annex_images(record_pdf(ws, insp))
    assert len(images) == 2 and prescale(ws.photo_bytes(first.id)).jpeg in images
    assert ws.audit_verify() == []


def test_photos_stored_before_the_inspector_was_recorded_still_verify(inspected):
    """A row written before the taken_by column existed hashes as it did then,
    and prints its 拍摄人 as not recorded."""
    ws, insp, finding, _ = inspected
    photo = add(ws, insp, finding, CAMERA_PHOTO, "IMG_0003.jpg")
    row = next(ws.query("SELECT * FROM photo WHERE id = ?", [photo.id]))
    older = {k: v for k, v in row.items() if k != "taken_by"}
    assert audit.row_hash({**older, "taken_by": None}) == audit.row_hash(older)
    assert audit.row_hash(row) != audit.row_hash(older)
    with ws.transaction():
        ws.execute("UPDATE photo SET taken_by = NULL WHERE id = ?", [photo.id])
        audit.append(ws.conn, device_id=ws.device_id, at=ws.now(), action="update", entity="photo",
                     entity_id=photo.id, payload={"row": audit.row_hash(older)})
    assert ws.audit_verify() == []
    assert "拍摄人：未记录" in flat(record_pdf(ws, insp))
