"""Signatures captured on screen on issued documents: drawn as vector paths in their
blocks (read back from the PDF's content stream with pypdf, with the printed time),
listed in the document's content and data, bound so that moving one to another
document is found by ``audit verify`` and refused at headquarters, and carried to
headquarters in the bundle, where hostile signature rows are refused."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import zipfile
from datetime import datetime

import pytest
from pypdf import PdfReader

from checklists.common.errors import BundleRejected, DocumentError, InvalidInput
from checklists.common.vocabulary import DocumentKind, local_time
from export import issue
from export.docmodel import Refusal, SignedMark, canonical_json, content_hash
from export.onsite import signed_kind
from export.service import issue_service
from export.sync.bundle import export_bundle, import_bundles
from storage import signatures as sig
from storage.workspace import Workspace
from tests.export.test_issue import demo_copy, demo_template, settle
from tests.export.test_service_interview import moment
from tests.export.test_sync import file_hash, resign
from tests.storage.test_signatures import handwriting

INK_RGB = [0.043, 0.122, 0.361]       # export/pdf/signature.py INK_COLOUR


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return demo_template(tmp_path_factory.mktemp("signed"), photos=False)


@pytest.fixture
def ws(template, tmp_path):
    yield from demo_copy(template, tmp_path)


def ems_inspection(ws):
    return next(i for i in ws.inspections() if issue._order_findings(ws, i.id) and i.family == "ems")


def sign_all(ws, insp, which: str, unit: str = "王五") -> list[sig.Signature]:
    kind = signed_kind(ws, insp.id, which)
    out = [ws.add_signature(insp.id, kind, "inspector", p["name"], handwriting(n))
           for n, p in enumerate(insp.inspectors, 1)]
    if unit:
        out.append(ws.add_signature(insp.id, kind, "unit", unit, handwriting(9)))
    return out


def page_marks(pdf: bytes) -> list[dict]:
    """Per page: the ink points (page coordinates) and the texts with their positions."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found = {"ink": [], "texts": []}
        colour = {"ink": False}

        def before(op, args, cm, tm, found=found, colour=colour):
            if op == b"RG":
                colour["ink"] = [round(float(a), 3) for a in args] == INK_RGB
            elif op in (b"m", b"l") and colour["ink"]:
                x, y = float(args[0]), float(args[1])
                found["ink"].append((cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]))

        def text(t, cm, tm, font, size, found=found):
            if t.strip():
                found["texts"].append((t.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        out.append(found)
    return out


def times_of(signed: list[sig.Signature]) -> set[str]:
    return {local_time(datetime.fromisoformat(s.signed_at)).strftime("%Y-%m-%d %H:%M") for s in signed}


def is_time(text: str) -> bool:
    return re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text) is not None


def check_blocks(pdf: bytes, signed: list[sig.Signature], labels: list[str]) -> None:
    """Each signature's strokes lie on the line of its block: right of its label, left of
    the time printed beside it, at that line's height, and no stroke covers a text."""
    page = next(p for p in page_marks(pdf) if p["ink"])
    times = [t for t in page["texts"] if is_time(t[0])]
    assert {t[0] for t in times} == times_of(signed)
    assert len(times) == len(signed)
    label_x = max(x for t, x, _ in page["texts"] if any(t.startswith(label[:2]) for label in labels))
    for _, tx, ty in times:
        near = [(x, y) for x, y in page["ink"] if ty - 2 <= y <= ty + 22 and x < tx]
        assert len(near) >= min(s.ink.points for s in signed), "the strokes stand on the time's line"
        assert min(x for x, _ in near) > label_x + 40, "right of the label"
    for x, y in page["ink"]:
        assert any(ty - 2 <= y <= ty + 22 and x < tx for _, tx, ty in times), (x, y)
    for text, x, y in page["texts"]:
        if not is_time(text):
            inside = [p for p in page["ink"] if abs(p[1] - (y + 4)) < 4 and x <= p[0] <= x + 10]
            assert not inside, f"a stroke covers “{text}”"


def test_signatures_print_in_their_blocks_of_the_order_and_the_record(ws):
    insp = ems_inspection(ws)
    signed = sign_all(ws, insp, "order")
    order = issue.issue_order(ws, insp.id, photos=False)
    check_blocks(ws.document_pdf(order.id), signed, ["执法人员", "被检查单位"])
    listed = ws.document_signatures(order.id)
    assert [e["id"] for e in listed] == [s.id for s in signed]
    assert [e["role"] for e in listed] == ["inspector"] * len(insp.inspectors) + ["unit"]
    assert all(e["sha256"] == s.sha256 for e, s in zip(listed, signed))
    assert order.data["signatures"] == listed
    assert ws.signature_drafts(insp.id, DocumentKind.ORDER) == []       # bound to the order now
    settle(ws, insp)
    record_signed = sign_all(ws, insp, "record", unit="")
    record = issue.issue_record(ws, insp.id, photos=False)
    check_blocks(ws.document_pdf(record.id), record_signed, ["执法人员"])
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(ws.document_pdf(record.id))).pages)
    assert "被检查单位现场负责人（签名）" in text or "被检查单位负责人（签名）" in text   # left for paper
    assert ws.audit_verify() == []


