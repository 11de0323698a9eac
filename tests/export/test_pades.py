"""PAdES: with the department's PKCS#12 certificate set up, the issued PDF carries a
standard signature an ordinary reader (poppler's pdfsig) shows as valid, and SiteCheck's
own verification still passes.  Skipped where pyHanko is not installed (the ``pades`` extra)."""
from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest

pytest.importorskip("pyhanko")

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from checklists.common.errors import DocumentError
from export import pades, verify
from storage.workspace import Workspace

from .test_verify import certified, copy_world, hq_trust, issue_one


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return certified(tmp_path_factory.mktemp("pades"))


@pytest.fixture
def world(template, tmp_path):
    return copy_world(template, tmp_path)


@pytest.fixture
def p12(tmp_path):
    """A department certificate (self-signed here), its key encrypted with a passphrase."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "杭州市应急管理局")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365)).sign(key, hashes.SHA256()))
    path = tmp_path / "dept.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"dept", key, cert, None, serialization.BestAvailableEncryption(b"secret passphrase")))
    return path, cert.public_bytes(serialization.Encoding.DER)   # the file; what a reader is told to trust


def test_a_document_carries_a_pades_signature_readers_accept(world, p12, monkeypatch):
    p12, der = p12
    monkeypatch.setenv(pades.PASSPHRASE_ENV, "secret passphrase")
    with Workspace.open(world / "field.sitecheck") as field:
        field.set_settings({pades.SETTING: str(p12)})
    pdf, _ = issue_one(world)
    raw = pdf.read_bytes()
    assert b"secret passphrase" not in raw and b"PRIVATE KEY" not in raw
    assert verify.verify_pdf(pdf, hq_trust(world)).statement.number
    from asn1crypto.x509 import Certificate
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with pdf.open("rb") as fh:
        signature = PdfFileReader(fh).embedded_signatures[0]
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[Certificate.load(der)]))
        assert status.intact and status.valid and signature.field_name == "SiteCheck"
    if shutil.which("pdfsig"):
        shown = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
        assert "Signature is Valid" in shown and "杭州市应急管理局" in shown


def test_a_wrong_passphrase_issues_nothing(world, p12, monkeypatch):
    monkeypatch.setenv(pades.PASSPHRASE_ENV, "wrong")
    with Workspace.open(world / "field.sitecheck") as field:
        field.set_settings({pades.SETTING: str(p12[0])})
        before = len(field.documents())
    with pytest.raises(DocumentError, match="口令不对"):
        issue_one(world)
    with Workspace.open(world / "field.sitecheck") as field:
        assert len(field.documents()) == before


def test_the_command_sets_the_certificate_after_a_test_signature(tmp_path, p12, monkeypatch, capsys):
    import main

    workspace = str(tmp_path / "w.sitecheck")
    monkeypatch.setenv(pades.PASSPHRASE_ENV, "wrong")
    assert main.main(["--workspace", workspace, "documents", "pades", str(p12[0])]) == 1
    assert "口令不对" in capsys.readouterr().err
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        assert ws.setting(pades.SETTING) is None
    monkeypatch.setenv(pades.PASSPHRASE_ENV, "secret passphrase")
    assert main.main(["--workspace", workspace, "documents", "pades", str(p12[0])]) == 0
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        assert ws.setting(pades.SETTING) == str(p12[0].resolve())
    assert main.main(["--workspace", workspace, "documents", "pades", "--off"]) == 0
    with Workspace.open(tmp_path / "w.sitecheck") as ws:
        assert ws.setting(pades.SETTING) is None
