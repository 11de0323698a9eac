"""The print rendition of a photo: made when the photo is imported, stored beside
it, and embedded as it is when a document prints the photo, so that issuing a
document decodes no photo.  A photo without one (imported before schema 7, or
received from another device) or with a damaged one is scaled when printed, to
the same bytes."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from export import issue
from export.pdf.photos import PRINT_CACHE, Prepared, prescale
from storage import migrations
from storage.printsize import PRINT_BOX, PRINT_DPI, print_pixels
from storage.workspace import Workspace

DEPARTMENT = {"name": "杭州市应急管理局", "abbr": "杭", "government": "杭州市人民政府",
              "court": "杭州市西湖区人民法院"}
TEAM = [{"name": "李晓燕", "cert_no": "33010020230002"}, {"name": "王建国", "cert_no": "33010020230001"}]


def camera_jpeg(width: int, height: int, seed: int) -> bytes:
    img = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(img)
    draw.rectangle([width // 8, height // 4 + seed * 10, width // 2, height - 20], outline=(200, 30, 60), width=9)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def inspection(tmp_path):
    """A finished inspection with two findings, each with one photo."""
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        ws.set_settings({"department": DEPARTMENT, "inspectors": TEAM})
        checklist = next(c for c in ws.checklists() if c.id == "general-sbls")
        ent = ws.add_enterprise(name="杭州瑞丰食品有限公司", address="杭州市西湖区文一西路588号")
        insp = ws.start_inspection(ent.id, [checklist.hash], TEAM, site="二号车间", site_manager="周明")
        photos = []
        for n, item in enumerate(list(checklist.items())[:2]):
            ws.set_answer(insp.id, checklist.hash, item.id, result="fail", note="现场查见")
            finding = ws.add_finding(insp.id, description=f"第{n + 1}处安全出口被纸箱堵塞", level="general",
                                     rectification="deadline", deadline=date.today() + timedelta(days=15),
                                     checklist_hash=checklist.hash, item_id=item.id, measure="清理通道")
            photos.append(ws.add_photo(insp.id, camera_jpeg(2400, 1800, n), name=f"IMG_{n}.jpg",
                                       finding_id=finding.id, checklist_hash=checklist.hash, item_id=item.id))
        ws.finish_inspection(insp.id)
        PRINT_CACHE.clear()
        yield ws, insp, photos
        PRINT_CACHE.clear()


def images(pdf: bytes) -> list[bytes]:
    """The JPEG bytes of every image the PDF embeds, as embedded."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(xobject.get_data())
    return found


def test_an_imported_photo_has_its_print_rendition(inspection):
    ws, _, photos = inspection
    assert migrations.schema_version(ws.conn) == migrations.LATEST >= 7
    for photo in photos:
        printed = ws.print_photo(photo.normal_sha256)
        assert printed is not None
        with Image.open(io.BytesIO(printed.jpeg)) as img:
            assert img.format == "JPEG" and img.size == (printed.width, printed.height)
        # about the print size (DCT-scaled, at most PRINT_SLACK larger), far under the normal photo
        need = print_pixels((photo.width, photo.height), *PRINT_BOX, PRINT_DPI)
        assert need[0] <= printed.width <= need[0] * 1.25 and printed.width < photo.width
        # the very bytes scaling the normal photo at print time gives
        assert Prepared.of(printed) == prescale(ws.photo_bytes(photo.id))


def test_issuing_embeds_the_stored_renditions_without_decoding_the_photos(inspection):
    ws, insp, photos = inspection
    printed = [ws.print_photo(p.normal_sha256).jpeg for p in photos]
    # the normal photos can no longer be decoded: only their stored renditions can print
    for photo in photos:
        ws.execute("UPDATE blob SET data = ? WHERE sha256 = ?", [b"not a picture", photo.normal_sha256])
    doc = issue.issue_order(ws, insp.id)
    assert sorted(images(ws.document_pdf(doc.id))) == sorted(printed)


def test_a_photo_without_a_rendition_is_scaled_when_printed(inspection):
    ws, insp, photos = inspection
    expected = sorted(prescale(ws.photo_bytes(p.id)).jpeg for p in photos)
    ws.execute("DELETE FROM print_rendition")   # as for photos imported before schema 7
    assert ws.print_photo(photos[0].normal_sha256) is None
    doc = issue.issue_order(ws, insp.id)
    assert sorted(images(ws.document_pdf(doc.id))) == expected


def test_a_damaged_rendition_is_not_printed(inspection):
    ws, insp, photos = inspection
    expected = sorted(prescale(ws.photo_bytes(p.id)).jpeg for p in photos)
    digest = ws.conn.execute("SELECT print_sha256 FROM print_rendition WHERE normal_sha256 = ?",
                             [photos[0].normal_sha256]).fetchone()[0]
    ws.execute("UPDATE blob SET data = ? WHERE sha256 = ?", [camera_jpeg(500, 375, 7), digest])
    assert ws.print_photo(photos[0].normal_sha256) is None
    doc = issue.issue_order(ws, insp.id)
    assert sorted(images(ws.document_pdf(doc.id))) == expected


def test_prepare_photos_uses_the_stored_renditions(inspection):
    ws, insp, photos = inspection
    for photo in photos:
        ws.execute("UPDATE blob SET data = ? WHERE sha256 = ?", [b"not a picture", photo.normal_sha256])
    assert issue.prepare_photos(ws, insp.id) == 2
    assert {p.normal_sha256 for p in photos} <= set(PRINT_CACHE._items)
