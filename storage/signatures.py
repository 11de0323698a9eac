"""Signatures captured on screen: strokes stored as compact vectors, bound to one document.

**The strokes** (``Ink``) are a box (the pad's size in its own units, at most
``MAX_SIDE``) and a list of strokes, each a list of points quantised to whole
units, with a pressure 0-255 per point when the pen gave one.  ``encode`` makes
the one canonical byte form (``SG`` 1, unsigned LEB128 varints, the first point
of a stroke absolute and the others as zig-zag deltas, pressures as one byte
each); ``decode`` refuses anything else (a longer varint than needed, a point
outside the box, trailing bytes, more than ``MAX_STROKES`` strokes,
``MAX_POINTS`` points or ``MAX_BYTES`` bytes), so the same strokes always have
the same SHA-256 and a hostile row is refused before it is drawn.  A signature
of some twenty strokes is 2-4 KB, against ~150 KB for a bitmap of the pad.

**The row** (table ``signature``, migration 11, audited like every record)
names the inspection and the kind of document it signs (``kind``, a
``SIGNED_KINDS`` code) while it is a draft; issuing that document
(``export/issue.py``) puts the signatures' digests in the document's content
and data (``data["signatures"]``) and sets ``document_id`` in the same
transaction.  A signature row whose document does not list it (moved to another
document) is reported by ``audit verify`` (``misplaced``) and refused at merge.
``document_signatures`` is the one list of a document's signature digests.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from checklists.common.errors import InvalidInput, NotFound
from checklists.common.vocabulary import SIGNED_KINDS, DocumentKind, SignerRole

from . import inputs
from .validate import check_column

if TYPE_CHECKING:
    from .workspace import Workspace

MAGIC = b"SG\x01"
MAX_SIDE = 4096            # the box's width and height, in pad units
MAX_STROKES = 200
MAX_POINTS = 20_000        # all strokes together
MAX_BYTES = 64 * 1024      # the canonical bytes (base64 in the row: 4/3 of it)
NO_PRESSURE = 255          # the pressure of a point where the pen gave none

Point = tuple[int, int, int]       # x, y, pressure 0-255


@dataclass(frozen=True)
class Ink:
    """A signature's strokes in a ``width`` x ``height`` box (y downwards)."""

    width: int
    height: int
    strokes: tuple[tuple[Point, ...], ...]

    @property
    def points(self) -> int:
        return sum(len(s) for s in self.strokes)

    @property
    def has_pressure(self) -> bool:
        return any(p != NO_PRESSURE for s in self.strokes for _, _, p in s)




# ----- canonical bytes ---------------------------------------------------------------
def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _zigzag(value: int) -> int:
    return value * 2 if value >= 0 else -value * 2 - 1


def ink_from_points(width: float, height: float, strokes: Iterable[Sequence[tuple]]) -> Ink:
    """Quantise what a pad recorded (points (x, y) or (x, y, pressure 0.0-1.0)) to
    whole units inside the box, dropping repeated points and empty strokes."""
    w, h = max(1, min(MAX_SIDE, round(width))), max(1, min(MAX_SIDE, round(height)))
    out = []
    for stroke in strokes:
        points: list[Point] = []
        for point in stroke:
            x, y = min(w, max(0, round(point[0]))), min(h, max(0, round(point[1])))
            p = NO_PRESSURE if len(point) < 3 or point[2] is None else min(254, max(0, round(point[2] * 254)))
            if not points or points[-1][:2] != (x, y):
                points.append((x, y, p))
        if points:
            out.append(tuple(points))
    return Ink(w, h, tuple(out))


def encode(ink: Ink) -> bytes:
    """The canonical bytes of ``ink`` (InvalidInput when it breaks a limit)."""
    check_ink(ink)
    pressure = ink.has_pressure
    out = bytearray(MAGIC)
    out += _varint(ink.width) + _varint(ink.height) + _varint(int(pressure)) + _varint(len(ink.strokes))
    for stroke in ink.strokes:
        out += _varint(len(stroke)) + _varint(stroke[0][0]) + _varint(stroke[0][1])
        for (x0, y0, _), (x1, y1, _) in pairwise(stroke):
            out += _varint(_zigzag(x1 - x0)) + _varint(_zigzag(y1 - y0))
        if pressure:
            out += bytes(p for _, _, p in stroke)
    if len(out) > MAX_BYTES:
        raise InvalidInput("签名笔迹", "笔迹过大（{size} 字节，上限 {limit}）", hint="请清除后重新签名",
                           size=len(out), limit=MAX_BYTES)
    return bytes(out)