def test_the_signatures_enter_the_content_hash(ws):
    insp = ems_inspection(ws)
    plain = issue.build_order(ws, insp.id, photos=False)
    sign_all(ws, insp, "order")
    doc, _data, drafts = issue.onsite.attach(ws, insp.id, DocumentKind.ORDER, plain, {})
    assert len(drafts) == len(insp.inspectors) + 1
    assert content_hash(doc) != content_hash(plain)
    other = issue.onsite.attach(ws, insp.id, DocumentKind.ORDER, plain, {})[0]
    assert content_hash(other) == content_hash(doc)
    other_strokes = SignedMark("unit", "王五", doc.signatures[-1].signed_at, sig.encode(handwriting(4)))
    swapped = dataclasses.replace(doc, signatures=(*doc.signatures[:-1], other_strokes))
    assert content_hash(swapped) != content_hash(doc)


def test_service_and_refusal_witness_blocks(ws):
    insp = ems_inspection(ws)
    kind = signed_kind(ws, insp.id, "order")
    witness = ws.add_signature(insp.id, kind, "witness", "李四", handwriting(5))
    refusal = Refusal("经宣读后现场负责人拒绝签名", "李四（街道安全员）", True)
    order = issue.issue_order(ws, insp.id, photos=False, refusal=refusal)
    check_blocks(ws.document_pdf(order.id), [witness], ["见证人"])
    settle(ws, insp)
    record = issue.issue_record(ws, insp.id, photos=False)
    signed = sign_all(ws, insp, "service")
    served = issue_service(ws, insp.id, [order.id, record.id],
                           {"method": "direct", "place": "单位办公室", "served_at": moment(ws, record)})
    assert [e["id"] for e in served.data["signatures"]] == [s.id for s in signed]
    page = next(p for p in page_marks(ws.document_pdf(served.id)) if p["ink"])
    assert {t[0] for t in page["texts"] if is_time(t[0])} == times_of(signed)
    assert ws.audit_verify() == []


def test_a_signature_without_a_block_stops_the_issue_before_a_number(ws):
    insp = ems_inspection(ws)
    kind = signed_kind(ws, insp.id, "order")
    ws.add_signature(insp.id, kind, "inspector", "不在本次检查的人", handwriting())
    with pytest.raises(DocumentError, match="没有签名位置"):
        issue.issue_order(ws, insp.id, photos=False)
    ws.add_signature(insp.id, kind, "unit", "王五", handwriting())
    with pytest.raises(DocumentError, match="没有签名位置"):
        issue.issue_order(ws, insp.id, photos=False, refusal=Refusal("拒绝签名"))
    assert ws.documents(inspection_id=insp.id, kind="order") == []


def test_moving_a_signature_to_another_document_is_found(ws):
    insp = ems_inspection(ws)
    signed = sign_all(ws, insp, "order")
    order = issue.issue_order(ws, insp.id, photos=False)
    settle(ws, insp)
    record = issue.issue_record(ws, insp.id, photos=False)
    assert ws.audit_verify() == []
    # behind the program's back: the row no longer matches its audit event, and the record
    # does not list it
    ws.execute("UPDATE signature SET document_id = ?, kind = 'record' WHERE id = ?", [record.id, signed[-1].id])
    ws.conn.commit()
    problems = [p.message for p in ws.audit_verify()]
    assert any(f"signature 记录 {signed[-1].id} 在审计之外被修改" in p for p in problems)
    assert any(f"签名 {signed[-1].id} 不是文书 {record.id} 所列的签名" in p for p in problems)
    with pytest.raises(Exception, match="不在本工作区或已被改动"):
        ws.document_signatures(order.id)


