"""A standard PDF signature (PAdES) on issued documents, where the department has an
X.509 certificate as a PKCS#12 file (optional; needs pyHanko, the ``pades`` extra).

The setting ``pades_p12`` names the file on this machine; it stays encrypted on disk,
its passphrase comes from ``SITECHECK_PADES_PASSPHRASE`` and the key is only ever
held in memory while a document is signed.  The signature is an incremental update
after the document SiteCheck rendered, so the signed statement, the data and the
pages are unchanged (``documents verify`` reads them as before) and ordinary PDF
readers show the document as signed by the department's certificate.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from checklists.common.errors import DocumentError
from storage.workspace import Workspace

SETTING = "pades_p12"
PASSPHRASE_ENV = "SITECHECK_PADES_PASSPHRASE"


def configured(ws: Workspace) -> Path | None:
    """The department's PKCS#12 file when the settings name one."""
    value = ws.setting(SETTING)
    return Path(value) if value else None


def maybe_sign(ws: Workspace, pdf: bytes, *, reason: str) -> bytes:
    """``pdf`` with a PAdES signature when a certificate is set up; else unchanged."""
    p12 = configured(ws)
    return sign(pdf, p12, os.environ.get(PASSPHRASE_ENV) or None, reason=reason) if p12 else pdf


def sign(pdf: bytes, p12: Path, passphrase: str | None, *, reason: str) -> bytes:
    try:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
    except ImportError:
        raise DocumentError("设置了部门的 PDF 签名证书，但本机没有安装 pyHanko，无法签名",
                            hint="请安装 pyHanko，或在设置中取消 PDF 签名证书") from None
    if not p12.is_file():
        raise DocumentError("找不到部门的 PDF 签名证书 {file}", hint="请检查设置中的证书文件路径", file=str(p12))
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=passphrase.encode("utf-8") if passphrase else None)
    if signer is None:
        raise DocumentError("无法打开部门的 PDF 签名证书 {file}：文件损坏或口令不对",
                            hint="口令放在环境变量 SITECHECK_PADES_PASSPHRASE 中", file=p12.name)
    meta = signers.PdfSignatureMetadata(field_name="SiteCheck", reason=reason, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    return out.getvalue()


def check(p12: Path, passphrase: str | None) -> None:
    """Raise DocumentError unless ``p12`` and ``passphrase`` can sign (a blank test page)."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    page = Canvas(buf)
    page.showPage()
    page.save()
    sign(buf.getvalue(), p12, passphrase, reason="test")
