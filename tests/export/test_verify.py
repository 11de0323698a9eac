"""Signed documents end to end: headquarters certifies a field device through the pack,
the device issues documents, and the verifier (the command, the QR text, the offline
page in a real headless chromium) accepts them and refuses every tampering with its
own reason."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import shutil
import subprocess
import urllib.parse
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader, PdfWriter

import main
from checklists.common.errors import BundleRejected, NotAuthentic, WorkspaceError
from export import issue, signing, verify
from export.documents import Seal, render_hashed
from export.sync.bundle import export_bundle, import_bundles
from export.sync.pack import export_pack, import_pack
from export.verify_cli import verify_page
from storage import certs
from storage.demo import fill
from storage.workspace import Workspace

from .test_issue import EMS_DEPARTMENT, SAMR_DEPARTMENT, later_deadlines

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return certified(tmp_path_factory.mktemp("signed"))


def certified(folder: Path) -> Path:
    """A field laptop certified by headquarters (field.sitecheck, hq.sitecheck) in ``folder``."""
    with Workspace.open(folder / "field.sitecheck") as field:
        field.set_settings({"department": EMS_DEPARTMENT, "department_samr": SAMR_DEPARTMENT})
        fill(field, inspections=2, photos=False)
        export_bundle(field, folder / "b.scbundle")
        device = field.device_id
    with Workspace.open(folder / "hq.sitecheck") as hq:
        hq.set_settings({"department": EMS_DEPARTMENT})
        import_bundles(hq, [folder / "b.scbundle"], trust=True)
        today = hq.today()
        certs.certify(hq, device, inspectors=["张三", "李四"], not_before=today - timedelta(days=30),
                      not_after=today + timedelta(days=365))
        export_pack(hq, folder / "p.scpack")
    with Workspace.open(folder / "field.sitecheck") as field:
        assert import_pack(field, folder / "p.scpack", trust=True).added["device_cert"] == 1
    return folder


@pytest.fixture
def world(template, tmp_path):
    return copy_world(template, tmp_path)


def copy_world(template: Path, folder: Path) -> Path:
    for name in ("field.sitecheck", "hq.sitecheck"):
        shutil.copy(template / name, folder / name)
    return folder


def issue_one(folder: Path, kind: str = "record", out: str = "doc.pdf") -> tuple[Path, str]:
    """Issue a document on the field laptop; its PDF file and its QR text."""
    with Workspace.open(folder / "field.sitecheck") as field:
        later_deadlines(field)
        insp = next(i for i in field.inspections() if issue.order_findings(field, i.id))
        doc = (issue.issue_record if kind == "record" else issue.issue_order)(field, insp.id, photos=False)
        pdf = field.document_pdf(doc.id)
    (folder / out).write_bytes(pdf)
    return folder / out, doc.data["statement"]


def hq_trust(folder: Path) -> verify.Trust:
    """What a reviewer holds: headquarters' trust file (no ledger)."""
    with Workspace.open(folder / "hq.sitecheck") as hq:
        data = verify.Trust.of_workspace(hq).to_json()
    (folder / "trust.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return verify.load_trust(folder / "trust.json")


def reason(call, *args) -> str:
    with pytest.raises(NotAuthentic) as caught:
        call(*args)
    return caught.value.reason


def info_of(pdf: Path) -> dict[str, str]:
    return {k: str(v) for k, v in PdfReader(pdf).metadata.items()}


def with_info(pdf: Path, out: Path, **entries: str | None) -> Path:
    """The PDF rewritten with Info entries changed (None: removed)."""
    reader = PdfReader(pdf)
    writer = PdfWriter(clone_from=reader)
    meta = dict(reader.metadata)
    for key, value in entries.items():
        meta.pop(f"/{key}", None)
        if value is not None:
            meta[f"/{key}"] = value
    writer.metadata = meta
    buf = io.BytesIO()
    writer.write(buf)
    out.write_bytes(buf.getvalue())
    return out


def content_of(pdf: Path) -> dict:
    return json.loads(signing.unpack_info(info_of(pdf)[signing.INFO_CONTENT]))


# ---------------------------------------------------------------- accepted

def test_a_document_verifies_from_its_pdf_and_its_qr(world, capsys):
    pdf, qr = issue_one(world)
    trust = hq_trust(world)
    result = verify.verify_pdf(pdf, trust)
    data = content_of(pdf)["data"]
    assert result.statement.number == data["number"] and result.statement.enterprise == data["unit"]["name"]
    assert result.cert["inspectors"] == ["张三", "李四"]
    assert result.findings == tuple(f["description"] for f in data["findings"]) and result.findings
    assert info_of(pdf)[signing.INFO_STATEMENT] == qr
    assert verify.verify_qr(qr, trust).statement == result.statement
    # the command line, with the trust file and with the laptop's own workspace (and its ledger)
    assert main.main(["documents", "verify", str(pdf), "--trust", str(world / "trust.json")]) == 0
    out = capsys.readouterr().out
    assert "真实且未被改动" in out and data["number"] in out and data["findings"][0]["description"] in out
    assert main.main(["--workspace", str(world / "field.sitecheck"), "documents", "verify", "--qr", qr]) == 0
    out = capsys.readouterr().out
    assert data["unit"]["name"] in out and f"隐患 {len(data['findings'])} 项" in out
    assert data["findings"][-1]["description"] in out


def test_the_qr_code_on_the_page_decodes_to_the_statement(world, tmp_path):
    if not (shutil.which("zbarimg") and shutil.which("pdftoppm")):
        pytest.skip("zbarimg (zbar-tools) and pdftoppm (poppler-utils) are needed")
    pdf, qr = issue_one(world)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=True)
    assert read.stdout.strip() == qr
    from export.pdf.layout import qr_code

    assert qr_code(qr).version <= 10    # at 17 mm a module is 0.3 mm or more