def test_signed_documents_travel_to_headquarters(ws, tmp_path):
    insp = ems_inspection(ws)
    signed = sign_all(ws, insp, "order")
    order = issue.issue_order(ws, insp.id, photos=False)
    draft = ws.add_signature(insp.id, "record", "unit", "王五", handwriting(7))    # not yet issued
    bundle = export_bundle(ws, tmp_path / "b.scbundle").path
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        import_bundles(hq, [bundle], trust=True)
        assert hq.document_signatures(order.id) == ws.document_signatures(order.id)
        rows = hq.execute("SELECT id, strokes, sha256, document_id FROM signature ORDER BY id").fetchall()
        assert {r[0] for r in rows} == {s.id for s in signed} | {draft.id}
        for sid, strokes, digest, document_id in rows:
            mine = next(s for s in [*signed, draft] if s.id == sid)
            assert (strokes, digest) == (mine.strokes, mine.sha256)
            assert document_id == (None if sid == draft.id else order.id)
        assert hq.audit_verify() == []


def _edit_signature(change):
    """A part edit: apply ``change(row, columns)`` to the first signature row."""
    def edit(members: dict[str, bytes]) -> dict[str, bytes]:
        header, first, *rest = members["records/signature.ndjson"].decode().splitlines()
        cols, row = json.loads(header), json.loads(first)
        change(row, cols)
        members["records/signature.ndjson"] = ("\n".join([header, json.dumps(row), *rest]) + "\n").encode()
        return members
    return edit


def _set(column, value):
    return lambda row, cols: row.__setitem__(cols.index(column), value)


def _raw(*values: int, tail: bytes = b"") -> str:
    """Strokes bytes written by hand (varints), as a row carries them."""
    return sig.to_text(sig.MAGIC + b"".join(sig._varint(v) for v in values) + tail)


