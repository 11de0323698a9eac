"""Signatures captured on screen, on the documents that carry them.

The finish view's signing dialog stores draft signatures for the inspection's
next 现场检查记录, 指令书 or 送达回证 (``Workspace.add_signature``); ``attach``,
called by ``export.issue._issue`` inside the issuing transaction, puts them in the
document (drawn in their blocks, counted in the content hash by the SHA-256 of
their strokes), lists their digests in ``Document.data["signatures"]`` and
binds each row to the new document.  A draft with no block on the document
(an inspector not on it, the unit's person when the unit refused, a witness
without a refusal) stops the issue with a message, before a number is taken.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from checklists.common.errors import DocumentError, InvalidInput
from checklists.common.messages import Msg
from checklists.common.progress import Progress
from checklists.common.vocabulary import (
    SIGNED_KINDS,
    DocumentKind,
    Family,
    ServiceMethod,
    SignerRole,
)
from export.docmodel import EvidenceFile, OrderDoc, RecordDoc, SignedMark, other_kinds
from storage import signatures
from storage.signatures import Signature
from storage.workspace import Workspace


def signed_kind(ws: Workspace, inspection_id: str, which: str) -> DocumentKind:
    """The kind of the inspection's ``which`` ("record", "order", "service") document:
    an order of a 特种设备 inspection is a 特种设备安全监察指令书."""
    from export.issue import document_family  # issue builds on this module

    kind = DocumentKind(which)
    if kind == DocumentKind.ORDER and document_family(ws, ws.inspection(inspection_id)) == Family.SAMR:
        return DocumentKind.SAMR_ORDER
    return kind


@dataclass(frozen=True)
class Block:
    """A place on a document where someone signs: ``name`` "" for the unit's person or a
    witness (whoever signs), an inspector's name otherwise."""

    role: SignerRole
    name: str = ""


def blocks(doc) -> list[Block]:
    """The signature blocks ``doc`` prints, in order."""
    out = [Block(SignerRole.INSPECTOR, p.name) for p in doc.inspectors]
    if isinstance(doc, (RecordDoc, OrderDoc)):
        if doc.refusal is None:
            out.append(Block(SignerRole.UNIT))
        elif doc.refusal.witness:
            out.append(Block(SignerRole.WITNESS))
    elif (other := other_kinds()) and isinstance(doc, other.ServiceDoc):
        method = ServiceMethod(doc.method)
        if method == ServiceMethod.LODGED:
            out += [Block(SignerRole.WITNESS)] if doc.witness else []
        elif method not in (ServiceMethod.POST, ServiceMethod.ELECTRONIC):
            out.append(Block(SignerRole.UNIT))
    return out


def _block_of(sig: Signature, places: list[Block]) -> Block | None:
    return next((b for b in places if b.role == sig.role and b.name in ("", sig.signer)), None)


def mark(sig: Signature) -> SignedMark:
    return SignedMark(str(sig.role), sig.signer, datetime.fromisoformat(sig.signed_at),
                      base64.b64decode(sig.strokes))


def attach(ws: Workspace, inspection_id: str, kind: DocumentKind, doc, data: dict):
    """``(doc, data, drafts)``: the document with the drafts drawn in and listed, and the
    drafts to bind once it has its id (``bind``).  DocumentError where a draft has no place."""
    if kind not in SIGNED_KINDS:
        return doc, data, []
    drafts = signatures.drafts(ws, inspection_id, kind)
    if not drafts:
        return doc, data, []
    places, used = blocks(doc), {}
    for sig in drafts:
        place = _block_of(sig, places)
        if place is None or place in used:
            why = Msg("重复") if place in used else Msg("在本文书上没有签名位置")
            raise DocumentError("{role}“{name}”的签名{why}", hint="请在“现场签名”中撤回该签名后再出具",
                                role=sig.role, name=sig.signer, why=why)
        used[place] = sig
    drafts = [used[p] for p in places if p in used]          # in the order the blocks print
    doc = dataclasses.replace(doc, signatures=tuple(mark(s) for s in drafts))
    return doc, {**data, "signatures": [s.digest() for s in drafts]}, drafts


def bind(ws: Workspace, drafts: list[Signature], document_id: str) -> None:
    signatures.bind(ws, drafts, document_id)


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".webp")
VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".3gp", ".mkv", ".m4v", ".mts")
AUDIO_SUFFIXES = (".wav", ".m4a", ".mp3", ".amr", ".aac")


def evidence_file(path: str | Path, progress: Progress | None = None) -> EvidenceFile:
    """A photo, video or sound recording of a refusal, linked by the SHA-256 of its bytes
    (read in chunks, however large; the file is not copied into the workspace)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PHOTO_SUFFIXES + VIDEO_SUFFIXES + AUDIO_SUFFIXES:
        raise InvalidInput("证据文件", "“{name}”不是照片、录像或录音文件", hint="请选择执法记录仪或相机的原始文件",
                           name=path.name)
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                if progress:
                    progress.check()
    except OSError as exc:
        raise InvalidInput("证据文件", "无法读取“{name}”：{error}", hint="请检查文件是否存在、是否可读",
                           name=path.name, error=exc.strerror or exc) from exc
    kind = "photo" if suffix in PHOTO_SUFFIXES else "video" if suffix in VIDEO_SUFFIXES else "audio"
    return EvidenceFile(kind, path.name, digest.hexdigest(), size)