def check_ink(ink: Ink) -> None:
    if not (1 <= ink.width <= MAX_SIDE and 1 <= ink.height <= MAX_SIDE):
        raise InvalidInput("签名笔迹", "签名区域大小无效（{width} x {height}）", hint="请清除后重新签名",
                           width=ink.width, height=ink.height)
    if not ink.strokes:
        raise InvalidInput("签名笔迹", "没有笔迹", hint="请清除后重新签名")
    if len(ink.strokes) > MAX_STROKES or ink.points > MAX_POINTS:
        raise InvalidInput("签名笔迹", "笔画过多（{strokes} 笔、{points} 点，上限 {max_strokes} 笔、{max_points} 点）",
                           hint="请清除后重新签名", strokes=len(ink.strokes), points=ink.points,
                           max_strokes=MAX_STROKES, max_points=MAX_POINTS)
    for stroke in ink.strokes:
        if not stroke or any(not (0 <= x <= ink.width and 0 <= y <= ink.height and 0 <= p <= 255)
                             for x, y, p in stroke):
            raise InvalidInput("签名笔迹", "笔迹的点超出签名区域", hint="请清除后重新签名")


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def varint(self) -> int:
        value = shift = 0
        while True:
            if self.at >= len(self.data) or shift > 28:
                raise InvalidInput("签名笔迹", "笔迹数据不完整或已损坏", hint="请清除后重新签名")
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise InvalidInput("签名笔迹", "笔迹数据不完整或已损坏", hint="请清除后重新签名")
        self.at += n
        return self.data[self.at - n:self.at]


def decode(data: bytes) -> Ink:
    """The strokes of canonical bytes; InvalidInput for anything else (limits first,
    so a hostile count never allocates)."""
    if not isinstance(data, bytes) or len(data) > MAX_BYTES or not data.startswith(MAGIC):
        raise InvalidInput("签名笔迹", "笔迹数据格式无效", hint="请清除后重新签名")
    read = _Reader(data)
    read.at = len(MAGIC)
    width, height, pressure, count = read.varint(), read.varint(), read.varint(), read.varint()
    if pressure > 1 or not 1 <= count <= MAX_STROKES:
        raise InvalidInput("签名笔迹", "笔迹数据格式无效", hint="请清除后重新签名")
    strokes, total = [], 0
    for _ in range(count):
        n = read.varint()
        total += n
        if n < 1 or total > MAX_POINTS:
            raise InvalidInput("签名笔迹", "笔迹数据格式无效", hint="请清除后重新签名")
        strokes.append(_stroke(read, n, bool(pressure)))
    ink = Ink(width, height, tuple(strokes))
    check_ink(ink)
    if read.at != len(data) or encode(ink) != data:
        raise InvalidInput("签名笔迹", "笔迹数据不是规范形式", hint="请清除后重新签名")
    return ink


def _stroke(read: _Reader, n: int, pressure: bool) -> tuple[Point, ...]:
    x, y = read.varint(), read.varint()
    xy = [(x, y)]
    for _ in range(n - 1):
        dx, dy = read.varint(), read.varint()
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        xy.append((x, y))
    levels = read.take(n) if pressure else bytes([NO_PRESSURE]) * n
    return tuple((px, py, p) for (px, py), p in zip(xy, levels))


def to_text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def from_text(text: str) -> Ink:
    """The strokes of a row's ``strokes`` column (base64 of the canonical bytes)."""
    if not isinstance(text, str) or len(text) > (MAX_BYTES + 2) // 3 * 4:
        raise InvalidInput("签名笔迹", "笔迹数据格式无效", hint="请清除后重新签名")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise InvalidInput("签名笔迹", "笔迹数据不是有效的 base64", hint="请清除后重新签名") from None
    if to_text(data) != text:
        raise InvalidInput("签名笔迹", "笔迹数据不是规范形式", hint="请清除后重新签名")
    return decode(data)


def valid_text(text: object) -> bool:
    """Whether a row's ``strokes`` value is canonical strokes within the limits (sync rules)."""
    try:
        from_text(text)  # type: ignore[arg-type]
    except InvalidInput:
        return False
    return True


# ----- rows --------------------------------------------------------------------------
@dataclass(frozen=True)
class Signature:
    id: str
    inspection_id: str
    kind: str
    role: SignerRole
    signer: str
    signed_at: str
    sha256: str
    strokes: str                       # base64 of the canonical bytes
    document_id: str | None = None
    device_id: str = ""

    @classmethod
    def from_row(cls, row: dict) -> Signature:
        return cls(row["id"], row["inspection_id"], row["kind"], SignerRole(row["role"]), row["signer"],
                   row["signed_at"], row["sha256"], row["strokes"], row["document_id"], row["device_id"])

    @property
    def ink(self) -> Ink:
        return from_text(self.strokes)

    @property
    def size(self) -> int:
        """Bytes of the canonical strokes."""
        return len(self.strokes) * 3 // 4 - self.strokes.count("=")

    def digest(self) -> dict:
        """What the document's content and data list for this signature."""
        return {"id": self.id, "role": str(self.role), "signer": self.signer, "signed_at": self.signed_at,
                "sha256": self.sha256}


