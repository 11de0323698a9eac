"""The signed statement every issued document carries (docs/verification.md).

The statement is a few bytes (``Statement.encode``): format, document kind, date,
the first 16 bytes of the SHA-256 of the document's data (``docmodel.canonical_json``,
not the PDF bytes), the id of the device certificate, the digests of the signatures
captured on site (none yet), and the number, the issuing department and the
enterprise in GB18030 (two bytes a common Chinese character, so the QR code stays
small).  The device signs ``STATEMENT_CONTEXT + statement`` with its Ed25519 key.
The QR code holds ``SC1:`` and the Base45 (RFC 9285) text of statement and
signature, which QR codes store in their compact alphanumeric mode; the PDF holds
the same text, the document's data and the certificate chain in its Info entries.
"""
from __future__ import annotations

import base64
import hashlib
import json
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from checklists.common.errors import DocumentError
from checklists.common.vocabulary import DocumentKind
from export.docmodel import canonical_json
from export.documents import Seal
from storage import certs
from storage.sync import devices
from storage.workspace import Workspace

if TYPE_CHECKING:
    from export.docmodel import Document

QR_PREFIX = "SC1:"
FORMAT = 1
STATEMENT_CONTEXT = b"SiteCheck statement v1\0"
DIGEST_SIZE = 16          # bytes of SHA-256 kept in the statement (128 bits)
CERT_ID_SIZE = 8
SIGNATURE_SIZE = 64
EPOCH = date(2000, 1, 1)
TEXT_ENCODING = "gb18030"
# Stored codes of the kinds, by position: new kinds are appended, never reordered.
KIND_CODES = (DocumentKind.RECORD, DocumentKind.ORDER, DocumentKind.SAMR_ORDER, DocumentKind.REVIEW,
              DocumentKind.PHOTOS, DocumentKind.SERVICE, DocumentKind.INTERVIEW, DocumentKind.MEASURE,
              DocumentKind.SEIZURE, DocumentKind.RELEASE, DocumentKind.SUPERVISION)
# (append new kinds at the end: a kind's code is its place here, in every QR already printed)
# The PDF's Info entries (the statement as the QR code has it; the data and the chain Base64 of UTF-8 JSON).
INFO_STATEMENT, INFO_CONTENT, INFO_CHAIN = "/SiteCheckStatement", "/SiteCheckContent", "/SiteCheckChain"