def _too_many_points(row, cols):
    """One stroke of MAX_POINTS + 1 points zig-zagging by one unit: 40 KB, under the byte limit."""
    n = sig.MAX_POINTS + 1
    row[cols.index("strokes")] = _raw(100, 100, 0, 1, n, 50, 50, tail=b"\x02\x00\x01\x00" * (n // 2))


def _too_many_strokes(row, cols):
    row[cols.index("strokes")] = _raw(100, 100, 0, sig.MAX_STROKES + 1, tail=b"\x01\x05\x05" * 201)


HOSTILE = {
    "too_many_points": (_too_many_points, "strokes"),
    "too_many_strokes": (_too_many_strokes, "strokes"),
    "too_long": (_set("strokes", "A" * (sig.MAX_BYTES * 2)), "strokes"),
    "point_outside_the_box": (_set("strokes", _raw(10, 10, 0, 1, 2, 5, 5, 40, 0)), "strokes"),
    "not_base64": (_set("strokes", "这不是笔迹"), "strokes"),
    "bitmap_instead": (_set("strokes", sig.to_text(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)), "strokes"),
    "hash_of_other_strokes": (_set("sha256", "0" * 64), "sha256"),
    "unknown_role": (_set("role", "boss"), "role"),
    "unsigned_kind": (_set("kind", "review"), "kind"),
}


@pytest.fixture(scope="module")
def signed_field(template, tmp_path_factory):
    base = tmp_path_factory.mktemp("signed_field")
    gen = demo_copy(template, base)
    ws = next(gen)
    insp = ems_inspection(ws)
    sign_all(ws, insp, "order")
    order = issue.issue_order(ws, insp.id, photos=False)
    settle(ws, insp)
    record = issue.issue_record(ws, insp.id, photos=False)
    export_bundle(ws, base / "good.scbundle", everything=True)
    yield ws, base / "good.scbundle", order, record
    gen.close()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_signature_rows_are_refused_and_change_nothing(case, signed_field, tmp_path):
    ws, good, _order, _record = signed_field
    change, column = HOSTILE[case]
    bad = resign(ws, good, tmp_path / "bad.scbundle", part_edit=_edit_signature(change))
    hq_path = tmp_path / "hq.sitecheck"
    with Workspace.open(hq_path) as hq:
        hq.add_enterprise(name="局机关测试单位")
    before = file_hash(hq_path)
    with Workspace.open(hq_path) as hq, pytest.raises(BundleRejected, match=f"签名记录 .* 的字段 {column}"):
        import_bundles(hq, [bad], trust=True)
    assert file_hash(hq_path) == before


def test_a_signature_moved_by_its_own_device_is_refused_at_headquarters(signed_field, tmp_path):
    """Even with every audit event and the bundle signed again by the device, the record
    does not list the order's signature: headquarters refuses the bundle."""
    ws, _good, order, record = signed_field
    moved = sig.of_document(ws, order.id)[-1]
    with ws.transaction():
        ws._update("signature", moved.id, {"document_id": record.id, "kind": "record"}, action="bind")
    assert any("不是文书" in p.message for p in ws.audit_verify())
    bundle = export_bundle(ws, tmp_path / "moved.scbundle", everything=True).path
    hq_path = tmp_path / "hq.sitecheck"
    with Workspace.open(hq_path) as hq:
        hq.add_enterprise(name="局机关测试单位")
    before = file_hash(hq_path)
    with Workspace.open(hq_path) as hq, pytest.raises(BundleRejected, match=f"签名 {moved.id} 不是文书"):
        import_bundles(hq, [bundle], trust=True)
    assert file_hash(hq_path) == before
    with ws.transaction():                     # put it back for the other tests of the module
        ws._update("signature", moved.id, {"document_id": order.id, "kind": str(DocumentKind.ORDER)},
                   action="bind")
    assert ws.audit_verify() == []


def test_bundle_holds_the_signature_part(signed_field):
    _ws, good, order, _record = signed_field
    with zipfile.ZipFile(good) as zf:
        header, *rows = zf.read("records/signature.ndjson").decode().splitlines()
    cols = json.loads(header)
    assert {"strokes", "sha256", "document_id", "role", "signer", "signed_at"} <= set(cols)
    assert {json.loads(r)[cols.index("document_id")] for r in rows} == {order.id}


def test_refusal_names_who_refused_and_links_evidence_by_hash(ws, tmp_path):
    from export.onsite import evidence_file

    video = tmp_path / "执法记录仪_0012.MP4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4000)
    linked = evidence_file(video)
    assert (linked.kind, linked.name, linked.size) == ("video", video.name, video.stat().st_size)
    assert linked.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    with pytest.raises(InvalidInput, match="不是照片、录像或录音文件"):
        evidence_file(tmp_path / "notes.txt")
    with pytest.raises(InvalidInput, match="无法读取"):
        evidence_file(tmp_path / "missing.jpg")
    insp = ems_inspection(ws)
    kind = signed_kind(ws, insp.id, "order")
    witness = ws.add_signature(insp.id, kind, "witness", "李四", handwriting(5))
    refusal = Refusal("经宣读后拒绝签名", "李四（街道安全员）", False, "张三（车间主任）", (linked,))
    order = issue.issue_order(ws, insp.id, photos=False, refusal=refusal)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(ws.document_pdf(order.id))).pages))
    assert "被检查单位负责人张三（车间主任）拒绝签名" in text
    assert f"录像“{video.name}”（SHA-256：{linked.sha256[:16]}…）" in text
    assert "已采取拍照、录音或者录像等方式记录" in text
    assert order.data["refusal"]["who"] == "张三（车间主任）"
    assert order.data["refusal"]["files"] == [linked.to_json()]
    assert [e["id"] for e in order.data["signatures"]] == [witness.id]
    again = issue.reissue(ws, order.id)                      # a correction keeps all of it
    assert again.data["refusal"] == order.data["refusal"]


def test_a_refusal_without_the_new_particulars_hashes_as_before():
    from tests.export import samples

    doc = samples.order(refusal=Refusal("拒绝签名", "李四", True))
    content = json.loads(canonical_json(doc))["data"]["refusal"]
    assert content == {"note": "拒绝签名", "witness": "李四", "evidence": True}
    assert "signatures" not in json.loads(canonical_json(doc))["data"]