def test_every_kind_verifies_with_its_pages_read_back(world):
    """The record, the order, a three-page 询问笔录 (a person, not a unit) and a 送达回证:
    what their pages print agrees with what they sign."""
    from export.interview import issue_interview
    from export.service import issue_service
    from tests.export.test_service_interview import LODGED, interview_values, issued_pair, moment

    with Workspace.open(world / "field.sitecheck") as field:
        later_deadlines(field)
        insp, record, order = issued_pair(field)
        talk = issue_interview(field, insp.id, interview_values(field, insp, record, n=30))
        served = issue_service(field, insp.id, [order.id, record.id], {**LODGED, "served_at": moment(field, order)})
        docs = {d.number: field.document_pdf(d.id) for d in (record, order, talk, served)}
    trust = hq_trust(world)
    for n, (number, pdf) in enumerate(docs.items()):
        (world / f"{n}.pdf").write_bytes(pdf)
        assert verify.verify_pdf(world / f"{n}.pdf", trust).statement.number == number
    assert len(PdfReader(world / "2.pdf").pages) >= 3


# ---------------------------------------------------------------- the PDF tampered with

def test_visible_text_changed_is_refused(world):
    """The pages re-rendered with another finding text, the signed entries kept."""
    pdf, _ = issue_one(world)
    info = info_of(pdf)
    with Workspace.open(world / "field.sitecheck") as field:
        doc = field.documents()[0]
        built = issue.build_record(field, doc.inspection_id, photos=False)
    data = content_of(pdf)["data"]
    first = dataclasses.replace(built.findings[0], description="已整改完毕，无隐患")
    forged = dataclasses.replace(built, number=data["number"], issued_at=signing.EPOCH.fromisoformat(
        data["issued_at"]), findings=(first, *built.findings[1:]))
    entries = {k: v for k, v in info.items() if k.startswith("/SiteCheck")}
    body, _ = render_hashed(forged, seal=lambda h: Seal(entries[signing.INFO_STATEMENT], entries))
    (world / "forged.pdf").write_bytes(body)
    assert reason(verify.verify_pdf, world / "forged.pdf", hq_trust(world)) == "tampered_text"


def test_data_changed_is_refused(world):
    pdf, _ = issue_one(world)
    content = content_of(pdf)
    content["data"]["findings"][0]["deadline"] = "2099-12-31"
    changed = signing.pack_info(json.dumps(content, ensure_ascii=False).encode())
    out = with_info(pdf, world / "changed.pdf", SiteCheckContent=changed)
    assert reason(verify.verify_pdf, out, hq_trust(world)) == "tampered_content"