B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        out += [B45[n % 45], B45[n // 45 % 45], B45[n // 2025]]
    if len(data) % 2:
        out += [B45[data[-1] % 45], B45[data[-1] // 45]]
    return "".join(out)


def b45decode(text: str) -> bytes:
    """RFC 9285 Base45; ValueError on a character or a group that is not Base45."""
    try:
        values = [B45.index(c) for c in text]
    except ValueError:
        raise ValueError("not base45") from None
    if len(values) % 3 == 1:
        raise ValueError("not base45")
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        n = sum(v * 45 ** k for k, v in enumerate(group))
        if (len(group) == 3 and n > 0xFFFF) or (len(group) == 2 and n > 0xFF):
            raise ValueError("not base45")
        out += n.to_bytes(len(group) - 1, "big")
    return bytes(out)


@dataclass(frozen=True)
class Statement:
    kind: DocumentKind
    number: str
    department: str
    day: date
    enterprise: str
    content: bytes                     # DIGEST_SIZE bytes of the data's SHA-256
    cert_id: str                       # 16 hex digits; all zeros: the device had no certificate
    signatures: tuple[bytes, ...] = field(default=())   # digests of signatures captured on site

    def encode(self) -> bytes:
        head = struct.pack(">BBH", FORMAT, KIND_CODES.index(self.kind), (self.day - EPOCH).days)
        sigs = bytes([len(self.signatures)]) + b"".join(self.signatures)
        texts = b"".join(_text(t) for t in (self.number, self.department, self.enterprise))
        return head + self.content + bytes.fromhex(self.cert_id) + sigs + texts

    @classmethod
    def decode(cls, data: bytes) -> Statement:
        """ValueError when ``data`` is not a statement of this format."""
        if len(data) < 4 + DIGEST_SIZE + CERT_ID_SIZE + 1:
            raise ValueError("short")
        version, kind, days = struct.unpack(">BBH", data[:4])
        if version != FORMAT or kind >= len(KIND_CODES):
            raise ValueError("format")
        pos = 4 + DIGEST_SIZE + CERT_ID_SIZE
        content, cert_id = data[4:4 + DIGEST_SIZE], data[4 + DIGEST_SIZE:pos].hex()
        count, pos = data[pos], pos + 1
        sigs = tuple(data[pos + i * DIGEST_SIZE:pos + (i + 1) * DIGEST_SIZE] for i in range(count))
        pos += count * DIGEST_SIZE
        texts = []
        for _ in range(3):
            size = data[pos]
            texts.append(data[pos + 1:pos + 1 + size].decode(TEXT_ENCODING))
            if len(data) < pos + 1 + size:
                raise ValueError("short")
            pos += 1 + size
        if pos != len(data):
            raise ValueError("trailing bytes")
        return cls(KIND_CODES[kind], texts[0], texts[1], EPOCH + timedelta(days=days), texts[2], content,
                   cert_id, sigs)


def _text(value: str) -> bytes:
    raw = value.encode(TEXT_ENCODING)
    if len(raw) > 255:
        raise ValueError("text too long for the statement")
    return bytes([len(raw)]) + raw


def qr_text(statement: Statement, signature: bytes) -> str:
    return QR_PREFIX + b45encode(statement.encode() + signature)


def parse_qr(text: str) -> tuple[Statement, bytes]:
    """The statement and the signature of a QR text; ValueError when it is not one."""
    text = text.strip()
    if not text.startswith(QR_PREFIX):
        raise ValueError("prefix")
    raw = b45decode(text[len(QR_PREFIX):])
    if len(raw) <= SIGNATURE_SIZE:
        raise ValueError("short")
    try:
        return Statement.decode(raw[:-SIGNATURE_SIZE]), raw[-SIGNATURE_SIZE:]
    except (IndexError, UnicodeDecodeError, struct.error):
        raise ValueError("malformed") from None


def signed_bytes(statement: Statement) -> bytes:
    return STATEMENT_CONTEXT + statement.encode()


def pack_info(value: object) -> str:
    """An Info entry's value: Base64 of the UTF-8 JSON (bytes as they are)."""
    raw = value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    return base64.b64encode(raw).decode("ascii")


def unpack_info(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# ---------------------------------------------------------------- signing at issue

def on_site_signatures(doc: Document) -> tuple[bytes, ...]:
    """The digests of the signatures captured on screen that ``doc`` prints, in block
    order: the first DIGEST_SIZE bytes of the SHA-256 of each one's canonical strokes
    (storage/signatures.py), the same hash the signature row and the audit chain hold."""
    return tuple(hashlib.sha256(mark.strokes).digest()[:DIGEST_SIZE] for mark in getattr(doc, "signatures", ()))


def sealer(ws: Workspace, kind: DocumentKind, doc: Document, day: date) -> Callable[[str], Seal]:
    """How ``_issue`` signs ``doc`` (already numbered) with this device's key: a
    function of the content hash giving the QR text and the PDF's Info entries."""
    cert = certs.own_certificate(ws, day)

    def seal(content_hash: str) -> Seal:
        statement = Statement(kind, doc.number, doc.department.name, day, doc.unit.name,
                              bytes.fromhex(content_hash)[:DIGEST_SIZE],
                              cert.id if cert else "00" * CERT_ID_SIZE, on_site_signatures(doc))
        try:
            text = qr_text(statement, devices.sign(ws, signed_bytes(statement)))
        except ValueError:
            raise DocumentError("文书编号、部门名称或单位名称过长，无法写入签名二维码",
                                hint="请缩短单位名称（不超过 127 个汉字）") from None
        chain = {"certs": [cert.to_json()] if cert else []}
        return Seal(text, {INFO_STATEMENT: text, INFO_CONTENT: pack_info(canonical_json(doc)),
                           INFO_CHAIN: pack_info(chain)})
    return seal