ROLE_ORDER = {role: n for n, role in enumerate(SignerRole)}


def _ordered(rows: Iterable[dict]) -> list[Signature]:
    found = [Signature.from_row(r) for r in rows]
    return sorted(found, key=lambda s: (ROLE_ORDER[s.role], s.signed_at, s.id))


def add(ws: Workspace, inspection_id: str, kind: DocumentKind | str, role: SignerRole | str, signer: str,
        ink: Ink) -> Signature:
    """Store a draft signature for the inspection's next document of ``kind``, in
    place of the same signer's earlier draft for it; one transaction."""
    doc_kind = inputs.enum_value(DocumentKind, kind, "文书种类")
    if doc_kind not in SIGNED_KINDS:
        raise InvalidInput("文书种类", "{kind}不在屏幕上签名", hint="可在现场检查记录、指令书和送达回证上签名",
                           kind=doc_kind)
    who = inputs.enum_value(SignerRole, role, "签名人身份")
    name = check_column("signature", "signer", signer).strip()
    if not name:
        raise InvalidInput("签名人", "未填写签名人姓名", hint="请先填写签名人姓名")
    data = encode(ink)
    ws.inspection(inspection_id)
    with ws.transaction():
        for old in drafts(ws, inspection_id, doc_kind):
            if old.role == who and old.signer == name:
                ws._update("signature", old.id, {"deleted": 1}, action="delete")
        row = ws._insert("signature", {
            "inspection_id": inspection_id, "kind": str(doc_kind), "document_id": None, "role": str(who),
            "signer": name, "signed_at": ws.now(), "strokes": to_text(data),
            "sha256": hashlib.sha256(data).hexdigest()})
    return Signature.from_row(row)


def discard(ws: Workspace, signature_id: str) -> None:
    """Withdraw a draft signature (one already on an issued document stays)."""
    found = get(ws, signature_id)
    if found.document_id is not None:
        raise InvalidInput("签名", "该签名已在出具的文书上，不能撤销", hint="如需更正，请更正文书后重新签名")
    ws._update("signature", signature_id, {"deleted": 1}, action="delete")


def get(ws: Workspace, signature_id: str) -> Signature:
    return Signature.from_row(ws._row("signature", signature_id))


def drafts(ws: Workspace, inspection_id: str, kind: DocumentKind | str) -> list[Signature]:
    """The live signatures waiting for the inspection's next document of ``kind``, in block order."""
    return _ordered(ws.query("SELECT * FROM signature WHERE inspection_id = ? AND kind = ? "
                             "AND document_id IS NULL AND deleted = 0", [inspection_id, str(kind)]))


def of_document(ws: Workspace, document_id: str) -> list[Signature]:
    return _ordered(ws.query("SELECT * FROM signature WHERE document_id = ? AND deleted = 0", [document_id]))


def bind(ws: Workspace, signatures: Sequence[Signature], document_id: str) -> None:
    """Name the issued document in each signature (inside the issuing transaction)."""
    with ws.transaction():
        for sig in signatures:
            ws._update("signature", sig.id, {"document_id": document_id}, action="bind")


def document_signatures(ws: Workspace, document_id: str) -> list[dict]:
    """The ordered signature digests of an issued document, as its content carries them:
    ``{"id", "role", "signer", "signed_at", "sha256"}`` each (SHA-256 of the canonical
    strokes).  Empty for a document signed on paper."""
    doc = ws.document(document_id)
    listed = list((doc.data or {}).get("signatures") or [])
    rows = {s.id: s for s in of_document(ws, document_id)}
    for entry in listed:
        row = rows.get(entry.get("id"))
        if row is None or row.digest() != entry:
            raise NotFound("文书 {number} 所列的签名 {id} 不在本工作区或已被改动", hint="请先同步或运行 audit verify",
                           number=doc.number, id=str(entry.get("id")))
    return listed


MISPLACED_SQL = """
SELECT s.id, s.device_id, s.document_id FROM signature s JOIN document d ON d.id = s.document_id
WHERE {where} AND s.deleted = 0 AND (d.inspection_id != s.inspection_id OR d.kind != s.kind OR NOT EXISTS (
    SELECT 1 FROM json_each(d.data, '$.signatures') e
    WHERE json_extract(e.value, '$.id') = s.id AND json_extract(e.value, '$.sha256') = s.sha256
      AND json_extract(e.value, '$.role') = s.role AND json_extract(e.value, '$.signer') = s.signer
      AND json_extract(e.value, '$.signed_at') = s.signed_at))
"""


def misplaced(db: sqlite3.Connection, where: str = "1") -> list[tuple[str, str, str]]:
    """(signature id, device, document id) of each signature whose document does not
    list it as it is (moved to another document, or changed after issuing)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'signature'").fetchone() is None:
        return []                     # a workspace opened by an older program, not yet migrated
    return [tuple(r) for r in db.execute(MISPLACED_SQL.format(where=where))]