def test_truncated_and_unsigned_files_are_refused(world):
    pdf, _ = issue_one(world)
    raw = pdf.read_bytes()
    (world / "half.pdf").write_bytes(raw[: len(raw) // 2])
    trust = hq_trust(world)
    assert reason(verify.verify_pdf, world / "half.pdf", trust) == "truncated"
    bare = with_info(pdf, world / "bare.pdf", SiteCheckStatement=None)
    assert reason(verify.verify_pdf, bare, trust) == "not_signed"


def forged_chain(world: Path, pdf: Path) -> tuple[str, dict, bytes]:
    """Someone's own 'headquarters' and device key re-sign changed data: QR text, cert, data."""
    fake_hq, fake_device = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    real = json.loads(signing.unpack_info(info_of(pdf)[signing.INFO_CHAIN]))["certs"][0]["body"]
    body = {**real, "id": "0badc0de0badc0de", "public_key": fake_device.public_key().public_bytes_raw().hex(),
            "hq_key": certs.key_id(fake_hq.public_key().public_bytes_raw())}
    cert = {"body": body, "signature": fake_hq.sign(certs.signed_bytes(body)).hex()}
    content = content_of(pdf)
    content["data"]["findings"][0]["deadline"] = "2099-12-31"
    raw = json.dumps(content, ensure_ascii=False).encode()
    old, _ = signing.parse_qr(info_of(pdf)[signing.INFO_STATEMENT])
    statement = dataclasses.replace(old, content=hashlib.sha256(raw).digest()[:16], cert_id=body["id"])
    return signing.qr_text(statement, fake_device.sign(signing.signed_bytes(statement))), cert, raw


def test_re_signed_by_an_untrusted_key_is_refused(world):
    pdf, _ = issue_one(world)
    qr, cert, raw = forged_chain(world, pdf)
    out = with_info(pdf, world / "resigned.pdf", SiteCheckStatement=qr, SiteCheckContent=signing.pack_info(raw),
                    SiteCheckChain=signing.pack_info({"certs": [cert]}))
    trust = hq_trust(world)
    assert reason(verify.verify_pdf, out, trust) == "untrusted"
    trust.certs[cert["body"]["id"]] = cert
    assert reason(verify.verify_qr, qr, trust) == "untrusted"


def test_a_statement_changed_after_signing_is_refused(world):
    pdf, qr = issue_one(world)
    statement, signature = signing.parse_qr(qr)
    other = signing.qr_text(dataclasses.replace(statement, enterprise="别的有限公司"), signature)
    trust = hq_trust(world)
    assert reason(verify.verify_qr, other, trust) == "bad_signature"
    # a signature digest (a signature captured on site) added later breaks it as well
    added = signing.qr_text(dataclasses.replace(statement, signatures=(b"\1" * 16,)), signature)
    assert reason(verify.verify_qr, added, trust) == "bad_signature"
    out = with_info(pdf, world / "other.pdf", SiteCheckStatement=other)
    assert reason(verify.verify_pdf, out, trust) == "bad_signature"


# ---------------------------------------------------------------- the QR text

@pytest.mark.parametrize("mangle", [lambda q: q[:40], lambda q: q.replace("SC1:", "SC2:"), lambda q: q + "a",
                                    lambda q: "（杭）应急检记〔2026〕001号 0123456789abcdef", lambda q: ""])
def test_malformed_qr_text_is_refused(world, mangle):
    _, qr = issue_one(world)
    assert reason(verify.verify_qr, mangle(qr), hq_trust(world)) == "malformed_qr"


def test_unknown_certificate_and_no_trust_are_refused(world, capsys):
    _, qr = issue_one(world)
    trust = hq_trust(world)
    assert reason(verify.verify_qr, qr, verify.Trust(trust.keys)) == "no_certificate"
    assert reason(verify.verify_qr, qr, verify.Trust({})) == "no_trust"
    assert main.main(["documents", "verify", "--qr", qr[:30], "--trust", str(world / "trust.json")]) == 1
    assert "二维码内容不是 SiteCheck 签名文书的格式" in capsys.readouterr().err


# ---------------------------------------------------------------- the chain over time

def test_expired_certificate_is_refused(world):
    """A laptop whose certificate has run out still signs; the verifier says why it fails."""
    with Workspace.open(world / "hq.sitecheck") as hq:
        device = certs.certificates(hq)[0].body["device_id"]
        past = hq.today() - timedelta(days=400)
        certs.revoke(hq, certs.certificates(hq)[0].id, effective=hq.today() - timedelta(days=30), reason="换发")
        certs.certify(hq, device, inspectors=["张三"], not_before=past, not_after=past + timedelta(days=30))
        export_pack(hq, world / "p2.scpack")
    with Workspace.open(world / "field.sitecheck") as field:
        import_pack(field, world / "p2.scpack")
    _, qr = issue_one(world)
    assert reason(verify.verify_qr, qr, hq_trust(world)) == "expired"
    if CHROMIUM:                                # the offline page says the same
        page = world / "verify.html"
        page.write_text(verify_page(hq_trust(world).to_json()), encoding="utf-8")
        assert page_verdict(page, qr, world)[0] == "expired"


def test_revoked_certificate_fails_later_documents(world):
    first, _ = issue_one(world, out="first.pdf")
    trust = hq_trust(world)
    verify.verify_pdf(first, trust)
    with Workspace.open(world / "hq.sitecheck") as hq:
        cert = certs.certificates(hq)[0]
        certs.revoke(hq, cert.id, effective=hq.today(), reason="电脑遗失")
        export_pack(hq, world / "p2.scpack")
    with Workspace.open(world / "field.sitecheck") as field:
        assert import_pack(field, world / "p2.scpack").added["device_cert"] == 0
        assert certs.revocations(field)[cert.id]["reason"] == "电脑遗失"
    later, later_qr = issue_one(world, kind="order", out="later.pdf")
    trust = hq_trust(world)
    assert reason(verify.verify_pdf, later, trust) == "revoked"
    assert reason(verify.verify_qr, later_qr, trust) == "revoked"
    with Workspace.open(world / "field.sitecheck") as field:   # the laptop knows it from the pack
        assert reason(verify.verify_qr, later_qr, verify.Trust.of_workspace(field)) == "revoked"


def test_superseded_document_is_refused_where_the_ledger_is_known(world):
    pdf, qr = issue_one(world)
    with Workspace.open(world / "field.sitecheck") as field:
        old = field.documents()[0]
        newer = issue.reissue(field, old.id)
        assert verify.verify_pdf(pdf, hq_trust(world))     # without the ledger it is still authentic
        ledger = verify.Trust.of_workspace(field)
        assert reason(verify.verify_pdf, pdf, ledger) == "superseded"
        assert reason(verify.verify_qr, qr, ledger) == "superseded"
        assert verify.verify_qr(newer.data["statement"], ledger).statement.number == newer.number


# ---------------------------------------------------------------- headquarters' key and the pack

def test_headquarters_key_encrypted_with_a_passphrase(tmp_path):
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        hq.set_settings({"department": EMS_DEPARTMENT})
        key = certs.ensure_hq_key(hq, "correct horse")
        stored = bytes(hq.execute("SELECT private_key FROM hq_key").fetchone()[0])
        assert key.public_key not in stored and b"PRIVATE" not in stored
        hq.execute("INSERT INTO device (id, name, created_at, public_key, trusted) VALUES ('d1', '1号机', ?, ?, 1)",
                   [hq.now(), Ed25519PrivateKey.generate().public_key().public_bytes_raw()])
        day = hq.today()
        for wrong in (None, "wrong"):
            with pytest.raises(WorkspaceError):
                certs.certify(hq, "d1", inspectors=["张三"], not_before=day, not_after=day, passphrase=wrong)
        assert certs.certificates(hq) == []
        cert = certs.certify(hq, "d1", inspectors=["张三"], not_before=day, not_after=day, passphrase="correct horse")
        assert certs.cert_problem(cert, {key.id: key.public_key}) is None


def test_a_pack_with_a_forged_certificate_is_refused(template, tmp_path):
    """Even signed by headquarters' device key, a certificate whose body was changed (or
    whose department key is not in the pack) is refused, and nothing is installed."""
    from storage.ids import uuid7
    from tests.faults.hostile import device_signer, replace_part, signed_zip, take_apart

    entries, manifest = take_apart(template / "p.scpack")
    cert_part = next(e for e in entries if e.name == "records/device_cert.ndjson")
    forged = replace_part(entries, cert_part.name, cert_part.data.replace("张三".encode(), "王五".encode()))
    shutil.copy(template / "hq.sitecheck", tmp_path / "hq.sitecheck")
    shutil.copy(template / "field.sitecheck", tmp_path / "field.sitecheck")
    with Workspace.open(tmp_path / "hq.sitecheck") as hq:
        signed_zip(tmp_path / "bad.scpack", forged, {**manifest, "bundle_id": uuid7()}, device_signer(hq))
    with Workspace.open(tmp_path / "field.sitecheck") as field:
        field.execute("DELETE FROM device_cert")
        with pytest.raises(BundleRejected, match="device_cert"):
            import_pack(field, tmp_path / "bad.scpack")
        assert certs.certificates(field) == []


# ---------------------------------------------------------------- the offline page in chromium

def page_verdict(page: Path, qr: str, tmp_path: Path) -> tuple[str, str]:
    """The page opened from disk with the QR text in its address: (verdict, DOM)."""
    url = page.as_uri() + "#qr=" + urllib.parse.quote(qr, safe="")
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'chr'}",
         "--virtual-time-budget=5000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True).stdout
    start = dom.index('id="verdict" data-reason="') + len('id="verdict" data-reason="')
    return dom[start:dom.index('"', start)], dom


@pytest.mark.skipif(not CHROMIUM, reason="chromium is needed (bash .ci/setup --test)")
def test_the_offline_page_accepts_and_refuses_the_same_cases(world, tmp_path):
    pdf, qr = issue_one(world)
    trust = hq_trust(world).to_json()
    page = tmp_path / "verify.html"
    page.write_text(verify_page(trust), encoding="utf-8")
    verdict, dom = page_verdict(page, qr, tmp_path)
    statement, signature = signing.parse_qr(qr)
    assert verdict == "ok", dom
    assert statement.number in dom and statement.enterprise in dom and "张三、李四" in dom
    changed = signing.qr_text(dataclasses.replace(statement, enterprise="别的有限公司"), signature)
    forged, cert, _ = forged_chain(world, pdf)
    cases = {changed: "bad_signature", qr[:40]: "malformed_qr", forged: "untrusted"}
    page.write_text(verify_page({**trust, "certs": [*trust["certs"], cert]}), encoding="utf-8")
    for text, expected in cases.items():
        assert page_verdict(page, text, tmp_path)[0] == expected
        assert reason(verify.verify_qr, text, verify.Trust(
            {k["id"]: bytes.fromhex(k["public_key"]) for k in trust["keys"]},
            {cert["body"]["id"]: cert, **{c["body"]["id"]: c for c in trust["certs"]}})) == expected
    page.write_text(verify_page({**trust, "revoked": [{"cert_id": statement.cert_id, "effective": "2000-01-01",
                                                       "reason": "电脑遗失", "revoked_at": ""}]}), encoding="utf-8")
    verdict, dom = page_verdict(page, qr, tmp_path)
    assert verdict == "revoked" and "电脑遗失" in dom
    page.write_text(verify_page({**trust, "certs": []}), encoding="utf-8")
    assert page_verdict(page, qr, tmp_path)[0] == "no_certificate"


@pytest.mark.skipif(not CHROMIUM, reason="chromium is needed (bash .ci/setup --test)")
def test_the_shipped_page_takes_a_pasted_trust_file(world, tmp_path):
    """The page as shipped has no key: it refuses until the trust file is pasted."""
    _, qr = issue_one(world)
    assert page_verdict(Path(verify.__file__).parent.parent / "assets/verify/verify.html", qr, tmp_path)[0] \
        == "no_trust"


# ---------------------------------------------------------------- signatures captured on site

def test_signatures_on_screen_are_listed_in_the_signed_statement(world, tmp_path):
    """An order signed on the pad: its statement lists each signature's digest in block
    order, the PDF verifies, and a content whose signature list was changed (a signature
    dropped, as if moved to another document) is refused even with a fresh QR."""
    from export.onsite import signed_kind
    from tests.storage.test_signatures import handwriting

    with Workspace.open(world / "field.sitecheck") as field:
        later_deadlines(field)
        insp = next(i for i in field.inspections() if issue.order_findings(field, i.id))
        kind = signed_kind(field, insp.id, "order")
        marks = [field.add_signature(insp.id, kind, "inspector", p["name"], handwriting(n))
                 for n, p in enumerate(insp.inspectors, 1)]
        doc = issue.issue_order(field, insp.id, photos=False)
        listed = field.document_signatures(doc.id)
        (tmp_path / "signed.pdf").write_bytes(field.document_pdf(doc.id))
    statement = verify.verify_pdf(tmp_path / "signed.pdf", hq_trust(world)).statement
    assert len(marks) == len(listed) == len(statement.signatures) >= 2
    assert [bytes.fromhex(s["sha256"])[:signing.DIGEST_SIZE] for s in listed] == list(statement.signatures)
    content = content_of(tmp_path / "signed.pdf")
    content["data"]["signatures"] = content["data"]["signatures"][:1]
    forged = with_info(tmp_path / "signed.pdf", tmp_path / "forged.pdf",
                       **{signing.INFO_CONTENT[1:]: signing.pack_info(json.dumps(content).encode())})
    assert reason(verify.verify_pdf, forged, hq_trust(world)) == "tampered_content"


def test_every_document_kind_has_a_code_in_the_statement_and_the_offline_page():
    """A kind added to the vocabulary gets its code (its place, appended) in the signed
    statement and the same name on the offline page, or its documents cannot be signed."""
    import re

    from checklists.common.vocabulary import DocumentKind

    assert set(signing.KIND_CODES) == set(DocumentKind)
    page = (Path(__file__).parents[2] / "assets" / "verify" / "verify.html").read_text(encoding="utf-8")
    block = page[page.index("const KINDS"):page.index("]];", page.index("const KINDS")) + 3]
    named = re.findall(r'\["([a-z_]+)", "([^"]+)"\]', block)
    assert named == [(str(k), k.label_zh) for k in signing.KIND_CODES]
