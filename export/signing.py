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
from dataclasses import dataclass
from datetime import datetime

from checklists.common.errors import DocumentError
from checklists.common.messages import Msg
from checklists.common.vocabulary import (
    SIGNED_KINDS,
    DocumentKind,
    Family,
    ServiceMethod,
    SignerRole,
)
from export.docmodel import OrderDoc, RecordDoc, ServiceDoc, SignedMark
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
    elif isinstance(doc, ServiceDoc):
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
    places, used = blocks(doc), set()
    for sig in drafts:
        place = _block_of(sig, places)
        if place is None or place in used:
            why = Msg("重复") if place in used else Msg("在本文书上没有签名位置")
            raise DocumentError("{role}“{name}”的签名{why}", hint="请在“现场签名”中撤销该签名后再出具",
                                role=sig.role, name=sig.signer, why=why)
        used.add(place)
    doc = dataclasses.replace(doc, signatures=tuple(mark(s) for s in drafts))
    return doc, {**data, "signatures": [s.digest() for s in drafts]}, drafts


def bind(ws: Workspace, drafts: list[Signature], document_id: str) -> None:
    signatures.bind(ws, drafts, document_id)
